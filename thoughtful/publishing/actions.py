"""Every change to essays happens here: authorise, validate, change, write the audit entry in
the same transaction, then enqueue side effects (email, search, similarity) after commit.

Functions take `now` where time matters so tests run them on a simulated clock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from thoughtful.markup import render_essay
from thoughtful.people import permissions as perms
from thoughtful.people.models import User
from thoughtful.publishing import images, page_version, search, similarity, workflow
from thoughtful.publishing import tags as tag_rules
from thoughtful.publishing.models import (
    Credit,
    EditorialNote,
    Essay,
    EssayEvent,
    EssayRevision,
    Heart,
    Image,
    RelatedPick,
    Rendition,
    SimilarEssay,
    SocialCopy,
    Tag,
)
from thoughtful.publishing.revisions import to_prune
from thoughtful.publishing.workflow import IllegalTransition

S = Essay.Status


class RevisionConflict(Exception):
    """The text was saved from an older revision than the newest one: nothing was written."""

    def __init__(self, *, current: EssayRevision, attempted: dict[str, str], base_id: int | None):
        super().__init__("This essay changed since you opened it.")
        self.current = current
        self.attempted = attempted
        self.base_id = base_id


def _after_commit(fn: Callable[[], Any]) -> None:
    transaction.on_commit(fn)


def _log(
    essay: Essay, *, actor: User | None, action: str, before: str, note: str = "", now: datetime
) -> EssayEvent:
    event = EssayEvent.objects.create(
        essay=essay,
        actor=actor,
        action=action,
        from_status=before,
        to_status=essay.status,
        note=note,
        at=now,
    )
    return event


def _notify(event: EssayEvent) -> None:
    from thoughtful.publishing.tasks import notify_event

    _after_commit(lambda: notify_event.enqueue(event.pk))


def _refresh_similar() -> None:
    from thoughtful.publishing.tasks import recompute_similar

    _after_commit(lambda: recompute_similar.enqueue())


def get_or_create_tag(name: str) -> Tag:
    """The tag with this name (case aside), created with the first free slug if new.

    Slugs come from publishing.tags: Unicode letters kept, a hash for names without any, and
    the hash added when another name already holds the slug ("C++" and "C#"), so two names
    never share one tag (issue 14, item 3). Raises ValidationError for a name over the limit.
    """
    name = tag_rules.normalise_name(name)
    tag_rules.check_tag_names([name])
    exact = Tag.objects.filter(name=name).first()
    if exact is not None:
        return exact
    candidates = tag_rules.tag_slug_candidates(name)
    base = candidates[0]
    candidates += [f"{base[: tag_rules.MAX_SLUG_LENGTH - 4]}-{n}" for n in range(2, 100)]
    for slug in candidates:
        holder = Tag.objects.filter(slug=slug).first()
        if holder is not None:
            if holder.name.casefold() == name.casefold():
                return holder
            continue
        try:
            with transaction.atomic():
                return Tag.objects.create(name=name, slug=slug)
        except IntegrityError:
            # Created at the same moment by someone else: theirs if it is the same name.
            same = Tag.objects.filter(name=name).first()
            if same is not None:
                return same
    raise ValidationError(f"Too many tags are called something like “{name}”.")


def latest_revision(essay: Essay) -> EssayRevision | None:
    return essay.revisions.order_by("-created_at", "-id").first()


# --- Text and revisions ----------------------------------------------------------------------


@transaction.atomic
def save_essay(
    *,
    author: User,
    title: str,
    body: str,
    standfirst: str = "",
    slug: str = "",
    tags: Sequence[str] = (),
    featured_image: Image | None = None,
    essay: Essay | None = None,
    actor: User | None = None,
    base_revision: int | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Essay:
    """Create or update an essay's text; every change of title, standfirst or body is a revision.

    With `actor`, the permission rule applies (the demo loader and the admin pass none). With
    `base_revision`, saving over a newer revision raises RevisionConflict and writes nothing.
    """
    now = now or timezone.now()
    tag_rules.check_tag_names([tag_rules.normalise_name(name) for name in tags])
    if essay is None:
        if actor is not None:
            perms.require(perms.can_write_essays(actor), "You can't start an essay.")
        base_slug = slug or slugify(title)[:190] or "essay"
        unique, n = base_slug, 2
        while not slug and Essay.objects.filter(slug=unique).exists():
            unique, n = f"{base_slug}-{n}", n + 1
        essay = Essay(author=author, slug=unique, status_changed_at=now)
        changed = True
    else:
        essay = Essay.objects.select_for_update().get(pk=essay.pk)
        if actor is not None:
            perms.require(perms.can_edit_essay(actor, essay), "You can't edit this essay now.")
        current = latest_revision(essay)
        if base_revision is not None and current is not None and current.pk != base_revision:
            raise RevisionConflict(
                current=current,
                attempted={"title": title, "standfirst": standfirst, "body": body},
                base_id=base_revision,
            )
        changed = (essay.title, essay.standfirst, essay.body) != (title, standfirst, body)
        changed = changed or current is None
    essay.title = title
    essay.standfirst = standfirst
    essay.body = body
    essay.body_html = render_essay(body)
    if featured_image is not None:
        essay.featured_image = featured_image
    essay.save()
    if tags:
        essay.tags.set([get_or_create_tag(name) for name in tags])
    Credit.objects.get_or_create(
        essay=essay, role=Credit.Role.AUTHOR, defaults={"person": essay.author}
    )
    if changed:
        EssayRevision.objects.create(
            essay=essay,
            title=title,
            standfirst=standfirst,
            body=body,
            author=actor or author,
            note=note,
            created_at=now,
        )
        if essay.status == S.PUBLISHED:
            search.index(essay)
            _refresh_similar()
    return essay


def restore_revision(*, essay: Essay, revision: EssayRevision, actor: User) -> Essay:
    """Restoring writes a new revision with the old text (history is never rewritten)."""
    if revision.essay_id != essay.pk:
        raise ValidationError("That revision belongs to another essay.")
    return save_essay(
        author=essay.author,
        title=revision.title,
        body=revision.body,
        standfirst=revision.standfirst,
        essay=essay,
        actor=actor,
        note=f"Restored from revision {revision.pk}",
    )


def prune_revisions(*, now: datetime | None = None) -> int:
    """Apply the pruning policy in publishing.revisions; returns how many were deleted."""
    now = now or timezone.now()
    deleted = 0
    for essay_id in EssayRevision.objects.values_list("essay_id", flat=True).distinct():
        revisions = list(EssayRevision.objects.filter(essay_id=essay_id))
        ids = to_prune(revisions, now=now)
        if ids:
            deleted += EssayRevision.objects.filter(pk__in=ids).delete()[0]
    return deleted


# --- The workflow ----------------------------------------------------------------------------


def transition(
    *,
    essay: Essay,
    actor: User | None,
    action: str,
    note: str = "",
    publish_at: datetime | None = None,
    due_at: datetime | None = None,
    now: datetime | None = None,
) -> Essay:
    """Take one workflow step (see publishing.workflow); raises IllegalTransition (409),
    PermissionDenied (403) or ValidationError (400), and never changes anything when it does."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Essay.objects.select_for_update(of=("self",))
            .select_related("featured_image")
            .get(pk=essay.pk)
        )
        t = workflow.check(action, actor, locked)
        note = note.strip()
        if t.needs_note and not note:
            raise ValidationError("Say why: a note is required for this step.")
        before = locked.status
        extra: set[str] = set()
        _apply(locked, action, actor, note=note, publish_at=publish_at, now=now, fields=extra)
        if locked.status != before:
            locked.status_changed_at = now
            locked.due_at = due_at  # a due date belongs to a step; a new step starts without
        elif due_at is not None:
            locked.due_at = due_at
        values: dict[str, Any] = {
            "status": locked.status,
            "status_changed_at": locked.status_changed_at,
            "assignee_id": locked.assignee.pk if locked.assignee else None,
            "due_at": locked.due_at,
            "updated_at": now,
            **{name: getattr(locked, name) for name in extra},
        }
        # The conditional UPDATE makes a concurrent second attempt (another worker, a double
        # click) change nothing, even on engines where select_for_update is a no-op.
        guard: dict[str, Any] = {"pk": locked.pk, "status": before}
        if action == "claim_copy":
            guard["assignee__isnull"] = True
        if not Essay.objects.filter(**guard).update(**values):
            raise IllegalTransition("Someone else changed this essay first; reload and retry.")
        page_version.bump(locked.pk)  # published, unpublished or edited (issue 12)
        event = _log(locked, actor=actor, action=action, before=before, note=note, now=now)
        _notify(event)
    essay.refresh_from_db()
    return essay


def _apply(
    essay: Essay,
    action: str,
    actor: User | None,
    *,
    note: str,
    publish_at: datetime | None,
    now: datetime,
    fields: set[str],
) -> None:
    t = workflow.get(action)
    essay.status = t.target
    match action:
        case "submit" | "return":
            essay.assignee = None
            if action == "return" and essay.scheduled_for:
                essay.scheduled_for = None
                fields.add("scheduled_for")
        case "claim_edit" | "claim_copy":
            essay.assignee = actor
        case "finish_edit":
            _credit(essay, Credit.Role.EDITOR, essay.assignee or actor)
            essay.assignee = None
        case "finish_copy":
            image = essay.featured_image
            if image is None or not image.alt_text.strip() or not image.credit.strip():
                raise ValidationError(
                    "Add a featured image with alt text and a credit before leaving copy edit."
                )
            _credit(essay, Credit.Role.COPY_EDITOR, actor)
            essay.assignee = None
        case "write_social":
            social = SocialCopy.objects.filter(essay=essay).first()
            if social is None or not (social.share_title and social.share_description):
                raise ValidationError("Write the share title and description first.")
            if not (social.facebook and social.x and social.newsletter):
                raise ValidationError("Write a blurb for each channel: Facebook, X, newsletter.")
            _credit(essay, Credit.Role.SOCIAL_EDITOR, social.written_by or actor)
            essay.assignee = None
        case "approve":
            when = publish_at or now
            essay.scheduled_for = when
            essay.assignee = None
            fields.add("scheduled_for")
            _after_commit(lambda: _enqueue_publication(essay.pk, when, now))
        case "publish":
            essay.published_at = now
            essay.unpublished_reason = ""
            fields.update({"published_at", "unpublished_reason"})
            search.index(essay)
            _refresh_similar()
        case "unpublish":
            essay.unpublished_reason = note
            fields.add("unpublished_reason")
            search.unindex(essay.pk)
            _refresh_similar()
        case "archive":
            essay.assignee = None
            search.unindex(essay.pk)
            _refresh_similar()


def _credit(essay: Essay, role: str, person: User | None) -> None:
    if person is not None:
        Credit.objects.update_or_create(essay=essay, role=role, defaults={"person": person})


def _enqueue_publication(essay_id: int, when: datetime, now: datetime) -> None:
    """A delayed task at the scheduled time where the backend can defer; otherwise now if due.
    Either way the periodic sweep (publish_due) catches anything missed."""
    from thoughtful.publishing.tasks import publish_scheduled

    backend = publish_scheduled.get_backend()
    if backend.supports_defer:
        publish_scheduled.using(run_after=when).enqueue(essay_id)
    elif when <= now:
        publish_scheduled.enqueue(essay_id)


def publish_if_due(*, essay_id: int, now: datetime | None = None) -> bool:
    """Publish one scheduled essay whose time has come; False if not due or already done."""
    now = now or timezone.now()
    essay = Essay.objects.filter(pk=essay_id).first()
    if essay is None or essay.status != S.SCHEDULED:
        return False
    if essay.scheduled_for and essay.scheduled_for > now:
        return False
    try:
        transition(essay=essay, actor=None, action="publish", now=now)
    except IllegalTransition:
        return False  # published by the other path in the meantime: exactly once
    return True


def publish_due(*, now: datetime | None = None) -> list[int]:
    """The sweep: publish every scheduled essay whose time has passed."""
    now = now or timezone.now()
    due = Essay.objects.filter(status=S.SCHEDULED, scheduled_for__lte=now).order_by(
        "scheduled_for", "pk"
    )
    return [pk for pk in due.values_list("pk", flat=True) if publish_if_due(essay_id=pk, now=now)]


@transaction.atomic
def publish(*, essay: Essay, at: datetime | None = None) -> Essay:
    """Publish directly, outside the workflow: only for seed data (demo loader, fixtures)."""
    essay.status = Essay.Status.PUBLISHED
    essay.published_at = at or essay.published_at or timezone.now()
    essay.status_changed_at = essay.published_at
    essay.save(update_fields=["status", "published_at", "status_changed_at", "updated_at"])
    search.index(essay)
    _refresh_similar()
    return essay


# --- Around the workflow ---------------------------------------------------------------------


@transaction.atomic
def set_due(*, essay: Essay, actor: User, due_at: datetime | None) -> Essay:
    perms.require(perms.can_pick_essays(actor), "Only editors set due dates.")
    Essay.objects.filter(pk=essay.pk).update(due_at=due_at)
    essay.due_at = due_at
    _log(
        essay,
        actor=actor,
        action="set_due",
        before=essay.status,
        note=due_at.isoformat() if due_at else "",
        now=timezone.now(),
    )
    return essay


@transaction.atomic
def add_note(*, essay: Essay, author: User, body: str) -> EditorialNote:
    perms.require(perms.can_view_essay_workflow(author, essay))
    body = body.strip()
    if not body:
        raise ValidationError("Write something first.")
    return EditorialNote.objects.create(essay=essay, author=author, body=body[:5000])


@transaction.atomic
def save_social_copy(*, essay: Essay, actor: User, **fields: str) -> SocialCopy:
    allowed = perms.can_write_social_copy(actor, essay) or perms.is_editor(actor)
    perms.require(allowed, "Only social editors and editors write social copy.")
    if essay.status not in (S.SOCIAL, S.READY, S.SCHEDULED, S.PUBLISHED):
        raise IllegalTransition("Social copy is written once copy editing is done.")
    names = ("share_title", "share_description", "facebook", "x", "newsletter")
    values = {name: fields.get(name, "").strip() for name in names}
    if len(values["x"]) > 280:
        raise ValidationError("The X post can be at most 280 characters.")
    social, _ = SocialCopy.objects.update_or_create(
        essay=essay, defaults={**values, "written_by": actor, "updated_at": timezone.now()}
    )
    return social


@transaction.atomic
def set_credit(
    *, essay: Essay, role: Credit.Role | str, person: User, actor: User | None = None
) -> Credit:
    """Editors adjust credits; the workflow sets them from who did the work."""
    if actor is not None:
        perms.require(perms.can_adjust_credits(actor, essay), "Only editors adjust credits.")
    credit, _ = Credit.objects.update_or_create(essay=essay, role=role, defaults={"person": person})
    if actor is not None:
        _log(
            essay,
            actor=actor,
            action="credit",
            before=essay.status,
            note=f"{credit.get_role_display()}: {person.public_name}",
            now=timezone.now(),
        )
    return credit


@transaction.atomic
def set_picks(*, essay: Essay, picks: Sequence[Essay]) -> None:
    RelatedPick.objects.filter(essay=essay).delete()
    RelatedPick.objects.bulk_create(
        RelatedPick(essay=essay, pick=pick, position=i)
        for i, pick in enumerate(picks)
        if pick.pk != essay.pk
    )


@transaction.atomic
def set_editors_pick(*, essay: Essay, actor: User, picked: bool) -> Essay:
    perms.require(perms.can_pick_essays(actor), "Only editors choose Editor's Picks.")
    Essay.objects.filter(pk=essay.pk).update(editors_pick=picked)
    page_version.bump(essay.pk)  # the page shows the Editor's Pick badge (issue 12)
    essay.editors_pick = picked
    _log(
        essay,
        actor=actor,
        action="pick" if picked else "unpick",
        before=essay.status,
        now=timezone.now(),
    )
    return essay


@transaction.atomic
def toggle_heart(*, essay: Essay, person: User) -> bool:
    """Heart or un-heart; True when the essay is now hearted by the person."""
    perms.require(perms.can_heart(person), "Sign in to heart essays.")
    if not essay.is_published:
        raise IllegalTransition("Only published essays can be hearted.")
    deleted, _ = Heart.objects.filter(essay=essay, person=person).delete()
    if not deleted:
        Heart.objects.get_or_create(essay=essay, person=person)
    # The author's score picks hearts up on its next refresh (standing sits above publishing
    # and refreshes stale scores when their pages are viewed, as it does for reads).
    return not deleted


# --- Images ----------------------------------------------------------------------------------


def upload_image(
    *,
    actor: User | None,
    upload: IO[bytes],
    alt_text: str,
    credit: str,
    essay: Essay | None = None,
    name: str = "image",
) -> Image:
    """Check, strip and store an upload; with `essay`, it becomes the featured image."""
    if essay is not None and actor is not None:
        perms.require(perms.can_edit_essay(actor, essay), "You can't change this essay's image.")
    alt_text, credit = alt_text.strip(), credit.strip()
    if not alt_text:
        raise ValidationError("Describe the image (alt text) for readers who can't see it.")
    if not credit:
        raise ValidationError("Credit the image, e.g. \u201cImage: Author's Own\u201d.")
    cleaned = images.clean_upload(upload, name=name)
    with transaction.atomic():
        image = Image(alt_text=alt_text[:300], credit=credit[:200], uploaded_by=actor)
        image.file.save(cleaned.name or "image.jpg", cleaned, save=True)
        if essay is not None:
            Essay.objects.filter(pk=essay.pk).update(featured_image=image)
            page_version.bump(essay.pk)
            essay.featured_image = image
        from thoughtful.publishing.tasks import make_renditions

        _after_commit(lambda: make_renditions.enqueue(image.pk))
    return image


@transaction.atomic
def update_image_text(
    *, image: Image, actor: User, essay: Essay, alt_text: str, credit: str
) -> Image:
    perms.require(perms.can_edit_essay(actor, essay), "You can't change this essay's image.")
    if not alt_text.strip() or not credit.strip():
        raise ValidationError("Alt text and credit are both required.")
    image.alt_text, image.credit = alt_text.strip()[:300], credit.strip()[:200]
    image.save(update_fields=["alt_text", "credit"])
    return image


def make_renditions(*, image_id: int) -> int:
    image = Image.objects.filter(pk=image_id).first()
    if image is None or not image.file:
        return 0
    with image.file.open("rb") as handle:
        data = handle.read()
    made = 0
    for width in images.RENDITION_WIDTHS:
        if Rendition.objects.filter(image=image, width=width).exists():
            continue
        result = images.rendition(data, width)
        if result is None:
            continue
        content, w, h = result
        rendition = Rendition(image=image, width=w, height=h)
        rendition.file.save(f"{image.pk}-{content.name}", content, save=True)
        made += 1
    return made


# --- Related reads ---------------------------------------------------------------------------

SIMILAR_PER_ESSAY = 6


@transaction.atomic
def recompute_similar() -> int:
    """Recompute TF-IDF neighbours for every published essay (small corpus: all at once)."""
    essays = list(Essay.objects.published().only("pk", "title", "standfirst", "body"))
    sims = similarity.similarity_matrix(
        [similarity.document(e.title, e.standfirst, e.body) for e in essays]
    )
    rows: list[SimilarEssay] = []
    for i, essay in enumerate(essays):
        order = sims[i].argsort()[::-1][:SIMILAR_PER_ESSAY]
        rows.extend(
            SimilarEssay(essay=essay, other=essays[j], score=float(sims[i, j]))
            for j in order
            if sims[i, j] > 0
        )
    SimilarEssay.objects.all().delete()
    SimilarEssay.objects.bulk_create(rows)
    return len(rows)


def require_author_or_staff(person: Any, essay: Essay) -> None:
    if not perms.can_view_essay_workflow(person, essay):
        raise PermissionDenied("This essay is not yours to see.")
