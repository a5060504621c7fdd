"""`thoughtful import disqus` (issue 13): threads matched to essays by link (a recorded
WordPress permalink, the essay's own address, or the plugin's post-id identifier), comments
threaded, commenters as unclaimed profiles shared with the WordPress import by email."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import EssayFactory
from tests.transfer.conftest import DISQUS, run
from thoughtful.discussion.models import Comment
from thoughtful.publishing.models import Essay
from thoughtful.transfer.models import ImportedProfile

pytestmark = pytest.mark.django_db


def test_threads_land_on_their_essays_and_show(wordpress_imported: str, client: Client) -> None:
    report = run("import_disqus", str(DISQUS))
    assert "comment: 4 imported, 0 already there" in report
    walk = Essay.objects.get(slug="the-long-walk-home")
    first = Comment.objects.get(body__startswith="I walked my mother's route")
    assert first.essay == walk and first.depth == 0
    assert "Eight miles, not eleven" in first.body  # two paragraphs kept
    reply = Comment.objects.get(parent=first)
    assert reply.body == "It counts. **Every mile** counts."
    assert Comment.objects.get(parent=reply).body.startswith("Thank you both")
    # Matched by the WordPress plugin's identifier "102 http://…", not by its link.
    cook = Essay.objects.get(slug="learning-to-cook-for-one")
    assert cook.comments.filter(body__startswith="Rice cookers").exists()
    html = client.get(walk.get_absolute_url()).content.decode()
    assert "I walked my mother" in html and "Every mile" in html
    assert "Earn $5000" not in html


def test_skipped_threads_and_comments_are_reported(wordpress_imported: str) -> None:
    report = run("import_disqus", str(DISQUS))
    assert "comment 7003: spam" in report
    assert "comment 7006: deleted on Disqus" in report
    assert "comment 7007: pending (never approved)" in report
    assert "thread 9003: no essay here at" in report and "a-post-that-is-gone" in report
    assert not Comment.objects.filter(body__contains="where this post went").exists()


def test_the_same_email_is_the_same_person_across_sources(wordpress_imported: str) -> None:
    run("import_disqus", str(DISQUS))
    jun = ImportedProfile.objects.get(email="jun@example.net").person
    assert Comment.objects.filter(author=jun).count() == 3  # two from WordPress, one from Disqus
    assert ImportedProfile.objects.filter(email="rae@example.net").count() == 1


def test_a_second_run_adds_nothing(wordpress_imported: str) -> None:
    run("import_disqus", str(DISQUS))
    before = (Comment.objects.count(), ImportedProfile.objects.count())
    report = run("import_disqus", str(DISQUS))
    assert (Comment.objects.count(), ImportedProfile.objects.count()) == before
    assert "comment: 0 imported, 4 already there" in report


def test_a_thread_linking_to_an_essay_here_is_matched(db: None, tmp_path) -> None:  # type: ignore[no-untyped-def]
    essay = EssayFactory(slug="already-here")
    link = settings.SITE_URL.rstrip("/") + essay.get_absolute_url()
    export = tmp_path / "disqus.xml"
    export.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">'
        f'<thread dsq:id="1"><id>x</id><forum>f</forum><link>{link}</link></thread>'
        '<post dsq:id="2"><message><![CDATA[<p>Found it.</p>]]></message>'
        "<createdAt>2021-01-01T00:00:00Z</createdAt><isDeleted>false</isDeleted>"
        "<isSpam>false</isSpam><author><name>Lee</name><email>lee@example.net</email></author>"
        '<thread dsq:id="1"/></post></disqus>',
        encoding="utf-8",
    )
    run("import_disqus", str(export))
    assert essay.comments.get().body == "Found it."
