"""Email about pile-ons: the alert to moderators (once per alert)."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.template.loader import render_to_string
from django.urls import reverse

from thoughtful.discussion.notifications import site_url
from thoughtful.moderation.models import PileOnAlert
from thoughtful.ops.once import run_once
from thoughtful.people.models import User
from thoughtful.people.roles import Role
from thoughtful.security.mail import send_email


def moderator_emails() -> list[str]:
    groups = Group.objects.filter(name__in=[Role.MODERATOR.value, Role.EDITOR.value])
    return sorted(
        set(
            User.objects.filter(is_active=True, groups__in=groups)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def send_alert_email(alert_id: int) -> int:
    alert = PileOnAlert.objects.select_related("essay").filter(pk=alert_id).first()
    if alert is None:
        return 0
    to = moderator_emails()
    if not to:
        return 0
    body = render_to_string(
        "shield/email/alert.txt",
        {
            "alert": alert,
            "detail": alert.detail,
            "url": site_url() + reverse("shield:alert", kwargs={"alert_id": alert.pk}),
        },
    )
    subject = f"Pile-on alert: {alert.essay.title} is at {alert.detail.get('level', '?')}"
    run_once(
        f"shield-alert-email:{alert.pk}",
        lambda: send_email(to=to, subject=subject, body=body, what=f"shield-alert:{alert.pk}"),
    )
    return len(to)


def send_author_digest(essay_id: int) -> bool:
    """During a pile-on the essay's author gets one digest per AUTHOR_DIGEST_MINUTES instead of
    one email per comment: how many wait for moderators, how many thoughtful ones are there."""
    from datetime import timedelta

    from django.db import transaction

    from thoughtful.discussion.models import Comment
    from thoughtful.shield import clock, conf, selectors
    from thoughtful.shield.models import EssayProtection

    moment = clock.now()
    with transaction.atomic():
        state = (
            EssayProtection.objects.select_for_update()
            .select_related("essay__author")
            .filter(essay_id=essay_id)
            .first()
        )
        if state is None or conf.rank(selectors.effective_level(state)) < conf.rank("shield"):
            return False
        every = timedelta(minutes=int(conf.for_essay(state.overrides)["AUTHOR_DIGEST_MINUTES"]))
        if state.last_author_digest_at and moment - state.last_author_digest_at < every:
            return False
        state.last_author_digest_at = moment
        state.save(update_fields=["last_author_digest_at", "updated_at"])
    author = state.essay.author
    if not author.email:
        return False
    comments = Comment.objects.filter(essay_id=essay_id)
    held = comments.filter(status=Comment.Status.HELD, deleted_at=None).count()
    published = comments.filter(status=Comment.Status.PUBLISHED).count()
    body = render_to_string(
        "shield/email/author_digest.txt",
        {
            "author": author,
            "essay": state.essay,
            "held": held,
            "published": published,
            "url": site_url() + state.essay.get_absolute_url() + "#comments",
        },
    )
    run_once(
        f"shield-author-digest:{essay_id}:{moment:%Y-%m-%dT%H:%M}",
        lambda: send_email(
            to=[author.email],
            subject=f"Your essay “{state.essay.title}” is protected for now",
            body=body,
            what=f"shield author digest {essay_id}",
        ),
    )
    return True
