"""The nudge links the community guidelines (issue 11): the writer can see what we act on."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from thoughtful.people.models import User
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db


def test_the_nudge_links_the_guidelines(
    client: Client, writer: User, essay: Essay, fixed_scorer
) -> None:  # type: ignore[no-untyped-def]
    fixed_scorer.scores = {"toxicity": 0.62}
    client.force_login(writer)
    html = client.post(
        reverse("web:post-comment", args=[essay.slug]),
        {"body": "Honestly this is the whiniest thing I have read all year."},
    ).content.decode()
    nudge = html[html.index('<div class="nudge"') :]
    assert reverse("web:guidelines") in nudge[: nudge.index("</div>")]
