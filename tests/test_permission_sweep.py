"""The permission sweep (Lobsters' lesson): walk every URL pattern and every API route and prove
that desk and staff routes refuse everyone who isn't allowed, so a new view cannot forget its
check.

- Every route under /desk/moderation/ must be listed in MODERATION_ROUTES with the permission it
  needs, carry `required_permission` (set by moderation.access.desk_view), and answer a stranger
  with a sign-in redirect and a reader, contributor or copy editor with 403. An unlisted route
  fails the test: list it here, with its rule, when you add it.
- A view from moderation.views mounted anywhere else fails.
- Every other route under /desk/ (the editorial desk) must refuse strangers, and plain readers
  too unless declared in PERSONAL_DESK_ROUTES.
- Every route under /desk/webhooks/ must be listed in WEBHOOK_ROUTES, carry
  `required_permission` (set by webhooks.access.operator_view), and refuse everyone but the
  site's operators: moderators and editors included.
- /admin/ refuses strangers and non-staff.
- Every API route under /api/v1/moderation/ refuses strangers and non-moderators (401/403).
- Every API route under /api/v1/workflow/ refuses strangers (401) and readers (403), and every
  API route that writes refuses strangers (issue 13).
- Every route under /embed/api/ (the embedded thread's endpoints, issue 13) refuses everyone
  without the embed's token, signed-in people with a session cookie included (401): a cookie
  must never authenticate a request a host page could have made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from tests import urlwalk
from tests.factories import UserFactory
from tests.moderation.conftest import make_moderator
from thoughtful.people.roles import Role

pytestmark = pytest.mark.django_db

MODERATION_PREFIX = "/desk/moderation/"
MODERATION_ROUTES: dict[str, str] = {
    "moderation:home": "can_moderate",
    "moderation:queue": "can_moderate",
    "moderation:decide": "can_moderate",
    "moderation:bulk": "can_moderate",
    "moderation:person": "can_moderate",
    "moderation:sanction": "can_moderate",
    "moderation:lift": "can_moderate",
    "moderation:appeals": "can_moderate",
    "moderation:decide-appeal": "can_moderate",
    "moderation:resolve-alert": "can_moderate",
    "moderation:log": "can_moderate",
    "moderation:dashboard": "can_moderate",
    # The shield's pages on the desk (issue 9).
    "shield:alert": "can_moderate",
    "shield:bulk": "can_moderate",
    "shield:pin": "can_moderate",
    "shield:essays": "can_moderate",
}
# The webhooks page (issue 13): operators only (superusers, or the "change endpoint" permission).
WEBHOOK_PREFIX = "/desk/webhooks/"
WEBHOOK_ROUTES: dict[str, str] = {
    "webhooks:home": "can_manage_webhooks",
    "webhooks:add-endpoint": "can_manage_webhooks",
    "webhooks:resend": "can_manage_webhooks",
}
API_STAFF_PREFIX = "/api/v1/moderation/"
EMBED_API_PREFIX = "/embed/api/"
# Routes under /desk/ that any signed-in person may open because they show only that person's
# own things (strangers are still sent to sign in).
PERSONAL_DESK_ROUTES = {"web:stats"}  # a contributor's own reads and comments
# Issue 11: the newsletter desk is for editors and social editors (can_send_newsletter).
NEWSLETTER_ROUTES = {
    "newsletter:desk",
    "newsletter:draft",
    "newsletter:preview",
    "newsletter:send",
}
ACCOUNT_PREFIX = "/account/"
# Issue 11: a person's own account pages: strangers are sent to sign in.
ACCOUNT_ROUTES = {
    "people:profile",
    "people:change-email",
    "people:request-verification",
    "people:change-password",
    "people:sign-out-everywhere",
    "people:export",
    "people:delete",
    # Moderation's pages for the sanctioned person (issue 3).
    "moderation-public:my-sanctions",
    "moderation-public:appeal",
    # Issue 13: the person's API tokens and claiming imported history (the claim link is a
    # signed secret, but following it moves comments to the signed-in account).
    "tokens:list",
    "tokens:revoke",
    "transfer:claim",
    "transfer:claim-sent",
    "transfer:claim-confirm",
}
# The rest of /account/ is for people who are not signed in, or answers an emailed secret.
PUBLIC_ACCOUNT_ROUTES = {
    "people:sign-up",
    "people:sign-up-sent",
    "people:confirm-email",
    "people:sign-in",
    "people:sign-in-link",
    "people:sign-out",
    "people:password-reset",
    "people:password-reset-sent",
    "people:password-reset-done",
    "people:password-reset-confirm",
    "people:confirm-address",
    "people:deleted",
}
SAMPLES = {
    "int": "1",
    "slug": "held",
    "str": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000001",
}


@dataclass
class Route:
    path: str  # a concrete URL to request
    template: str
    name: str
    callback: Any


def _concrete(template: str) -> str | None:
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1) or "str", "x"), template)
    route = route.replace("^", "").replace("$", "").replace("\\Z", "")
    if re.search(r"[()\[\]?*+\\|{}]", route):
        return None  # a regex with groups: not requested, but still classified by prefix
    return "/" + route


# The URL resolver is walked once, by tests/urlwalk.py (shared with the visibility and
# malformed-input sweeps); this sweep adds a concrete address to request for each route.
ROUTES = [
    Route(
        path=_concrete(r.template) or "/" + r.template,
        template=r.template,
        name=r.name,
        callback=r.callback,
    )
    for r in urlwalk.all_routes()
]


def _people() -> dict[str, Client]:
    clients = {"anonymous": Client()}
    reader = UserFactory(username="sweep-reader")
    contributor = make_moderator("sweep-contributor", Role.CONTRIBUTOR)
    copy_editor = make_moderator("sweep-copyeditor", Role.COPY_EDITOR)
    for label, person in (
        ("reader", reader),
        ("contributor", contributor),
        ("copy editor", copy_editor),
    ):
        client = Client()
        client.force_login(person)
        clients[label] = client
    return clients


def _refused(response: Any, anonymous: bool) -> bool:
    if response.status_code in (401, 403):
        return True
    if anonymous and response.status_code == 302:
        return "sign-in" in response["Location"] or "login" in response["Location"]
    return False


def test_the_walk_finds_the_desk_and_the_api() -> None:
    names = {r.name for r in ROUTES}
    assert set(MODERATION_ROUTES) <= names
    assert any(r.path.startswith(API_STAFF_PREFIX) for r in ROUTES)
    assert any(r.path.startswith("/admin/") for r in ROUTES)


def test_every_moderation_route_is_declared_and_guarded() -> None:
    for route in ROUTES:
        if route.path.startswith(MODERATION_PREFIX):
            assert route.name in MODERATION_ROUTES, (
                f"{route.template} ({route.name}) is a desk route nobody declared: add it to "
                "MODERATION_ROUTES with its permission, and wrap it in desk_view"
            )
            required = getattr(route.callback, "required_permission", None)
            assert required == MODERATION_ROUTES[route.name], route.template
        module = getattr(route.callback, "__module__", "")
        if module == "thoughtful.moderation.views":
            assert route.path.startswith(MODERATION_PREFIX), (
                f"{route.template}: a desk view mounted outside {MODERATION_PREFIX}"
            )


def test_moderation_desk_refuses_everyone_else() -> None:
    clients = _people()
    moderator = Client()
    moderator.force_login(make_moderator("sweep-mod"))
    checked = 0
    for route in ROUTES:
        if not route.path.startswith(MODERATION_PREFIX):
            continue
        for method in ("get", "post"):
            for label, client in clients.items():
                response = getattr(client, method)(route.path)
                assert _refused(response, label == "anonymous"), (
                    f"{method.upper()} {route.path} let a {label} through ({response.status_code})"
                )
            # The permission check comes before any lookup: a moderator gets past it.
            assert getattr(moderator, method)(route.path).status_code != 403, route.path
            checked += 1
    assert checked >= 2 * len(MODERATION_ROUTES)


def test_every_webhook_route_is_declared_and_refuses_all_but_operators() -> None:
    from django.contrib.auth.models import Permission

    clients = _people()
    for label, role in (("moderator", Role.MODERATOR), ("editor", Role.EDITOR)):
        client = Client()
        client.force_login(make_moderator(f"sweep-{label}", role))
        clients[label] = client
    operator = make_moderator("sweep-operator", Role.CONTRIBUTOR)
    operator.user_permissions.add(Permission.objects.get(codename="change_endpoint"))
    allowed = Client()
    allowed.force_login(operator)
    checked = set()
    for route in ROUTES:
        if not route.path.startswith(WEBHOOK_PREFIX):
            continue
        assert route.name in WEBHOOK_ROUTES, (
            f"{route.template} ({route.name}) is a webhooks route nobody declared: add it to "
            "WEBHOOK_ROUTES with its permission, and wrap it in operator_view"
        )
        assert getattr(route.callback, "required_permission", None) == WEBHOOK_ROUTES[route.name]
        for method in ("get", "post"):
            for label, client in clients.items():
                response = getattr(client, method)(route.path)
                assert _refused(response, label == "anonymous"), (
                    f"{method.upper()} {route.path} let a {label} through ({response.status_code})"
                )
            assert getattr(allowed, method)(route.path).status_code != 403, route.path
        checked.add(route.name)
    assert checked == set(WEBHOOK_ROUTES)


def test_other_desk_routes_refuse_strangers_and_readers() -> None:
    clients = _people()
    for route in ROUTES:
        if not route.path.startswith("/desk/") or route.path.startswith(MODERATION_PREFIX):
            continue
        if _concrete(route.template) is None:
            continue
        for label in ("anonymous", "reader"):
            if label == "reader" and route.name in PERSONAL_DESK_ROUTES:
                continue
            response = clients[label].get(route.path)
            assert _refused(response, label == "anonymous") or response.status_code in (
                404,
                405,
            ), f"GET {route.path} let a {label} through ({response.status_code})"


def test_admin_refuses_strangers_and_non_staff() -> None:
    clients = _people()
    for route in ROUTES:
        if not route.path.startswith("/admin/") or "login" in route.name or "logout" in route.name:
            continue
        if _concrete(route.template) is None:
            continue
        for label in ("anonymous", "reader", "contributor"):
            response = clients[label].get(route.path)
            assert response.status_code in (302, 403, 404), (route.path, label)
            if response.status_code == 302:
                assert "/admin/login/" in response["Location"], (route.path, label)


def _api_operations() -> list[tuple[str, list[str]]]:
    from thoughtful.api.urls import api

    operations = []
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                full = "/api/v1" + ("/" + prefix.strip("/") if prefix.strip("/") else "") + path
                operations.append((full, operation.methods))
    return operations


def _api_path(template: str) -> str:
    return re.sub(
        r"\{(\w+)\}",
        lambda m: "1" if m.group(1).endswith("id") or m.group(1) == "pk" else "held",
        template,
    )


def test_workflow_api_refuses_strangers_and_readers() -> None:
    from tests.api.conftest import bearer, token_for

    routes = [(p, m) for p, m in _api_operations() if p.startswith("/api/v1/workflow/")]
    assert len(routes) >= 3, "the walk found no workflow API routes"
    reader = UserFactory(username="sweep-reader")
    clients = {"anonymous": ({}, 401), "reader's token": (bearer(token_for(reader, "write")), 403)}
    signed_in = Client()
    signed_in.force_login(reader)
    for template, methods in routes:
        path = _api_path(template)
        for method in methods:
            call = method.lower()
            for label, (headers, status) in clients.items():
                response = getattr(Client(), call)(
                    path,
                    data={} if call == "get" else "{}",
                    content_type="application/json",
                    **headers,
                )
                assert response.status_code == status, (method, path, label)
            response = getattr(signed_in, call)(
                path, data={} if call == "get" else "{}", content_type="application/json"
            )
            assert response.status_code == 403, (method, path, "reader's session")


def test_api_writes_refuse_strangers() -> None:
    writes = [
        (p, m)
        for p, methods in _api_operations()
        for m in methods
        if m != "GET" and not p.startswith("/api/v1/score")
    ]
    assert len(writes) >= 6
    for template, method in writes:
        response = getattr(Client(), method.lower())(
            _api_path(template), data="{}", content_type="application/json"
        )
        assert response.status_code in (401, 403), (method, template, response.status_code)


def test_moderation_api_refuses_everyone_else() -> None:
    operations = _api_operations()
    staff = [(p, m) for p, m in operations if p.startswith(API_STAFF_PREFIX)]
    assert staff, "the walk found no moderation API routes"
    clients = _people()
    moderator = Client()
    moderator.force_login(make_moderator("sweep-mod"))
    for template, methods in staff:
        path = re.sub(
            r"\{(\w+)\}", lambda m: "1" if m.group(1).endswith("id") else "held", template
        )
        for method in methods:
            call = method.lower()
            for label, client in clients.items():
                response = getattr(client, call)(
                    path, data={} if call == "get" else "{}", content_type="application/json"
                )
                assert response.status_code in (401, 403), (
                    f"{method} {path} let a {label} through ({response.status_code})"
                )
            response = getattr(moderator, call)(
                path, data={} if call == "get" else "{}", content_type="application/json"
            )
            assert response.status_code not in (401, 403), (method, path)


def test_embed_endpoints_refuse_everyone_without_a_token() -> None:
    from thoughtful.embed.models import EmbedSite

    site = EmbedSite.objects.create(
        name="Sweep", key="sweep", allowed_origins="https://sweep.example", owner=UserFactory()
    )
    routes = [r for r in ROUTES if r.path.startswith(EMBED_API_PREFIX)]
    assert routes, "the walk found no embed endpoints"
    for route in routes:
        for label, client in _people().items():
            response = client.post(
                route.path, {"site": site.key, "url": "https://sweep.example/", "body": "x"}
            )
            assert response.status_code == 401, (
                f"POST {route.path} let a {label} through without a token ({response.status_code})"
            )


def test_every_account_route_is_declared_personal_or_public() -> None:
    for route in ROUTES:
        if route.path.startswith(ACCOUNT_PREFIX):
            assert route.name in ACCOUNT_ROUTES | PUBLIC_ACCOUNT_ROUTES, (
                f"{route.template} ({route.name}): declare it in ACCOUNT_ROUTES (signed-in only) "
                "or PUBLIC_ACCOUNT_ROUTES"
            )
    assert {r.name for r in ROUTES} >= ACCOUNT_ROUTES


def test_account_routes_send_strangers_to_sign_in() -> None:
    for route in ROUTES:
        if route.name not in ACCOUNT_ROUTES:
            continue
        for method in ("get", "post"):
            response = getattr(Client(), method)(route.path)
            assert response.status_code == 302 and "sign-in" in response["Location"], (
                f"{method.upper()} {route.path} let a stranger through ({response.status_code})"
            )


def test_the_newsletter_desk_refuses_everyone_but_editors() -> None:
    clients = _people()
    social_editor = Client()
    social_editor.force_login(make_moderator("sweep-social", Role.SOCIAL_EDITOR))
    checked = 0
    for route in ROUTES:
        if route.name not in NEWSLETTER_ROUTES:
            continue
        for label, client in clients.items():
            response = client.post(route.path)
            assert _refused(response, label == "anonymous"), (
                f"POST {route.path} let a {label} through ({response.status_code})"
            )
        assert social_editor.get(route.path).status_code != 403, route.path
        checked += 1
    assert checked == len(NEWSLETTER_ROUTES)
