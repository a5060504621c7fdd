"""Control characters in user text (issue 14, item 6): every form cleans every text field; a
line break in a one-line field becomes a space, invisible controls are taken out with a
message on the field; email headers are folded to one line; feeds get XML-safe text."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

import thoughtful
from tests.factories import EssayFactory, UserFactory
from thoughtful.discussion.models import Comment
from thoughtful.people.actions import grant_role
from thoughtful.people.models import User
from thoughtful.people.roles import Role
from thoughtful.publishing.forms import EssayForm, NoteForm
from thoughtful.publishing.models import Essay
from thoughtful.security.text import CleanTextMixin, clean_text, one_line, xml_safe

# --- The helpers -----------------------------------------------------------------------------


def test_clean_text_one_line() -> None:
    assert clean_text("On\r\nsilence\x0cand\ttabs", multiline=False) == (
        "On silence and tabs",
        [],
    )
    assert clean_text("a\x00b\x1bc\x7fd\x9be", multiline=False) == (
        "abcde",
        ["\x00", "\x1b", "\x7f", "\x9b"],
    )


def test_clean_text_multiline_keeps_newlines_and_tabs() -> None:
    text = "First\r\nsecond\rthird\x0cfourth\u2028fifth\n\tindented"
    assert clean_text(text, multiline=True) == (
        "First\nsecond\nthird\nfourth\nfifth\n\tindented",
        [],
    )
    assert clean_text("ok\x00", multiline=True) == ("ok", ["\x00"])
    # Letters, emoji and joiners are not controls.
    assert clean_text("Любовь 悲伤 👩‍👩‍👧 é", multiline=True)[1] == []


def test_one_line_and_xml_safe() -> None:
    assert one_line("Grief\r\nBcc: x@example.org\x00\u2028\x85 end ") == (
        "Grief Bcc: x@example.org end"
    )
    assert xml_safe("a\x0cb\x00c\ud800d\n\te") == "abcd\n\te"


# --- Every form uses the mixin -----------------------------------------------------------------


def _project_forms() -> list[type[forms.BaseForm]]:
    for info in pkgutil.walk_packages(thoughtful.__path__, "thoughtful."):
        if info.name.rsplit(".", 1)[-1] in ("forms", "views", "comment_views", "api"):
            importlib.import_module(info.name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type[Any]] = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("thoughtful."):
            found.append(cls)
    return [f for f in found if f is not CleanTextMixin and f.__module__ != __name__]


def test_every_form_cleans_its_text() -> None:
    found = _project_forms()
    names = {f"{f.__module__}.{f.__name__}" for f in found}
    assert {
        "thoughtful.publishing.forms.EssayForm",
        "thoughtful.web.forms.CommentForm",
        "thoughtful.people.forms.ProfileForm",
        "thoughtful.moderation.forms.AppealForm",
    } <= names
    forgot = sorted(
        f"{f.__module__}.{f.__name__}" for f in found if not issubclass(f, CleanTextMixin)
    )
    assert forgot == []


def test_form_cleans_one_line_and_multiline_fields() -> None:
    form = EssayForm(
        {
            "title": "On\r\nsilence\x0c",
            "standfirst": "One line\r\nTwo lines\x0cThree",
            "body": "Para one\r\n\r\n\tPara two",
            "tags": "Grief\nLoss",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "On silence"
    assert form.cleaned_data["standfirst"] == "One line\nTwo lines\nThree"
    assert form.cleaned_data["body"] == "Para one\n\n\tPara two"
    assert form.tag_names() == ["Grief Loss"]


def test_form_reports_invisible_controls_and_offers_the_cleaned_text() -> None:
    form = NoteForm({"body": "Call me\x00 back\x1b[31m"})
    assert not form.is_valid()
    assert "U+0000, U+001B" in form.errors["body"][0]
    assert "Call me back[31m" in str(form["body"])
    again = NoteForm({"body": form["body"].value()})
    assert again.is_valid()


# --- Through the real pages ----------------------------------------------------------------


@pytest.mark.django_db
def test_essay_title_from_the_desk_has_no_controls(client: Client) -> None:
    author = UserFactory()
    grant_role(user=author, role=Role.CONTRIBUTOR)
    client.force_login(author)
    response = client.post(
        reverse("publishing:new"),
        {"title": "On\r\nsilence", "standfirst": "What I\x0clearned", "body": "Body\r\ntext"},
    )
    assert response.status_code == 302
    essay = Essay.objects.get()
    assert (essay.title, essay.standfirst, essay.body) == (
        "On silence",
        "What I\nlearned",
        "Body\ntext",
    )


@pytest.mark.django_db
def test_comment_with_a_nul_is_a_message_and_keeps_the_text(client: Client) -> None:
    """A NUL was a 500 on PostgreSQL; now the writer sees why and keeps their words."""
    essay = EssayFactory()
    client.force_login(UserFactory())
    response = client.post(
        reverse("web:post-comment", args=[essay.slug]),
        {"body": "I hear\x00 you, truly."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "invisible control characters (U+0000)" in page
    assert "I hear you, truly." in page
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_display_name_and_bio_from_the_profile(client: Client) -> None:
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        reverse("people:profile"),
        {"display_name": "Ada\r\nBcc: x@example.org", "bio": "Line one\r\nLine two"},
    )
    assert response.status_code in (200, 302)
    person = User.objects.get(pk=person.pk)
    assert person.display_name == "Ada Bcc: x@example.org"
    assert person.bio == "Line one\nLine two"


@pytest.mark.django_db
def test_sign_up_with_a_control_in_the_username_is_a_message(client: Client) -> None:
    response = client.post(
        reverse("people:sign-up"),
        {
            "username": "ada\x00",
            "email": "ada@example.org",
            "password": "a long and unusual passphrase",
        },
    )
    assert response.status_code == 200
    assert "invisible control characters" in response.content.decode()
    assert not User.objects.filter(username__startswith="ada").exists()
