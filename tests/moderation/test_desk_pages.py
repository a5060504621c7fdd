"""The desk's pages: queues with filters, sorts and pages; the comment card; forms without
JavaScript; the dashboard; the log; the public transparency page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import CommentFactory, EssayFactory, UserFactory
from tests.moderation.conftest import held
from thoughtful.discussion import actions as discussion_actions
from thoughtful.discussion.models import Comment, Nudge, Report
from thoughtful.moderation import actions, selectors
from thoughtful.moderation.models import LogEntry
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client: Client, moderator: User) -> Client:
    client.force_login(moderator)
    return client


def _queue(name: str, **query: str) -> str:
    url = reverse("moderation:queue", kwargs={"name": name})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def test_highlighting_escapes_then_marks() -> None:
    text = 'You <script>alert("x")</script> V3rmin & worse, vermin.'
    html = selectors.highlight(text, ["vermin", "<script>"])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert (
        html.count("<mark>") == 2
    )  # V3rmin (spelling variation) and vermin; "<script>" not a word
    assert "<mark>V3rmin</mark>" in html and "&amp; worse" in html


def test_the_card_shows_everything_needed_to_decide(
    desk: Client, essay: Essay, commenter: User, moderator: User
) -> None:
    parent = CommentFactory(essay=essay, body="I think the author was brave.")
    comment = held(
        essay,
        commenter,
        "Brave? You are a vermin <b>apologist</b>.",
        reasons=["suspect_word", "score_hold"],
        verdicts=[
            {
                "check": "words",
                "outcome": "hold",
                "code": "suspect_word",
                "message": "",
                "detail": {"matched": ["vermin"]},
            }
        ],
    )
    comment.parent = parent
    comment.save()
    Report.objects.create(comment=comment, reporter=UserFactory(), reason="hate", text="slur")
    old = CommentFactory(essay=essay, author=commenter, status=Comment.Status.REJECTED)
    actions.warn(moderator=moderator, person=commenter, reason="Be kind.", comment=old)

    html = desk.get(_queue("held")).content.decode()
    assert "<mark>vermin</mark>" in html and "&lt;b&gt;apologist&lt;/b&gt;" in html
    assert "Suspect words" in html and "Scorer: likely hostile" in html
    assert "0.91" in html  # toxicity score
    assert "I think the author was brave." in html  # the parent
    assert essay.title in html
    assert "Hate" in html and "slur" in html  # the report and its reason
    assert "Account 40 days old" in html
    assert "0 published, 1 rejected" in html
    assert "Past sanctions: Warning" in html


def test_queues_hold_what_they_should(
    desk: Client, essay: Essay, commenter: User, moderator: User
) -> None:
    waiting = held(essay, commenter, "waiting")
    reported = CommentFactory(essay=essay, body="reported one")
    Report.objects.create(comment=reported, reporter=UserFactory(), reason="spam")
    approved = held(essay, commenter, "approved one")
    actions.approve(moderator=moderator, comment=approved)
    rejected = held(essay, commenter, "rejected one")
    actions.reject(moderator=moderator, comment=rejected, reason_code="spam")

    def bodies(name: str) -> set[str]:
        return {c.comment.body for c in selectors.queue_page(name).cards}

    assert bodies("held") == {waiting.body}
    assert bodies("reported") == {reported.body}
    assert bodies("approved") == {approved.body}
    assert bodies("rejected") == {rejected.body}
    counts = selectors.queue_counts()
    assert (counts["held"], counts["reported"], counts["alerts"]) == (1, 1, 0)
    alerts = desk.get(_queue("alerts")).content.decode()
    assert "No pile-on alerts" in alerts
    assert "Approved by Maya" in desk.get(_queue("approved")).content.decode()


def test_filters_by_essay_reason_and_commenter(desk: Client, commenter: User) -> None:
    one, two = EssayFactory(slug="one"), EssayFactory(slug="two")
    a = held(one, commenter, "a", reasons=["first_comment"])
    b = held(two, commenter, "b", reasons=["score_hold"])
    c = held(two, UserFactory(username="dee"), "c", reasons=["score_hold", "suspect_word"])

    def ids(**f: str) -> list[int]:
        return sorted(
            x.comment.pk for x in selectors.queue_page("held", filters=selectors.Filters(**f)).cards
        )

    assert ids(essay="two") == sorted([b.pk, c.pk])
    assert ids(reason="score_hold") == sorted([b.pk, c.pk])
    assert ids(reason="first_comment") == [a.pk]
    assert ids(commenter="dee") == [c.pk]
    assert ids(essay="two", commenter="cal") == [b.pk]
    response = desk.get(_queue("held", reason="suspect_word"))
    assert f"card-{c.pk}" in response.content.decode()
    assert f"card-{a.pk}" not in response.content.decode()


def test_priority_puts_scores_reports_and_hot_essays_first(commenter: User) -> None:
    calm, hot = EssayFactory(), EssayFactory()
    low = held(calm, commenter, "low", scores={"toxicity": 0.2})
    high = held(calm, commenter, "high", scores={"toxicity": 0.95})
    reported = held(calm, commenter, "reported", scores={"toxicity": 0.2})
    for _ in range(4):
        Report.objects.create(comment=reported, reporter=UserFactory(), reason="unkind")
    on_hot = held(hot, commenter, "hot", scores={"toxicity": 0.2})
    for _ in range(30):
        CommentFactory(essay=hot)
    order = [c.comment.pk for c in selectors.queue_page("held").cards]
    assert order == [high.pk, reported.pk, on_hot.pk, low.pk]
    by_time = selectors.queue_page("held", filters=selectors.Filters(sort="time")).cards
    assert [c.comment.pk for c in by_time] == [on_hot.pk, reported.pk, high.pk, low.pk]


@pytest.mark.parametrize("sort", ["priority", "time"])
def test_keyset_pages_cover_the_queue_once(essay: Essay, commenter: User, sort: str) -> None:
    made = {held(essay, commenter, f"c{i}", scores={"toxicity": (i % 4) / 4}).pk for i in range(11)}
    seen: list[int] = []
    cursor = None
    while True:
        page = selectors.queue_page(
            "held", filters=selectors.Filters(sort=sort), cursor=cursor, page_size=4
        )
        seen.extend(c.comment.pk for c in page.cards)
        cursor = page.next_cursor
        if not cursor:
            break
    assert sorted(seen) == sorted(made) and len(seen) == len(made)


def test_a_queue_page_costs_the_same_queries_at_any_length(desk: Client, essay: Essay) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert desk.get(_queue("held")).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(3):
        held(essay, UserFactory())
    small = count()
    for _ in range(40):
        c = held(essay, UserFactory())
        Report.objects.create(comment=c, reporter=UserFactory(), reason="spam")
    assert count() == small


def test_a_broken_cursor_is_a_clear_message(desk: Client) -> None:
    response = desk.get(_queue("held", after="garbage!!"))
    assert response.status_code == 200 and "That page link is broken" in response.content.decode()


def test_forms_work_without_javascript(desk: Client, essay: Essay, commenter: User) -> None:
    comment = held(essay, commenter)
    url = reverse("moderation:decide", args=[comment.pk])
    response = desk.post(
        url, {"decision": "reject", "reason_code": "threat", "next": _queue("held")}
    )
    assert response.status_code == 302 and response["Location"] == _queue("held")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED
    page = desk.get(response["Location"]).content.decode()
    assert "Rejected the comment by" in page
    again = desk.post(url, {"decision": "approve"}, HTTP_ACCEPT="application/json")
    assert again.status_code == 409
    assert again.json() == {
        "ok": False,
        "message": "Already decided by Maya: rejected.",
        "gone": True,
    }
    assert desk.post(url, {"decision": "reject"}, HTTP_ACCEPT="application/json").status_code == 400
    offsite = desk.post(
        url, {"decision": "approve", "reconsider": "1", "next": "https://evil.example/"}
    )
    assert offsite["Location"] == _queue("held")


def test_ban_from_the_card_bans_and_rejects(desk: Client, essay: Essay, commenter: User) -> None:
    comment = held(essay, commenter)
    response = desk.post(
        reverse("moderation:decide", args=[comment.pk]),
        {"decision": "ban", "reason_code": "threat"},
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["ok"] and "Banned" in response.json()["message"]
    commenter.refresh_from_db()
    assert commenter.commenting_status == "banned"
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED


def test_bulk_form(desk: Client, essay: Essay, commenter: User) -> None:
    comments = [held(essay, commenter, f"b{i}") for i in range(3)]
    response = desk.post(
        reverse("moderation:bulk"),
        {"ids": [c.pk for c in comments], "decision": "approve"},
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["message"] == "Approved 3 comments."
    assert not Comment.objects.filter(status=Comment.Status.HELD).exists()
    empty = desk.post(
        reverse("moderation:bulk"), {"decision": "approve"}, HTTP_ACCEPT="application/json"
    )
    assert empty.status_code == 400


def test_person_page_and_sanction_forms(desk: Client, commenter: User) -> None:
    url = reverse("moderation:person", args=[commenter.pk])
    assert "Warn, pre-moderate, suspend or ban" in desk.get(url).content.decode()
    until = (timezone.now() + timedelta(days=5)).date().isoformat()
    response = desk.post(
        reverse("moderation:sanction", args=[commenter.pk]),
        {"kind": "suspend", "reason": "Cooling off.", "until": until},
    )
    assert response.status_code == 302
    commenter.refresh_from_db()
    assert commenter.commenting_status == "suspended"
    sanction = commenter.sanctions.get()
    page = desk.get(url).content.decode()
    assert "Cooling off." in page and "Lift suspension" in page
    desk.post(reverse("moderation:lift", args=[sanction.pk]), {"reason": "ok"})
    commenter.refresh_from_db()
    assert commenter.commenting_status == "normal"


def test_dashboard(desk: Client, essay: Essay, commenter: User, moderator: User) -> None:
    a = held(essay, commenter, "a")
    a.created_at = timezone.now() - timedelta(minutes=30)
    a.save()
    b = held(essay, commenter, "b")
    b.created_at = timezone.now() - timedelta(minutes=10)
    b.save()
    actions.reject(moderator=moderator, comment=a, reason_code="spam")
    actions.approve(moderator=moderator, comment=b)
    held(essay, commenter, "c")
    for outcome in ["edited", "edited", "posted_anyway", "abandoned"]:
        Nudge.objects.create(author=commenter, essay=essay, body="x", outcome=outcome)
    board = selectors.dashboard()
    assert board.counts["held"] == 1
    assert board.median_decision is not None
    assert timedelta(minutes=19) < board.median_decision < timedelta(minutes=21)
    assert board.nudge_edit_share == 0.5
    assert (board.scorer_holds_approved, board.scorer_holds_rejected) == (1, 1)
    assert board.scorer_agreement == 0.5
    html = desk.get(reverse("moderation:dashboard")).content.decode()
    assert "34%" in html and "50%" in html and "20 min" in html


def test_log_page(desk: Client, essay: Essay, commenter: User, moderator: User) -> None:
    actions.reject(
        moderator=moderator,
        comment=held(essay, commenter, "Evidence text."),
        reason_code="threat",
        note="clear threat",
    )
    html = desk.get(reverse("moderation:log")).content.decode()
    assert "Evidence text." in html and "clear threat" in html and "Maya" in html
    assert (
        desk.get(reverse("moderation:log") + "?action=ban").content.decode().count("clear threat")
        == 0
    )


def test_transparency_counts_removals_without_names(
    client: Client, essay: Essay, moderator: User
) -> None:
    writer = UserFactory(username="secretname", display_name="Secret Name")
    for code in ["spam", "spam", "threat"]:
        actions.reject(moderator=moderator, comment=held(essay, writer, code), reason_code=code)
    actions.ban(moderator=moderator, person=writer, reason="Threats.")
    report = selectors.transparency()
    today = timezone.now().date()
    assert report.table[today] == {"spam": 2, "threat": 1}
    html = client.get(reverse("moderation-public:transparency")).content.decode()
    assert "Spam" in html and "Threat" in html and "Ban: 1" in html
    assert "secretname" not in html and "Secret Name" not in html and "Maya" not in html


def test_nav_link_only_for_moderators(client: Client, moderator: User) -> None:
    reader = UserFactory()
    client.force_login(reader)
    assert "/desk/moderation/" not in client.get("/").content.decode()
    client.force_login(moderator)
    assert "/desk/moderation/" in client.get("/").content.decode()


def test_report_then_keep_from_the_reported_queue(
    desk: Client, essay: Essay, commenter: User
) -> None:
    comment = CommentFactory(essay=essay, author=commenter, body="Strong but fair.")
    discussion_actions.report_comment(reporter=UserFactory(), comment=comment, reason="unkind")
    assert "Strong but fair." in desk.get(_queue("reported")).content.decode()
    desk.post(reverse("moderation:decide", args=[comment.pk]), {"decision": "approve"})
    assert "Strong but fair." not in desk.get(_queue("reported")).content.decode()
    assert LogEntry.objects.filter(comment=comment, action="approve").exists()
