"""One error shape everywhere in the API; the Perspective endpoint keeps Google's."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import assert_error, bearer, post_json, token_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_kind_of_failure_has_the_one_shape(client: Client) -> None:
    assert_error(client.get("/api/v1/essays/missing"), 404, "not_found")
    assert_error(client.get("/api/v1/me"), 401, "not_authenticated")
    assert_error(client.get("/api/v1/me", **bearer("thp_not-a-token")), 401, "not_authenticated")
    invalid = assert_error(client.get("/api/v1/essays", {"limit": "many"}), 422, "invalid")
    assert isinstance(invalid["detail"], list)  # the field errors, as before
    assert_error(client.get("/api/v1/essays?after=a%00b"), 400, "bad_request")
    raw = token_for(UserFactory(username="ada"), "write")
    broken = client.post(
        "/api/v1/essays/x/comments", b"{", content_type="application/json", **bearer(raw)
    )
    assert_error(broken, 400, "bad_request")


def test_the_first_endpoints_keep_detail_and_gain_a_code(client: Client) -> None:
    # /api/v1/score answered {"detail": ...}; it still does, with the code beside it.
    response = client.post("/api/v1/score", {"text": "hi"}, content_type="application/json")
    body = assert_error(response, 401, "not_authenticated")
    assert body["detail"] == "Unauthorized"
    queue = client.get("/api/v1/moderation/queues/held")
    assert_error(queue, 401, "not_authenticated")


def test_perspective_errors_stay_google_shaped(client: Client) -> None:
    response = post_json(client, "/v1alpha1/comments:analyze", {"comment": {}})
    body = response.json()
    assert response.status_code >= 400
    assert set(body) == {"error"} and {"code", "message", "status"} <= set(body["error"])
    assert isinstance(body["error"]["code"], int)  # Google's: the HTTP status as a number


def test_the_schema_documents_the_error_shape(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    error = schema["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["error", "detail"]
    assert error["properties"]["error"]["required"] == ["code", "message"]
    paths = schema["paths"]
    for path in (
        "/api/v1/essays",
        "/api/v1/essays/{slug}/comments",
        "/api/v1/comments/{comment_id}",
        "/api/v1/people/{username}",
        "/api/v1/workflow/essays/{pk}/transitions",
    ):
        assert path in paths, path
    security = paths["/api/v1/me"]["get"]["security"]
    assert {"TokenAuth": []} in security and {"CookieAuth": []} in security
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
