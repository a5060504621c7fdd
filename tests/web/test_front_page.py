"""The front page of a magazine (issue 11): the lead essay, sections by topic, Popular and Top
Contributors, comment counts and reading time on cards, topics in the header, the archive, the
footer's pages, feed autodiscovery and the favicon on every page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import CommentFactory, EssayFactory, TagFactory, UserFactory
from thoughtful.discussion.models import Comment
from thoughtful.publishing.models import Essay
from thoughtful.web import front

pytestmark = pytest.mark.django_db


def _ago(days: int) -> object:
    return timezone.now() - timedelta(days=days)


def _lead(html: str) -> str:
    match = re.search(r'<section class="lead-essay".*?</section>', html, re.S)
    assert match, "no lead essay"
    return match.group(0)


def test_the_lead_is_the_newest_editors_pick(client: Client) -> None:
    EssayFactory(title="Older pick", editors_pick=True, published_at=_ago(9))
    EssayFactory(title="Newest pick", editors_pick=True, published_at=_ago(5))
    EssayFactory(title="Newest essay", published_at=_ago(1))
    lead = _lead(client.get("/").content.decode())
    assert "Newest pick" in lead and "Editor’s Pick" in lead
    assert "Newest essay" not in lead


def test_without_a_pick_the_lead_is_the_newest_essay(client: Client) -> None:
    EssayFactory(title="Yesterday", published_at=_ago(1))
    EssayFactory(title="Last week", published_at=_ago(7))
    lead = _lead(client.get("/").content.decode())
    assert "Yesterday" in lead and "Latest essay" in lead


def test_a_pick_older_than_the_pool_still_leads() -> None:
    EssayFactory(title="Old pick", editors_pick=True, published_at=_ago(400))
    for n in range(front.SECTION_POOL):
        EssayFactory(published_at=_ago(n + 1))
    page = front.front_page()
    assert page.lead is not None and page.lead.title == "Old pick"


def test_sections_by_topic_without_the_lead(client: Client) -> None:
    grief, money = TagFactory(name="Grief"), TagFactory(name="Money")
    lead = EssayFactory(title="Lead on grief", tags=[grief], editors_pick=True)
    EssayFactory(title="Second on grief", tags=[grief])
    EssayFactory(title="On money", tags=[money])
    page = front.front_page()
    sections = {s.tag.name: [e.title for e in s.essays] for s in page.sections}
    assert sections == {"Grief": ["Second on grief"], "Money": ["On money"]}
    assert page.lead == lead
    html = client.get("/").content.decode()
    assert 'class="topic-section"' in html and ">Grief</a></h2>" in html


def test_cards_show_comment_counts_and_reading_time(client: Client) -> None:
    essay = EssayFactory(body=" ".join(["word"] * 1150), published_at=_ago(2))
    EssayFactory(title="Lead", published_at=_ago(1))
    CommentFactory.create_batch(3, essay=essay)
    CommentFactory(essay=essay, status=Comment.Status.HELD)  # not counted: nobody sees it
    assert essay.reading_minutes == 5
    html = client.get("/").content.decode()
    card = html[html.index(essay.title) :]
    card = card[: card.index("</article>")]
    assert "5 min read" in card and "3 comments" in card


def test_the_home_page_does_not_query_per_card(client: Client) -> None:
    tags = [TagFactory(name=f"Topic {n}") for n in range(4)]

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    for n in range(3):
        CommentFactory(essay=EssayFactory(tags=tags[:2], published_at=_ago(n + 1)))
    few = count()
    for n in range(12):
        CommentFactory(essay=EssayFactory(tags=tags, published_at=_ago(n + 5)))
    assert count() <= few


def test_popular_and_top_contributors_are_on_the_front_page(client: Client) -> None:
    essay = EssayFactory(title="Much discussed", published_at=_ago(2))
    CommentFactory.create_batch(2, essay=essay)
    html = client.get("/").content.decode()
    assert ">Popular</h2>" in html and ">Top Contributors</h2>" in html
    assert "How contribution is counted" in html


def test_the_header_names_the_busiest_topics(client: Client) -> None:
    busy, quiet = TagFactory(name="Illness"), TagFactory(name="Unused topic")
    EssayFactory(tags=[busy])
    EssayFactory(tags=[quiet], status=Essay.Status.DRAFT, published_at=None)
    html = client.get(reverse("web:about")).content.decode()
    nav = re.search(r'<nav class="topic-nav".*?</nav>', html, re.S)
    assert nav is not None
    assert "Illness" in nav.group(0) and "Unused topic" not in nav.group(0)
    assert reverse("web:archive") in nav.group(0)
    on_topic = client.get(busy.get_absolute_url()).content.decode()
    assert f'href="{busy.get_absolute_url()}" aria-current="page"' in on_topic


def test_the_archive_pages_through_every_essay(client: Client) -> None:
    for n in range(25):
        EssayFactory(title=f"Archived essay {n:02d}", published_at=_ago(n + 1))
    EssayFactory(title="A draft", status=Essay.Status.DRAFT, published_at=None)
    first = client.get(reverse("web:archive")).content.decode()
    assert "Archived essay 00" in first and "Archived essay 19" in first
    assert "Archived essay 20" not in first and "A draft" not in first
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get(reverse("web:archive"), {"page": "2"}).content.decode()
    assert "Archived essay 24" in second and "Archived essay 00" not in second
    # A page past the end or a word is the nearest real page, not an error.
    assert client.get(reverse("web:archive"), {"page": "99"}).status_code == 200
    assert client.get(reverse("web:archive"), {"page": "x"}).status_code == 200


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("web:about", "personal essays on hard topics"),
        ("web:guidelines", "No attacks on the author or on other commenters"),
        ("web:privacy", "we sell none of it"),
        ("web:terms", "Terms of use"),
        ("web:contact", "editors@localhost"),
    ],
)
def test_the_footer_pages(client: Client, name: str, words: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert words in response.content.decode()
    assert "public" in response["Cache-Control"]


def test_the_guidelines_name_what_the_nudge_and_moderators_act_on(client: Client) -> None:
    text = client.get(reverse("web:guidelines")).content.decode()
    for rule in ("attacks on the author", "threat", "identity hate", "doxxing", "brigading"):
        assert rule.lower() in text.lower(), rule


def test_every_page_has_the_footer_the_feeds_and_the_favicon(client: Client) -> None:
    essay = EssayFactory()
    for url in ("/", essay.get_absolute_url(), reverse("web:archive"), "/no-such-page/"):
        html = client.get(url).content.decode()
        assert 'rel="alternate" type="application/rss+xml"' in html, url
        assert 'rel="alternate" type="application/atom+xml"' in html, url
        assert 'rel="icon" href="/static/thoughtful/favicon.svg"' in html, url
        footer = html[html.index('<footer class="site-footer"') :]
        for target in (
            "web:about",
            "web:guidelines",
            "web:privacy",
            "web:terms",
            "web:contact",
            "moderation-public:transparency",
            "web:contribution",
            "publishing:feed-rss",
            "publishing:feed-atom",
        ):
            assert f'href="{reverse(target)}"' in footer, (url, target)
    from django.contrib.staticfiles import finders

    assert finders.find("thoughtful/favicon.svg")


def test_the_comment_form_links_the_guidelines(client: Client) -> None:
    essay = EssayFactory()
    client.force_login(UserFactory())
    html = client.get(essay.get_absolute_url()).content.decode()
    form = html[html.index('class="comment-form"') :]
    assert reverse("web:guidelines") in form[: form.index("</form>")]
