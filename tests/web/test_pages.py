"""What a reader sees: home, essay, tag and author pages, 404s, and posting a comment."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import CommentFactory, EssayFactory, TagFactory, UserFactory
from thoughtful.discussion.models import Comment
from thoughtful.publishing.actions import set_credit, set_picks
from thoughtful.publishing.models import Credit, Essay
from thoughtful.standing.actions import recompute

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_essay() -> Essay:
    tag = TagFactory(name="Accountability")
    essay = EssayFactory(
        title="What I owe her",
        standfirst="A reckoning, ten years late.",
        tags=[tag],
        author=UserFactory(display_name="Tom Reyes"),
    )
    set_credit(essay=essay, role=Credit.Role.EDITOR, person=UserFactory(display_name="Edna Editor"))
    set_credit(
        essay=essay, role=Credit.Role.COPY_EDITOR, person=UserFactory(display_name="Cory Copy")
    )
    set_credit(
        essay=essay, role=Credit.Role.SOCIAL_EDITOR, person=UserFactory(display_name="Sol Social")
    )
    set_picks(essay=essay, picks=[EssayFactory(title="A picked essay")])
    EssayFactory(title="Same tag essay", tags=[tag])
    CommentFactory(essay=essay, body="First, *carefully* considered.")
    CommentFactory(essay=essay, body="Held one", status=Comment.Status.HELD)
    return essay


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_essay_page_shows_every_element(client: Client, full_essay: Essay) -> None:
    recompute(person_id=full_essay.author_id)
    response = client.get(full_essay.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(html)
    assert '<h1 id="essay-title">What I owe her</h1>' in html
    assert full_essay.published_at.strftime("%-d %B %Y") in text
    assert "A reckoning, ten years late." in text
    assert "It took me <strong>ten years</strong> to write this." in html
    assert "Image: Author&#x27;s Own" in html  # the credit line, escaped
    assert 'alt="A lamp on a wooden desk by a window at dusk"' in html
    # Credits in the magazine's order: Author, Image, Editor, Copy Editor, Social Editor.
    credits = text[text.index("Credits") :]
    order = [
        credits.index(label)
        for label in (
            "Author Tom Reyes",
            "Image Image: Author",
            "Editor Edna Editor",
            "Copy Editor Cory Copy",
            "Social Editor Sol Social",
        )
    ]
    assert order == sorted(order)
    related = text[text.index("Related reads") :]
    assert related.index("A picked essay") < related.index("Same tag essay")
    assert "Read 1 comment and reply" in text  # held comments are not counted
    assert "Leave a thoughtful comment" in text
    assert "First, carefully considered." in text
    assert "Held one" not in text
    assert "Contribution: 100" in text
    assert "Sign in" in text and 'name="body"' not in html  # anonymous: a sign-in link, no form


def test_signed_in_reader_gets_the_form(client: Client, full_essay: Essay) -> None:
    client.force_login(UserFactory())
    html = client.get(full_essay.get_absolute_url()).content.decode()
    assert 'name="body"' in html and "csrfmiddlewaretoken" in html


def test_posting_a_comment_shows_it_newest_first(client: Client, full_essay: Essay) -> None:
    client.force_login(UserFactory(display_name="Nia Reader"))
    response = client.post(
        reverse("web:post-comment", args=[full_essay.slug]), {"body": "This stayed with me."}
    )
    assert response.status_code == 302
    text = _text(client.get(full_essay.get_absolute_url()).content.decode())
    assert text.index("This stayed with me.") < text.index("First, carefully considered.")
    assert "Read 2 comments and reply" in text


def test_a_bad_comment_keeps_the_text_and_explains(client: Client, full_essay: Essay) -> None:
    client.force_login(UserFactory())
    long_text = "word " * 1001
    response = client.post(reverse("web:post-comment", args=[full_essay.slug]), {"body": long_text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "at most 5,000 characters" in html
    assert long_text.strip()[:50] in html  # the writer's text is still in the form
    empty = client.post(reverse("web:post-comment", args=[full_essay.slug]), {"body": "   "})
    assert "Your comment is empty." in empty.content.decode()
    assert Comment.objects.filter(essay=full_essay).count() == 2


def test_comment_post_requires_sign_in_and_csrf(full_essay: Essay) -> None:
    anonymous = Client()
    url = reverse("web:post-comment", args=[full_essay.slug])
    assert anonymous.post(url, {"body": "hi"}).status_code == 302
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(UserFactory())
    assert strict.post(url, {"body": "hi"}).status_code == 403
    assert not Comment.objects.filter(body="hi").exists()


def test_comment_html_is_sanitised_on_the_page(client: Client, full_essay: Essay) -> None:
    client.force_login(UserFactory())
    client.post(
        reverse("web:post-comment", args=[full_essay.slug]),
        {"body": "<script>alert('x')</script> see [site](https://example.org)"},
    )
    html = client.get(full_essay.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert 'rel="nofollow ugc noopener"' in html


def test_unknown_and_unpublished_essays_are_a_proper_404(client: Client) -> None:
    draft = EssayFactory(status=Essay.Status.DRAFT, published_at=None)
    for url in ("/essays/no-such-essay/", draft.get_absolute_url(), "/nowhere/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "find that page" in response.content.decode()


def test_home_lists_latest_and_top_contributors(client: Client) -> None:
    older = EssayFactory(title="Older essay")
    newer = EssayFactory(title="Newer essay", published_at=older.published_at.replace(year=2030))
    EssayFactory(title="Secret draft", status=Essay.Status.DRAFT)
    star = UserFactory(display_name="Star Writer")
    for _ in range(3):
        EssayFactory(author=star)
    for person in (star, older.author, newer.author):
        recompute(person_id=person.pk)
    text = _text(client.get("/").content.decode())
    assert "Latest essays" in text and "Top Contributors" in text
    assert "Secret draft" not in text
    # A future-dated essay is scheduled, not published.
    assert "Newer essay" not in text and "Older essay" in text
    contributors = text[text.index("Top Contributors") :]
    assert contributors.index("Star Writer") < contributors.index("Contribution: 100")
    assert "Contribution: 300" in contributors


def test_tag_and_author_pages(client: Client) -> None:
    tag = TagFactory(name="Grief")
    essay = EssayFactory(title="Tagged essay", tags=[tag])
    EssayFactory(title="Untagged essay")
    text = _text(client.get(tag.get_absolute_url()).content.decode())
    assert "Essays on Grief" in text and "Tagged essay" in text and "Untagged essay" not in text
    author_page = _text(client.get(essay.author.get_absolute_url()).content.decode())
    assert "Tagged essay" in author_page and "Contribution:" in author_page
    assert client.get("/tags/none/").status_code == 404
    assert client.get("/people/nobody/").status_code == 404


def test_static_assets_are_local(client: Client, full_essay: Essay) -> None:
    html = client.get(full_essay.get_absolute_url()).content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    # Only links written inside user content may point elsewhere; no asset does.
    assert all(not url.endswith((".css", ".js", ".woff2", ".woff", ".ttf")) for url in external)
    assert "/static/thoughtful/site.css" in html


def test_large_ids_render_as_plain_digits(client: Client) -> None:
    """Anchors, data attributes and reply links must not read comment-1,289 (CI caught it once
    ids passed 999); counts shown to readers keep their separator."""
    essay = EssayFactory(title="Long thread")
    comment = CommentFactory(essay=essay, pk=123456, body="A comment with a big id.")
    Comment.objects.filter(pk=comment.pk).update(thoughtful_count=1234)
    html = client.get(essay.get_absolute_url()).content.decode()
    assert 'id="comment-123456"' in html
    assert "123,456" not in html
    assert "Thoughtful 1234" in html  # the reaction count, which the page script updates
