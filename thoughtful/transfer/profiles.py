"""The people an import creates: unclaimed profiles (issue 13).

An imported writer or commenter becomes an account nobody can sign in to (no usable password,
no address on the account), with an ImportedProfile holding the email the old system had. The
same email always finds the same profile, across WordPress and Disqus and across runs; without an
email, the name within its source does. Once claimed (transfer.claims), new imports for that
email go straight to the claimer's account.
"""

from __future__ import annotations

import hashlib
import re

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from thoughtful.people.models import User
from thoughtful.people.names import clean_public_name
from thoughtful.transfer.models import ImportedProfile
from thoughtful.transfer.report import Report

_USERNAME_MAX = 40


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    return email if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email) else ""


def profile_key(*, source: str, site: str, email: str, name: str) -> str:
    address = normalise_email(email)
    return f"email:{address}" if address else f"{source}:{site}:name:{name.strip().casefold()}"


def _free_username(hint: str) -> str:
    base = slugify(hint)[:_USERNAME_MAX].strip("-_") or "reader"
    try:
        clean_public_name(base)
    except ValidationError:
        # "admin", "editor"... would read as staff: a neutral name instead.
        base = f"imported-{hashlib.sha256(hint.encode()).hexdigest()[:8]}"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base[: _USERNAME_MAX - 4]}-{n}"
    return candidate


def _display_name(name: str, report: Report) -> str:
    try:
        return clean_public_name(name)[:80]
    except ValidationError:
        report.notes.append(f"the name {name!r} breaks the staff-name rule; shown by username")
        return ""


def imported_person(*, key: str, name: str, email: str, username_hint: str, report: Report) -> User:
    """The account for this imported person: found by key (or email), else created."""
    address = normalise_email(email)
    known = report.people.get(key) or (report.people.get(f"email:{address}") if address else None)
    if known is not None:
        return known
    person = _find_or_create(key=key, name=name, address=address, hint=username_hint, report=report)
    report.people[key] = person
    if address:
        report.people[f"email:{address}"] = person
    return person


def _find_or_create(*, key: str, name: str, address: str, hint: str, report: Report) -> User:
    profile = ImportedProfile.objects.select_related("person", "claimed_by").filter(key=key).first()
    if profile is None and address:
        profile = (
            ImportedProfile.objects.select_related("person", "claimed_by")
            .filter(email=address)
            .order_by("pk")
            .first()
        )
    if profile is not None:
        return profile.claimed_by or profile.person
    person = User(
        username=_free_username(hint or name),
        display_name=_display_name(name or hint, report),
        is_active=True,  # their pages and bylines show; nobody can sign in without a password
    )
    person.set_unusable_password()
    person.save()
    ImportedProfile.objects.create(person=person, email=address, key=key)
    report.created["person"] += 1
    return person
