"""Essay page pieces from publishing: share meta (Open Graph, Twitter Card, JSON-LD, canonical),
the heart button, and responsive images."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from thoughtful.people import permissions as perms
from thoughtful.publishing import selectors, wording
from thoughtful.publishing.models import Essay, EssayEvent, Image, SocialCopy

register = template.Library()

# The same escapes as Django's json_script: the JSON can't close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


@register.inclusion_tag("publishing/_share_meta.html", takes_context=True)
def share_meta(context: dict[str, Any], essay: Essay) -> dict[str, Any]:
    request: HttpRequest = context["request"]
    social = SocialCopy.objects.filter(essay=essay).first()
    title = (social.share_title if social else "") or essay.title
    description = (social.share_description if social else "") or essay.standfirst
    url = _absolute(request, essay.get_absolute_url())
    image = essay.featured_image
    image_url = _absolute(request, image.file.url) if image else ""
    people = {c.role: c.person for c in essay.credits.all()}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": essay.title[:110],
        "description": description,
        "mainEntityOfPage": url,
        "url": url,
        "datePublished": essay.published_at.isoformat() if essay.published_at else None,
        "dateModified": essay.updated_at.isoformat(),
        "author": {
            "@type": "Person",
            "name": essay.author.public_name,
            "url": _absolute(request, essay.author.get_absolute_url()),
        },
        "publisher": {"@type": "Organization", "name": context.get("SITE_NAME", "thoughtful")},
        "keywords": [t.name for t in essay.tags.all()],
    }
    if "editor" in people:
        data["editor"] = {"@type": "Person", "name": people["editor"].public_name}
    if image:
        data["image"] = [image_url]
    return {
        "title": title,
        "description": description,
        "url": url,
        "image": image,
        "image_url": image_url,
        "essay": essay,
        "SITE_NAME": context.get("SITE_NAME", "thoughtful"),
        "json_ld": mark_safe(json.dumps(data).translate(_JSON_ESCAPES)),  # noqa: S308 (escaped)
    }


@register.inclusion_tag("publishing/_heart.html", takes_context=True)
def heart_button(context: dict[str, Any], essay: Essay) -> dict[str, Any]:
    request: HttpRequest = context["request"]
    return {
        "essay": essay,
        "count": selectors.heart_count(essay),
        "hearted": selectors.has_hearted(essay, request.user),
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def srcset(image: Image | None) -> SafeString | str:
    return image.srcset if image else ""


@register.filter
def uses_desk(person: Any) -> bool:
    return perms.can_use_desk(person)


@register.filter
def event_sentence(event: EssayEvent) -> str:
    """A workflow log line in words (publishing.wording)."""
    return wording.event_sentence(event)


@register.filter
def local_time(moment: Any) -> str:
    """A time in the publication's time zone with the zone named next to it (issue 11)."""
    return wording.local_time(moment) if moment else ""
