"""`thoughtful import disqus export.xml`: Disqus comments onto the essays they were under
(issue 13).

A Disqus export lists <thread>s (a page: its link and identifier) and <post>s (comments naming
their thread and parent). Threads are matched to essays by link: the essay's own address on
this site, or the permalink a WordPress import recorded, or (the WordPress plugin's identifier
"123 http://…") the WordPress post id. Unmatched threads are reported, not guessed.

The whole file is read first (streamed; only small records per comment are kept), so a
malformed file fails before anything is written; then each thread's comments are imported in
one transaction. Commenters become unclaimed profiles (transfer.profiles), matched by email
with the same people from a WordPress import.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.urls import Resolver404, resolve

from thoughtful.publishing.models import Essay
from thoughtful.transfer.html2md import to_markdown
from thoughtful.transfer.models import SourceRef
from thoughtful.transfer.profiles import imported_person, profile_key
from thoughtful.transfer.report import Report
from thoughtful.transfer.threads import IncomingComment, import_comments, settle
from thoughtful.transfer.wordpress import normalise_url
from thoughtful.transfer.xmlsafe import ImportFileError, local, namespace, stream, text_of

logger = logging.getLogger(__name__)

SOURCE = SourceRef.Source.DISQUS
_DSQ_INTERNALS = "http://disqus.com/disqus-internals"


@dataclass
class DisqusThread:
    id: str
    forum: str
    link: str
    identifier: str
    title: str


@dataclass
class DisqusPost:
    id: str
    thread: str
    parent: str
    message: str
    created_at: datetime
    name: str
    email: str
    username: str
    skip_reason: str


def _dsq_id(element: object) -> str:
    get = getattr(element, "get", None)
    return str(get(f"{{{_DSQ_INTERNALS}}}id", "") if get else "").strip()


def _field(element: object, name: str) -> str:
    for child in element:  # type: ignore[attr-defined]
        if local(child.tag) == name:
            return text_of(child).strip() if name != "message" else text_of(child)
    return ""


def _ref(element: object, name: str) -> str:
    for child in element:  # type: ignore[attr-defined]
        if local(child.tag) == name:
            return _dsq_id(child)
    return ""


def _flag(element: object, name: str) -> bool:
    return _field(element, name).lower() == "true"


def _date(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def read(path: Path) -> tuple[dict[str, DisqusThread], list[DisqusPost]]:
    threads: dict[str, DisqusThread] = {}
    found: list[DisqusPost] = []
    depth = 0
    for event, element in stream(path):
        if event == "start":
            if depth == 0 and (local(element.tag) != "disqus"):
                raise ImportFileError(
                    f"{path}: not a Disqus export: the root element is <{local(element.tag)}>, "
                    "not <disqus>."
                )
            depth += 1
            continue
        depth -= 1
        if depth != 1:  # only the root's children are threads and posts
            continue
        name = local(element.tag)
        if name == "thread" and not namespace(element.tag).endswith("internals"):
            thread = DisqusThread(
                id=_dsq_id(element),
                forum=_field(element, "forum"),
                link=_field(element, "link"),
                identifier=_field(element, "id"),
                title=_field(element, "title"),
            )
            threads[thread.id] = thread
        elif name == "post":
            found.append(_post(element))
        element.clear()
    return threads, found


def _post(element: object) -> DisqusPost:
    author = next((c for c in element if local(c.tag) == "author"), None)  # type: ignore[attr-defined]
    created = _date(_field(element, "createdAt"))
    skip = ""
    if _flag(element, "isSpam"):
        skip = "spam"
    elif _flag(element, "isDeleted"):
        skip = "deleted on Disqus"
    elif _field(element, "isApproved").lower() == "false":
        skip = "pending (never approved)"
    elif created is None:
        skip = "no valid createdAt date"
    return DisqusPost(
        id=_dsq_id(element),
        thread=_ref(element, "thread"),
        parent=_ref(element, "parent"),
        message=_field(element, "message"),
        created_at=created or datetime.now(UTC),
        name=_field(author, "name") if author is not None else "",
        email=_field(author, "email") if author is not None else "",
        username=_field(author, "username") if author is not None else "",
        skip_reason=skip,
    )


def essay_for(thread: DisqusThread) -> Essay | None:
    """The essay a thread was on: by a recorded WordPress permalink, by this site's own essay
    address, or by the WordPress post id in the plugin's identifier."""
    key = normalise_url(thread.link)
    if key:
        ref = SourceRef.objects.filter(kind=SourceRef.Kind.ESSAY, url=key).first()
        if ref is not None:
            return Essay.objects.filter(pk=ref.object_id).first()
    path = urlsplit(thread.link.strip()).path or "/"
    try:
        match = resolve(path if path.endswith("/") else path + "/")
    except Resolver404:
        match = None
    if match is not None and match.view_name == "web:essay":
        essay = Essay.objects.filter(slug=match.kwargs.get("slug", "")).first()
        if essay is not None:
            return essay
    post_id = thread.identifier.split(" ", 1)[0]
    if post_id.isdigit():
        refs = SourceRef.objects.filter(
            source=SourceRef.Source.WORDPRESS, kind=SourceRef.Kind.ESSAY, external_id=post_id
        )
        if refs.count() == 1:
            return Essay.objects.filter(pk=refs[0].object_id).first()
    return None


def import_file(path: Path) -> Report:
    report = Report()
    threads, all_posts = read(path)  # raises ImportFileError before anything is written
    by_thread: dict[str, list[DisqusPost]] = defaultdict(list)
    for post in all_posts:
        if post.thread not in threads:
            report.skip("comment", post.id, f"its thread {post.thread!r} is not in the file")
            continue
        by_thread[post.thread].append(post)
    for thread_id, thread in threads.items():
        comments = by_thread.get(thread_id, [])
        if not comments:
            continue  # Disqus lists every page it saw; one without comments needs nothing
        essay = essay_for(thread)
        if essay is None:
            report.skip(
                "thread",
                thread_id,
                f"no essay here at {thread.link or thread.identifier!r} "
                f"({len(comments)} comments not imported)",
            )
            continue
        try:
            with transaction.atomic():
                import_comments(
                    essay=essay,
                    source=SOURCE,
                    site=thread.forum,
                    comments=[_incoming(p, thread.forum, report) for p in comments],
                    report=report,
                )
        except (ValidationError, DatabaseError) as exc:
            logger.exception("importing Disqus thread %s failed", thread_id)
            report.skip("thread", thread_id, f"failed, nothing of it imported: {_why(exc)}")
            report.rolled_back()
    settle(report)
    return report


def _incoming(post: DisqusPost, forum: str, report: Report) -> IncomingComment:
    body = to_markdown(post.message)
    skip = post.skip_reason or ("" if body.strip() else "empty")
    author = None
    if not skip:
        name = post.name or post.username or "Anonymous"
        key = profile_key(source=SOURCE, site=forum, email=post.email, name=post.username or name)
        author = imported_person(
            key=key,
            name=name,
            email=post.email,
            username_hint=post.username or name,
            report=report,
        )
    return IncomingComment(
        external_id=post.id,
        parent_id=post.parent,
        author=author,
        created_at=post.created_at,
        body=body,
        skip_reason=skip,
    )


def _why(exc: Exception) -> str:
    return "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
