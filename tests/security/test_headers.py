"""Every page carries a Content-Security-Policy and a Permissions-Policy (issue 14, item 9).

The browser half (no "Refused to ..." in Chromium's console on the main pages) is
tests/browser/test_csp.py; this half checks the headers and that no template needs an
exception to them (no inline script, no style attribute).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import CommentFactory, EssayFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2] / "thoughtful"


def _directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize(
    "path", ["/", "/essays/on-grief/", "/account/sign-in/", "/api/v1/docs", "/nowhere/"]
)
def test_pages_carry_the_content_security_policy(client: Client, path: str) -> None:
    essay = EssayFactory(slug="on-grief")
    CommentFactory(essay=essay)
    response = client.get(path)
    assert response.status_code in (200, 404)
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert set(policy["img-src"]) == {"'self'", "data:"}
    assert not any("unsafe" in v for values in policy.values() for v in values)


def test_pages_carry_a_permissions_policy(client: Client) -> None:
    header = client.get("/")["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in header


def test_a_refused_request_carries_the_policies_too(client: Client) -> None:
    response = client.get("/people/a%00b/")
    assert response.status_code == 400
    assert "Content-Security-Policy" in response and "Permissions-Policy" in response


def test_templates_have_no_inline_script_or_style() -> None:
    for template in ROOT.rglob("templates/**/*.html"):
        html = template.read_text()
        assert not re.search(r"\sstyle=", html), f"{template}: a style attribute"
        assert "<style" not in html, f"{template}: an inline <style>"
        assert not re.search(r"\son[a-z]+=", html), f"{template}: an inline event handler"
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or "application/ld+json" in tag, f"{template}: inline {tag}"
