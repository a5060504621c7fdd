"""`thoughtful import wordpress` (issue 13): posts become essays with their authors, dates, tags,
featured image and approved comments (threaded), shown on the site; a second run adds nothing;
what is skipped is reported with the reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from tests.transfer.conftest import UPLOADS, WORDPRESS, run
from thoughtful.discussion.models import Comment
from thoughtful.publishing.models import Essay, Tag
from thoughtful.standing.models import Standing
from thoughtful.transfer.models import ImportedProfile

pytestmark = pytest.mark.django_db


def test_essays_and_threads_show_on_the_site(wordpress_imported: str, client: Client) -> None:
    essay = Essay.objects.get(slug="the-long-walk-home")
    assert essay.is_published and essay.published_at == datetime(2019, 5, 1, 9, 30, tzinfo=UTC)
    assert essay.author.display_name == "Mara Quill"
    assert essay.credits.get(role="author").person == essay.author
    html = client.get(essay.get_absolute_url()).content.decode()
    assert "The long walk home" in html
    assert "eleven miles" in html and "Walk slowly, he said." in html
    assert "My grandmother was the same about buses." in html  # a top-level comment
    assert "the walking generation" in html  # its reply
    assert "arriving properly" in html  # the reply's reply
    assert "Buy cheap pills" not in html and "never got round to approving" not in html


def test_threading_dates_and_counts_are_kept(wordpress_imported: str) -> None:
    essay = Essay.objects.get(slug="the-long-walk-home")
    top = Comment.objects.get(essay=essay, body__startswith="My grandmother")
    reply = Comment.objects.get(parent=top)
    deeper = Comment.objects.get(parent=reply)
    assert (reply.depth, deeper.depth) == (1, 2) and deeper.root == top
    assert top.created_at == datetime(2019, 5, 1, 11, 0, tzinfo=UTC)
    assert top.reply_count == 1 and reply.reply_count == 1
    # Mara wrote the reply as a logged-in WordPress user: the essay's author, not a stranger.
    assert reply.author == essay.author


def test_bodies_are_markdown_and_sanitised(wordpress_imported: str) -> None:
    walk = Essay.objects.get(slug="the-long-walk-home")
    assert "*a room that moves without asking you*" in walk.body
    assert "<script" not in walk.body_html and "alert" not in walk.body_html
    assert "<h3>What I carried</h3>" in walk.body_html
    assert '<a href="https://maps.example.org/harbour"' in walk.body_html
    assert walk.standfirst.startswith("Eleven miles, one coat")
    cook = Essay.objects.get(slug="learning-to-cook-for-one")
    assert "javascript" not in cook.body and "<ol>" in cook.body_html
    assert "The second is that halving an egg" in cook.body_html  # the words stay


def test_tags_keep_their_script_and_uncategorized_is_dropped(
    wordpress_imported: str, client: Client
) -> None:
    walk = Essay.objects.get(slug="the-long-walk-home")
    assert set(walk.tags.values_list("name", flat=True)) == {"Grief", "Семья"}
    assert not Tag.objects.filter(name__iexact="uncategorized").exists()
    family = Tag.objects.get(name="家族")
    assert family.slug == "家族"
    assert "Learning to cook for one" in client.get(family.get_absolute_url()).content.decode()


def test_featured_image_comes_from_the_media_dir(wordpress_imported: str) -> None:
    image = Essay.objects.get(slug="the-long-walk-home").featured_image
    assert image is not None and image.width == 640
    assert image.alt_text == "The harbour at dusk, boats at anchor"
    assert image.credit == "Photo: Mara Quill"


def test_without_media_dir_the_image_is_skipped_with_a_reason(db: None) -> None:
    report = run("import_wordpress", str(WORDPRESS))
    assert "image 101:201: no --media-dir given (images are never downloaded)" in report
    assert Essay.objects.get(slug="the-long-walk-home").featured_image is None


def test_published_essays_are_searchable(wordpress_imported: str) -> None:
    from thoughtful.publishing.search import search

    assert [e.slug for e in search("harbour coat")] == ["the-long-walk-home"]
    assert search("brother") == []  # the draft is not public


def test_drafts_stay_private_and_pages_are_skipped(wordpress_imported: str, client: Client) -> None:
    draft = Essay.objects.get(title__startswith="Notes towards")
    assert draft.status == Essay.Status.DRAFT and draft.published_at is None
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert not Essay.objects.filter(title="About").exists()


def test_the_report_says_what_was_skipped_and_why(wordpress_imported: str) -> None:
    report = wordpress_imported
    assert "essay: 3 imported, 0 already there" in report
    assert "comment: 5 imported, 0 already there" in report
    assert "comment 14: spam" in report
    assert "comment 15: pending (never approved)" in report
    assert "comment 22: in the trash" in report
    assert "post 104: post type 'page' is not an essay" in report


def test_a_second_run_adds_nothing(wordpress_imported: str) -> None:
    counts = (Essay.objects.count(), Comment.objects.count(), ImportedProfile.objects.count())
    report = run("import_wordpress", str(WORDPRESS), "--media-dir", str(UPLOADS))
    assert (Essay.objects.count(), Comment.objects.count(), ImportedProfile.objects.count()) == (
        counts
    )
    assert "essay: 0 imported, 3 already there" in report
    assert "comment: 0 imported, 5 already there" in report
    assert Comment.objects.get(body__startswith="My grandmother").reply_count == 1


def test_imported_comments_are_scored_not_nudged_and_standing_is_consistent(
    wordpress_imported: str,
) -> None:
    hostile = Comment.objects.get(body__contains="pathetic idiot")
    # History: published as it was, never held or nudged...
    assert hostile.status == Comment.Status.PUBLISHED
    assert hostile.decision["reasons"] == ["imported"]
    # ...but scored, so moderators can find the worst.
    kind = Comment.objects.get(body__startswith="My grandmother")
    assert hostile.decision["scores"]["toxicity"] > 0.5 > kind.decision["scores"]["toxicity"]
    jun = kind.author
    standing = Standing.objects.get(person=jun)
    assert standing.parts["comments"] == 2 and standing.score == 10
    assert set(Comment.objects.filter(author=jun).values_list("author_score", flat=True)) == {10}
    mara = Essay.objects.get(slug="the-long-walk-home").author
    assert Standing.objects.get(person=mara).score == 100 + 5  # one published essay, one comment


def test_imported_people_are_unclaimed_and_cannot_sign_in(wordpress_imported: str) -> None:
    profile = ImportedProfile.objects.get(email="jun@example.net")
    person = profile.person
    assert profile.claimed_at is None and not person.has_usable_password()
    assert person.email == ""  # the imported address is never on the account (or a page)
    assert person.display_name == "Jun Park"


def test_the_imported_address_is_never_shown(wordpress_imported: str, client: Client) -> None:
    html = client.get(reverse("web:essay", args=["the-long-walk-home"])).content.decode()
    assert "jun@example.net" not in html and "203.0.113.7" not in html
