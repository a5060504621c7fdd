"""Staff badges next to names (issue 14, item 10b): readers can tell the real staff at a glance,
and nobody else ever gets one."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import CommentFactory, EssayFactory, UserFactory
from thoughtful.discussion import actions as discussion_actions
from thoughtful.people import actions as people_actions
from thoughtful.people.models import User
from thoughtful.people.roles import Role

pytestmark = pytest.mark.django_db


def _person(username: str, *roles: Role, superuser: bool = False) -> User:
    person = UserFactory(username=username, display_name=username.title(), is_superuser=superuser)
    for role in roles:
        people_actions.grant_role(user=person, role=role)
    return person


def _badges_by_author(html: str) -> dict[str, list[str]]:
    """For each comment on the page, its author's name and the badges printed beside it."""
    found: dict[str, list[str]] = {}
    for header in re.findall(r'<header class="comment-meta">(.*?)</header>', html, re.S):
        name = re.search(r'class="comment-author"[^>]*>([^<]+)</a>', header)
        assert name
        found[name.group(1)] = re.findall(
            r'<span class="badge badge-staff[^"]*"[^>]*>([^<]+)<', header
        )
    return found


def test_comments_show_badges_for_staff_only(client: Client) -> None:
    essay = EssayFactory()
    people = [
        _person("maya", Role.MODERATOR),
        _person("edna", Role.EDITOR),
        _person("both", Role.EDITOR, Role.MODERATOR),
        _person("root", superuser=True),
        _person("cory", Role.COPY_EDITOR),
        _person("writer", Role.CONTRIBUTOR),
        _person("reader"),
    ]
    for person in people:
        CommentFactory(essay=essay, author=person, body=f"A thought from {person.username}.")
    badges = _badges_by_author(client.get(essay.get_absolute_url()).content.decode())
    assert badges == {
        "Maya": ["Moderator"],
        "Edna": ["Editor"],
        "Both": ["Editor", "Moderator"],
        "Root": ["Admin"],
        "Cory": [],
        "Writer": [],
        "Reader": [],
    }


def test_a_featured_comment_and_the_thread_view_show_the_badge(client: Client) -> None:
    essay = EssayFactory()
    maya = _person("maya", Role.MODERATOR)
    comment = CommentFactory(essay=essay, author=maya, body="Please keep it kind.")
    CommentFactory(essay=essay, author=_person("reader"), parent=comment, root=comment, depth=1)
    discussion_actions.set_featured(person=maya, comment=comment, featured=True)
    html = client.get(essay.get_absolute_url()).content.decode()
    featured = html[html.index("featured-comment") :]
    assert re.search(r"badge-staff[^>]*>Moderator<", featured[: featured.index("</article>")])
    thread = client.get(reverse("web:thread", args=[essay.slug, comment.pk]))
    assert thread.status_code == 200
    assert _badges_by_author(thread.content.decode())["Maya"] == ["Moderator"]


def test_author_cards_show_the_badge(client: Client) -> None:
    editor = _person("edna", Role.EDITOR)
    reader_author = _person("writer", Role.CONTRIBUTOR)
    by_editor = EssayFactory(author=editor)
    by_writer = EssayFactory(author=reader_author)

    def card(url: str) -> str:
        html = client.get(url).content.decode()
        start = html.index('<aside class="author-card"')
        return html[start : html.index("</aside>", start)]

    assert re.search(r"badge-staff[^>]*>Editor<", card(by_editor.get_absolute_url()))
    assert re.search(r"badge-staff[^>]*>Editor<", card(editor.get_absolute_url()))
    assert "badge-staff" not in card(by_writer.get_absolute_url())
    assert "badge-staff" not in card(reader_author.get_absolute_url())


def test_a_badge_goes_when_the_role_goes_and_never_follows_a_name(client: Client) -> None:
    essay = EssayFactory()
    maya = _person("maya", Role.MODERATOR)
    CommentFactory(essay=essay, author=maya)
    assert _badges_by_author(client.get(essay.get_absolute_url()).content.decode())["Maya"] == [
        "Moderator"
    ]
    maya.groups.clear()
    assert _badges_by_author(client.get(essay.get_absolute_url()).content.decode())["Maya"] == []
    # A deactivated moderator speaks for the magazine no more.
    people_actions.grant_role(user=maya, role=Role.MODERATOR)
    maya.is_active = False
    maya.save()
    assert _badges_by_author(client.get(essay.get_absolute_url()).content.decode())["Maya"] == []


def test_badges_cost_no_query_per_comment(client: Client) -> None:
    essay = EssayFactory()
    CommentFactory(essay=essay, author=_person("maya", Role.MODERATOR))
    client.get(essay.get_absolute_url())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(essay.get_absolute_url())
    for n in range(15):
        CommentFactory(
            essay=essay, author=_person(f"p{n}", Role.EDITOR if n % 2 else Role.CONTRIBUTOR)
        )
    client.get(essay.get_absolute_url())
    with CaptureQueriesContext(connection) as many:
        client.get(essay.get_absolute_url())
    assert len(many.captured_queries) <= len(few.captured_queries) + 2
