"""Essays: /api/v1/essays..., published only (the public pages' rule: Essay.objects.published).

Drafts and essays in the workflow are the editorial desk's (api.workflow), never listed here.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from thoughtful.api import auth
from thoughtful.api.errors import ApiError, ErrorOut
from thoughtful.api.pagination import page
from thoughtful.api.schemas import EssayOut, PersonRef, person_ref
from thoughtful.discussion import selectors as discussion_selectors
from thoughtful.people.models import User
from thoughtful.publishing import selectors
from thoughtful.publishing.models import Essay, Tag

router = Router(tags=["essays"], auth=auth.public())

ORDER = ("-published_at", "-id")


class EssayPage(Schema):
    items: list[EssayOut]
    next_cursor: str | None


class CreditOut(Schema):
    role: str
    person: PersonRef


class EssayDetail(EssayOut):
    body_html: str
    credits: list[CreditOut]
    comment_count: int
    hearts: int
    comments_url: str


def essay_json(essay: Essay) -> dict[str, Any]:
    return {
        "slug": essay.slug,
        "title": essay.title,
        "standfirst": essay.standfirst,
        "url": essay.get_absolute_url(),
        "author": person_ref(essay.author),
        "tags": [{"slug": t.slug, "name": t.name} for t in essay.tags.all()],
        "published_at": essay.published_at,
    }


def _page(rows: Any, after: str, limit: int) -> dict[str, Any]:
    essays, next_cursor = page(rows, fields=ORDER, after=after or None, limit=limit)
    return {"items": [essay_json(e) for e in essays], "next_cursor": next_cursor}


PAGING = (
    "Newest first. `limit` is 1 to 50 (default 20); `after` is the `next_cursor` of the "
    "previous page (a broken one is a 400 with code `bad_cursor`)."
)


@router.get(
    "/essays",
    response={200: EssayPage, 400: ErrorOut},
    summary="Published essays",
    description=PAGING,
)
def essay_list(request: HttpRequest, after: str = "", limit: int = 20) -> Any:
    return _page(selectors.published_essays(), after, limit)


@router.get(
    "/essays/{slug}",
    response={200: EssayDetail, 404: ErrorOut},
    summary="One published essay",
)
def essay_detail(request: HttpRequest, slug: str) -> Any:
    essay = selectors.essay_for_page(slug)
    if essay is None:
        raise ApiError(404, "not_found", "No essay here.")
    return {
        **essay_json(essay),
        "body_html": essay.body_html,
        "credits": [
            {"role": c.role, "person": person_ref(c.person)}
            for c in selectors.credits_in_order(essay)
        ],
        "comment_count": discussion_selectors.comment_count(essay),
        "hearts": selectors.heart_count(essay),
        "comments_url": f"/api/v1/essays/{essay.slug}/comments",
    }


@router.get(
    "/people/{username}/essays",
    response={200: EssayPage, 400: ErrorOut, 404: ErrorOut},
    summary="A writer's published essays",
    description=PAGING,
)
def essays_by(request: HttpRequest, username: str, after: str = "", limit: int = 20) -> Any:
    person = User.objects.filter(username=username, is_active=True).first()
    if person is None:
        raise ApiError(404, "not_found", "No such person.")
    return _page(selectors.published_essays().filter(author=person), after, limit)


@router.get(
    "/tags/{slug}/essays",
    response={200: EssayPage, 400: ErrorOut, 404: ErrorOut},
    summary="Published essays with a tag",
    description=PAGING,
)
def essays_tagged(request: HttpRequest, slug: str, after: str = "", limit: int = 20) -> Any:
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise ApiError(404, "not_found", "No such tag.")
    return _page(selectors.published_essays().filter(tags=tag), after, limit)
