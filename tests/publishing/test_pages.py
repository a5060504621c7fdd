"""Publishing's pages: desks per role, refusals as clear 4xx, notes, social, credits, picks."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.publishing.conftest import essay_at
from thoughtful.people.models import User
from thoughtful.publishing.models import Credit, Essay, EssayEvent

pytestmark = pytest.mark.django_db
S = Essay.Status


def test_wrong_state_is_409_wrong_role_is_403(client: Client, staff: dict[str, User]) -> None:
    essay = essay_at(S.DRAFT, staff)
    client.force_login(staff["copy_editor"])
    url = reverse("publishing:transition", args=[essay.pk, "claim_edit"])
    assert client.post(url).status_code == 409  # a draft can't be claimed
    essay = essay_at(S.SUBMITTED, staff)
    url = reverse("publishing:transition", args=[essay.pk, "claim_edit"])
    assert client.post(url).status_code == 403  # copy editors don't claim edits
    assert client.post(reverse("publishing:transition", args=[essay.pk, "fly"])).status_code == 409
    essay.refresh_from_db()
    assert essay.status == S.SUBMITTED
    assert not EssayEvent.objects.exists()


def test_return_without_a_note_is_400(client: Client, staff: dict[str, User]) -> None:
    essay = essay_at(S.IN_EDIT, staff)
    client.force_login(staff["editor"])
    url = reverse("publishing:transition", args=[essay.pk, "return"])
    assert client.post(url, {"note": ""}).status_code == 400
    assert client.post(url, {"note": "Tighten the opening."}).status_code == 302
    essay.refresh_from_db()
    assert essay.status == S.RETURNED


def test_readers_and_strangers_see_no_workbench(client: Client, staff: dict[str, User]) -> None:
    essay = essay_at(S.DRAFT, staff)
    url = reverse("publishing:workbench", args=[essay.pk])
    assert client.get(url).status_code == 302  # sign in first
    for who in ("reader", "contributor", "moderator"):
        client.force_login(staff[who])
        assert client.get(url).status_code == 403
    assert client.get(reverse("publishing:desk")).status_code == 403  # moderator: no desk


@pytest.mark.parametrize(
    ("role", "status", "heading"),
    [
        ("author", S.RETURNED, "Your essays in progress"),
        ("editor", S.SUBMITTED, "Submitted: waiting for an editor"),
        ("editor", S.READY, "Ready for approval"),
        ("copy_editor", S.COPY_EDIT, "Copy edit"),
        ("social_editor", S.SOCIAL, "Social copy"),
    ],
)
def test_each_desk_lists_what_waits(
    client: Client, staff: dict[str, User], role: str, status: str, heading: str
) -> None:
    essay = essay_at(status, staff, title=f"Waiting in {status}")
    client.force_login(staff[role])
    page = client.get(reverse("publishing:desk")).content.decode()
    assert heading in page
    assert essay.title in page


def test_desk_is_oldest_first(client: Client, staff: dict[str, User]) -> None:
    from datetime import timedelta

    from django.utils import timezone

    newer = essay_at(S.SUBMITTED, staff, title="Newer one")
    older = essay_at(S.SUBMITTED, staff, title="Older one")
    Essay.objects.filter(pk=older.pk).update(status_changed_at=timezone.now() - timedelta(days=3))
    client.force_login(staff["editor"])
    page = client.get(reverse("publishing:desk")).content.decode()
    assert page.index(older.title) < page.index(newer.title)
    assert "3\xa0days" in page


def test_new_essay_flow_and_workbench(client: Client, staff: dict[str, User]) -> None:
    client.force_login(staff["author"])
    response = client.post(
        reverse("publishing:new"),
        {"title": "On leaving", "standfirst": "S", "body": "Words.", "tags": "Grief, Family"},
    )
    essay = Essay.objects.get(title="On leaving")
    assert response.status_code == 302
    assert essay.status == S.DRAFT and essay.revisions.count() == 1
    page = client.get(reverse("publishing:workbench", args=[essay.pk])).content.decode()
    assert "Submit for editing" in page
    client.force_login(staff["reader"])
    assert client.post(reverse("publishing:new"), {"title": "x", "body": "y"}).status_code == 403


def test_notes_are_private_to_staff_and_author(client: Client, staff: dict[str, User]) -> None:
    essay = essay_at(S.IN_EDIT, staff)
    client.force_login(staff["editor"])
    client.post(reverse("publishing:note", args=[essay.pk]), {"body": "Check the dates."})
    client.force_login(staff["author"])
    assert (
        "Check the dates."
        in client.get(reverse("publishing:workbench", args=[essay.pk])).content.decode()
    )
    client.force_login(staff["reader"])
    assert (
        client.post(reverse("publishing:note", args=[essay.pk]), {"body": "hi"}).status_code == 403
    )


def test_editor_adjusts_credits_others_cannot(client: Client, staff: dict[str, User]) -> None:
    essay = essay_at(S.PUBLISHED, staff)
    url = reverse("publishing:credit", args=[essay.pk])
    client.force_login(staff["copy_editor"])
    assert (
        client.post(url, {"role": "editor", "username": staff["copy_editor"].username}).status_code
        == 403
    )
    client.force_login(staff["editor"])
    assert (
        client.post(url, {"role": "editor", "username": staff["editor"].username}).status_code
        == 302
    )
    assert essay.credits.get(role=Credit.Role.EDITOR).person == staff["editor"]
    assert EssayEvent.objects.filter(essay=essay, action="credit").exists()


def test_editors_pick(client: Client, staff: dict[str, User]) -> None:
    essay = essay_at(S.PUBLISHED, staff)
    url = reverse("publishing:pick", args=[essay.pk])
    client.force_login(staff["copy_editor"])
    assert client.post(url, {"picked": "1"}).status_code == 403
    client.force_login(staff["editor"])
    client.post(url, {"picked": "1"})
    essay.refresh_from_db()
    assert essay.editors_pick
    page = client.get(essay.get_absolute_url()).content.decode()
    assert "Editor’s Pick" in page


def test_social_copy_only_in_its_step(client: Client, staff: dict[str, User]) -> None:
    data = {
        "share_title": "T",
        "share_description": "D",
        "facebook": "F",
        "x": "X",
        "newsletter": "N",
    }
    early = essay_at(S.IN_EDIT, staff)
    client.force_login(staff["social_editor"])
    assert client.post(reverse("publishing:social", args=[early.pk]), data).status_code == 409
    essay = essay_at(S.SOCIAL, staff)
    essay.social.delete()
    assert client.post(reverse("publishing:social", args=[essay.pk]), data).status_code == 302
    assert (
        client.post(
            reverse("publishing:social", args=[essay.pk]), {**data, "x": "x" * 281}
        ).status_code
        == 400
    )
    client.force_login(staff["copy_editor"])
    assert client.post(reverse("publishing:social", args=[essay.pk]), data).status_code == 403


def test_hearts_one_per_person_and_undoable(client: Client, staff: dict[str, User]) -> None:
    essay = essay_at(S.PUBLISHED, staff)
    url = reverse("publishing:heart", args=[essay.slug])
    assert client.post(url).status_code == 302  # to sign in
    assert not essay.hearts.exists()
    client.force_login(staff["reader"])
    assert client.post(url, HTTP_ACCEPT="application/json").json() == {"hearted": True, "hearts": 1}
    assert client.post(url, HTTP_ACCEPT="application/json").json() == {
        "hearted": False,
        "hearts": 0,
    }
    client.post(url)
    client.force_login(UserFactory())
    client.post(url)
    assert essay.hearts.count() == 2
    draft = essay_at(S.DRAFT, staff)
    assert client.post(reverse("publishing:heart", args=[draft.slug])).status_code == 404
