"""Reading a WordPress export (WXR 1.0-1.2: RSS 2.0 plus the wp:, content:, excerpt: and dc:
namespaces), streamed: `read_site` takes one pass for the authors and attachments (and proves
the whole file is well-formed before anything is written), `posts` a second for the posts.

Our own export (transfer.export) adds a <thoughtful:markdown> element beside the HTML, which the
import prefers: a round trip then keeps the Markdown exactly. WordPress ignores it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from xml.etree.ElementTree import Element

from thoughtful.transfer.xmlsafe import ImportFileError, local, namespace, stream, text_of

THOUGHTFUL_NS = "https://thoughtful.invalid/export/1.0/"


@dataclass
class WPAuthor:
    id: str
    login: str
    email: str
    display_name: str


@dataclass
class WPAttachment:
    id: str
    url: str
    title: str
    alt: str
    caption: str


@dataclass
class WPComment:
    id: str
    parent: str
    author: str
    email: str
    user_id: str
    date: datetime
    content: str
    markdown: str | None
    approved: str  # "1", "0", "spam", "trash"
    type: str  # "", "comment", "pingback", "trackback"


@dataclass
class WPPost:
    id: str
    title: str
    link: str
    slug: str
    status: str
    type: str
    date: datetime
    creator: str
    content: str
    markdown: str | None
    excerpt: str
    categories: list[tuple[str, str]] = field(default_factory=list)  # (domain, name)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[WPComment] = field(default_factory=list)


@dataclass
class WPSite:
    link: str
    authors: dict[str, WPAuthor]
    attachments: dict[str, WPAttachment]


def _is_wp(element: Element) -> bool:
    ns = namespace(element.tag)
    return ns.startswith("http://wordpress.org/export/") and not ns.endswith("/excerpt/")


def _child(element: Element, name: str, *, wp: bool = False, ns: str = "") -> str:
    for child in element:
        if local(child.tag) != name:
            continue
        if wp and not _is_wp(child):
            continue
        if ns and not namespace(child.tag).startswith(ns):
            continue
        return text_of(child).strip() if name not in {"encoded"} else text_of(child)
    return ""


def _markdown(element: Element) -> str | None:
    for child in element:
        if namespace(child.tag) == THOUGHTFUL_NS and local(child.tag) == "markdown":
            return text_of(child)
    return None


def parse_date(gmt: str, *fallbacks: str) -> datetime | None:
    """WordPress's "2019-05-01 10:00:00" in UTC (its _gmt fields; "0000-00-00..." for drafts),
    then the RSS pubDate, then the local date read as UTC."""
    for value in (gmt, *fallbacks):
        value = value.strip()
        if not value or value.startswith("0000"):
            continue
        try:
            return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        except ValueError:
            pass
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def _check_root(path: Path, element: Element) -> None:
    if local(element.tag) != "rss":
        raise ImportFileError(
            f"{path}: not a WordPress export (WXR): the root element is <{local(element.tag)}>, "
            "not <rss>."
        )


def read_site(path: Path) -> WPSite:
    """Pass one: the whole file is read (so a broken file fails here, before any write)."""
    link = base = ""
    authors: dict[str, WPAuthor] = {}
    attachments: dict[str, WPAttachment] = {}
    depth = 0
    seen_channel = False
    for event, element in stream(path):
        if event == "start":
            if depth == 0:
                _check_root(path, element)
            depth += 1
            if local(element.tag) == "channel":
                seen_channel = True
            continue
        depth -= 1
        name = local(element.tag)
        if name == "author" and _is_wp(element):
            login = _child(element, "author_login", wp=True)
            authors[login] = WPAuthor(
                id=_child(element, "author_id", wp=True),
                login=login,
                email=_child(element, "author_email", wp=True),
                display_name=_child(element, "author_display_name", wp=True) or login,
            )
        elif name == "base_site_url" and _is_wp(element):
            base = text_of(element).strip()
        elif name == "link" and depth == 2:  # the channel's own link
            link = text_of(element).strip()
        elif name == "item":
            if _child(element, "post_type", wp=True) == "attachment":
                attachment = _attachment(element)
                attachments[attachment.id] = attachment
            element.clear()
    if not seen_channel:
        raise ImportFileError(f"{path}: not a WordPress export (WXR): no <channel>.")
    return WPSite(link=(link or base).rstrip("/"), authors=authors, attachments=attachments)


def _attachment(item: Element) -> WPAttachment:
    meta = _meta(item)
    return WPAttachment(
        id=_child(item, "post_id", wp=True),
        url=_child(item, "attachment_url", wp=True) or _child(item, "guid"),
        title=_child(item, "title"),
        alt=meta.get("_wp_attachment_image_alt", ""),
        caption=_child(item, "encoded", ns="http://wordpress.org/export/").strip(),
    )


def _meta(item: Element) -> dict[str, str]:
    meta = {}
    for child in item:
        if local(child.tag) == "postmeta" and _is_wp(child):
            meta[_child(child, "meta_key", wp=True)] = _child(child, "meta_value", wp=True)
    return meta


def _comment(element: Element) -> WPComment:
    return WPComment(
        id=_child(element, "comment_id", wp=True),
        parent=_child(element, "comment_parent", wp=True).lstrip("0"),
        author=_child(element, "comment_author", wp=True),
        email=_child(element, "comment_author_email", wp=True),
        user_id=_child(element, "comment_user_id", wp=True).lstrip("0"),
        date=parse_date(
            _child(element, "comment_date_gmt", wp=True), _child(element, "comment_date", wp=True)
        )
        or datetime.now(UTC),
        content=_child(element, "comment_content", wp=True),
        markdown=_markdown(element),
        approved=_child(element, "comment_approved", wp=True),
        type=_child(element, "comment_type", wp=True),
    )


def posts(path: Path) -> Iterator[WPPost]:
    """Pass two: every <item> but attachments, one at a time."""
    for _event, element in stream(path, events=("end",)):
        if local(element.tag) != "item":
            continue
        post_type = _child(element, "post_type", wp=True) or "post"
        if post_type == "attachment":
            element.clear()
            continue
        yield WPPost(
            id=_child(element, "post_id", wp=True),
            title=_child(element, "title"),
            link=_child(element, "link"),
            slug=_child(element, "post_name", wp=True),
            status=_child(element, "status", wp=True) or "publish",
            type=post_type,
            date=parse_date(
                _child(element, "post_date_gmt", wp=True),
                _child(element, "pubDate"),
                _child(element, "post_date", wp=True),
            )
            or datetime.now(UTC),
            creator=_child(element, "creator"),
            content=_child(element, "encoded", ns="http://purl.org/rss/1.0/modules/content/"),
            markdown=_markdown(element),
            excerpt=_child(element, "encoded", ns="http://wordpress.org/export/").strip(),
            categories=[
                (child.get("domain", "category"), text_of(child).strip())
                for child in element
                if local(child.tag) == "category" and not namespace(child.tag)
            ],
            meta=_meta(element),
            comments=[
                _comment(child)
                for child in element
                if local(child.tag) == "comment" and _is_wp(child)
            ],
        )
        element.clear()
