"""Shapes shared by several resources."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema

from thoughtful.people.models import User


class PersonRef(Schema):
    username: str
    name: str
    url: str


class TagOut(Schema):
    slug: str
    name: str


class EssayOut(Schema):
    slug: str
    title: str
    standfirst: str
    url: str
    author: PersonRef
    tags: list[TagOut]
    published_at: datetime | None


def person_ref(person: User) -> dict[str, str]:
    return {
        "username": person.username,
        "name": person.public_name,
        "url": person.get_absolute_url(),
    }
