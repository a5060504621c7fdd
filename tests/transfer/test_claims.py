"""Claiming imported history (issue 13): a person proves they hold the imported address (an
emailed link, or their own verified address) and the comments move to their account."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from thoughtful.discussion.models import Comment
from thoughtful.standing.models import Standing
from thoughtful.transfer import claims
from thoughtful.transfer.models import ImportedProfile

pytestmark = pytest.mark.django_db


def _link() -> str:
    (message,) = mail.outbox
    found = re.search(r"https?://\S+", message.body)
    assert found is not None
    return urlsplit(found.group(0)).path


def test_the_emailed_link_moves_the_comments(
    wordpress_imported: str, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    person = UserFactory(username="jun", email="jpark@example.org")
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("transfer:claim"), {"email": "Jun@Example.net"})
    assert response.status_code == 302 and response["Location"] == reverse("transfer:claim-sent")
    (message,) = mail.outbox
    assert message.to == ["jun@example.net"]
    link = _link()
    page = client.get(link)
    assert page.status_code == 200 and "jun@example.net" in page.content.decode()
    assert not Comment.objects.filter(author=person).exists()  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    assert Comment.objects.filter(author=person).count() == 2
    profile = ImportedProfile.objects.get(email="jun@example.net")
    assert profile.claimed_by == person and profile.claimed_at is not None
    assert Standing.objects.get(person=person).parts["comments"] == 2
    html = client.get(reverse("web:essay", args=["the-long-walk-home"])).content.decode()
    assert person.display_name in html
    # Used once: nothing is left to claim.
    assert claims.claim_with_link(person=person, token=link.rstrip("/").rsplit("/", 1)[1]) == 0


def test_a_link_made_for_someone_else_claims_nothing(
    wordpress_imported: str, client: Client
) -> None:
    asker = UserFactory(username="asker")
    token = claims.make_token(person=asker, email="jun@example.net")
    client.force_login(UserFactory(username="other"))
    url = reverse("transfer:claim-confirm", args=[token])
    assert client.post(url).status_code == 400
    assert client.get(reverse("transfer:claim-confirm", args=["forged"])).status_code == 400
    assert ImportedProfile.objects.get(email="jun@example.net").claimed_at is None


def test_a_verified_address_claims_at_once(wordpress_imported: str, client: Client) -> None:
    person = UserFactory(username="rae", email="rae@example.net", email_verified_at=timezone.now())
    client.force_login(person)
    response = client.post(reverse("transfer:claim"), {"email": "rae@example.net"})
    assert response.status_code == 302 and not mail.outbox
    assert Comment.objects.filter(author=person).count() == 1


def test_the_answer_is_the_same_without_history(
    wordpress_imported: str, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(UserFactory(username="newcomer"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("transfer:claim"), {"email": "nobody@example.net"})
    assert response["Location"] == reverse("transfer:claim-sent")
    assert not mail.outbox


def test_strangers_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("transfer:claim"))
    assert response.status_code == 302 and reverse("people:sign-in") in response["Location"]


def test_later_imports_go_to_the_claimer(wordpress_imported: str) -> None:
    from tests.transfer.conftest import DISQUS, run

    person = UserFactory(username="jun2", email="jun@example.net", email_verified_at=timezone.now())
    claims.request_claim(person=person, email="jun@example.net")
    run("import_disqus", str(DISQUS))
    assert Comment.objects.filter(author=person).count() == 3
