"""Posting through the site's own forms, as the right person, with CSRF enforced.

Each helper is one form: it posts what a browser would post and says whether the form took it
(a redirect) or refused it (why). A refusal must be a clear 4xx or a form message: any 5xx
fails the test right here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpResponse
from django.test import Client
from django.urls import resolve, reverse

from thoughtful.discussion.models import Comment
from thoughtful.moderation.models import Appeal, Sanction
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay


@dataclass(frozen=True)
class Outcome:
    ok: bool
    why: str = ""
    response: HttpResponse | None = None


class FormClient:
    """Django's test client signed in as `person`, posting forms with a real CSRF token (the
    client enforces CSRF like the site does for browsers; the token comes from opening a form
    page first, as a browser would)."""

    def __init__(self, person: User, *, first_page: str) -> None:
        self.person = person
        self.client = Client(enforce_csrf_checks=True)
        self.client.force_login(person)
        opened = self.client.get(first_page)
        assert opened.status_code == 200, (first_page, opened.status_code)
        self.token = self.client.cookies["csrftoken"].value

    def sign_in(self, person: User) -> None:
        """The same browser, someone else signed in: the CSRF cookie stays valid (Django keeps
        the token in the cookie, not the session)."""
        self.person = person
        self.client.force_login(person)

    def post(self, url: str, data: dict[str, Any]) -> HttpResponse:
        response = self.client.post(url, {**data, "csrfmiddlewaretoken": self.token})
        assert response.status_code < 500, (url, response.status_code)
        assert response.status_code != 403 or b"CSRF" not in response.content, url
        return response


def _outcome(response: HttpResponse) -> Outcome:
    if response.status_code == 302:
        return Outcome(ok=True, response=response)
    context = getattr(response, "context", None)
    form = context.get("form") if context else None
    errors = form.errors.as_text() if form is not None and form.errors else ""
    message = context.get("message", "") if context else ""
    why = f"{response.status_code} {errors or message}".strip()
    return Outcome(ok=False, why=why, response=response)


# --- people -----------------------------------------------------------------------------------


def update_profile(c: FormClient, *, display_name: str = "", bio: str = "") -> Outcome:
    return _outcome(c.post(reverse("people:profile"), {"display_name": display_name, "bio": bio}))


# --- publishing -------------------------------------------------------------------------------


def write_essay(
    c: FormClient, *, title: str, standfirst: str, body: str, tags: str
) -> tuple[Essay | None, Outcome]:
    """The contributor's "Start a new essay" form; the essay, if the form took it."""
    data = {"title": title, "standfirst": standfirst, "body": body, "tags": tags}
    outcome = _outcome(c.post(reverse("publishing:new"), data))
    if not outcome.ok:
        return None, outcome
    assert outcome.response is not None
    pk = resolve(urlsplit(outcome.response["Location"]).path).kwargs["pk"]
    return Essay.objects.get(pk=pk), outcome


def edit_essay(
    c: FormClient, essay: Essay, *, title: str, standfirst: str, body: str, tags: str
) -> Outcome:
    latest = essay.revisions.order_by("-created_at", "-id").first()
    data = {
        "title": title,
        "standfirst": standfirst,
        "body": body,
        "tags": tags,
        "base_revision": latest.pk if latest else "",
    }
    return _outcome(c.post(reverse("publishing:edit", args=[essay.pk]), data))


def set_image_text(c: FormClient, essay: Essay, *, alt_text: str, credit: str) -> Outcome:
    """The workbench's image form without a new file: it changes the alt text and credit."""
    data = {"alt_text": alt_text, "credit": credit}
    return _outcome(c.post(reverse("publishing:image", args=[essay.pk]), data))


def submit_essay(c: FormClient, essay: Essay, *, note: str = "") -> Outcome:
    url = reverse("publishing:transition", args=[essay.pk, "submit"])
    return _outcome(c.post(url, {"note": note}))


def add_note(c: FormClient, essay: Essay, *, body: str) -> Outcome:
    # The view redirects either way (a refused note is just not added): ask the data.
    before = essay.notes.count()
    c.post(reverse("publishing:note", args=[essay.pk]), {"body": body})
    added = essay.notes.count() > before
    return Outcome(ok=added, why="" if added else "refused")


def save_social_copy(c: FormClient, essay: Essay, **fields: str) -> Outcome:
    return _outcome(c.post(reverse("publishing:social", args=[essay.pk]), fields))


# --- discussion -------------------------------------------------------------------------------


def post_comment(
    c: FormClient, essay: Essay, *, body: str, parent: Comment | None = None
) -> tuple[Comment | None, Outcome]:
    """The comment form; a nudge ("before you post") is answered with "Post anyway"."""
    url = reverse("web:post-comment", args=[essay.slug])
    data = {
        "body": body,
        "parent": parent.pk if parent else "",
        "idempotency_key": uuid.uuid4().hex,
    }
    response = c.post(url, data)
    context = getattr(response, "context", None)
    if response.status_code == 200 and context and context.get("nudge"):
        data["nudge"] = str(context["nudge"].token)
        response = c.post(url, {**data, "choice": "post_anyway"})
    outcome = _outcome(response)
    if not outcome.ok:
        return None, outcome
    fragment = urlsplit(response["Location"]).fragment  # "#comment-<pk>"
    return Comment.objects.get(pk=int(fragment.removeprefix("comment-"))), outcome


def report_comment(c: FormClient, comment: Comment, *, text: str) -> Outcome:
    url = reverse("web:comment-report", args=[comment.pk])
    return _outcome(c.post(url, {"reason": "other", "text": text}))


# --- moderation -------------------------------------------------------------------------------


def warn(c: FormClient, person: User, *, reason: str) -> tuple[Sanction | None, Outcome]:
    """The desk's sanction form (a warning); the sanction, if the form recorded one."""
    before = set(Sanction.objects.filter(person=person).values_list("pk", flat=True))
    url = reverse("moderation:sanction", args=[person.pk])
    response = c.post(url, {"kind": "warn", "reason": reason, "note": ""})
    # Refusals redirect back with a message too (desk.js asks for JSON instead): ask the data.
    made = Sanction.objects.filter(person=person).exclude(pk__in=before).first()
    why = "" if made else f"{response.status_code} refused"
    return made, Outcome(ok=made is not None, why=why, response=response)


def file_appeal(c: FormClient, sanction: Sanction, *, text: str) -> Outcome:
    url = reverse("moderation-public:appeal", args=[sanction.pk])
    response = c.post(url, {"text": text})
    if response.status_code == 302:
        # The view redirects after a refusal by the action too (with a message): ask the data.
        filed = Appeal.objects.filter(sanction=sanction).exists()
        return Outcome(ok=filed, why="" if filed else "refused by the action", response=response)
    return _outcome(response)


def bulk_approve(c: FormClient, comments: list[Comment]) -> Outcome:
    data = {"ids": [comment.pk for comment in comments], "decision": "approve"}
    return _outcome(c.post(reverse("moderation:bulk"), data))
