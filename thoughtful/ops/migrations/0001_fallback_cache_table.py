"""The database cache that stands in for Redis when Redis is unreachable (ops.caching)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):  # type: ignore[no-untyped-def]
    # createcachetable creates every DatabaseCache table in settings.CACHES, idempotently.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list[tuple[str, str]] = []
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
