"""Email about discussions: replies (on by default, one-click opt-out) and a daily digest.

Links in emails carry a signed token, so opting out needs no password and cannot be forged.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from thoughtful.discussion import events
from thoughtful.discussion.models import Comment
from thoughtful.ops.once import run_once
from thoughtful.people.models import User
from thoughtful.security.mail import EmailsFailed, send_email

_SALT = "thoughtful.discussion.unsubscribe"
KINDS = {"replies": "notify_replies", "digest": "daily_digest"}


def site_url() -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def unsubscribe_token(person: User, kind: str) -> str:
    return signing.dumps({"u": person.pk, "k": kind}, salt=_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=_SALT, max_age=60 * 60 * 24 * 365)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in KINDS:
        return None
    return int(data["u"]), str(data["k"])


def _unsubscribe_url(person: User, kind: str) -> str:
    return site_url() + reverse("web:unsubscribe", args=[unsubscribe_token(person, kind)])


def _send(person: User, subject: str, body: str, kind: str) -> None:
    link = _unsubscribe_url(person, kind)
    send_email(
        to=[person.email],
        subject=subject,
        body=body + f"\n\nStop these emails with one click: {link}\n",
        # RFC 8058: mail clients show an unsubscribe button that POSTs to this link.
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        what=f"{kind} email to person {person.pk}",
    )


def send_reply_notification(comment_id: int) -> bool:
    """Tell a commenter someone replied. Only for published replies, never to oneself."""
    reply = (
        Comment.objects.public()
        .select_related("parent__author", "author", "essay")
        .filter(pk=comment_id, parent__isnull=False)
        .first()
    )
    if reply is None or reply.parent is None:
        return False
    if reply.parent.status != Comment.Status.PUBLISHED:
        # The parent was removed after the reply was written: its writer hears nothing.
        return False
    recipient = reply.parent.author
    if recipient.pk == reply.author_id or not recipient.notify_replies or not recipient.email:
        return False
    if recipient.email_verified_at is None:
        # Issue 11: nothing goes to an address nobody proved; the profile offers the link.
        return False
    if events.digest_instead(reply.essay_id, recipient.pk):
        return False  # a pile-on: the author hears about it in one digest (issue 9)
    url = site_url() + reply.essay.get_absolute_url() + f"#comment-{reply.pk}"
    body = render_to_string("email/reply.txt", {"reply": reply, "recipient": recipient, "url": url})
    # Once per reply, even when the task is retried after its worker died (ops.sweep).
    run_once(
        f"reply-email:{reply.pk}",
        lambda: _send(
            recipient,
            f"{reply.author.public_name} replied to you on “{reply.essay.title}”",
            body,
            "replies",
        ),
    )
    return True


def send_daily_digests(*, now: datetime | None = None) -> int:
    """One email per person who asked for it: new comments in the last day on essays they
    commented on (not their own comments)."""
    moment = now or timezone.now()
    since = moment - timedelta(days=1)
    sent = failed = 0
    # Issue 11: only proven addresses; an unverified person's digests start once they verify.
    people = User.objects.filter(daily_digest=True, is_active=True, email_verified_at__isnull=False)
    for person in people.exclude(email=""):
        essay_ids = Comment.objects.filter(author=person).values_list("essay_id", flat=True)
        fresh = list(
            Comment.objects.public()
            .filter(
                essay_id__in=essay_ids,
                created_at__gte=since,
                created_at__lt=moment,
            )
            .filter(~Q(author=person))
            .select_related("essay", "author")
            .order_by("essay_id", "created_at")[:200]
        )
        if not fresh:
            continue
        body = render_to_string(
            "email/digest.txt", {"person": person, "comments": fresh, "site": site_url()}
        )
        # One failing address must not cost the others their digest; each failure is logged.
        subject = f"{len(fresh)} new comment{'s' if len(fresh) != 1 else ''} on essays you joined"
        try:
            run_once(
                f"digest-email:{person.pk}:{moment:%Y-%m-%d}",
                lambda: _send(person, subject, body, "digest"),  # noqa: B023 (called at once)
            )
        except Exception:
            failed += 1
            continue
        sent += 1
    if failed:
        raise EmailsFailed(f"{failed} daily digest(s) failed ({sent} sent).")
    return sent


def unsubscribe(*, person_id: int, kind: str) -> User | None:
    person = User.objects.filter(pk=person_id).first()
    if person is None:
        return None
    setattr(person, KINDS[kind], False)
    person.save(update_fields=[KINDS[kind]])
    return person
