"""Feeds (parsed by feedparser), sitemap, robots.txt, search on SQLite FTS5 and PostgreSQL,
social share meta, and related reads by text similarity."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import feedparser
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import EssayFactory, TagFactory, UserFactory
from tests.publishing.conftest import essay_at
from thoughtful.people.models import User
from thoughtful.publishing import actions, search
from thoughtful.publishing.models import Essay, SocialCopy
from thoughtful.publishing.selectors import related_reads

pytestmark = pytest.mark.django_db
S = Essay.Status


def _published(**kwargs: object) -> Essay:
    kwargs.setdefault("standfirst", "")
    essay = EssayFactory(status=S.DRAFT, published_at=None, **kwargs)
    return actions.publish(essay=essay, at=timezone.now() - timedelta(hours=1))


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_site_feed(client: Client, kind: str) -> None:
    tag = TagFactory(name="Grief")
    one = _published(title="On grief & <silence>", tags=[tag])
    _published(title="Second light")
    EssayFactory(status=S.DRAFT, published_at=None, title="Secret draft")
    response = client.get(reverse(f"publishing:feed-{kind}"))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    titles = [e.title for e in feed.entries]
    assert set(titles) == {"On grief & <silence>", "Second light"}
    entry = next(e for e in feed.entries if e.title == one.title)
    assert entry.link.endswith(one.get_absolute_url())
    assert [t.term for t in entry.tags] == ["Grief"]
    assert entry.get("author") == one.author.public_name or kind == "rss"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_author_and_tag_feeds(client: Client, kind: str) -> None:
    writer = UserFactory()
    tag = TagFactory(name="Work")
    mine = _published(author=writer, title="Mine")
    _published(title="Someone else's", tags=[tag])
    tagged = _published(author=writer, title="Mine and tagged", tags=[tag])
    by_author = feedparser.parse(
        client.get(reverse(f"publishing:author-feed-{kind}", args=[writer.username])).content
    )
    assert {e.title for e in by_author.entries} == {mine.title, tagged.title}
    assert writer.public_name in by_author.feed.title
    by_tag = feedparser.parse(
        client.get(reverse(f"publishing:tag-feed-{kind}", args=[tag.slug])).content
    )
    assert {e.title for e in by_tag.entries} == {"Someone else's", tagged.title}
    assert client.get(reverse(f"publishing:tag-feed-{kind}", args=["nope"])).status_code == 404


def test_sitemap_and_robots(client: Client) -> None:
    essay = _published(title="Mapped", tags=[TagFactory()])
    EssayFactory(status=S.DRAFT, published_at=None, slug="hidden-draft")
    xml = client.get("/sitemap.xml").content.decode()
    assert essay.get_absolute_url() in xml
    assert "hidden-draft" not in xml
    assert essay.author.get_absolute_url() in xml
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    text = robots.content.decode()
    assert "Disallow: /desk/" in text and "Sitemap: http://testserver/sitemap.xml" in text


# --- Search: the same tests run on SQLite (FTS5) and on PostgreSQL (CI's second pass) ---------


def test_search_finds_published_essays_by_any_field() -> None:
    lighthouse = _published(title="The lighthouse keeper", body="Nights alone with the lamp.")
    _published(title="Gardens", standfirst="What the lighthouse taught me", body="Soil.")
    _published(title="Other", body="Nothing about that at all.")
    EssayFactory(status=S.DRAFT, published_at=None, title="Lighthouse draft")
    found = search.search("lighthouse")
    assert {e.title for e in found} == {"The lighthouse keeper", "Gardens"}
    assert found[0] == lighthouse  # a title match ranks above a standfirst match
    assert [e.title for e in search.search("lamp nights")] == ["The lighthouse keeper"]
    assert search.search("lamp gardens") == []  # every word must match


def test_search_stems_and_ignores_syntax() -> None:
    _published(title="Walking home", body="She walked for hours.")
    assert [e.title for e in search.search("walks")] == ["Walking home"]
    for hostile in ['"', "title:walk*", "NEAR(a b)", "walk' OR 1=1 --", "(((", "*"]:
        search.search(hostile)  # never an error


def test_search_follows_edits_and_unpublishing(staff: dict[str, User]) -> None:
    essay = essay_at(S.READY, staff, title="Quiet harbour", body="Boats.")
    actions.transition(essay=essay, actor=staff["editor"], action="approve")
    actions.publish_due()
    assert [e.pk for e in search.search("harbour")] == [essay.pk]
    actions.save_essay(
        author=essay.author,
        essay=essay,
        actor=staff["editor"],
        title="Quiet estuary",
        body="Boats.",
    )
    assert search.search("harbour") == []
    assert [e.pk for e in search.search("estuary")] == [essay.pk]
    actions.transition(essay=essay, actor=staff["editor"], action="unpublish", note="Legal")
    assert search.search("estuary") == []


def test_search_page(client: Client) -> None:
    _published(title="Salt and <b>iron</b>")
    page = client.get(reverse("publishing:search"), {"q": "iron"}).content.decode()
    assert "1 essay found" in page and "Salt and &lt;b&gt;iron&lt;/b&gt;" in page
    assert client.get(reverse("publishing:search")).status_code == 200


# --- Share meta --------------------------------------------------------------------------------


def test_essay_page_has_share_meta_and_json_ld(client: Client) -> None:
    essay = _published(title="A </script> title", standfirst="Plain standfirst")
    SocialCopy.objects.create(essay=essay, share_title="Share this", share_description="Why")
    page = client.get(essay.get_absolute_url()).content.decode()
    url = f"http://testserver{essay.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in page
    assert '<meta property="og:title" content="Share this">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert 'property="og:image" content="http://testserver/media/' in page
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match is not None
    data = json.loads(match.group(1))
    assert data["@type"] == "Article" and data["headline"] == "A </script> title"
    assert data["author"]["name"] == essay.author.public_name


# --- Related reads -----------------------------------------------------------------------------


def test_related_reads_picks_then_similar_then_tags_then_latest() -> None:
    tag = TagFactory()
    base = _published(title="Sailing alone", body="The boat, the sea, the sail and the storm.")
    sea = _published(title="Storm at sea", body="A boat in a storm on the sea, sail torn.")
    tagged = _published(title="Kitchen table", body="Bread and soup.", tags=[tag])
    base.tags.add(tag)
    picked = _published(title="Editors chose this", body="Unrelated words entirely.")
    latest = _published(title="Newest", body="Quite different matters.")
    actions.set_picks(essay=base, picks=[picked])
    actions.recompute_similar()
    assert related_reads(base, limit=4)[:3] == [picked, sea, tagged]
    assert latest in related_reads(base, limit=4)


def test_related_reads_at_least_three_when_three_exist() -> None:
    essays = [
        _published(title=f"Unrelated {w}", body=w) for w in ("apples", "rivers", "engines", "lamps")
    ]
    actions.recompute_similar()
    for essay in essays:
        assert len(related_reads(essay, limit=3)) == 3


def test_tfidf_prefers_shared_rare_words() -> None:
    from thoughtful.publishing import similarity

    docs = [
        similarity.document("Mother", "", "my mother and the hospital corridor at night"),
        similarity.document("Hospital", "", "the hospital corridor where my mother waited"),
        similarity.document("Trains", "", "the night train across the border"),
    ]
    sims = similarity.similarity_matrix(docs)
    assert sims[0, 1] > sims[0, 2]
    assert sims[0, 0] == 0
