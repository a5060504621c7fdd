"""The pile-on alert on the moderator desk: evidence, timeline, accounts, bulk actions, email,
badge (issue 9, part 3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from tests.moderation.conftest import make_moderator
from tests.shield.conftest import HOSTILE, Poster, newcomer, regular
from tests.shield.test_levels import REMARKS
from thoughtful.discussion.models import Comment
from thoughtful.moderation.models import LogEntry, PileOnAlert
from thoughtful.people.models import CommentingStatus, User
from thoughtful.shield import selectors
from thoughtful.shield.models import EssayProtection

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator() -> User:
    return make_moderator("maya")


@pytest.fixture
def desk(moderator: User) -> Client:
    client = Client()
    assert client.login(username=moderator.username, password=PASSWORD)
    return client


def pile_on(post: Poster, essay, start) -> PileOnAlert:
    for i in range(8):
        post(
            newcomer(start, f"b{i}"),
            essay,
            REMARKS[i],
            start + timedelta(seconds=5 * i),
            scores=HOSTILE if i % 2 == 0 else None,
            referrer="https://forum.example/t/1",
        )
    return PileOnAlert.objects.get(essay=essay, signal="shield:shield")


def test_the_alert_page_shows_numbers_timeline_and_accounts(
    post: Poster, essay, start, desk: Client, moderator: User
):
    alert = pile_on(post, essay, start)
    page = desk.get(reverse("shield:alert", args=[alert.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hold all from forum.example" in html
    assert f"Pre-moderate these {len(alert.detail['new_accounts'])} new accounts" in html
    assert "hostile wave of newcomers from one source" in html
    assert "b0" in html and "open → <strong>shield</strong>" in html
    queue = desk.get(reverse("moderation:queue", args=["alerts"])).content.decode()
    assert reverse("shield:alert", args=[alert.pk]) in queue
    assert "desk-badge" in queue  # the open alert shows as a badge on the desk


def test_the_alert_is_emailed_to_moderators(post: Poster, essay, start, moderator: User):
    alert = pile_on(post, essay, start)
    sent = [m for m in mail.outbox if "Pile-on alert" in m.subject]
    assert len(sent) == 1
    assert sent[0].to == [moderator.email]
    assert alert.summary in sent[0].body
    assert reverse("shield:alert", args=[alert.pk]) in sent[0].body


def test_hold_all_from_a_referrer_holds_its_comments_and_the_next_ones(
    post: Poster, essay, start, desk: Client
):
    alert = pile_on(post, essay, start)
    published = Comment.objects.filter(essay=essay, status=Comment.Status.PUBLISHED).count()
    assert published > 0
    url = reverse("shield:bulk", args=[alert.pk, "hold-source"])
    assert desk.post(url, {"source": "forum.example"}).status_code == 302
    assert not Comment.objects.filter(essay=essay, status=Comment.Status.PUBLISHED).exists()
    assert LogEntry.objects.filter(action=LogEntry.Action.HOLD).count() == published
    assert EssayProtection.objects.get(essay=essay).held_sources == ["forum.example"]
    later = post(
        regular(start, "old"), essay, "Fine words.", start + timedelta(minutes=2),
        referrer="https://forum.example/t/2",
    )  # fmt: skip
    assert later.outcome == "held" and "protection_source_held" in later.reasons


def test_premoderate_the_new_accounts_in_one_go(post: Poster, essay, start, desk: Client):
    alert = pile_on(post, essay, start)
    desk.post(reverse("shield:bulk", args=[alert.pk, "premoderate"]))
    ids = alert.detail["new_accounts"]
    statuses = set(User.objects.filter(pk__in=ids).values_list("commenting_status", flat=True))
    assert statuses == {CommentingStatus.PREMODERATED}


def test_reject_the_near_duplicates_in_one_go(post: Poster, essay, start, desk: Client):
    text = "Everyone should know that the author of this essay lied about {} and {} years ago"
    for i in range(5):
        post(
            newcomer(start, f"c{i}"),
            essay,
            text.format("her job", i + 2),
            start + timedelta(seconds=20 * i),
        )
    alert = PileOnAlert.objects.get(essay=essay, signal="shield:shield")
    assert len(alert.detail["near_duplicates"]) == 5
    desk.post(reverse("shield:bulk", args=[alert.pk, "reject-duplicates"]))
    rejected = Comment.objects.filter(pk__in=alert.detail["near_duplicates"], status="rejected")
    # The four published before Shield are removed; the fifth was held and is rejected too.
    assert rejected.count() == 5


def test_a_moderator_pins_from_the_desk(essay, desk: Client):
    response = desk.post(reverse("shield:pin", args=[essay.pk]), {"level": "lockdown"})
    assert response.status_code == 302
    assert selectors.level_of(essay.pk) == "lockdown"


def test_the_author_raises_from_the_essay_page(essay):
    client = Client()
    assert client.login(username=essay.author.username, password=PASSWORD)
    client.post(reverse("shield-public:raise", args=[essay.slug]), {"level": "shield"})
    assert selectors.level_of(essay.pk) == "shield"
    client.post(reverse("shield-public:raise", args=[essay.slug]), {"level": "open"})
    assert selectors.level_of(essay.pk) == "shield"  # never lower
