"""`thoughtful export`: the whole publication as WXR (WordPress's import format) and as JSON, so
nobody is locked in (issue 13).

What goes out:
- every essay, whatever its workflow state (WXR: published -> publish, scheduled -> future,
  everything else -> draft), with its HTML, its Markdown source, tags, credits and featured
  image (as an attachment item pointing at this site's file);
- published comments only, with their threading (a reply whose parent is not published hangs
  from its nearest published ancestor): held and rejected comments are moderation business,
  and deleted ones their writers took back;
- people without secrets: no password hashes, sessions, IP addresses or sign-in history, and
  no email addresses unless the operator asks for them (--include-emails), e.g. to move house
  and let people claim their history on the new site.

Both formats are written as they are read from the database (querysets in chunks), so a big
publication never has to fit in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from thoughtful.discussion.models import Comment
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay, Tag
from thoughtful.transfer.models import ImportedProfile
from thoughtful.transfer.wxr import THOUGHTFUL_NS

FORMAT_VERSION = 1
CHUNK = 500
WXR_STATUS: dict[str, str] = {
    Essay.Status.PUBLISHED: "publish",
    Essay.Status.SCHEDULED: "future",
}


def _site_url() -> str:
    return str(getattr(settings, "SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def _wp_date(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if value else "0000-00-00 00:00:00"


def _essays() -> QuerySet[Essay]:
    return (
        Essay.objects.select_related("author", "featured_image")
        .prefetch_related("tags", Prefetch("credits", to_attr="credit_list"))
        .order_by("pk")
    )


def _comments(essay_id: int | None = None) -> QuerySet[Comment]:
    qs = Comment.objects.filter(status=Comment.Status.PUBLISHED).select_related("author")
    if essay_id is not None:
        qs = qs.filter(essay_id=essay_id)
    return qs.order_by("created_at", "pk")


def _published_parent(comment: Comment, parents: dict[int, int | None], kept: set[int]) -> int:
    """The nearest published ancestor's id, or 0 for the top level."""
    current = comment.parent_id
    seen: set[int] = set()
    while current and current not in kept and current not in seen:
        seen.add(current)
        if current not in parents:
            parents[current] = (
                Comment.objects.filter(pk=current).values_list("parent_id", flat=True).first()
            )
        current = parents[current]
    return current or 0


def _emails(include: bool) -> dict[int, str]:
    """person id -> address: the account's own, else the one an import recorded."""
    if not include:
        return {}
    found = dict(
        ImportedProfile.objects.filter(claimed_at__isnull=True).values_list("person_id", "email")
    )
    found.update(dict(User.objects.exclude(email="").values_list("pk", "email")))
    return found


def _person(person: User, emails: dict[int, str]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": person.pk,
        "username": person.username,
        "display_name": person.display_name,
        "name": person.public_name,
        "bio": person.bio,
        "date_joined": _iso(person.date_joined),
        "roles": sorted(person.groups.values_list("name", flat=True)),
        "unclaimed_import": ImportedProfile.objects.filter(
            person=person, claimed_at__isnull=True
        ).exists(),
    }
    if emails:
        row["email"] = emails.get(person.pk, "")
    return row


def _essay_row(essay: Essay) -> dict[str, Any]:
    image = essay.featured_image
    return {
        "id": essay.pk,
        "slug": essay.slug,
        "url": _site_url() + essay.get_absolute_url(),
        "title": essay.title,
        "standfirst": essay.standfirst,
        "body_markdown": essay.body,
        "body_html": essay.body_html,
        "status": essay.status,
        "author": essay.author.username,
        "created_at": _iso(essay.created_at),
        "published_at": _iso(essay.published_at),
        "scheduled_for": _iso(essay.scheduled_for),
        "editors_pick": essay.editors_pick,
        "tags": [{"name": t.name, "slug": t.slug} for t in essay.tags.all()],
        "credits": [
            {"role": c.role, "person_id": c.person_id} for c in getattr(essay, "credit_list", [])
        ],
        "featured_image": None
        if image is None
        else {
            "url": _site_url() + image.file.url,
            "alt_text": image.alt_text,
            "credit": image.credit,
            "width": image.width,
            "height": image.height,
        },
    }


def write_json(out: IO[str], *, include_emails: bool = False) -> dict[str, int]:
    counts = {"people": 0, "tags": 0, "essays": 0, "comments": 0}
    emails = _emails(include_emails)
    out.write("{\n")
    header = {
        "format": "thoughtful-export",
        "version": FORMAT_VERSION,
        "exported_at": _iso(timezone.now()),
        "site": {"name": str(getattr(settings, "SITE_NAME", "")), "url": _site_url()},
    }
    for key, value in header.items():
        out.write(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")

    def section(name: str, rows: Iterator[dict[str, Any]], last: bool = False) -> None:
        out.write(f'"{name}": [')
        first = True
        for row in rows:
            out.write("\n  " if first else ",\n  ")
            out.write(json.dumps(row, ensure_ascii=False))
            counts[name] += 1
            first = False
        out.write("\n]" + ("\n" if last else ",\n"))

    people = User.objects.prefetch_related("groups").order_by("pk")
    section("people", (_person(p, emails) for p in people.iterator(chunk_size=CHUNK)))
    section(
        "tags",
        (
            {"name": t.name, "slug": t.slug, "description": t.description}
            for t in Tag.objects.order_by("pk").iterator(chunk_size=CHUNK)
        ),
    )
    section("essays", (_essay_row(e) for e in _essays().iterator(chunk_size=CHUNK)))
    section("comments", _comment_rows(), last=True)
    out.write("}\n")
    return counts


def _comment_rows() -> Iterator[dict[str, Any]]:
    for essay_id in Essay.objects.order_by("pk").values_list("pk", flat=True):
        rows = list(_comments(essay_id))
        kept = {c.pk for c in rows}
        parents: dict[int, int | None] = {c.pk: c.parent_id for c in rows}
        for comment in rows:
            yield {
                "id": comment.pk,
                "essay_id": comment.essay_id,
                "parent_id": _published_parent(comment, parents, kept) or None,
                "author": comment.author.username,
                "created_at": _iso(comment.created_at),
                "edited_at": _iso(comment.edited_at),
                "body_markdown": comment.body,
                "body_html": comment.body_html,
                "thoughtful_count": comment.thoughtful_count,
            }


# --- WXR ---------------------------------------------------------------------------------------


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _el(name: str, text: str | int, *, cdata: bool = False) -> str:
    value = str(text)
    return f"<{name}>{_cdata(value) if cdata else escape(value)}</{name}>"


def _wxr_people() -> QuerySet[User]:
    """Everyone an essay or a published comment names (WordPress makes each a user)."""
    authors = Essay.objects.values("author_id")
    commenters = Comment.objects.filter(status=Comment.Status.PUBLISHED).values("author_id")
    return User.objects.filter(pk__in=authors.union(commenters)).order_by("pk")


def write_wxr(out: IO[str], *, include_emails: bool = False) -> dict[str, int]:
    counts = {"people": 0, "essays": 0, "comments": 0, "images": 0}
    emails = _emails(include_emails)
    site = _site_url()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(
        '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/" '
        f'xmlns:thoughtful="{THOUGHTFUL_NS}">\n<channel>\n'
    )
    out.write(_el("title", str(getattr(settings, "SITE_NAME", ""))) + "\n")
    out.write(_el("link", site) + "\n<description></description>\n")
    out.write(_el("pubDate", timezone.now().strftime("%a, %d %b %Y %H:%M:%S +0000")) + "\n")
    out.write("<language>en</language>\n<wp:wxr_version>1.2</wp:wxr_version>\n")
    out.write(_el("wp:base_site_url", site) + _el("wp:base_blog_url", site) + "\n")
    for person in _wxr_people().iterator(chunk_size=CHUNK):
        out.write(
            "<wp:author>"
            + _el("wp:author_id", person.pk)
            + _el("wp:author_login", person.username, cdata=True)
            + _el("wp:author_email", emails.get(person.pk, ""), cdata=True)
            + _el("wp:author_display_name", person.public_name, cdata=True)
            + _el("wp:author_first_name", "", cdata=True)
            + _el("wp:author_last_name", "", cdata=True)
            + "</wp:author>\n"
        )
        counts["people"] += 1
    for tag in Tag.objects.order_by("pk").iterator(chunk_size=CHUNK):
        out.write(
            "<wp:tag>"
            + _el("wp:term_id", tag.pk)
            + _el("wp:tag_slug", tag.slug, cdata=True)
            + _el("wp:tag_name", tag.name, cdata=True)
            + "</wp:tag>\n"
        )
    for essay in _essays().iterator(chunk_size=CHUNK):
        out.write(_wxr_item(essay, site))
        counts["essays"] += 1
        counts["comments"] += _wxr_comments(out, essay, emails)
        out.write("</item>\n")
        if essay.featured_image is not None:
            out.write(_wxr_attachment(essay, site))
            counts["images"] += 1
    out.write("</channel>\n</rss>\n")
    return counts


def _wxr_item(essay: Essay, site: str) -> str:
    when = essay.published_at or essay.scheduled_for or essay.created_at
    parts = [
        "<item>",
        _el("title", essay.title, cdata=True),
        _el("link", site + essay.get_absolute_url()),
        _el("pubDate", when.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")),
        _el("dc:creator", essay.author.username, cdata=True),
        f'<guid isPermaLink="false">{escape(f"{site}/?essay={essay.pk}")}</guid>',
        "<description></description>",
        _el("content:encoded", essay.body_html, cdata=True),
        _el("excerpt:encoded", essay.standfirst, cdata=True),
        _el("thoughtful:markdown", essay.body, cdata=True),
        _el("wp:post_id", essay.pk),
        _el("wp:post_date", _wp_date(when), cdata=True),
        _el("wp:post_date_gmt", _wp_date(when), cdata=True),
        _el("wp:comment_status", "open", cdata=True),
        _el("wp:ping_status", "closed", cdata=True),
        _el("wp:post_name", essay.slug, cdata=True),
        _el("wp:status", WXR_STATUS.get(essay.status, "draft"), cdata=True),
        _el("wp:post_parent", 0),
        _el("wp:menu_order", 0),
        _el("wp:post_type", "post", cdata=True),
        _el("wp:post_password", "", cdata=True),
        _el("wp:is_sticky", 0),
    ]
    for tag in essay.tags.all():
        parts.append(
            f'<category domain="post_tag" nicename={quoteattr(tag.slug)}>{_cdata(tag.name)}'
            "</category>"
        )
    if essay.featured_image_id:
        parts.append(
            "<wp:postmeta>"
            + _el("wp:meta_key", "_thumbnail_id", cdata=True)
            + _el("wp:meta_value", _attachment_id(essay), cdata=True)
            + "</wp:postmeta>"
        )
    return "\n".join(parts) + "\n"


def _attachment_id(essay: Essay) -> str:
    # Attachments and posts share WordPress's id space; images get ids no essay can have.
    return f"9{essay.featured_image_id:09d}"


def _wxr_attachment(essay: Essay, site: str) -> str:
    image = essay.featured_image
    assert image is not None
    url = site + image.file.url
    return (
        "<item>"
        + _el("title", image.alt_text, cdata=True)
        + _el("link", url)
        + _el("excerpt:encoded", image.credit, cdata=True)
        + _el("wp:post_id", _attachment_id(essay))
        + _el("wp:post_parent", essay.pk)
        + _el("wp:post_name", f"image-{image.pk}", cdata=True)
        + _el("wp:status", "inherit", cdata=True)
        + _el("wp:post_type", "attachment", cdata=True)
        + _el("wp:attachment_url", url, cdata=True)
        + "<wp:postmeta>"
        + _el("wp:meta_key", "_wp_attachment_image_alt", cdata=True)
        + _el("wp:meta_value", image.alt_text, cdata=True)
        + "</wp:postmeta></item>\n"
    )


def _wxr_comments(out: IO[str], essay: Essay, emails: dict[int, str]) -> int:
    rows = list(_comments(essay.pk))
    kept = {c.pk for c in rows}
    parents: dict[int, int | None] = {c.pk: c.parent_id for c in rows}
    for comment in rows:
        out.write(
            "<wp:comment>"
            + _el("wp:comment_id", comment.pk)
            + _el("wp:comment_author", comment.author.public_name, cdata=True)
            + _el("wp:comment_author_email", emails.get(comment.author_id, ""), cdata=True)
            + _el("wp:comment_author_url", "", cdata=True)
            + _el("wp:comment_author_IP", "", cdata=True)
            + _el("wp:comment_date", _wp_date(comment.created_at), cdata=True)
            + _el("wp:comment_date_gmt", _wp_date(comment.created_at), cdata=True)
            + _el("wp:comment_content", comment.body_html, cdata=True)
            + _el("wp:comment_approved", 1, cdata=True)
            + _el("wp:comment_type", "comment", cdata=True)
            + _el("wp:comment_parent", _published_parent(comment, parents, kept))
            + _el("wp:comment_user_id", comment.author_id)
            + _el("thoughtful:markdown", comment.body, cdata=True)
            + "</wp:comment>\n"
        )
    return len(rows)
