"""The thread's markup (issue 11): Author, Editor and Moderator badges; relative times with the
exact time on hover; a comment box whose hint and guidelines link are read with it; no labels
for hidden fields; a live region for new comments."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import CommentFactory, EssayFactory, UserFactory
from thoughtful.people import actions as people_actions
from thoughtful.people.roles import Role
from thoughtful.web.templatetags.time_tags import describe, exact

pytestmark = pytest.mark.django_db


def _meta(html: str, name: str) -> str:
    """The header of the comment by `name` (its author link, badges and time)."""
    for header in re.findall(r'<header class="comment-meta">(.*?)</header>', html, re.S):
        if f">{name}</a>" in header:
            return str(header)
    raise AssertionError(f"no comment by {name}")


def _badges(header: str) -> list[str]:
    return re.findall(r'<span class="badge badge-(?:author|staff)[^"]*"[^>]*>([^<]+)<', header)


def test_author_editor_and_moderator_badges_on_their_comments(client: Client) -> None:
    writer = UserFactory(username="writer", display_name="Writer")
    essay = EssayFactory(author=writer)
    editor = UserFactory(username="edna", display_name="Edna")
    people_actions.grant_role(user=editor, role=Role.EDITOR)
    moderator = UserFactory(username="maya", display_name="Maya")
    people_actions.grant_role(user=moderator, role=Role.MODERATOR)
    reader = UserFactory(username="rita", display_name="Rita")
    for person in (writer, editor, moderator, reader):
        CommentFactory(essay=essay, author=person)
    html = client.get(essay.get_absolute_url()).content.decode()
    assert _badges(_meta(html, "Writer")) == ["Author"]
    assert _badges(_meta(html, "Edna")) == ["Editor"]
    assert _badges(_meta(html, "Maya")) == ["Moderator"]
    assert _badges(_meta(html, "Rita")) == []
    # The author of another essay is no author here.
    other = EssayFactory(author=reader)
    CommentFactory(essay=other, author=writer)
    html = client.get(other.get_absolute_url()).content.decode()
    assert _badges(_meta(html, "Writer")) == []


def test_author_badge_on_the_thread_page_too(client: Client) -> None:
    writer = UserFactory(display_name="Writer")
    essay = EssayFactory(author=writer)
    comment = CommentFactory(essay=essay, author=writer)
    html = client.get(reverse("web:thread", args=[essay.slug, comment.pk])).content.decode()
    assert _badges(_meta(html, "Writer")) == ["Author"]


@pytest.mark.parametrize(
    ("ago", "words"),
    [
        (timedelta(seconds=5), "just now"),
        (timedelta(seconds=-30), "just now"),  # a clock a little ahead
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=59, seconds=59), "59 minutes ago"),
        (timedelta(hours=3, minutes=20), "3 hours ago"),
        (timedelta(hours=25), "yesterday"),
        (timedelta(days=6, hours=23), "6 days ago"),
    ],
)
def test_relative_words(ago: timedelta, words: str) -> None:
    now = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)
    assert describe(now - ago, now) == words


def test_older_than_a_week_reads_as_a_date(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TIME_ZONE = "UTC"
    now = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)
    assert describe(now - timedelta(days=7), now) == "30 Nov 2026"
    assert exact(datetime(2026, 3, 4, 9, 5, tzinfo=UTC)) == "4 March 2026, 09:05 UTC"


def test_comment_times_are_relative_with_the_exact_time_on_hover(client: Client) -> None:
    essay = EssayFactory()
    created = timezone.now() - timedelta(hours=3, minutes=5)
    CommentFactory(essay=essay, author=UserFactory(display_name="Ruth"), created_at=created)
    header = _meta(client.get(essay.get_absolute_url()).content.decode(), "Ruth")
    time = re.search(
        r'<time datetime="([^"]+)" title="([^"]+)" data-relative>([^<]+)</time>', header
    )
    assert time, header
    assert datetime.fromisoformat(time.group(1)) == created.replace(microsecond=0)
    assert time.group(2) == exact(created)
    assert time.group(3) == "3 hours ago"


def test_the_comment_box_is_described_by_its_hint(client: Client) -> None:
    essay = EssayFactory()
    client.force_login(UserFactory())
    html = client.get(essay.get_absolute_url()).content.decode()
    box = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", html)
    assert box
    described = re.search(r'aria-describedby="([^"]+)"', box.group(0))
    assert described and described.group(1) == "comment-hint"
    hint = re.search(r'<p class="hint" id="comment-hint">(.*?)</p>', html, re.S)
    assert hint and f'href="{reverse("web:guidelines")}"' in hint.group(1)


def test_an_empty_comment_is_described_by_its_error(client: Client) -> None:
    essay = EssayFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("web:post-comment", args=[essay.slug]), {"body": ""})
    assert response.status_code == 400
    html = response.content.decode()
    box = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", html)
    assert box and 'aria-describedby="comment-hint comment-errors"' in box.group(0)
    assert 'aria-invalid="true"' in box.group(0)
    assert re.search(r'id="comment-errors"[^>]*>.*Your comment is empty', html, re.S)


def test_the_nudge_links_the_guidelines_and_describes_the_box(client: Client) -> None:
    essay = EssayFactory()
    client.force_login(UserFactory(date_joined=timezone.now() - timedelta(days=30)))
    response = client.post(
        reverse("web:post-comment", args=[essay.slug]),
        {"body": "You are pathetic and your essay is garbage, you idiot."},
    )
    html = response.content.decode()
    nudge = re.search(r'<div class="nudge" role="alert" id="nudge-message">(.*?)</div>', html, re.S)
    assert nudge, "the comment was not nudged"
    assert f'href="{reverse("web:guidelines")}"' in nudge.group(1)
    box = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", html)
    assert box and 'aria-describedby="nudge-message comment-hint"' in box.group(0)


def test_reply_boxes_are_described_and_hidden_fields_have_no_label(client: Client) -> None:
    essay = EssayFactory()
    comment = CommentFactory(essay=essay)
    client.force_login(UserFactory())
    html = client.get(essay.get_absolute_url()).content.decode()
    reply = re.search(rf'<textarea id="reply-{comment.pk}"[^>]*>', html)
    assert reply and f'aria-describedby="reply-{comment.pk}-hint"' in reply.group(0)
    assert f'id="reply-{comment.pk}-hint"' in html
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    hidden = set(re.findall(r'<input type="hidden"[^>]*id="([^"]+)"', html))
    assert labelled and not labelled & hidden


def test_form_pages_label_no_hidden_field(client: Client) -> None:
    """The shared field partial skips hidden fields, and names hints the way Django's
    aria-describedby does."""
    from django import forms
    from django.template.loader import render_to_string

    class Sample(forms.Form):
        visible = forms.CharField(help_text="A hint.")
        secret = forms.CharField(widget=forms.HiddenInput)

    html = render_to_string("partials/form_fields.html", {"form": Sample()})
    assert '<label for="id_secret"' not in html and 'id="id_secret"' in html
    assert 'aria-describedby="id_visible_helptext"' in html
    assert '<p class="hint" id="id_visible_helptext">A hint.</p>' in html


def test_live_updates_have_a_live_region(client: Client) -> None:
    html = client.get(EssayFactory().get_absolute_url()).content.decode()
    assert re.search(
        r'<p class="visually-hidden live-status" aria-live="polite" aria-atomic="true">', html
    )


def test_the_guidelines_page(client: Client) -> None:
    response = client.get(reverse("web:guidelines"))
    assert response.status_code == 200
    assert "<h1>Community guidelines</h1>" in response.content.decode()
