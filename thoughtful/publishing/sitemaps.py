from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from thoughtful.people.models import User
from thoughtful.publishing.models import Essay, Tag
from thoughtful.publishing.selectors import published_essays, tags_in_use


class EssaySitemap(Sitemap[Essay]):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet[Essay]:
        return published_essays().order_by("-published_at")

    def lastmod(self, item: Essay) -> datetime:
        return item.updated_at


class TagSitemap(Sitemap[Tag]):
    changefreq = "daily"
    priority = 0.5

    def items(self) -> QuerySet[Tag]:
        return tags_in_use()


class AuthorSitemap(Sitemap[User]):
    changefreq = "weekly"
    priority = 0.4

    def items(self) -> QuerySet[User]:
        return (
            User.objects.filter(
                is_active=True, essays__status=Essay.Status.PUBLISHED, essays__external_url=""
            )
            .distinct()
            .order_by("username")
        )


class PagesSitemap(Sitemap[str]):
    priority = 1.0
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["web:home", "web:contribution"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "pages": PagesSitemap,
    "essays": EssaySitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
