"""The desk's JSON API goes through the same actions as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.moderation.conftest import held
from thoughtful.discussion.models import Comment
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db


def test_queue_and_decision(client: Client, moderator: User, essay: Essay, commenter: User) -> None:
    comment = held(essay, commenter, "Over the line.")
    client.force_login(moderator)
    page = client.get("/api/v1/moderation/queues/held").json()
    assert [item["id"] for item in page["items"]] == [comment.pk]
    assert page["items"][0]["reasons"] == ["score_hold"]
    url = f"/api/v1/moderation/comments/{comment.pk}/decision"
    bad = client.post(url, {"decision": "reject"}, content_type="application/json")
    assert bad.status_code == 400
    done = client.post(
        url,
        {"decision": "reject", "reason_code": "personal_attack"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "rejected"
    again = client.post(url, {"decision": "approve"}, content_type="application/json")
    assert again.status_code == 409 and "Already decided by Maya" in again.json()["detail"]
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.REJECTED
    assert client.get("/api/v1/moderation/queues/nope").status_code == 404
