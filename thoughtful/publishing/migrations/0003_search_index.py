"""Full-text search index, per engine (publishing.search is the one interface over both).

SQLite: an FTS5 virtual table keyed by essay id, kept in sync by publishing.actions.
PostgreSQL: a GIN index over the same tsvector expression publishing.search queries.
Other engines get nothing here (search falls back to icontains).
"""

from django.db import migrations

PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS publishing_essay_search_gin ON publishing_essay USING GIN "
    "(to_tsvector('english'::regconfig, "
    "COALESCE(title, '') || ' ' || COALESCE(standfirst, '') || ' ' || COALESCE(body, '')))"
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS publishing_essay_fts USING fts5("
            "title, standfirst, body, tokenize='porter unicode61')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(PG_INDEX)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS publishing_essay_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS publishing_essay_search_gin")


class Migration(migrations.Migration):
    dependencies = [("publishing", "0002_workflow_revisions_hearts_social")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
