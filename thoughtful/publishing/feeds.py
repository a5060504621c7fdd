"""RSS 2.0 and Atom feeds (django.contrib.syndication) for the site, each author and each tag.

Two rules from issue 14 (items 6 and 7): every string a feed carries is made XML-safe (a form
feed stored in a standfirst made every feed answer 500), and the standfirst, plain text that
both formats declare as HTML (RSS description, Atom summary type="html"), is escaped, so a
reader shows `<img onerror=…>` as the text it is instead of running it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape

from thoughtful.people.models import User
from thoughtful.publishing.models import Essay, Tag
from thoughtful.publishing.selectors import published_essays
from thoughtful.security.text import xml_safe

ITEMS = 20


def _xml_safe(value: Any) -> Any:
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(v) for v in value)
    return value


class XmlSafeFeedMixin(SyndicationFeed):
    """Drops characters XML 1.0 forbids from the feed's and every item's strings (text stored
    before the forms cleaned it: titles, names, tags)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.feed = {key: _xml_safe(value) for key, value in self.feed.items()}

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(*args, **kwargs)
        self.items[-1] = {key: _xml_safe(value) for key, value in self.items[-1].items()}


class SafeRssFeed(XmlSafeFeedMixin, Rss201rev2Feed):
    pass


class SafeAtomFeed(XmlSafeFeedMixin, Atom1Feed):
    pass


class SiteFeed(Feed):
    feed_type: type[SyndicationFeed] = SafeRssFeed
    description = "Personal essays on hard topics."

    def title(self, obj: object = None) -> str:
        return str(settings.SITE_NAME)

    def link(self, obj: object = None) -> str:
        return reverse("web:home")

    def essays(self, obj: object) -> QuerySet[Essay]:
        return published_essays()

    def items(self, obj: object = None) -> QuerySet[Essay]:
        return self.essays(obj).order_by("-published_at")[:ITEMS]

    def item_title(self, item: Essay) -> str:
        return item.title

    def item_description(self, item: Essay) -> str:
        # Declared as HTML by both formats: escaped, the plain text stays plain text.
        return escape(item.standfirst or item.title)

    def item_link(self, item: Essay) -> str:
        return item.get_absolute_url()

    def item_author_name(self, item: Essay) -> str:
        return item.author.public_name

    def item_pubdate(self, item: Essay) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Essay) -> datetime | None:
        return item.updated_at

    def item_categories(self, item: Essay) -> list[str]:
        return [t.name for t in item.tags.all()]


class SiteAtomFeed(SiteFeed):
    feed_type = SafeAtomFeed
    subtitle = SiteFeed.description


class AuthorFeed(SiteFeed):
    def get_object(self, request: HttpRequest, username: str) -> User:
        return get_object_or_404(User, username=username, is_active=True)

    def title(self, obj: object = None) -> str:
        assert isinstance(obj, User)
        return f"{obj.public_name} on {settings.SITE_NAME}"

    def link(self, obj: object = None) -> str:
        assert isinstance(obj, User)
        return obj.get_absolute_url()

    def essays(self, obj: object) -> QuerySet[Essay]:
        assert isinstance(obj, User)
        return published_essays().filter(author=obj)


class AuthorAtomFeed(AuthorFeed):
    feed_type = SafeAtomFeed
    subtitle = SiteFeed.description


class TagFeed(SiteFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Tag:
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj: object = None) -> str:
        assert isinstance(obj, Tag)
        return f"{obj.name} on {settings.SITE_NAME}"

    def link(self, obj: object = None) -> str:
        assert isinstance(obj, Tag)
        return obj.get_absolute_url()

    def essays(self, obj: object) -> QuerySet[Essay]:
        assert isinstance(obj, Tag)
        return published_essays().filter(tags=obj)


class TagAtomFeed(TagFeed):
    feed_type = SafeAtomFeed
    subtitle = SiteFeed.description
