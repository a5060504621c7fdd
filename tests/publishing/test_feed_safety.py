"""Feeds survive hostile stored text (issue 14, items 6 and 7): control characters already in
the database don't make them 500, and a standfirst is text, never markup a reader would run."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from xml.etree import ElementTree

import feedparser
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import EssayFactory, TagFactory, UserFactory
from thoughtful.publishing import actions
from thoughtful.publishing.models import Essay

pytestmark = pytest.mark.django_db
S = Essay.Status
KINDS = ["rss", "atom"]
PAYLOAD = "<img src=x onerror=alert(1)> & <b>bold</b>"


def _published(**kwargs: object) -> Essay:
    essay = EssayFactory(status=S.DRAFT, published_at=None, **kwargs)
    return actions.publish(essay=essay, at=timezone.now() - timedelta(hours=1))


def _feed_urls(username: str, slug: str) -> list[str]:
    return [
        *(reverse(f"publishing:feed-{kind}") for kind in KINDS),
        *(reverse(f"publishing:author-feed-{kind}", args=[username]) for kind in KINDS),
        *(reverse(f"publishing:tag-feed-{kind}", args=[slug]) for kind in KINDS),
    ]


def test_feeds_answer_with_control_characters_already_stored(client: Client) -> None:
    """Text saved before the forms cleaned it: a form feed in a standfirst was a 500."""
    writer = UserFactory(display_name="Ada\x0b Lovelace\x01")
    tag = TagFactory(name="Grief\x1b", slug="grief")
    essay = _published(
        author=writer,
        title="On\x08 silence",
        standfirst="What I learned\x0c when I stopped explaining myself.",
        tags=[tag],
    )
    for url in _feed_urls(writer.username, tag.slug):
        response = client.get(url)
        assert response.status_code == 200, url
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (url, feed.bozo_exception)
        entry = feed.entries[0]
        assert entry.title == "On silence"
        assert "What I learned when I stopped explaining myself." in entry.summary
        assert entry.link.endswith(essay.get_absolute_url())


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


@pytest.mark.parametrize("kind", KINDS)
def test_standfirst_arrives_as_text_not_markup(client: Client, kind: str) -> None:
    """Both feeds declare the summary as HTML, so the HTML a reader gets must be inert: the
    description, read the way a reader reads it, has no elements and shows the text as typed."""
    _published(title="Payload", standfirst=PAYLOAD)
    xml = client.get(reverse(f"publishing:feed-{kind}")).content
    root = ElementTree.fromstring(xml)  # noqa: S314 (our own feed, parsed in a test)
    if kind == "rss":
        summary = root.find("./channel/item/description")
    else:
        summary = root.find(
            "./{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}summary"
        )
        assert summary is not None and summary.get("type") == "html"
    assert summary is not None and summary.text is not None
    as_html = _Markup()
    as_html.feed(summary.text)
    assert as_html.tags == []
    assert as_html.text == PAYLOAD
    # A real parser, with its own sanitiser off, as a naive reader would run it.
    parsed = feedparser.parse(xml, sanitize_html=False)
    assert "<img" not in parsed.entries[0].summary
    assert "&lt;img src=x onerror=alert(1)&gt;" in parsed.entries[0].summary
