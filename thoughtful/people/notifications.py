"""Email about a person's own account: the sign-up confirmation link, and the notice that someone
tried to sign up with an address that already has an account (issue 14, item 10a).

Subjects are fixed text: no user input ever goes into a header.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from thoughtful.people.confirmation import AWAITING_CONFIRMATION, confirmation_path
from thoughtful.people.models import User
from thoughtful.security.mail import send_email


def site_url() -> str:
    return str(getattr(settings, "SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def _send(to: str, subject: str, body: str) -> None:
    EmailMessage(subject=subject, body=body, to=[to]).send()


def send_confirmation(person_id: int, next_url: str = "") -> bool:
    """The link that makes a new account usable; only while it is still waiting for it."""
    person = User.objects.filter(AWAITING_CONFIRMATION, pk=person_id).exclude(email="").first()
    if person is None:
        return False
    link = site_url() + confirmation_path(person)
    if next_url:
        link += "?" + urlencode({"next": next_url})
    days = max(1, round(settings.PASSWORD_RESET_TIMEOUT / 86400))
    body = render_to_string(
        "email/confirm_email.txt",
        {"person": person, "link": link, "days": days, "site_name": settings.SITE_NAME},
    )
    _send(person.email, f"Confirm your email address for {settings.SITE_NAME}", body)
    return True


def send_sign_up_attempt_notice(attempt_id: int) -> bool:
    """Tell the owner of an address that someone tried to open a second account with it.

    `attempt_id` is the account that sign-up created (it waits for a link that is never sent);
    the email goes to the address, naming the account(s) it already has.
    """
    attempt = User.objects.filter(AWAITING_CONFIRMATION, pk=attempt_id).first()
    if attempt is None or not attempt.email:
        return False
    owners = list(
        User.objects.filter(email__iexact=attempt.email)
        .exclude(AWAITING_CONFIRMATION)
        .order_by("date_joined")
    )
    if not owners:
        return False
    body = render_to_string(
        "email/sign_up_attempt.txt",
        {
            "usernames": [owner.username for owner in owners],
            "sign_in": site_url() + reverse("people:sign-in"),
            "reset": site_url() + reverse("people:password-reset"),
            "site_name": settings.SITE_NAME,
        },
    )
    _send(
        owners[0].email, f"Someone tried to sign up to {settings.SITE_NAME} with your address", body
    )
    return True


# --- Issue 11: proving an address after sign-up, and telling the old one -------------------


def send_address_confirmation(person_id: int) -> bool:
    """The link that proves the pending (or never verified) address; sent to that address."""
    from thoughtful.people.addresses import address_path, address_to_confirm

    person = User.objects.filter(pk=person_id, is_active=True, deleted_at__isnull=True).first()
    if person is None or not address_to_confirm(person):
        return False
    days = max(1, round(settings.PASSWORD_RESET_TIMEOUT / 86400))
    body = render_to_string(
        "email/confirm_address.txt",
        {
            "person": person,
            "link": site_url() + address_path(person),
            "days": days,
            "site_name": settings.SITE_NAME,
            "changing": bool(person.pending_email),
        },
    )
    send_email(
        to=[address_to_confirm(person)],
        subject=f"Confirm your email address for {settings.SITE_NAME}",
        body=body,
        what=f"address confirmation for person {person.pk}",
    )
    return True


def send_email_change_notice(person_id: int, new_address: str) -> bool:
    """Tell the current (verified) address that a change to another address was asked for:
    if it wasn't its owner, they still receive this, and can reset the password."""
    from thoughtful.people.addresses import masked

    person = User.objects.filter(pk=person_id, deleted_at__isnull=True).exclude(email="").first()
    if person is None:
        return False
    body = render_to_string(
        "email/email_change_notice.txt",
        {
            "person": person,
            "new_address": masked(new_address),
            "reset": site_url() + reverse("people:password-reset"),
            "site_name": settings.SITE_NAME,
        },
    )
    send_email(
        to=[person.email],
        subject=f"A change of email address was asked for on {settings.SITE_NAME}",
        body=body,
        what=f"email change notice for person {person.pk}",
    )
    return True


def send_address_in_use_notice(address: str) -> bool:
    """Someone asked to move their account to an address that already has one. The answer on
    the page is the same as for a free address (nothing reveals who is registered); the
    address's owner hears about it here."""
    body = render_to_string(
        "email/address_in_use.txt",
        {
            "sign_in": site_url() + reverse("people:sign-in"),
            "reset": site_url() + reverse("people:password-reset"),
            "site_name": settings.SITE_NAME,
        },
    )
    send_email(
        to=[address],
        subject=f"Someone tried to move an account to your address on {settings.SITE_NAME}",
        body=body,
        what="address-in-use notice",
    )
    return True
