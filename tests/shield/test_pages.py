"""What readers and the author see during a pile-on (issue 9, part 4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client

from tests.factories import PASSWORD
from tests.shield.conftest import HOSTILE, Poster, newcomer, regular
from tests.shield.test_levels import REMARKS
from thoughtful.discussion.models import Comment
from thoughtful.discussion.notifications import send_reply_notification
from thoughtful.shield import selectors

pytestmark = pytest.mark.django_db


def pile_on(post: Poster, essay, start) -> None:
    post(regular(start, "kind"), essay, "This was brave and careful. Thank you.", start)
    for i in range(8):
        post(
            newcomer(start, f"b{i}"),
            essay,
            REMARKS[i],
            start + timedelta(seconds=5 * (i + 1)),
            scores=HOSTILE if i % 2 == 0 else None,
            referrer="https://forum.example/t/1",
        )
    assert selectors.level_of(essay.pk) == "shield"


def test_readers_see_new_accounts_collapsed_at_shield(post: Poster, essay, start):
    pile_on(post, essay, start)
    published_new = Comment.objects.filter(
        essay=essay, status="published", author__username__startswith="b"
    )
    n = published_new.count()
    assert n > 0
    html = Client().get(essay.get_absolute_url()).content.decode()
    assert f"{n} comment{'s' if n != 1 else ''} from new accounts" in html
    assert "collapsed — show" in html
    for comment in published_new:
        assert f'id="comment-{comment.pk}" hidden' in html
    kind = Comment.objects.get(author__username="kind")
    assert f'id="comment-{kind.pk}">' in html  # the regular's comment stays on top, open
    shown = Client().get(essay.get_absolute_url() + "?show=folded").content.decode()
    assert "collapsed — show" not in shown
    assert all(f'id="comment-{c.pk}" hidden' not in shown for c in published_new)


def test_the_author_gets_the_calm_view(post: Poster, essay, start):
    pile_on(post, essay, start)
    client = Client()
    assert client.login(username=essay.author.username, password=PASSWORD)
    html = client.get(essay.get_absolute_url()).content.decode()
    held = Comment.objects.filter(essay=essay, status="held").count()
    assert held > 0
    assert f"{held} comments are waiting for moderators;" in html
    assert "thoughtful repl" in html
    # Published comments the scorer found hostile are folded for her; she can open them.
    hostile_published = Comment.objects.filter(
        essay=essay, status="published", shield_signal__hostile=True
    )
    for comment in hostile_published:
        assert f'id="comment-{comment.pk}" hidden' in html
    opened = client.get(essay.get_absolute_url() + "?show=folded").content.decode()
    assert all(f'id="comment-{c.pk}" hidden' not in opened for c in hostile_published)


def test_the_author_gets_one_digest_instead_of_an_email_per_reply(post: Poster, essay, start):
    mine = post(essay.author, essay, "Thank you all for reading.", start)
    pile_on(post, essay, start)
    digests = [m for m in mail.outbox if "is protected for now" in m.subject]
    assert len(digests) == 1 and digests[0].to == [essay.author.email]
    assert "waiting for moderators" in digests[0].body
    reply = Comment.objects.create(
        essay=essay,
        author=regular(start, "replier"),
        parent=mine.comment,
        body="Glad you wrote it.",
        body_html="<p>Glad you wrote it.</p>",
    )
    assert send_reply_notification(reply.pk) is False
