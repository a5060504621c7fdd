"""The newsletter's emails. Plain text; subjects and headers folded by security.mail.

Every edition carries RFC 8058 one-click unsubscribe: `List-Unsubscribe` with the subscriber's
own https link, and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, so a mail client's
button POSTs to that link and the subscriber is out without opening a page.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from thoughtful.newsletter.models import Edition, Subscriber
from thoughtful.security.mail import send_email


def site_url() -> str:
    return str(getattr(settings, "SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def unsubscribe_url(subscriber: Subscriber) -> str:
    return site_url() + reverse("newsletter:unsubscribe", args=[subscriber.unsubscribe_token])


def confirm_url(subscriber: Subscriber) -> str:
    return site_url() + reverse("newsletter:confirm", args=[subscriber.confirm_token])


def send_opt_in(subscriber: Subscriber) -> None:
    body = render_to_string(
        "email/newsletter_confirm.txt",
        {"link": confirm_url(subscriber), "site_name": settings.SITE_NAME},
    )
    send_email(
        to=[subscriber.email],
        subject=f"Confirm your subscription to {settings.SITE_NAME}",
        body=body,
        what=f"newsletter opt-in for subscriber {subscriber.pk}",
    )


def send_edition_to(edition: Edition, subscriber: Subscriber) -> None:
    link = unsubscribe_url(subscriber)
    send_email(
        to=[subscriber.email],
        subject=edition.subject,
        body=edition.body + f"\n\nUnsubscribe with one click: {link}\n",
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        what=f"newsletter edition {edition.pk} to subscriber {subscriber.pk}",
    )
