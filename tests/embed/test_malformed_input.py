"""The embed's routes with hostile values in each parameter, the others real (issue 14, item 8,
for issue 13's routes): a clear 4xx, never a 5xx. The site-wide sweep
(tests/test_malformed_input_sweep.py) cannot reach past the site lookup, so this one does."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.embed.conftest import PAGE, bearer
from tests.factories import CommentFactory
from tests.test_malformed_input_sweep import HUGE, LONG, NUL, SURROGATE
from thoughtful.embed import actions
from thoughtful.embed.models import EmbedSite
from thoughtful.people.models import User

pytestmark = pytest.mark.django_db

BAD = ("\x00", "\u202e", LONG, HUGE, "https://[::1")
RAW_QUERY_BAD = (NUL, SURROGATE)


def test_embed_routes_never_answer_5xx(site: EmbedSite, reader: User) -> None:
    page = actions.open_page(site=site, url=PAGE)
    comment = CommentFactory(essay=page.essay)
    good = {
        "site": site.key,
        "url": PAGE,
        "title": "Hills",
        "theme": "dark",
        "sort": "latest",
        "after": "",
        "thread": str(comment.pk),
        "body": "A kind comment.",
        "parent": str(comment.pk),
        "nudge": "",
        "idempotency_key": "k",
        "choice": "post",
        "reason": "spam",
        "text": "",
        "username": "ruth",
        "password": "x",
    }
    client = Client(raise_request_exception=False)
    auth = bearer(reader, site)
    failures = []
    # Each route with the parameters it reads.
    gets = {
        "/embed/thread/": ("site", "url", "title", "theme", "sort"),
        "/embed/comments/": ("site", "url", "sort", "after", "thread"),
        "/embed/sign-in/": ("site",),
    }
    posts = {
        "/embed/api/comments/": (
            "site",
            "url",
            "title",
            "body",
            "parent",
            "nudge",
            "idempotency_key",
            "choice",
        ),
        f"/embed/api/comments/{comment.pk}/thoughtful/": ("site",),
        f"/embed/api/comments/{comment.pk}/report/": ("site", "reason", "text"),
        f"/embed/api/comments/{comment.pk}/delete/": ("site",),
        "/embed/sign-in/": ("site", "username", "password"),
    }
    for method, routes in (("get", gets), ("post", posts)):
        for path, names in routes.items():
            for name in names:
                for value in BAD:
                    status = getattr(client, method)(
                        path, {**good, name: value}, **auth
                    ).status_code
                    if status >= 500:
                        failures.append(f"{method} {path} {name}={value[:20]!r} -> {status}")
                if method == "get":
                    for raw in RAW_QUERY_BAD:
                        url = f"{path}?site={site.key}&url={PAGE}&{name}={raw}"
                        status = client.get(url).status_code
                        if status >= 500:
                            failures.append(f"GET {path} {name}={raw} (raw) -> {status}")
    for path in ("/embed/api/comments/99999999999999999999/thoughtful/",):
        status = client.post(path, {"site": site.key}, **auth).status_code
        if status >= 500:
            failures.append(f"POST {path} -> {status}")
    assert not failures, "\n".join(failures[:40])
