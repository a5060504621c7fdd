"""The malformed-input sweep (issue 14, item 8): every GET route, hostile values, no 5xx.

Walks the URL resolver (tests/urlwalk.py, as the other sweeps do) and, for each route and for a
stranger and an admin, sends a NUL, a surrogate (as the UTF-8-style bytes a client can actually
send), over-long and wrong-typed values, in each path parameter and in every query parameter the
code reads. Any answer of 500 or more fails, naming the request. A new view or a new query
parameter is covered without touching this file (a guard test fails when the code reads a query
parameter the sweep doesn't send). The embed's routes refuse a request without a real site
first, so tests/embed/test_malformed_input.py sends them the same values with a real one.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import CommentFactory, EssayFactory, TagFactory, UserFactory
from tests.urlwalk import Route, all_routes
from thoughtful.moderation import selectors

pytestmark = pytest.mark.django_db

NUL = "a%00b"
SURROGATE = "%ED%A0%80"  # "\ud800" as a client would encode it; no UTF-8 text holds it
LONG = "x" * 5000
HUGE = "9" * 5000  # past Python's 4,300-digit limit on int()
BIG = "9" * 30  # past 64 bits
PATH_VALUES = (NUL, SURROGATE, LONG, BIG)
QUERY_VALUES = (NUL, SURROGATE, LONG, HUGE, BIG, "-1", "1e999", "nan", "[]", "\\ud800")
# Every query parameter the code reads (request.GET, ninja's query arguments, the desk's
# Filters); test_the_sweep_sends_every_query_parameter keeps this list honest.
QUERY_NAMES = (
    "a",
    "action",
    "after",
    "b",
    "before",
    "comment",
    "commenter",
    "endpoint",
    "essay",
    "format",
    "key",
    "limit",
    "next",
    "page",
    "q",
    "reason",
    "show",
    "since",
    "site",
    "sort",
    "theme",
    "thread",
    "title",
    "url",
    "version",
)
ROOT = Path(__file__).resolve().parents[1] / "thoughtful"
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _concrete_routes() -> list[Route]:
    # Regex routes (the admin's catch-alls) take no parameters worth fuzzing here.
    return [
        r
        for r in all_routes()
        if not r.is_regex and not re.search(r"[()\[\]?*+\\|{}^$]", r.template)
    ]


def _fill(template: str, samples: dict[str, str], bad: tuple[str, str] | None = None) -> str:
    """The route with real values (so the request gets past the lookup), or one replaced."""

    def value(match: re.Match[str]) -> str:
        name = match.group(2)
        if bad is not None and name == bad[0]:
            return bad[1]
        return samples.get(name, "1")

    return "/" + PARAM.sub(value, template)


def _requests(samples: dict[str, str]) -> list[str]:
    urls = []
    for route in _concrete_routes():
        for name in route.params:
            urls += [_fill(route.template, samples, (name, v)) for v in PATH_VALUES]
        good = _fill(route.template, samples)
        for v in QUERY_VALUES:
            urls.append(good + "?" + "&".join(f"{n}={v}" for n in QUERY_NAMES))
    return urls


def _world() -> dict[str, str]:
    author = UserFactory(username="sweep-author")
    essay = EssayFactory(slug="sweep-essay", author=author)
    TagFactory(name="sweep essay", slug="sweep-essay")
    comment = CommentFactory(essay=essay)
    return {
        "slug": essay.slug,
        "username": author.username,
        "comment_id": str(comment.pk),
        "pk": str(essay.pk),
        "person_id": str(author.pk),
        "object_id": str(essay.pk),
        "id": str(author.pk),
        "name": "held",
        "token": "x",
        "token_id": "1",
        "action": "submit",
    }


def test_no_get_route_answers_5xx_to_malformed_input() -> None:
    samples = _world()
    admin = UserFactory(username="sweep-admin", is_staff=True, is_superuser=True)
    stranger = Client(raise_request_exception=False)
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(admin)
    urls = _requests(samples)
    assert len(urls) > 1000  # the walk found the routes
    failures = []
    for client, who in ((stranger, "stranger"), (signed_in, "admin")):
        for url in urls:
            status = client.get(url).status_code
            if status >= 500:
                failures.append(f"{who}: GET {url[:160]} -> {status}")
    assert not failures, "\n".join(failures[:40])


def test_the_sweep_sends_every_query_parameter() -> None:
    read = set()
    for source in ROOT.rglob("*.py"):
        text = source.read_text()
        read |= set(re.findall(r"\.GET(?:\.get|\.getlist)?[(\[]\"(\w+)\"", text))
    read |= {f.name for f in dataclasses.fields(selectors.Filters)}  # Filters.from_query(GET)
    missing = read - set(QUERY_NAMES)
    assert not missing, f"add these query parameters to QUERY_NAMES: {sorted(missing)}"


# Issue 11: the account and newsletter forms take POSTed text; each field gets every hostile
# value (the GET walk above already covers their addresses and path parameters).
FORM_VALUES = (NUL, SURROGATE, LONG, "", "[]", "1e999")  # as a client encodes them
ACCOUNT_FORMS = {
    "/account/email/": ("email", "password"),
    "/account/password/": ("old_password", "new_password1", "new_password2"),
    "/account/delete/": ("password", "confirm"),
    "/newsletter/": ("email",),
    "/newsletter/confirm/x/": (),
    "/newsletter/unsubscribe/x/": (),
    "/account/address/MQ/x/": (),
}


def test_account_and_newsletter_forms_answer_malformed_input_without_5xx() -> None:
    person = UserFactory(username="sweep-person")
    client = Client(raise_request_exception=False)
    client.force_login(person)
    failures = []
    for url, fields in ACCOUNT_FORMS.items():
        for value in FORM_VALUES:
            body = "&".join(f"{name}={value}" for name in fields or ("anything",))
            status = client.post(
                url, body, content_type="application/x-www-form-urlencoded"
            ).status_code
            if status >= 500:
                failures.append(f"POST {url} {value[:20]!r} -> {status}")
    person.refresh_from_db()
    assert person.deleted_at is None and person.pending_email == ""  # nothing was accepted
    assert not failures, "\n".join(failures)
