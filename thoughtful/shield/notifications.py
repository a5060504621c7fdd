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
