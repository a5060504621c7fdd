"""People: a public profile with the contribution score (what the author page shows), and
/me for the caller. Only active accounts have a profile, as on the site."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from thoughtful.api import auth
from thoughtful.api.errors import ApiError, ErrorOut
from thoughtful.people.models import User
from thoughtful.standing import selectors as standing_selectors
from thoughtful.standing.formula import WEIGHTS
from thoughtful.standing.models import Standing
from thoughtful.tokens.models import Scope

router = Router(tags=["people"])

PARTS = ("essays", "reads", "comments", "thoughtful", "hearts", "picks")


class ContributionOut(Schema):
    score: int
    parts: dict[str, int]
    weights: dict[str, int]
    computed_at: datetime | None
    formula_url: str


class ProfileOut(Schema):
    username: str
    name: str
    bio: str
    url: str
    joined: datetime
    contribution: int
    essays_url: str


class MeOut(ProfileOut):
    scopes: list[str]
    token: str | None  # the token's name when called with one


def _person(username: str) -> User:
    person = User.objects.filter(username=username, is_active=True).first()
    if person is None:
        raise ApiError(404, "not_found", "No such person.")
    return person


def profile_json(person: User) -> dict[str, Any]:
    return {
        "username": person.username,
        "name": person.public_name,
        "bio": person.bio,
        "url": person.get_absolute_url(),
        "joined": person.date_joined,
        "contribution": standing_selectors.score_of(person),
        "essays_url": f"/api/v1/people/{person.username}/essays",
    }


@router.get(
    "/people/{username}",
    auth=auth.public(),
    response={200: ProfileOut, 404: ErrorOut},
    summary="A person's public profile",
)
def profile(request: HttpRequest, username: str) -> Any:
    return profile_json(_person(username))


@router.get(
    "/people/{username}/contribution",
    auth=auth.public(),
    response={200: ContributionOut, 404: ErrorOut},
    summary="A person's contribution score and its parts",
    description="The published formula (/about/contribution/): each part times its weight.",
)
def contribution(request: HttpRequest, username: str) -> Any:
    person = _person(username)
    score = standing_selectors.score_of(person)  # asks for a refresh when stale
    standing = Standing.objects.filter(person=person).first()
    stored = standing.parts if standing else {}
    return {
        "score": score,
        "parts": {name: int(stored.get(name, 0)) for name in PARTS},
        "weights": dict(WEIGHTS),
        "computed_at": standing.computed_at if standing else None,
        "formula_url": "/about/contribution/",
    }


@router.get(
    "/me",
    auth=auth.signed_in(),
    response={200: MeOut},
    summary="Who you are calling as, and with which scopes",
)
def me(request: HttpRequest) -> Any:
    caller = auth.caller_of(request)
    person = auth.person_of(request, Scope.READ)
    return {
        **profile_json(person),
        "scopes": sorted(caller.scopes),
        "token": caller.token.name if caller.token else None,
    }
