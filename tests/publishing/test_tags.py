"""Tags in any script (issue 14, item 3): every tag gets a working, unique slug; the pages,
sitemap and feeds that link tags keep answering; the essay form says when a tag is too long or
there are too many. Runs on SQLite and on PostgreSQL (CI's second pass)."""

from __future__ import annotations

import importlib
from datetime import timedelta
from urllib.parse import unquote

import feedparser
import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.publishing.conftest import essay_at
from thoughtful.people.models import User
from thoughtful.publishing import actions
from thoughtful.publishing.forms import EssayForm
from thoughtful.publishing.models import Essay, Tag
from thoughtful.publishing.tags import MAX_TAG_LENGTH, MAX_TAGS, tag_slug

pytestmark = pytest.mark.django_db
S = Essay.Status

SCRIPTS = {
    "cyrillic": "Любовь и горе",
    "chinese": "悲伤",
    "greek": "Λύπη",
    "arabic": "الحزن",
    "emoji": "🔥🌊",
    "punctuation": "?!…",
    "other punctuation": "—",
}


def _publish_with_tags(names: list[str], **kwargs: object) -> Essay:
    author = UserFactory()
    essay = actions.save_essay(
        author=author, title="Tagged in many scripts", body="Words.", tags=names, **kwargs
    )
    return actions.publish(essay=essay, at=timezone.now() - timedelta(hours=1))


def test_tags_in_any_script_get_distinct_working_slugs() -> None:
    essay = _publish_with_tags(list(SCRIPTS.values()))
    tags = list(essay.tags.all())
    assert sorted(t.name for t in tags) == sorted(SCRIPTS.values())
    slugs = [t.slug for t in tags]
    assert all(slugs), slugs
    assert len(set(slugs)) == len(slugs)
    by_name = {t.name: t.slug for t in tags}
    assert by_name["Любовь и горе"] == "любовь-и-горе"
    assert by_name["悲伤"] == "悲伤"


@pytest.mark.parametrize("script", list(SCRIPTS))
def test_pages_sitemap_and_feeds_answer_and_link_a_tag(client: Client, script: str) -> None:
    name = SCRIPTS[script]
    essay = _publish_with_tags([name, "Grief"])
    tag = Tag.objects.get(name=name)
    url = tag.get_absolute_url()

    home = client.get("/")
    assert home.status_code == 200
    assert f'href="{url}"' in home.content.decode()
    page = client.get(essay.get_absolute_url())
    assert page.status_code == 200
    assert f'href="{url}"' in page.content.decode()
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert f"http://testserver{url}</loc>" in sitemap.content.decode()

    tag_page = client.get(url)
    assert tag_page.status_code == 200
    assert essay.title in tag_page.content.decode()
    assert unquote(url) == f"/tags/{tag.slug}/"
    for kind in ("rss", "atom"):
        feed_url = reverse(f"publishing:tag-feed-{kind}", args=[tag.slug])
        response = client.get(feed_url)
        assert response.status_code == 200, kind
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.bozo_exception
        assert [e.title for e in feed.entries] == [essay.title]
        assert name in feed.feed.title


def test_names_that_slugify_alike_stay_apart() -> None:
    first = actions.get_or_create_tag("C++")
    second = actions.get_or_create_tag("C#")
    third = actions.get_or_create_tag("c")
    assert len({first.pk, second.pk, third.pk}) == 3
    assert len({first.slug, second.slug, third.slug}) == 3
    # The same name in another case is the same topic, not a new tag.
    assert actions.get_or_create_tag("GRIEF") == actions.get_or_create_tag("grief")
    assert actions.get_or_create_tag("  C++ ") == first


def test_slugs_fit_the_column() -> None:
    longest = "Ж" * MAX_TAG_LENGTH
    assert 0 < len(tag_slug(longest)) <= Tag._meta.get_field("slug").max_length  # type: ignore[operator]
    assert tag_slug("???") == tag_slug("???")  # stable
    assert tag_slug("???") != tag_slug("!!!")


def test_long_tag_is_a_message_not_a_500(staff: dict[str, User]) -> None:
    """Over 60 characters was a 500 on PostgreSQL (value too long for varchar(60))."""
    too_long = "x" * (MAX_TAG_LENGTH + 1)
    with pytest.raises(ValidationError, match="at most 60"):
        actions.save_essay(author=staff["author"], title="T", body="B", tags=[too_long])
    assert not Tag.objects.exists()


def test_essay_form_limits_tags() -> None:
    long_tag = EssayForm({"title": "T", "body": "B", "tags": "ok, " + "ы" * 61})
    assert not long_tag.is_valid()
    assert "at most 60 characters" in long_tag.errors["tags"][0]
    many = EssayForm(
        {"title": "T", "body": "B", "tags": ", ".join(f"t{i}" for i in range(MAX_TAGS + 1))}
    )
    assert not many.is_valid()
    assert f"At most {MAX_TAGS} tags" in many.errors["tags"][0]
    fine = EssayForm({"title": "T", "body": "B", "tags": "Grief, grief , , Любовь"})
    assert fine.is_valid(), fine.errors
    assert fine.tag_names() == ["Grief", "Любовь"]


def test_the_workbench_shows_the_tag_message_and_keeps_the_text(
    client: Client, staff: dict[str, User]
) -> None:
    essay = essay_at(S.DRAFT, staff)
    client.force_login(staff["author"])
    response = client.post(
        reverse("publishing:edit", args=[essay.pk]),
        {"title": "New title", "body": "My new body", "tags": "y" * 80},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "at most 60 characters" in page
    assert "My new body" in page
    new = client.post(
        reverse("publishing:new"), {"title": "Fresh", "body": "Fresh body", "tags": "z" * 61}
    )
    assert new.status_code == 400  # a refused form is a 400 on both desks' forms (issue 11)
    assert "at most 60 characters" in new.content.decode()
    assert not Essay.objects.filter(title="Fresh").exists()


def test_migration_repairs_empty_and_invalid_slugs() -> None:
    broken = Tag.objects.create(name="???", slug="")
    odd = Tag.objects.create(name="Grief & loss", slug="Grief & loss")
    fine = Tag.objects.create(name="Work", slug="work")
    migration = importlib.import_module("thoughtful.publishing.migrations.0004_unicode_tag_slugs")
    migration.repair_tag_slugs(django_apps, None)
    for tag in (broken, odd, fine):
        tag.refresh_from_db()
    assert broken.slug == tag_slug("???")
    assert odd.slug == "grief-loss"
    assert fine.slug == "work"
