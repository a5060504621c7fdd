"""Every workflow transition × every role, allowed and refused; state refusals; side effects."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import UserFactory
from tests.publishing.conftest import ROLE_OF, essay_at
from thoughtful.people.models import User
from thoughtful.publishing import actions, workflow
from thoughtful.publishing.models import Credit, Essay, EssayEvent
from thoughtful.publishing.workflow import IllegalTransition

pytestmark = pytest.mark.django_db
S = Essay.Status

# (action, the state it is tried from, the roles that may take it from there)
CASES = [
    ("submit", S.DRAFT, {"author"}),
    ("submit", S.RETURNED, {"author"}),
    ("claim_edit", S.SUBMITTED, {"editor"}),
    ("finish_edit", S.IN_EDIT, {"editor"}),
    ("claim_copy", S.COPY_EDIT, {"copy_editor"}),
    ("finish_copy", S.COPY_EDIT, {"copy_editor"}),
    ("write_social", S.SOCIAL, {"social_editor"}),
    ("approve", S.READY, {"editor"}),
    ("approve", S.UNPUBLISHED, {"editor"}),
    ("publish", S.SCHEDULED, {"editor"}),
    ("return", S.SUBMITTED, {"editor"}),
    ("return", S.IN_EDIT, {"editor"}),
    ("return", S.COPY_EDIT, {"editor", "copy_editor"}),
    ("return", S.SOCIAL, {"editor", "social_editor"}),
    ("return", S.READY, {"editor"}),
    ("return", S.SCHEDULED, {"editor"}),
    ("unpublish", S.PUBLISHED, {"editor"}),
    ("archive", S.PUBLISHED, {"editor"}),
    ("archive", S.DRAFT, {"editor"}),
    ("archive", S.UNPUBLISHED, {"editor"}),
]
ROLES = [*ROLE_OF, "anonymous"]


def _who(role: str, staff: dict[str, User]) -> User | AnonymousUser:
    return AnonymousUser() if role == "anonymous" else staff[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("action", "source", "allowed"), CASES)
def test_transition_by_role(
    staff: dict[str, User], action: str, source: str, allowed: set[str], role: str
) -> None:
    kwargs = {"assignee": None} if action == "claim_copy" else {}
    essay = essay_at(source, staff, **kwargs)
    target = workflow.TRANSITIONS[action].target
    note = "Needs another pass." if workflow.TRANSITIONS[action].needs_note else ""
    person = _who(role, staff)
    if role in allowed:
        actions.transition(essay=essay, actor=person, action=action, note=note)  # type: ignore[arg-type]
        essay.refresh_from_db()
        assert essay.status == target
        event = EssayEvent.objects.get(essay=essay)
        assert (event.action, event.from_status, event.to_status) == (action, source, target)
        assert event.actor_id == person.pk
    else:
        with pytest.raises(PermissionDenied):
            actions.transition(essay=essay, actor=person, action=action, note=note)  # type: ignore[arg-type]
        essay.refresh_from_db()
        assert essay.status == source
        assert not EssayEvent.objects.filter(essay=essay).exists()


WRONG_STATE = [
    (action, status)
    for action, t in workflow.TRANSITIONS.items()
    for status in S.values
    if status not in t.sources
]


@pytest.mark.parametrize(("action", "status"), WRONG_STATE)
def test_transition_from_a_wrong_state_is_refused(
    staff: dict[str, User], action: str, status: str
) -> None:
    boss = UserFactory(is_superuser=True)
    essay = essay_at(status, staff)
    with pytest.raises(IllegalTransition):
        actions.transition(essay=essay, actor=boss, action=action, note="because")
    essay.refresh_from_db()
    assert essay.status == status
    assert not EssayEvent.objects.filter(essay=essay).exists()


def test_unknown_action_is_refused(staff: dict[str, User]) -> None:
    with pytest.raises(IllegalTransition):
        actions.transition(essay=essay_at(S.DRAFT, staff), actor=staff["author"], action="fly")


def test_return_and_unpublish_need_a_note(staff: dict[str, User]) -> None:
    essay = essay_at(S.IN_EDIT, staff)
    with pytest.raises(ValidationError):
        actions.transition(essay=essay, actor=staff["editor"], action="return", note="  ")
    published = essay_at(S.PUBLISHED, staff)
    actions.transition(essay=published, actor=staff["editor"], action="unpublish", note="Legal")
    published.refresh_from_db()
    assert published.unpublished_reason == "Legal"


def test_a_claimed_step_belongs_to_its_claimant(staff: dict[str, User]) -> None:
    other_editor = UserFactory()
    from thoughtful.people.actions import grant_role
    from thoughtful.people.roles import Role

    grant_role(user=other_editor, role=Role.EDITOR)
    essay = essay_at(S.IN_EDIT, staff)  # claimed by staff["editor"]
    with pytest.raises(PermissionDenied):
        actions.transition(essay=essay, actor=other_editor, action="finish_edit")
    copy = essay_at(S.COPY_EDIT, staff)
    with pytest.raises(IllegalTransition):  # already claimed
        actions.transition(essay=copy, actor=staff["copy_editor"], action="claim_copy")


def test_copy_edit_cannot_end_without_image_alt_and_credit(staff: dict[str, User]) -> None:
    essay = essay_at(S.COPY_EDIT, staff)
    Essay.objects.filter(pk=essay.pk).update(featured_image=None)
    with pytest.raises(ValidationError):
        actions.transition(essay=essay, actor=staff["copy_editor"], action="finish_copy")
    essay.refresh_from_db()
    assert essay.status == S.COPY_EDIT


def test_social_step_needs_every_channel(staff: dict[str, User]) -> None:
    essay = essay_at(S.SOCIAL, staff)
    essay.social.delete()
    actions.save_social_copy(
        essay=essay,
        actor=staff["social_editor"],
        share_title="T",
        share_description="D",
        facebook="F",
        x="",
        newsletter="N",
    )
    with pytest.raises(ValidationError):
        actions.transition(essay=essay, actor=staff["social_editor"], action="write_social")


def test_the_whole_path_credits_whoever_did_the_work(
    staff: dict[str, User],
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    s = staff
    with django_capture_on_commit_callbacks(execute=True):
        essay = actions.save_essay(
            author=s["author"], title="A hard winter", body="Snow.", actor=s["author"]
        )
        steps = [
            ("submit", s["author"]),
            ("claim_edit", s["editor"]),
            ("finish_edit", s["editor"]),
            ("claim_copy", s["copy_editor"]),
            ("finish_copy", s["copy_editor"]),
        ]
        from tests.factories import ImageFactory

        Essay.objects.filter(pk=essay.pk).update(featured_image=ImageFactory())
        for action, person in steps:
            actions.transition(essay=essay, actor=person, action=action)
        actions.save_social_copy(
            essay=essay,
            actor=s["social_editor"],
            share_title="T",
            share_description="D",
            facebook="F",
            x="X",
            newsletter="N",
        )
        actions.transition(essay=essay, actor=s["social_editor"], action="write_social")
        actions.transition(essay=essay, actor=s["editor"], action="approve")
    essay.refresh_from_db()
    assert essay.status == S.PUBLISHED  # approved for "now": the task published it
    assert essay.is_published
    credits = {c.role: c.person for c in essay.credits.all()}
    assert credits == {
        Credit.Role.AUTHOR: s["author"],
        Credit.Role.EDITOR: s["editor"],
        Credit.Role.COPY_EDITOR: s["copy_editor"],
        Credit.Role.SOCIAL_EDITOR: s["social_editor"],
    }
    actions_logged = list(essay.events.values_list("action", flat=True))
    assert actions_logged == [a for a, _ in steps] + ["write_social", "approve", "publish"]
    subjects = [m.subject for m in mail.outbox]
    assert any(sub.startswith("Submitted for editing") for sub in subjects)
    assert any(sub.startswith("Published") for sub in subjects)
    assert any(m.to == [s["author"].email] and "is editing" in m.subject for m in mail.outbox)


def test_notification_waits_for_commit(
    staff: dict[str, User],
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    essay = essay_at(S.DRAFT, staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.transition(essay=essay, actor=staff["author"], action="submit")
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [[staff["editor"].email]]


def test_events_are_append_only(staff: dict[str, User]) -> None:
    essay = essay_at(S.DRAFT, staff)
    actions.transition(essay=essay, actor=staff["author"], action="submit")
    event = EssayEvent.objects.get()
    event.note = "rewritten"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_due_dates_belong_to_a_step(staff: dict[str, User]) -> None:
    essay = essay_at(S.SUBMITTED, staff)
    due = timezone.now() + timedelta(days=2)
    actions.transition(essay=essay, actor=staff["editor"], action="claim_edit", due_at=due)
    essay.refresh_from_db()
    assert essay.due_at == due
    actions.transition(essay=essay, actor=staff["editor"], action="finish_edit")
    essay.refresh_from_db()
    assert essay.due_at is None
