"""Every change to essays happens here. The editorial workflow (issue 5) grows this module."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from thoughtful.markup import render_essay
from thoughtful.people.models import User
from thoughtful.publishing.models import Credit, Essay, Image, RelatedPick, Tag


def get_or_create_tag(name: str) -> Tag:
    tag, _ = Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return tag


@transaction.atomic
def save_essay(
    *,
    author: User,
    title: str,
    body: str,
    standfirst: str = "",
    slug: str = "",
    tags: Sequence[str] = (),
    featured_image: Image | None = None,
    essay: Essay | None = None,
) -> Essay:
    """Create or update an essay's text; the body is rendered and sanitised once, here."""
    if essay is None:
        essay = Essay(author=author, slug=slug or slugify(title)[:200])
    essay.title = title
    essay.standfirst = standfirst
    essay.body = body
    essay.body_html = render_essay(body)
    if featured_image is not None:
        essay.featured_image = featured_image
    essay.save()
    if tags:
        essay.tags.set([get_or_create_tag(name) for name in tags])
    Credit.objects.update_or_create(
        essay=essay, role=Credit.Role.AUTHOR, defaults={"person": essay.author}
    )
    return essay


@transaction.atomic
def publish(*, essay: Essay, at: datetime | None = None) -> Essay:
    essay.status = Essay.Status.PUBLISHED
    essay.published_at = at or essay.published_at or timezone.now()
    essay.save(update_fields=["status", "published_at", "updated_at"])
    return essay


@transaction.atomic
def set_credit(*, essay: Essay, role: Credit.Role, person: User) -> Credit:
    credit, _ = Credit.objects.update_or_create(essay=essay, role=role, defaults={"person": person})
    return credit


@transaction.atomic
def set_picks(*, essay: Essay, picks: Sequence[Essay]) -> None:
    RelatedPick.objects.filter(essay=essay).delete()
    RelatedPick.objects.bulk_create(
        RelatedPick(essay=essay, pick=pick, position=i)
        for i, pick in enumerate(picks)
        if pick.pk != essay.pk
    )
