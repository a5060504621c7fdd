"""One visibility rule for comments (issue 14, item 1), walked over every route that shows or
acts on a comment, every state a comment can be in, and every role.

The rule lives in thoughtful/discussion/visibility.py. Outside the moderator desk a comment's
text is shown only when its essay is published and the comment is published (to everyone), or
held or rejected and not withdrawn (to its writer alone). A published comment its writer deleted
is a tombstone without its text. Anything hidden answers exactly as an id that does not exist
(404 for anyone signed in), and nothing is stored against it: no report, reaction, feature,
reply or change.

Routes come from the URL resolver: every route with a parameter naming a comment (pages and
API), the reply form (its `parent` names a comment), and every other page, so a route added
later is walked the day it appears.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from tests.factories import CommentFactory, EssayFactory, TagFactory, UserFactory
from tests.moderation.conftest import make_moderator
from tests.urlwalk import Route, all_routes
from thoughtful.discussion import actions as discussion_actions
from thoughtful.discussion.models import Comment, Reaction, Report
from thoughtful.discussion.notifications import send_daily_digests
from thoughtful.moderation import actions as moderation_actions
from thoughtful.people.models import User
from thoughtful.people.roles import Role
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "reader", "writer", "contributor", "editor", "moderator", "admin")
# Where moderators, editors and admins see everything: the desk, its API, Django's admin.
DESK_PREFIXES = ("/desk/moderation/", "/api/v1/moderation/", "/admin/")
# "Export my data" (issue 11) gives the writer every comment they wrote, deleted and withdrawn
# ones included (their text is kept, so it is theirs to download); only their own.
OWN_DATA_EXPORT = "/account/export/"
DESK_ROLES = {"editor", "moderator", "admin"}
MISSING_ID = 987_654_321
POST_DATA = {
    "reason": "spam",
    "text": "Reported by the sweep.",
    "body": "A gentler version of what I meant.",
    "featured": "1",
}


def token(state: str) -> str:
    """A word that appears in exactly one comment's text."""
    return f"zq{state.replace('_', '')}zq"


def text_shown_to(state: str, role: str) -> bool:
    if state == "published":
        return True
    if state in ("held", "rejected"):
        return role == "writer"
    return False  # tombstones, withdrawn comments, comments under an unpublished essay


def listed_to(state: str, role: str) -> bool:
    """Shown in the thread at all: a tombstone is listed (it keeps its replies), without text."""
    return text_shown_to(state, role) or state == "deleted"


@dataclass
class World:
    essay: Essay
    unpublished: Essay
    people: dict[str, User | None]
    comments: dict[str, Comment]


def _build() -> World:
    people: dict[str, User | None] = {
        "anonymous": None,
        "reader": UserFactory(username="sweep-reader"),
        "writer": UserFactory(
            username="sweep-writer", date_joined=timezone.now() - timedelta(days=90)
        ),
        "contributor": make_moderator("sweep-contributor", Role.CONTRIBUTOR),
        "editor": make_moderator("sweep-editor", Role.EDITOR),
        "moderator": make_moderator("sweep-moderator", Role.MODERATOR),
        "admin": UserFactory(username="sweep-admin", is_superuser=True, is_staff=True),
    }
    writer, moderator = people["writer"], people["moderator"]
    assert writer is not None and moderator is not None
    bystander = UserFactory(username="sweep-bystander")
    # The essay's own author is a contributor: writing the essay shows nothing hidden under it.
    essay = EssayFactory(author=people["contributor"])
    essay.tags.add(TagFactory(name="Sweep", slug=essay.slug))
    unpublished = EssayFactory(status=Essay.Status.UNPUBLISHED)

    def comment(state: str, **kwargs: Any) -> Comment:
        body = f"Words that must stay where they belong: {token(state)}."
        return CommentFactory(
            **{"essay": essay, "author": writer, "body": body, **kwargs}  # type: ignore[arg-type]
        )

    def reply_to(parent: Comment) -> None:
        CommentFactory(
            essay=parent.essay,
            author=bystander,
            parent=parent,
            root=parent,
            depth=1,
            body="A reply that stays in place.",
        )
        Comment.objects.filter(pk=parent.pk).update(reply_count=1)

    comments: dict[str, Comment] = {
        "published": comment("published"),
        "held": comment("held", status=Comment.Status.HELD, decision={"outcome": "hold"}),
    }
    # Rejected by a moderator after it was published, replied to and reported.
    rejected = comment("rejected")
    reply_to(rejected)
    Report.objects.create(comment=rejected, reporter=bystander, reason="unkind")
    comments["rejected"] = moderation_actions.reject(
        moderator=moderator, comment=rejected, reason_code="personal_attack"
    )
    deleted = comment("deleted")
    reply_to(deleted)
    comments["deleted"] = discussion_actions.delete_own_comment(person=writer, comment=deleted)
    comments["held_then_deleted"] = discussion_actions.delete_own_comment(
        person=writer,
        comment=comment(
            "held_then_deleted", status=Comment.Status.HELD, decision={"outcome": "hold"}
        ),
    )
    comments["rejected_then_deleted"] = discussion_actions.delete_own_comment(
        person=writer,
        comment=comment(
            "rejected_then_deleted",
            status=Comment.Status.REJECTED,
            decision={"outcome": "reject", "reasons": ["banned_word"]},
            rejection_reason="Uses language this magazine doesn't publish.",
        ),
    )
    comments["on_unpublished_essay"] = comment("on_unpublished_essay", essay=unpublished)
    # Everyone joined both discussions and asked for the digest, which quotes comment text.
    for person in [*people.values(), bystander]:
        if person is not None:
            # Digests go to verified addresses only (issue 11).
            User.objects.filter(pk=person.pk).update(
                daily_digest=True, email_verified_at=timezone.now()
            )
            for where in (essay, unpublished):
                CommentFactory(essay=where, author=person, body="Glad to be here.")
    return World(essay=essay, unpublished=unpublished, people=people, comments=comments)


def _client(person: User | None) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


def _text(response: HttpResponse) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")  # type: ignore[attr-defined]
    return response.content.decode(errors="replace")


def _leaked(text: str, role: str) -> list[str]:
    return [s for s in STATES if not text_shown_to(s, role) and token(s) in text]


STATES = (
    "published",
    "held",
    "rejected",
    "deleted",
    "held_then_deleted",
    "rejected_then_deleted",
    "on_unpublished_essay",
)
ROUTES = all_routes()
# A parameter that names a comment, however it is spelt (comment_id, comment, comment_pk...).
COMMENT_ROUTES = [r for r in ROUTES if any("comment" in p for p in r.params)]


def _comment_path(route: Route, comment_id: int, slug: str) -> str:
    values: dict[str, object] = {"slug": slug}
    values.update({p: comment_id for p in route.params if "comment" in p})
    return route.path(values)


def _on_desk(path: str) -> bool:
    return path.startswith(DESK_PREFIXES)


def _page_paths(world: World) -> Iterator[str]:
    """Every other page, each parameter filled with something that exists where possible."""
    writer = world.people["writer"]
    assert writer is not None
    for route in ROUTES:
        if route in COMMENT_ROUTES or route.is_regex or route.template.startswith("admin/"):
            continue  # Django's admin is staff-only; the permission sweep keeps others out
        slugs = [world.essay.slug, world.unpublished.slug] if "slug" in route.params else [""]
        for slug in slugs:
            values = {
                "slug": slug,
                "username": writer.username,
                "pk": world.essay.pk,
                "person_id": writer.pk,
                "name": "held",
                "action": "submit",
                "token": "x",
            }
            try:
                path = route.path(values)
            except KeyError:  # an id of something else (sanction, appeal, revision...)
                path = route.path(dict.fromkeys(route.params, 1) | values)
            yield path


def test_the_walk_finds_every_comment_route() -> None:
    names = {r.name for r in COMMENT_ROUTES}
    assert {
        "web:thread",
        "web:comment-edit",
        "web:comment-delete",
        "web:comment-thoughtful",
        "web:comment-report",
        "web:comment-feature",
        "moderation:decide",
        "api:decide",
    } <= names, names


def _counts(comment: Comment) -> tuple[int, int, int, bool, str, str, bool]:
    comment.refresh_from_db()
    return (
        Report.objects.filter(comment=comment).count(),
        Reaction.objects.filter(comment=comment).count(),
        Comment.objects.filter(parent=comment).count(),
        comment.featured_at is not None,
        comment.status,
        comment.body,
        comment.deleted_at is not None,
    )


@pytest.mark.parametrize("role", ROLES)
def test_hidden_comments_stay_hidden_on_every_route(
    role: str, settings: Any, fixed_scorer: Any
) -> None:
    # Replies posted by the walk must not run into the rate limit or the first-comment hold.
    settings.DISCUSSION = {**settings.DISCUSSION, "RATE_BURST": 1000, "HOLD_FIRST_COMMENTS": 0}
    world = _build()
    person = world.people[role]
    client = _client(person)
    before = {state: _counts(c) for state, c in world.comments.items()}
    problems: list[str] = []

    def check(method: str, path: str, response: HttpResponse) -> None:
        leaked = _leaked(_text(response), role)
        if leaked:
            problems.append(f"{method} {path} ({response.status_code}) shows {leaked}")

    # 1. Every page that is not about one comment: essay, thread lists, live counts, author and
    #    tag pages, feeds, search, the sitemap, the moderation pages for everyone...
    for path in _page_paths(world):
        if role in DESK_ROLES and _on_desk(path):
            continue  # the desk shows moderators everything, by design
        if path == OWN_DATA_EXPORT:
            continue  # a person's own words, whatever became of them (tests/people/test_export.py)
        # A word every comment has, so search would find them all if it searched comments.
        check("GET", path, client.get(path, {"q": "belong", "since": 0}))

    # 2. Every route that takes a comment id, for every state, read then write (delete last).
    ordered = sorted(COMMENT_ROUTES, key=lambda r: r.name.endswith("delete"))
    for method in ("get", "post"):
        for route in ordered:
            for state, comment in world.comments.items():
                path = _comment_path(route, comment.pk, comment.essay.slug)
                missing = _comment_path(route, MISSING_ID, comment.essay.slug)
                if _on_desk(path) and role in DESK_ROLES:
                    continue
                method_call = getattr(client, method)
                data = POST_DATA if method == "post" else None

                def call(url: str, data: Any, _call: Any = method_call, **extra: Any) -> Any:
                    if data is not None and url.startswith("/api/"):
                        # The JSON API reads JSON: a form body would be refused before the
                        # comment is looked up, which would test nothing.
                        return _call(url, json.dumps(data), content_type="application/json")
                    return _call(url, data, **extra)

                answers = [call(path, data)]
                if method == "post":
                    answers.append(call(path, data, HTTP_ACCEPT="application/json"))
                baseline = call(missing, data)
                for response in answers:
                    check(method.upper(), path, response)
                    if _on_desk(path) or listed_to(state, role):
                        continue
                    # Hidden: the same answer as an id that was never used, never a 403.
                    if response.status_code != baseline.status_code or (
                        person is not None and response.status_code not in (404, 405)
                    ):
                        problems.append(
                            f"{method.upper()} {path} ({state}) answered "
                            f"{response.status_code}, a missing id {baseline.status_code}"
                        )

    # 3. The one route whose form names a comment: a reply's parent.
    post_url = f"/essays/{world.essay.slug}/comments/"
    baseline = client.post(post_url, {"body": "A reply.", "parent": MISSING_ID})
    for state, comment in world.comments.items():
        response = client.post(post_url, {"body": "A reply.", "parent": comment.pk})
        check("POST", f"{post_url} parent={state}", response)
        if person is not None and not listed_to(state, role):
            same = response.status_code == baseline.status_code and (
                response.context["form"].errors == baseline.context["form"].errors
            )
            if not same:
                problems.append(f"reply to a hidden {state} comment answers unlike a missing one")

    # 4. Emails that quote comments.
    send_daily_digests()
    for message in mail.outbox:
        leaked = [s for s in STATES if s != "published" and token(s) in message.body]
        if leaked:
            problems.append(f"email to {message.to} quotes {leaked}")

    # 5. Nothing stored against what the role may not act on.
    for state, comment in world.comments.items():
        reports, reactions, replies, featured, status, body, deleted = _counts(comment)
        was = before[state]
        if state == "published":
            continue
        if (reports, reactions, replies, featured) != was[:4]:
            problems.append(f"{state}: a report, reaction, reply or feature was stored")
        if role != "writer" and (status, body, deleted) != was[4:]:
            problems.append(f"{state}: changed by {role}")

    assert not problems, "\n".join(problems)
