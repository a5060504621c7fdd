"""Errors people can read (issue 11): 403, 404, 405 and 500 in the site's layout, each with a
<main> landmark and a way back; the 500 page renders without touching the database."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import CommentFactory, UserFactory
from thoughtful.web.views import server_error

pytestmark = pytest.mark.django_db


def _in_layout(html: str) -> None:
    assert '<main id="main"' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert 'href="/"' in html  # the way back


def test_403_says_why_and_where_to_go(client: Client) -> None:
    client.force_login(UserFactory())
    response = client.get(reverse("publishing:desk"))
    assert response.status_code == 403
    html = response.content.decode()
    _in_layout(html)
    assert "The desk is for contributors and editorial staff." in html
    assert "You are signed in as" in html and reverse("web:contact") in html
    assert "Forbidden" not in html


def test_403_for_a_stranger_offers_sign_in(client: Client) -> None:
    # A staff-only page a stranger can reach without the login redirect: the admin's is a
    # redirect, so use the handler directly with a refused request.
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from thoughtful.web.views import forbidden

    request = RequestFactory().get("/desk/somewhere/")
    request.user = AnonymousUser()
    response = forbidden(request, PermissionDenied("Only moderators can do that."))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Only moderators can do that." in html
    assert reverse("people:sign-in") + "?next=/desk/somewhere/" in html


def test_404_in_the_layout_with_ways_on(client: Client) -> None:
    response = client.get("/essays/no-such-essay/")
    assert response.status_code == 404
    html = response.content.decode()
    _in_layout(html)
    assert "We couldn't find that page" in html
    assert reverse("web:archive") in html and reverse("publishing:search") in html


def test_405_is_a_page_that_keeps_the_allow_header(client: Client) -> None:
    response = client.post("/")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    html = response.content.decode()
    _in_layout(html)
    assert "can only be opened as a page" in html


def test_405_for_a_form_address_says_to_send_the_form(client: Client) -> None:
    response = client.get(reverse("web:beacon"))
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert "receives a form" in response.content.decode()


def test_the_api_keeps_its_own_405(client: Client) -> None:
    response = client.get("/api/v1/score")
    assert response.status_code == 405
    assert "<main" not in response.content.decode()


def test_500_renders_in_the_layout_without_a_query() -> None:
    request = RequestFactory().get("/")
    with CaptureQueriesContext(connection) as queries:
        response = server_error(request)
    assert len(queries) == 0
    assert response.status_code == 500
    html = response.content.decode()
    _in_layout(html)
    assert "Something went wrong on our side" in html


def test_500_when_the_database_is_down(monkeypatch: Any) -> None:
    """Every query fails: the page still renders (no context processor, no query)."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the 500 page queried the database")

    with connection.execute_wrapper(refuse):
        response = server_error(RequestFactory().get("/essays/x/"))
    assert response.status_code == 500
    assert "<main" in response.content.decode()


def test_an_unhandled_error_reaches_the_500_page(client: Client, monkeypatch: Any) -> None:
    from thoughtful.web import views

    def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(views.front, "front_page", explode)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_editing_after_the_window_says_the_window_has_closed(client: Client) -> None:
    comment = CommentFactory()
    comment.created_at = timezone.now() - timedelta(hours=1)
    comment.save(update_fields=["created_at"])
    client.force_login(comment.author)
    url = reverse("web:comment-edit", args=[comment.pk])
    for response in (client.get(url), client.post(url, {"body": "Too late to change"})):
        assert response.status_code == 403
        html = response.content.decode()
        assert "The edit window has closed" in html
        assert "Forbidden" not in html
        assert comment.get_absolute_url() in html
    comment.refresh_from_db()
    assert comment.body != "Too late to change"


def test_someone_elses_comment_is_refused_with_a_reason(client: Client) -> None:
    comment = CommentFactory()
    client.force_login(UserFactory())
    response = client.get(reverse("web:comment-edit", args=[comment.pk]))
    assert response.status_code == 403
    assert "Only the person who wrote a comment can edit it." in response.content.decode()
