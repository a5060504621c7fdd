"""`thoughtful export` (issue 13): the publication as WXR and JSON, without secrets; a WXR
export imported into an empty database gives the same essays and threads."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree
from django.conf import settings

from tests.factories import CommentFactory, EssayFactory, UserFactory
from tests.transfer.conftest import run
from thoughtful.discussion.models import Comment
from thoughtful.people.models import User
from thoughtful.publishing.models import Credit, Essay, EssayEvent, Image, Tag
from thoughtful.standing.models import Standing
from thoughtful.transfer import export
from thoughtful.transfer.models import ImportedProfile, SourceRef

pytestmark = pytest.mark.django_db


def _json(**options: Any) -> dict[str, Any]:
    out = StringIO()
    export.write_json(out, **options)
    return json.loads(out.getvalue())


def test_json_has_everything_but_secrets(wordpress_imported: str) -> None:
    UserFactory(username="reader", email="reader@example.org")
    data = _json()
    assert data["format"] == "thoughtful-export" and data["version"] == 1
    assert {e["slug"] for e in data["essays"]} == set(Essay.objects.values_list("slug", flat=True))
    assert len(data["comments"]) == 5
    text = json.dumps(data)
    assert "argon2" not in text and "password" not in text and "pbkdf2" not in text
    assert "@example" not in text and "@old-blog" not in text  # no addresses by default
    reader = next(p for p in data["people"] if p["username"] == "reader")
    assert "email" not in reader and "last_login" not in reader
    walk = next(e for e in data["essays"] if e["slug"] == "the-long-walk-home")
    assert {t["name"] for t in walk["tags"]} == {"Grief", "Семья"}
    assert walk["featured_image"]["credit"] == "Photo: Mara Quill"
    reply = next(c for c in data["comments"] if "walking generation" in c["body_markdown"])
    assert reply["parent_id"] is not None


def test_emails_only_when_asked(wordpress_imported: str) -> None:
    people = {p["username"]: p for p in _json(include_emails=True)["people"]}
    assert people["jun-park"]["email"] == "jun@example.net"


def test_only_published_comments_leave(db: None) -> None:
    essay = EssayFactory()
    parent = CommentFactory(essay=essay, body="Held one", status=Comment.Status.HELD)
    CommentFactory(essay=essay, body="Shown one", parent=parent, root=parent, depth=1)
    rows = _json()["comments"]
    assert [(r["body_markdown"], r["parent_id"]) for r in rows] == [("Shown one", None)]


def test_the_command_writes_files(wordpress_imported: str, tmp_path: Path) -> None:
    wxr, data = tmp_path / "site.xml", tmp_path / "site.json"
    # call_command: the console script's path (run_from_argv) closes the database connection
    # when the command ends, which breaks the test's wrapping transaction on PostgreSQL.
    run("export_publication", "--format", "wxr", "--output", str(wxr))
    run("export_publication", "--format", "json", "--output", str(data))
    root = ElementTree.parse(wxr).getroot()
    assert root.tag == "rss" and len(root.findall("channel/item")) == 4  # 3 essays + 1 image
    assert len(json.loads(data.read_text(encoding="utf-8"))["essays"]) == 3
    assert not list(tmp_path.glob("*.partial"))


def _snapshot() -> dict[str, Any]:
    essays = {}
    for essay in Essay.objects.order_by("slug"):
        comments = Comment.objects.filter(essay=essay).order_by("created_at")
        essays[essay.slug] = {
            "title": essay.title,
            "standfirst": essay.standfirst,
            "body": essay.body,
            "body_html": essay.body_html,
            "status": essay.status,
            "published_at": essay.published_at,
            "author": (essay.author.username, essay.author.public_name),
            "tags": sorted(essay.tags.values_list("name", "slug")),
            "image": (essay.featured_image.alt_text, essay.featured_image.credit)
            if essay.featured_image
            else None,
            "comments": [
                (
                    c.body,
                    c.body_html,
                    c.created_at,
                    c.author.username,
                    c.depth,
                    c.parent.body if c.parent else None,
                    c.reply_count,
                )
                for c in comments
            ],
        }
    return essays


def _empty_the_database() -> None:
    Comment.objects.update(parent=None, root=None)
    Comment.objects.all().delete()
    SourceRef.objects.all().delete()
    ImportedProfile.objects.all().delete()
    EssayEvent.objects.all()._raw_delete(EssayEvent.objects.db)  # append-only in the app
    Credit.objects.all().delete()
    Essay.objects.all().delete()
    Image.objects.all().delete()
    Tag.objects.all().delete()
    Standing.objects.all().delete()
    User.objects.all().delete()


def test_round_trip_gives_the_same_essays_and_threads(
    wordpress_imported: str, tmp_path: Path
) -> None:
    run("import_disqus", str(Path(__file__).parents[2] / "examples/transfer/disqus-sample.xml"))
    before = _snapshot()
    assert sum(len(e["comments"]) for e in before.values()) == 9
    exported = tmp_path / "export.xml"
    run("export_publication", "--format", "wxr", "--output", str(exported))
    _empty_the_database()
    assert not Essay.objects.exists()
    report = run("import_wordpress", str(exported), "--media-dir", str(settings.MEDIA_ROOT))
    assert "essay: 3 imported" in report and "comment: 9 imported" in report
    assert _snapshot() == before
