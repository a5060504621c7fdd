"""The read beacon and the visit's first source (issue 12, thoughtful/web/visits.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory

from tests.factories import EssayFactory
from thoughtful.publishing.models import Essay
from thoughtful.publishing.reads import VISITOR_COOKIE, total_reads
from thoughtful.web.visits import SOURCE_COOKIE, first_source

pytestmark = pytest.mark.django_db

LANDING = "http://testserver/essays/{slug}/?utm_source=mastodon&utm_campaign=spring&x=1"


@pytest.fixture
def essay() -> Essay:
    return EssayFactory()


def _source_of(client: Client) -> dict[str, Any] | None:
    request = RequestFactory().get("/")
    request.COOKIES = {k: v.value for k, v in client.cookies.items()}
    return first_source(request)


def test_the_beacon_counts_the_read_and_records_where_the_visit_came_from(
    client: Client, essay: Essay
) -> None:
    response = client.post(
        "/beacon/",
        {
            "essay": essay.slug,
            "ref": "https://social.example/@someone/1234",
            "url": LANDING.format(slug=essay.slug),
        },
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 204
    assert "no-store" in response["Cache-Control"]
    assert total_reads(essay) == 1
    assert VISITOR_COOKIE in client.cookies
    source = _source_of(client)
    assert source is not None
    assert source["referrer"] == "https://social.example/@someone/1234"
    assert source["referrer_host"] == "social.example"
    assert source["utm"] == {"utm_source": "mastodon", "utm_campaign": "spring"}
    assert source["landing"] == f"/essays/{essay.slug}/"
    assert source["essay"] == essay.slug
    # A later visit keeps the first source.
    client.post("/beacon/", {"essay": EssayFactory().slug, "ref": "https://other.example/"})
    assert _source_of(client) == source


def test_a_visit_that_lands_on_the_home_page_gets_its_first_essay_later(
    client: Client, essay: Essay
) -> None:
    client.post("/beacon/", {"ref": "", "url": "http://testserver/?utm_medium=email"})
    assert total_reads(essay) == 0
    landed = _source_of(client)
    assert landed is not None and landed["essay"] == "" and landed["referrer"] == ""
    assert landed["utm"] == {"utm_medium": "email"}
    client.post("/beacon/", {"essay": essay.slug, "ref": "http://testserver/"})
    later = _source_of(client)
    assert later == {**landed, "essay": essay.slug}


def test_a_forged_source_cookie_reads_as_none(client: Client, essay: Essay) -> None:
    client.post("/beacon/", {"essay": essay.slug, "ref": "https://a.example/"})
    value = client.cookies[SOURCE_COOKIE].value
    client.cookies[SOURCE_COOKIE] = value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB")
    assert _source_of(client) is None
    assert first_source(RequestFactory().get("/")) is None


def test_cross_site_beacons_are_refused(client: Client, essay: Essay) -> None:
    response = client.post("/beacon/", {"essay": essay.slug}, HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    response = client.post("/beacon/", {"essay": essay.slug}, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert total_reads(essay) == 0 and client.cookies == {}


def test_unknown_essays_and_oversized_bodies_are_refused(client: Client, essay: Essay) -> None:
    assert client.post("/beacon/", {"essay": "no-such-essay"}).status_code == 404
    draft = EssayFactory(status=Essay.Status.DRAFT)
    assert client.post("/beacon/", {"essay": draft.slug}).status_code == 404
    assert client.post("/beacon/", {"essay": essay.slug, "ref": "x" * 5000}).status_code == 413
    assert client.get("/beacon/").status_code == 405
    assert total_reads(draft) == 0


def test_beacons_are_rate_limited_per_address(settings: Any, essay: Essay) -> None:
    settings.BEACON_PER_MINUTE = 3
    codes = [
        Client(REMOTE_ADDR="192.0.2.7").post("/beacon/", {"essay": essay.slug}).status_code
        for _ in range(5)
    ]
    assert codes[:3] == [204, 204, 204] and codes[3:] == [429, 429]
    assert Client(REMOTE_ADDR="192.0.2.8").post("/beacon/", {}).status_code == 204
