"""The editorial workflow over the API: the desk's list and steps, with the desk's checks."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import assert_error, bearer, post_json, token_for
from tests.factories import EssayFactory, UserFactory
from tests.moderation.conftest import make_moderator
from thoughtful.people.roles import Role
from thoughtful.publishing.models import Essay, EssayEvent

pytestmark = pytest.mark.django_db


def test_an_editor_lists_and_takes_steps_with_a_write_token() -> None:
    editor = make_moderator("eddie", Role.EDITOR)
    submitted = EssayFactory(status=Essay.Status.SUBMITTED, published_at=None)
    EssayFactory()  # published: on nobody's desk
    raw = token_for(editor, "write")
    listing = Client().get("/api/v1/workflow/essays", **bearer(raw)).json()
    assert [i["id"] for i in listing["items"]] == [submitted.pk]
    assert {t["action"] for t in listing["items"][0]["transitions"]} >= {"claim_edit", "return"}
    done = post_json(
        Client(),
        f"/api/v1/workflow/essays/{submitted.pk}/transitions",
        {"action": "claim_edit"},
        **bearer(raw),
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "in_edit" and done.json()["assignee"]["username"] == "eddie"
    event = EssayEvent.objects.get(essay=submitted)
    assert event.actor == editor and event.action == "claim_edit"
    # The same step again: the state is wrong now.
    again = post_json(
        Client(),
        f"/api/v1/workflow/essays/{submitted.pk}/transitions",
        {"action": "claim_edit"},
        **bearer(raw),
    )
    assert_error(again, 409, "illegal_transition")
    no_note = post_json(
        Client(),
        f"/api/v1/workflow/essays/{submitted.pk}/transitions",
        {"action": "return"},
        **bearer(raw),
    )
    assert_error(no_note, 422, "invalid")
    assert (
        post_json(
            Client(),
            f"/api/v1/workflow/essays/{submitted.pk}/transitions",
            {"action": "fly"},
            **bearer(raw),
        ).status_code
        == 422
    )


def test_roles_and_scopes_decide_as_on_the_desk() -> None:
    essay = EssayFactory(status=Essay.Status.SUBMITTED, published_at=None)
    reader = UserFactory(username="rita")
    assert_error(
        Client().get("/api/v1/workflow/essays", **bearer(token_for(reader, "write"))),
        403,
        "forbidden",
    )
    copy_editor = make_moderator("cora", Role.COPY_EDITOR)
    step = post_json(
        Client(),
        f"/api/v1/workflow/essays/{essay.pk}/transitions",
        {"action": "claim_edit"},
        **bearer(token_for(copy_editor, "write")),
    )
    assert_error(step, 403, "forbidden")
    editor = make_moderator("eddie", Role.EDITOR)
    assert_error(
        Client().get("/api/v1/workflow/essays", **bearer(token_for(editor, "read"))), 403, "scope"
    )
    assert_error(Client().get("/api/v1/workflow/essays"), 401, "not_authenticated")
    assert_error(
        Client().get("/api/v1/workflow/essays/999999", **bearer(token_for(editor, "write"))),
        404,
        "not_found",
    )
    essay.refresh_from_db()
    assert essay.status == Essay.Status.SUBMITTED


def test_an_author_submits_their_own_draft() -> None:
    author = make_moderator("ann", Role.CONTRIBUTOR)
    draft = EssayFactory(author=author, status=Essay.Status.DRAFT, published_at=None)
    other = EssayFactory(status=Essay.Status.DRAFT, published_at=None)
    raw = token_for(author, "write")
    assert_error(
        Client().get(f"/api/v1/workflow/essays/{other.pk}", **bearer(raw)), 403, "forbidden"
    )
    done = post_json(
        Client(),
        f"/api/v1/workflow/essays/{draft.pk}/transitions",
        {"action": "submit"},
        **bearer(raw),
    )
    assert done.status_code == 200 and done.json()["status"] == "submitted"
