from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from thoughtful.discussion.models import Comment
from thoughtful.embed.models import EmbedSite
from thoughtful.people.models import User
from thoughtful.people.roles import Role
from thoughtful.publishing.models import Credit, Essay

pytestmark = pytest.mark.django_db


def test_load_demo_is_complete_and_idempotent(client: Client) -> None:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    assert "password for all: thoughtful-demo" in printed
    counts = (Essay.objects.count(), Comment.objects.count(), User.objects.count())
    assert Essay.objects.filter(status=Essay.Status.PUBLISHED).count() == 8
    call_command("load_demo", stdout=io.StringIO())
    assert (Essay.objects.count(), Comment.objects.count(), User.objects.count()) == counts

    for role in Role:
        assert User.objects.filter(groups__name=role.value).exists(), role
    assert User.objects.filter(is_superuser=True).exists()
    assert Comment.objects.filter(status=Comment.Status.HELD).exists()
    tags_used = {t for e in Essay.objects.all() for t in e.tags.values_list("slug", flat=True)}
    assert len(tags_used) >= 4

    demo_reader = User.objects.get(username="reader")
    assert demo_reader.check_password("thoughtful-demo")
    # The embed demo (examples/embed-demo on port 8001) may show threads (issue 13), once.
    embed_site = EmbedSite.objects.get(key="demo")
    assert embed_site.origins == ["http://127.0.0.1:8001", "http://localhost:8001"]

    for essay in Essay.objects.filter(status=Essay.Status.PUBLISHED):
        assert essay.featured_image is not None and essay.featured_image.alt_text
        assert {c.role for c in essay.credits.all()} == set(Credit.Role.values)
        page = client.get(essay.get_absolute_url())
        assert page.status_code == 200
        html = page.content.decode()
        assert essay.featured_image.credit.replace("'", "&#x27;") in html
        assert "Related reads" in html and "Leave a thoughtful comment" in html


def test_load_demo_refuses_production(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", stdout=io.StringIO())
    assert Essay.objects.count() == 0


def test_demo_gives_every_desk_work(client: Client) -> None:
    call_command("load_demo", stdout=io.StringIO())
    statuses = set(Essay.objects.values_list("status", flat=True))
    assert {"draft", "returned", "submitted", "in_edit", "copy_edit", "social", "ready"} <= statuses
    assert "scheduled" in statuses
    assert Essay.objects.exclude(due_at=None).exists()
    expected = {
        "contributor": "Your essays in progress",
        "editor": "Submitted: waiting for an editor",
        "copyeditor": "Copy edit",
        "socialeditor": "Social copy",
    }
    for username, heading in expected.items():
        client.force_login(User.objects.get(username=username))
        page = client.get("/desk/").content.decode()
        assert heading in page
        assert "Nothing waiting." not in page.split(heading, 1)[1].split("</section>", 1)[0]
    in_edit = Essay.objects.get(status="in_edit")
    assert in_edit.events.filter(action="claim_edit").exists()


def test_load_demo_twice_keeps_one_image_per_essay() -> None:
    from thoughtful.publishing.models import Image

    call_command("load_demo", stdout=io.StringIO())
    images = Image.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert Image.objects.count() == images
