"""Every page that a person in each role can open, for the phone and accessibility sweeps
(issue 11: tests/browser/test_phones.py, tests/browser/test_axe.py).

The list is built from the URL conf (tests/urlwalk.py), not kept by hand: each route's
parameters get values from the demo publication, each role asks for each address, and what
answers 200 (or 400, a page that explains a bad link) with a whole HTML document is a page that
role sees. A route added tomorrow is swept tomorrow; a route with a parameter nobody gave a value
fails here, with the name to add to `_candidates`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests import urlwalk
from thoughtful.discussion import notifications
from thoughtful.discussion.models import Comment
from thoughtful.moderation.models import PileOnAlert, Sanction
from thoughtful.moderation.selectors import QUEUES
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay, EssayRevision, Tag
from thoughtful.web.demo import ANCHOR_SLUG

# Every role, each with its demo account (thoughtful/web/demo.py ROLE_ACCOUNTS).
ROLES: dict[str, str | None] = {
    "anonymous": None,
    "reader": "reader",
    "contributor": "contributor",
    "editor": "editor",
    "copy editor": "copyeditor",
    "social editor": "socialeditor",
    "moderator": "moderator",
    "admin": "admin",
}

# Not the site's own pages, and why. Everything else the walk finds is requested.
NOT_OURS = (
    "admin/",  # Django's own admin: its templates and styles are Django's
    "api/",  # the machine interface; its docs page is django-ninja's Swagger UI
)
# Parameters whose every value is a page of its own (each moderation queue); any other
# parameter takes the first of its candidates that the role may open.
EVERY_VALUE = {"name"}
# Addresses that are not a route's bare form but are pages all the same.
EXTRA_PAGES = (
    ("essay, newest first", f"/essays/{ANCHOR_SLUG}/?sort=latest"),
    ("not found", "/no-such-page/"),
)
# Pages the walk must reach, so a broken login or a lost value cannot empty it quietly.
EVERYONE_SEES = {"web:home", "web:essay", "web:thread", "web:tag", "web:author", "web:guidelines"}
ROLE_SEES: dict[str, set[str]] = {
    "reader": {"people:profile", "web:comment-report"},
    "editor": {"publishing:desk", "publishing:workbench", "publishing:revisions"},
    "moderator": {"moderation:home", "moderation:queue", "moderation:person", "shield:alert"},
    "admin": {"publishing:workbench", "moderation:queue"},
}
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


@dataclass
class Pages:
    role: str
    person: User | None
    client: Client
    found: list[tuple[str, str]] = field(default_factory=list)  # (route name, address)

    @property
    def names(self) -> set[str]:
        return {name for name, _ in self.found}

    def session_cookie(self, base_url: str) -> list[dict[str, Any]]:
        """The signed-in session for a browser context, or nothing for a stranger."""
        if self.person is None:
            return []
        name = settings.SESSION_COOKIE_NAME
        return [{"name": name, "value": self.client.cookies[name].value, "url": base_url}]


def load_demo() -> None:
    call_command("load_demo", stdout=io.StringIO())


def _ids(queryset: Any) -> list[str]:
    return [str(pk) for pk in queryset.values_list("pk", flat=True)]


def _candidates(person: User | None) -> dict[str, list[str]]:
    """Values to try for each parameter (keyed by converter:name, or by name alone)."""
    essay = Essay.objects.get(slug=ANCHOR_SLUG)
    comments = Comment.objects.filter(essay=essay, status=Comment.Status.PUBLISHED)
    with_replies = comments.filter(reply_count__gt=0).order_by("pk").first()
    mine = comments.filter(author=person).order_by("pk").first() if person else None
    tag = Tag.objects.filter(essays__status=Essay.Status.PUBLISHED).order_by("pk").first()
    reader = User.objects.get(username="reader")
    sanctioned = Sanction.objects.order_by("pk").first()
    return {
        "slug": [essay.slug],
        "uslug:slug": [tag.slug] if tag else [],
        "comment_id": [str(c.pk) for c in (mine, with_replies) if c is not None],
        "username": [essay.author.username],
        # The first essay this role may open on the desk.
        "pk": _ids(Essay.objects.order_by("status", "pk")),
        "essay_id": [str(essay.pk)],
        "revision_id": _ids(EssayRevision.objects.order_by("pk")[:1]),
        "person_id": [str(sanctioned.person_id)] if sanctioned else [str(reader.pk)],
        "sanction_id": _ids(Sanction.objects.filter(person=person).order_by("pk"))
        + _ids(Sanction.objects.order_by("pk")[:1]),
        "appeal_id": ["1"],  # POST only
        "alert_id": _ids(PileOnAlert.objects.order_by("pk")[:3]),
        "name": list(QUEUES),
        "token": [notifications.unsubscribe_token(person or reader, "replies")],
        "uidb64": ["x"],  # the "this link is not valid" pages
        "action": ["x"],  # POST only
        "what": ["x"],  # POST only
        "token_id": ["1"],  # POST only (revoke an API token)
        "delivery_id": ["1"],  # POST only (resend a webhook delivery)
        "path": [],  # uploads: images, not pages
    }


def _addresses(route: urlwalk.Route, values: dict[str, list[str]]) -> Iterator[list[str]]:
    """Groups of addresses for a route: each group is one page, tried in order until one works."""
    params = [(conv or "", name) for conv, name in _PARAM.findall(route.template)]
    options = []
    for conv, name in params:
        key = f"{conv}:{name}" if f"{conv}:{name}" in values else name
        assert key in values, (
            f"{route.template} ({route.name}): no value for <{conv}:{name}>; give it "
            "candidates in tests/browser/site_pages.py _candidates"
        )
        options.append(values[key][:40])
    every = [i for i, (_, name) in enumerate(params) if name in EVERY_VALUE]
    # One group per combination of the EVERY_VALUE parameters.
    for chosen in product(*[options[i] for i in every]) if every else [()]:
        picked = dict(zip(every, chosen, strict=True))
        lists = [[picked[i]] if i in picked else opts for i, opts in enumerate(options)]
        group = []
        for combo in product(*lists):
            group.append(route.path({name: v for (_, name), v in zip(params, combo, strict=True)}))
            if len(group) >= 40:
                break
        yield group


def _is_page(response: Any) -> bool:
    if response.status_code not in (200, 400):
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    head = response.content[:200].lstrip().lower()
    return head.startswith(b"<!doctype html")


def pages_for(role: str) -> Pages:
    """The pages `role` can open, found by asking the site with Django's test client."""
    username = ROLES[role]
    person = User.objects.get(username=username) if username else None
    client = Client()
    if person is not None:
        client.force_login(person)
    found = Pages(role=role, person=person, client=client)
    values = _candidates(person)
    for route in urlwalk.all_routes():
        if route.is_regex or route.template.startswith(NOT_OURS):
            continue
        for group in _addresses(route, values):
            for address in group:
                if _is_page(client.get(address)):
                    found.found.append((route.name, address))
                    break
    missing = (EVERYONE_SEES | ROLE_SEES.get(role, set())) - found.names
    assert not missing, f"the walk found no page for {sorted(missing)} as {role}"
    for label, address in EXTRA_PAGES:
        response = client.get(address)
        assert response.content.lstrip().lower().startswith(b"<!doctype html"), address
        found.found.append((label, address))
    return found
