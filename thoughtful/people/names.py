"""The rule for names people show (issue 14, item 10): normalised, and never mistakable for staff.

One function, `clean_public_name`, used by the sign-up and profile forms (for the message), by
people.actions (so code calling the actions cannot skip it) and by the admin's user form.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError

from thoughtful.people.models import User
from thoughtful.people.staff import is_staff_person, protected_names
from thoughtful.security.names import normalise_display_name, resemblance

# Staff titles nobody else may wear, in any spelling (plurals and glued forms included).
ROLE_WORDS: tuple[str, ...] = (
    "moderator",
    "moderation",
    "editor",
    "admin",
    "administrator",
    "staff",
)


def impersonation_message(name: str, *, staff: bool, person_id: int | None) -> str | None:
    """Why `name` would let readers take this person for staff, or None when it is fine."""
    if staff:
        return None  # staff may call themselves "Moderator"; their badge says so anyway
    found = resemblance(
        name,
        role_words=ROLE_WORDS,
        site_name=str(settings.SITE_NAME),
        protected_names=protected_names(excluding=person_id),
    )
    if found is None:
        return None
    if found.kind == "role":
        return (
            f"Names can't include “{found.resembles}” or look like it: readers would take you "
            "for staff. Please choose another."
        )
    if found.kind == "site":
        return (
            f"Names can't look like the site's own name (“{found.resembles}”). "
            "Please choose another."
        )
    return (
        f"That name looks too much like “{found.resembles}”, a member of staff. "
        "Please choose another."
    )


def clean_public_name(
    name: str, *, person: User | None = None, staff: bool | None = None, field: str = ""
) -> str:
    """The normalised name, or a ValidationError saying why it can't be used.

    `person` is who will wear it (None at sign-up); `staff` overrides whether they count as
    staff (the admin form knows the roles being saved before they are).
    """
    cleaned = normalise_display_name(name)
    if not cleaned:
        return cleaned
    limit = User._meta.get_field("display_name").max_length or 80
    if len(cleaned) > limit:  # NFKC can lengthen text ("ﷺ" is 18 letters)
        error = ValidationError(f"Keep names to {limit} characters.", code="max_length")
        raise ValidationError({field: error}) if field else error
    is_staff = staff if staff is not None else (person is not None and is_staff_person(person))
    message = impersonation_message(
        cleaned, staff=is_staff, person_id=person.pk if person is not None else None
    )
    if message:
        error = ValidationError(message, code="impersonation")
        raise ValidationError({field: error}) if field else error
    return cleaned
