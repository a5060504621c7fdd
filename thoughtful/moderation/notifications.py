"""Email to people about moderation: a sanction they received, the decision on their appeal."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse

from thoughtful.discussion.notifications import site_url
from thoughtful.moderation.models import Appeal, Sanction
from thoughtful.ops.once import run_once
from thoughtful.security.mail import send_email


def _send(key: str, to: str, subject: str, body: str) -> None:
    # Once per notice, even when the task is retried after its worker died (ops.sweep).
    run_once(key, lambda: send_email(to=[to], subject=subject, body=body, what=key))


def send_sanction_notice(sanction_id: int) -> bool:
    record = Sanction.objects.select_related("person").filter(pk=sanction_id).first()
    if record is None or not record.person.email:
        return False
    body = render_to_string(
        "moderation/email/sanction.txt",
        {"sanction": record, "url": site_url() + reverse("moderation-public:my-sanctions")},
    )
    _send(
        f"sanction-email:{record.pk}",
        record.person.email,
        f"About your comments: {record.get_kind_display().lower()}",
        body,
    )
    return True


def send_appeal_decision(appeal_id: int) -> bool:
    appeal = Appeal.objects.select_related("sanction__person").filter(pk=appeal_id).first()
    if appeal is None or appeal.status == Appeal.Status.PENDING:
        return False
    person = appeal.sanction.person
    if not person.email:
        return False
    body = render_to_string(
        "moderation/email/appeal_decision.txt",
        {
            "appeal": appeal,
            "sanction": appeal.sanction,
            "url": site_url() + reverse("moderation-public:my-sanctions"),
        },
    )
    verdict = "lifted" if appeal.status == Appeal.Status.LIFTED else "upheld"
    _send(
        f"appeal-email:{appeal.pk}:{appeal.status}",
        person.email,
        f"Your appeal: the {appeal.sanction.get_kind_display().lower()} is {verdict}",
        body,
    )
    return True
