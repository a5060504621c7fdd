"""Claiming imported history: the person who held an imported email gets its comments and
essays on their own account (issue 13).

Two ways to prove the address:
- the account's own address is verified (the sign-up link, people.confirmation) and is the
  imported one: claimed at once;
- otherwise a signed link goes to the imported address (a task); following it, signed in as the
  account that asked, claims. The link names both the account and the address, expires with
  PASSWORD_RESET_TIMEOUT, and after a claim finds nothing left to move.

Asking answers the same whether or not the address has history, so the form tells nobody who
commented where.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from thoughtful.discussion.models import Comment
from thoughtful.people.models import User
from thoughtful.publishing.models import Credit, Essay
from thoughtful.transfer.models import ImportedProfile
from thoughtful.transfer.profiles import normalise_email

logger = logging.getLogger(__name__)

_SALT = "thoughtful.transfer.claim"
RESEND_AFTER_SECONDS = 60
INVALID_LINK = "This link is invalid or has expired."


def unclaimed(email: str) -> bool:
    return ImportedProfile.objects.filter(email=email, claimed_at__isnull=True).exists()


def make_token(*, person: User, email: str) -> str:
    return signing.dumps({"p": person.pk, "e": email}, salt=_SALT)


def claim_path(*, person: User, email: str) -> str:
    return reverse(
        "transfer:claim-confirm", kwargs={"token": make_token(person=person, email=email)}
    )


def request_claim(*, person: User, email: str) -> int | None:
    """Claim at once when the account's verified address is this one (returns how many
    comments moved); otherwise email a link, if there is anything to claim (returns None)."""
    address = normalise_email(email)
    if not address:
        raise ValidationError("Enter the email address you used on the old site.", code="email")
    verified = person.email_verified_at is not None and person.email.lower() == address
    if verified:
        return claim_address(person=person, email=address)
    if unclaimed(address) and cache.add(
        f"claim-link-sent:{person.pk}", 1, timeout=RESEND_AFTER_SECONDS
    ):
        person_id = person.pk
        transaction.on_commit(lambda: _enqueue(person_id, address))
    return None


def _enqueue(person_id: int, email: str) -> None:
    from thoughtful.transfer.tasks import send_claim_link

    try:
        send_claim_link.enqueue(person_id, email)
    except Exception:  # the answer must not change because email is down
        logger.exception("could not enqueue a claim link for person %s", person_id)


def send_link(person_id: int, email: str) -> bool:
    person = User.objects.filter(pk=person_id, is_active=True).first()
    if person is None or not unclaimed(email):
        return False
    url = settings.SITE_URL.rstrip("/") + claim_path(person=person, email=email)
    days = max(1, round(settings.PASSWORD_RESET_TIMEOUT / 86400))
    body = render_to_string(
        "email/claim_link.txt",
        {"person": person, "url": url, "days": days, "site_name": settings.SITE_NAME},
    )
    EmailMessage(
        subject=f"Claim your earlier comments on {settings.SITE_NAME}", body=body, to=[email]
    ).send()
    return True


def address_in_link(*, person: User, token: str) -> str:
    """The address this link proves, if it is good and was made for this person."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=settings.PASSWORD_RESET_TIMEOUT)
    except signing.BadSignature:
        raise ValidationError(INVALID_LINK, code="invalid_link") from None
    if not isinstance(data, dict) or data.get("p") != person.pk or not data.get("e"):
        raise ValidationError(
            "This link was made for another account: sign in as the one that asked for it.",
            code="other_account",
        )
    return str(data["e"])


def claim_with_link(*, person: User, token: str) -> int:
    return claim_address(person=person, email=address_in_link(person=person, token=token))


@transaction.atomic
def claim_address(*, person: User, email: str) -> int:
    """Move every unclaimed profile's comments, essays and credits with this address to
    `person`. Returns how many comments moved (0 when there was nothing left to claim)."""
    profiles = list(
        ImportedProfile.objects.select_for_update().filter(email=email, claimed_at__isnull=True)
    )
    moved = 0
    essay_ids: set[int] = set()
    placeholders = [p.person_id for p in profiles if p.person_id != person.pk]
    for profile in profiles:
        old = profile.person_id
        essay_ids |= set(Comment.objects.filter(author_id=old).values_list("essay_id", flat=True))
        essay_ids |= set(Essay.objects.filter(author_id=old).values_list("pk", flat=True))
        moved += Comment.objects.filter(author_id=old).update(author=person)
        Essay.objects.filter(author_id=old).update(author=person)
        Credit.objects.filter(person_id=old).update(person=person)
        profile.claimed_by = person
        profile.claimed_at = timezone.now()
        profile.save(update_fields=["claimed_by", "claimed_at"])
    if profiles:
        logger.info("person %s claimed %s imported profile(s)", person.pk, len(profiles))
        transaction.on_commit(lambda: _settle([person.pk, *placeholders], essay_ids))
    return moved


def _settle(person_ids: list[int], essay_ids: set[int]) -> None:
    from thoughtful.discussion.versions import bump_thread
    from thoughtful.publishing import page_version
    from thoughtful.standing.actions import recompute

    for person_id in person_ids:
        recompute(person_id=person_id)
    for essay_id in essay_ids:
        bump_thread(essay_id)
    page_version.bump(*essay_ids)
