"""Staff in every role and essays placed at any workflow step, for the publishing tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import EssayFactory, UserFactory
from thoughtful.people.actions import grant_role
from thoughtful.people.models import User
from thoughtful.people.roles import Role
from thoughtful.publishing.models import Essay, SocialCopy

ROLE_OF = {
    "author": Role.CONTRIBUTOR,
    "contributor": Role.CONTRIBUTOR,
    "editor": Role.EDITOR,
    "copy_editor": Role.COPY_EDITOR,
    "social_editor": Role.SOCIAL_EDITOR,
    "moderator": Role.MODERATOR,
    "reader": None,
}


@pytest.fixture
def staff(db: Any) -> dict[str, User]:
    people = {}
    for name, role in ROLE_OF.items():
        person = UserFactory(username=f"the-{name.replace('_', '-')}")
        if role is not None:
            grant_role(user=person, role=role)
        people[name] = person
    return people


def essay_at(status: str, staff: dict[str, User], **kwargs: Any) -> Essay:
    """An essay by staff['author'] in `status`, claimed the way that step normally is."""
    assignee = {
        Essay.Status.IN_EDIT: staff["editor"],
        Essay.Status.COPY_EDIT: staff["copy_editor"],
    }.get(status)  # type: ignore[call-overload]
    essay = EssayFactory(
        author=staff["author"],
        status=status,
        published_at=None if status != Essay.Status.PUBLISHED else kwargs.pop("published_at", None),
        assignee=kwargs.pop("assignee", assignee),
        **kwargs,
    )
    if status == Essay.Status.PUBLISHED and essay.published_at is None:
        from django.utils import timezone

        Essay.objects.filter(pk=essay.pk).update(published_at=timezone.now())
        essay.refresh_from_db()
    if status in (Essay.Status.SOCIAL, Essay.Status.READY):
        SocialCopy.objects.create(
            essay=essay,
            share_title="Share me",
            share_description="Why it matters",
            facebook="On Facebook",
            x="On X",
            newsletter="In the newsletter",
            written_by=staff["social_editor"],
        )
    return essay
