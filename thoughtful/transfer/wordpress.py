"""`thoughtful import wordpress export.xml`: posts become essays (issue 13).

Each post, with its author, dates, tags, featured image (from a local uploads folder only:
nothing here uses the network) and approved comments, is imported in one transaction: a post
that fails leaves nothing behind and the report says why, and the posts before and after it
stand. The whole file is read first, so a malformed file fails before anything is written.
Running it again adds nothing: every post and comment is remembered by its WordPress id.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify

from thoughtful.markup import render_essay
from thoughtful.people.models import User
from thoughtful.publishing import actions as publishing_actions
from thoughtful.publishing import images, search
from thoughtful.publishing import tags as tag_rules
from thoughtful.publishing.models import Credit, Essay, EssayEvent, Image
from thoughtful.transfer.html2md import to_markdown
from thoughtful.transfer.models import SourceRef
from thoughtful.transfer.profiles import imported_person, profile_key
from thoughtful.transfer.report import Report
from thoughtful.transfer.threads import IncomingComment, import_comments, settle
from thoughtful.transfer.wxr import WPComment, WPPost, WPSite, posts, read_site

logger = logging.getLogger(__name__)

SOURCE = SourceRef.Source.WORDPRESS
STATUSES = {
    "publish": Essay.Status.PUBLISHED,
    "future": Essay.Status.SCHEDULED,
    "draft": Essay.Status.DRAFT,
    "pending": Essay.Status.DRAFT,
    "private": Essay.Status.DRAFT,  # never public here either
}
SKIPPED_TAGS = {"uncategorized", "uncategorised"}
COMMENT_SKIPS = {
    "0": "pending (never approved)",
    "spam": "spam",
    "trash": "in the trash",
}


def import_file(path: Path, *, media_dir: Path | None = None) -> Report:
    report = Report()
    site = read_site(path)  # raises ImportFileError before anything is written
    for post in posts(path):
        if post.type != "post":
            report.skip("post", post.id, f"post type {post.type!r} is not an essay")
            continue
        if post.status not in STATUSES:
            report.skip("post", post.id, f"status {post.status!r}")
            continue
        try:
            with transaction.atomic():
                _import_post(post, site=site, media_dir=media_dir, report=report)
        except (ValidationError, DatabaseError) as exc:
            logger.exception("importing WordPress post %s failed", post.id)
            report.skip("post", post.id, f"failed, nothing of it imported: {_why(exc)}")
            report.rolled_back()
    settle(report)
    if report.created["essay"]:
        from thoughtful.publishing.tasks import recompute_similar

        recompute_similar.enqueue()  # related reads ("more like this") take the new essays in
    return report


def _author(site: WPSite, login: str, report: Report) -> User:
    found = site.authors.get(login)
    name = found.display_name if found else login
    email = found.email if found else ""
    key = profile_key(source=SOURCE, site=site.link, email=email, name=f"login:{login}")
    return imported_person(
        key=key, name=name or "Former writer", email=email, username_hint=login, report=report
    )


def _unique_slug(post: WPPost) -> str:
    base = slugify(unquote(post.slug)) or slugify(post.title) or f"post-{post.id}"
    base = base[:190]
    candidate, n = base, 1
    while Essay.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _import_post(post: WPPost, *, site: WPSite, media_dir: Path | None, report: Report) -> None:
    ref = SourceRef.objects.filter(
        source=SOURCE, site=site.link, kind=SourceRef.Kind.ESSAY, external_id=post.id
    ).first()
    essay = Essay.objects.filter(pk=ref.object_id).first() if ref else None
    if ref is not None and essay is None:
        report.skip("post", post.id, "imported before, then deleted here; not brought back")
        return
    if essay is None:
        essay = _create_essay(post, site=site, media_dir=media_dir, report=report)
    else:
        report.unchanged["essay"] += 1
    import_comments(
        essay=essay,
        source=SOURCE,
        site=site.link,
        comments=[_incoming(c, site, report) for c in post.comments],
        report=report,
    )


def _create_essay(post: WPPost, *, site: WPSite, media_dir: Path | None, report: Report) -> Essay:
    author = _author(site, post.creator, report)
    body = post.markdown if post.markdown is not None else to_markdown(post.content)
    status = STATUSES[post.status]
    moment = post.date
    essay = Essay.objects.create(
        title=(post.title.strip() or f"Untitled ({post.id})")[:200],
        slug=_unique_slug(post),
        standfirst=to_markdown(post.excerpt).replace("\\\n", " ")[:400],
        body=body,
        body_html=render_essay(body),
        author=author,
        status=status,
        published_at=moment if status == Essay.Status.PUBLISHED else None,
        scheduled_for=moment if status == Essay.Status.SCHEDULED else None,
        created_at=moment,
        status_changed_at=moment,
    )
    Credit.objects.create(essay=essay, role=Credit.Role.AUTHOR, person=author)
    if status == Essay.Status.PUBLISHED:
        search.index(essay)  # SQLite's full-text table (PostgreSQL searches the columns)
    _tags(essay, post, report)
    _featured_image(essay, post, site=site, media_dir=media_dir, report=report)
    EssayEvent.objects.create(
        essay=essay,
        action="imported",
        to_status=status,
        note=f"Imported from WordPress post {post.id} ({post.link})"[:2000],
        at=timezone.now(),
    )
    SourceRef.objects.create(
        source=SOURCE,
        site=site.link,
        kind=SourceRef.Kind.ESSAY,
        external_id=post.id,
        object_id=essay.pk,
        url=normalise_url(post.link),
    )
    report.created["essay"] += 1
    report.essay_ids.add(essay.pk)
    report.person_ids.add(author.pk)
    return essay


def _tags(essay: Essay, post: WPPost, report: Report) -> None:
    names: list[str] = []
    for domain, name in post.categories:
        name = tag_rules.normalise_name(name)
        if domain not in {"post_tag", "category"} or not name:
            continue
        if name.casefold() in SKIPPED_TAGS or name.casefold() in {n.casefold() for n in names}:
            continue
        names.append(name)
    for name in names[tag_rules.MAX_TAGS :]:
        report.skip("tag", f"{post.id}:{name}", f"more than {tag_rules.MAX_TAGS} tags")
    for name in names[: tag_rules.MAX_TAGS]:
        try:
            essay.tags.add(publishing_actions.get_or_create_tag(name))
        except ValidationError as exc:
            report.skip("tag", f"{post.id}:{name[:30]}", "; ".join(exc.messages))


def _featured_image(
    essay: Essay, post: WPPost, *, site: WPSite, media_dir: Path | None, report: Report
) -> None:
    thumbnail = post.meta.get("_thumbnail_id", "")
    if not thumbnail:
        return
    attachment = site.attachments.get(thumbnail)
    label = f"{post.id}:{thumbnail}"
    if attachment is None:
        report.skip("image", label, "the featured image's attachment is not in the file")
        return
    if media_dir is None:
        report.skip("image", label, "no --media-dir given (images are never downloaded)")
        return
    found = local_upload(media_dir, attachment.url)
    if found is None:
        report.skip("image", label, f"{attachment.url} is not under --media-dir")
        return
    ref = SourceRef.objects.filter(
        source=SOURCE, site=site.link, kind=SourceRef.Kind.IMAGE, external_id=attachment.id
    ).first()
    image = Image.objects.filter(pk=ref.object_id).first() if ref else None
    if image is None:
        try:
            with found.open("rb") as handle:
                cleaned = images.clean_upload(File(handle), name=found.name)
        except (ValidationError, OSError) as exc:
            report.skip("image", label, f"{found.name}: {exc}")
            return
        image = Image(
            alt_text=(attachment.alt or attachment.title or essay.title)[:300],
            credit=(to_markdown(attachment.caption) or "Image: imported from WordPress")[:200],
        )
        image.file.save(cleaned.name or found.name, cleaned, save=True)
        SourceRef.objects.create(
            source=SOURCE,
            site=site.link,
            kind=SourceRef.Kind.IMAGE,
            external_id=attachment.id,
            object_id=image.pk,
            url=attachment.url[:500],
        )
        image_id = image.pk
        transaction.on_commit(lambda: _renditions(image_id))
        report.created["image"] += 1
    Essay.objects.filter(pk=essay.pk).update(featured_image=image)


def _renditions(image_id: int) -> None:
    from thoughtful.publishing.tasks import make_renditions

    make_renditions.enqueue(image_id)


def local_upload(media_dir: Path, url: str) -> Path | None:
    """The file for an uploads URL inside media_dir ("…/wp-content/uploads/2019/05/a.jpg" ->
    media_dir/2019/05/a.jpg; our own "/media/images/b.jpg" -> media_dir/images/b.jpg), or
    None. Never outside media_dir, whatever the URL says."""
    path = unquote(urlsplit(url).path)
    marker = "/wp-content/uploads/"
    media_url = str(settings.MEDIA_URL)  # our own export's images: --media-dir MEDIA_ROOT
    if marker in path:
        relative = path.split(marker, 1)[1]
    elif media_url.startswith("/") and path.startswith(media_url):
        relative = path[len(media_url) :]
    else:
        relative = path.rsplit("/", 1)[-1]
    root = media_dir.resolve()
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


def normalise_url(url: str) -> str:
    """Host, path and query ("?p=102" is a WordPress permalink), lower-cased host, no scheme,
    fragment or trailing slash: how a Disqus thread's link is matched to the post it was on."""
    parts = urlsplit(url.strip())
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}{query}"[:500]


def _incoming(comment: WPComment, site: WPSite, report: Report) -> IncomingComment:
    skip = COMMENT_SKIPS.get(comment.approved, "")
    if comment.approved not in {"1", *COMMENT_SKIPS}:
        skip = f"unknown approval {comment.approved!r}"
    if not skip and comment.type in {"pingback", "trackback"}:
        skip = comment.type
    body = comment.markdown if comment.markdown is not None else to_markdown(comment.content)
    if not skip and not body.strip():
        skip = "empty"
    author = None
    if not skip:
        author = _comment_author(comment, site, report)
    return IncomingComment(
        external_id=comment.id,
        parent_id=comment.parent,
        author=author,
        created_at=comment.date if isinstance(comment.date, datetime) else timezone.now(),
        body=body,
        skip_reason=skip,
    )


def _comment_author(comment: WPComment, site: WPSite, report: Report) -> User:
    if comment.user_id:
        for author in site.authors.values():
            if author.id.lstrip("0") == comment.user_id:
                return _author(site, author.login, report)
    name = comment.author.strip() or "Anonymous"
    key = profile_key(source=SOURCE, site=site.link, email=comment.email, name=name)
    return imported_person(
        key=key, name=name, email=comment.email, username_hint=name, report=report
    )


def _why(exc: Exception) -> str:
    return "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
