"""Stored XSS (issue 14, "Also"): PayloadsAllTheThings' XSS payloads, posted through the real
forms into every field a user writes, never run and never become active markup on any page that
shows them, in a real Chromium.

The people and objects around each field come from factories; the fields under test go through
the forms (tests/browser/xss/posting.py), as the person who may write them. Payloads are packed
several to an object where the field allows, so each page shows many at once and every page is
visited once. The ledger counts, per field, what the forms took and refused and what the pages
then showed, so the test can't pass by testing nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.xss.corpus import Ledger, Packs, load_payloads, pack
from tests.browser.xss.posting import (
    FormClient,
    Outcome,
    add_note,
    bulk_approve,
    edit_essay,
    file_appeal,
    post_comment,
    report_comment,
    save_social_copy,
    set_image_text,
    submit_essay,
    update_profile,
    warn,
    write_essay,
)
from tests.browser.xss.traps import Watch
from tests.factories import ImageFactory, UserFactory
from thoughtful.discussion.models import Comment, DiscussionSettings
from thoughtful.moderation.forms import AppealForm, SanctionForm
from thoughtful.moderation.models import Sanction
from thoughtful.people.actions import grant_role
from thoughtful.people.forms import ProfileForm
from thoughtful.people.models import User
from thoughtful.people.roles import Role
from thoughtful.publishing import actions as publishing_actions
from thoughtful.publishing.forms import EssayForm, ImageForm, NoteForm, SocialForm, TransitionForm
from thoughtful.publishing.models import Essay, Tag
from thoughtful.publishing.tags import MAX_TAGS
from thoughtful.standing.tasks import refresh_standing
from thoughtful.web.forms import ReportForm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHARED_TAG = "lanterns"  # every essay carries it: one tag page and one search list them all
PLAIN_BODY = "A test essay about lanterns and what they light."
# The essay form takes at most MAX_TAGS topics (issue 14 item 3); one is the shared tag.
TAGS_PER_ESSAY = MAX_TAGS - 1


def _limit(form: type, name: str) -> int:
    return int(form.base_fields[name].max_length)


@dataclass
class Cast:
    editor: User
    moderator: User
    reader: User
    appellant: User
    writers: list[User] = field(default_factory=list)


def _person(role: Role | None = None) -> User:
    person = UserFactory()
    if role is not None:
        grant_role(user=person, role=role)
    return User.objects.get(pk=person.pk)


# --- posting ----------------------------------------------------------------------------------


def _try_alone(ledger: Ledger, name: str, packs: Packs, attempt: Callable[[str], Outcome]) -> None:
    """Payloads too long for the field on their own: the form must refuse each, cleanly."""
    for i in packs.too_long:
        outcome = attempt(ledger.payloads[i])
        ledger.record(name, outcome.ok, [i], outcome.why)


def _writers(ledger: Ledger, cast: Cast) -> None:
    """One contributor per bio pack; each also takes a display-name pack."""
    p = ledger.payloads
    bios = pack(p, limit=_limit(ProfileForm, "bio"))
    names = pack(p, limit=_limit(ProfileForm, "display_name"))
    cast.writers.extend(_person(Role.CONTRIBUTOR) for _ in bios.groups)
    clients = [FormClient(w, first_page=reverse("people:profile")) for w in cast.writers]
    _try_alone(ledger, "bio", bios, lambda text: update_profile(clients[0], bio=text))
    for k, (c, group) in enumerate(zip(clients, bios.groups, strict=True)):
        name_group = names.groups[k % len(names.groups)]
        outcome = update_profile(c, display_name=names.text(p, name_group), bio=bios.text(p, group))
        ledger.record("bio", outcome.ok, group, outcome.why)
        ledger.record("display name", outcome.ok, name_group, outcome.why)


@dataclass(frozen=True)
class EssayPacks:
    """The payload packs for each essay field; essay j takes the j-th of each (cycling)."""

    titles: Packs
    standfirsts: Packs
    alts: Packs
    credits: Packs
    submit_notes: Packs
    taggable: list[int]

    @classmethod
    def of(cls, payloads: list[str]) -> EssayPacks:
        tag_limit = Tag._meta.get_field("name").max_length
        return cls(
            titles=pack(payloads, limit=_limit(EssayForm, "title")),
            standfirsts=pack(payloads, limit=_limit(EssayForm, "standfirst")),
            alts=pack(payloads, limit=_limit(ImageForm, "alt_text")),
            credits=pack(payloads, limit=_limit(ImageForm, "credit")),
            submit_notes=pack(payloads, limit=_limit(TransitionForm, "note")),
            taggable=[
                i for i, text in enumerate(payloads) if "," not in text and len(text) <= tag_limit
            ],
        )

    def count(self) -> int:
        packs = (self.titles, self.standfirsts, self.alts, self.credits)
        tag_batches = -(-len(self.taggable) // TAGS_PER_ESSAY)
        return max(tag_batches, *(len(p.groups) for p in packs))


def _nth(packs: Packs, j: int) -> list[int]:
    return packs.groups[j % len(packs.groups)]


def _too_long_essay_texts(ledger: Ledger, c: FormClient, packs: EssayPacks) -> None:
    """Alone, before any pack is in place (so an unexpected acceptance can't hide a pack)."""
    p = ledger.payloads
    for i in packs.titles.too_long:
        _, outcome = write_essay(c, title=p[i], standfirst="", body=PLAIN_BODY, tags="")
        ledger.record("essay title", outcome.ok, [i], outcome.why)
    for i in packs.standfirsts.too_long:
        _, outcome = write_essay(c, title="Too long", standfirst=p[i], body=PLAIN_BODY, tags="")
        ledger.record("standfirst", outcome.ok, [i], outcome.why)


def _too_long_image_texts(ledger: Ledger, c: FormClient, essay: Essay, packs: EssayPacks) -> None:
    p = ledger.payloads
    for i in packs.alts.too_long:
        outcome = set_image_text(c, essay, alt_text=p[i], credit="Image: Author's Own")
        ledger.record("image alt", outcome.ok, [i], outcome.why)
    for i in packs.credits.too_long:
        outcome = set_image_text(c, essay, alt_text="A lantern", credit=p[i])
        ledger.record("image credit", outcome.ok, [i], outcome.why)


def _tags(ledger: Ledger, c: FormClient, essay: Essay, group: list[int]) -> None:
    """The writer adds topics to the draft through the edit form: a batch per essay, so a
    validator refusing one tag refuses only its batch, not the essay."""
    p = ledger.payloads
    essay.refresh_from_db()
    outcome = edit_essay(
        c,
        essay,
        title=essay.title,
        standfirst=essay.standfirst,
        body=essay.body,
        tags=", ".join([SHARED_TAG, *(p[i] for i in group)]),
    )
    ledger.record("tag", outcome.ok, group, outcome.why)


def _essay(ledger: Ledger, c: FormClient, packs: EssayPacks, j: int) -> Essay | None:
    """Essay j through the new-essay form, topics, the image form, then submitted. The first
    also carries half the payloads in its body (the editor adds the rest)."""
    p = ledger.payloads
    title, standfirst = _nth(packs.titles, j), _nth(packs.standfirsts, j)
    body = "\n\n".join([PLAIN_BODY, *p[: len(p) // 2]]) if j == 0 else PLAIN_BODY
    essay, outcome = write_essay(
        c,
        title=packs.titles.text(p, title),
        standfirst=packs.standfirsts.text(p, standfirst),
        body=body,
        tags=SHARED_TAG,
    )
    ledger.record("essay title", outcome.ok, title, outcome.why)
    ledger.record("standfirst", outcome.ok, standfirst, outcome.why)
    if essay is None:
        return None
    tags = packs.taggable[j * TAGS_PER_ESSAY : (j + 1) * TAGS_PER_ESSAY]
    if tags:
        _tags(ledger, c, essay, tags)
    # The picture itself is not under test: a factory image, then the form for its texts.
    Essay.objects.filter(pk=essay.pk).update(featured_image=ImageFactory())
    if j == 0:
        _too_long_image_texts(ledger, c, essay, packs)
    alt, credit = _nth(packs.alts, j), _nth(packs.credits, j)
    outcome = set_image_text(
        c, essay, alt_text=packs.alts.text(p, alt), credit=packs.credits.text(p, credit)
    )
    ledger.record("image alt", outcome.ok, alt, outcome.why)
    ledger.record("image credit", outcome.ok, credit, outcome.why)
    if j == 0:  # the note the writer sends with it shows in the first essay's workflow log
        note = _nth(packs.submit_notes, 0)
        outcome = submit_essay(c, essay, note=packs.submit_notes.text(p, note))
        ledger.record("submit note", outcome.ok, note, outcome.why)
    else:
        outcome = submit_essay(c, essay)
    assert outcome.ok, outcome.why
    return essay


def _essays(ledger: Ledger, cast: Cast) -> list[Essay]:
    """Essays packed with payloads in title, standfirst, image alt text and credit, shared
    round-robin among the writers."""
    packs = EssayPacks.of(ledger.payloads)
    clients = [FormClient(w, first_page=reverse("publishing:new")) for w in cast.writers]
    _too_long_essay_texts(ledger, clients[0], packs)
    # A comma splits tags, and Tag.name has a length: those payloads can't be one tag (sending
    # an over-long one is issue 14 item 3's test, not this one's).
    tagged = set(packs.taggable)
    ledger.refuse(
        "tag",
        (i for i in range(len(ledger.payloads)) if i not in tagged),
        "not sent: holds a comma or is longer than Tag.name",
    )
    essays = []
    for j in range(packs.count()):
        essay = _essay(ledger, clients[j % len(clients)], packs, j)
        assert essay is not None or j > 0, "the first essay carries the body and the comments"
        if essay is not None:
            essays.append(essay)
    return essays


def _edit_first_body(ledger: Ledger, cast: Cast, essay: Essay) -> None:
    """The editor completes the first essay's body: two revisions, so the diff shows payloads."""
    p = ledger.payloads
    essay.refresh_from_db()
    c = FormClient(cast.editor, first_page=reverse("publishing:workbench", args=[essay.pk]))
    outcome = edit_essay(
        c,
        essay,
        title=essay.title,
        standfirst=essay.standfirst,
        body="\n\n".join([PLAIN_BODY, *p]),
        tags=", ".join(t.name for t in essay.tags.all()),
    )
    ledger.record("essay body", outcome.ok, range(len(p)), outcome.why)


def _editorial_notes(ledger: Ledger, cast: Cast, essay: Essay) -> None:
    """The writer's private notes to the editors on the first essay (every payload)."""
    p = ledger.payloads
    notes = pack(p, limit=_limit(NoteForm, "body"))
    c = FormClient(cast.writers[0], first_page=reverse("publishing:workbench", args=[essay.pk]))
    for group in notes.groups:
        outcome = add_note(c, essay, body=notes.text(p, group))
        ledger.record("editorial note", outcome.ok, group, outcome.why)


def _social_copy(ledger: Ledger, cast: Cast, essay: Essay) -> None:
    """The editor's share texts for the first essay: one object, so the payloads run on from
    field to field (about 60 of them)."""
    p = ledger.payloads
    fields: dict[str, str] = {}
    used: list[int] = []
    for name in ("share_title", "share_description", "facebook", "x", "newsletter"):
        rest = [i for i in range(len(p)) if i not in used]
        group = pack(p, limit=_limit(SocialForm, name), only=rest).groups[0]
        fields[name] = " ".join(p[i] for i in group)
        used.extend(group)
    c = FormClient(cast.editor, first_page=reverse("publishing:workbench", args=[essay.pk]))
    outcome = save_social_copy(c, essay, **fields)
    ledger.record("social copy", outcome.ok, used, outcome.why)


def _comments(ledger: Ledger, cast: Cast, essay: Essay) -> list[Comment]:
    """One commenter per display-name pack, each posting one comment; the comments share out
    every payload between them (a paragraph each). The essay holds first comments, so they wait
    on the desk until the moderator approves them all at once."""
    p = ledger.payloads
    names = pack(p, limit=_limit(ProfileForm, "display_name"))
    people = [_person() for _ in names.groups]
    c = FormClient(people[0], first_page=reverse("people:profile"))
    _try_alone(ledger, "display name", names, lambda text: update_profile(c, display_name=text))
    DiscussionSettings.objects.create(essay=essay, hold_first_comments=1)
    comments: list[Comment] = []
    for k, (person, name) in enumerate(zip(people, names.groups, strict=True)):
        c.sign_in(person)
        outcome = update_profile(c, display_name=names.text(p, name))
        ledger.record("display name", outcome.ok, name, outcome.why)
        body = list(range(k, len(p), len(people)))
        comment, outcome = post_comment(c, essay, body="\n\n".join(p[i] for i in body))
        ledger.record("comment body", comment is not None, body, outcome.why)
        if comment is not None:
            comments.append(comment)
    c.sign_in(cast.moderator)
    held = [comment for comment in comments if comment.status == Comment.Status.HELD]
    assert bulk_approve(c, held).ok
    # A few replies (their writers are published now, so these go straight up): the thread view
    # and the desk's "in reply to" show them.
    for writer in comments[1:5]:
        c.sign_in(writer.author)
        reply, _ = post_comment(c, essay, body=f"{writer.body}\n\n(a reply)", parent=comments[0])
        assert reply is not None
    return comments


def _reports(ledger: Ledger, cast: Cast, comments: list[Comment]) -> None:
    p = ledger.payloads
    texts = pack(p, limit=_limit(ReportForm, "text"))
    c = FormClient(cast.reader, first_page=reverse("web:comment-report", args=[comments[0].pk]))
    spare = iter(comments[len(texts.groups) :])
    _try_alone(ledger, "report text", texts, lambda t: report_comment(c, next(spare), text=t))
    for comment, group in zip(comments, texts.groups, strict=False):
        outcome = report_comment(c, comment, text=texts.text(p, group))
        ledger.record("report text", outcome.ok, group, outcome.why)


def _sanctions(ledger: Ledger, cast: Cast) -> list[Sanction]:
    """Warnings through the desk's sanction form, their reasons packed with payloads."""
    p = ledger.payloads
    reasons = pack(p, limit=_limit(SanctionForm, "reason"))
    c = FormClient(
        cast.moderator, first_page=reverse("moderation:person", args=[cast.appellant.pk])
    )
    for i in reasons.too_long:
        _, outcome = warn(c, cast.appellant, reason=p[i])
        ledger.record("sanction reason", outcome.ok, [i], outcome.why)
    made = []
    for group in reasons.groups:
        sanction, outcome = warn(c, cast.appellant, reason=reasons.text(p, group))
        ledger.record("sanction reason", outcome.ok, group, outcome.why)
        if sanction is not None:
            made.append(sanction)
    return made


def _appeals(ledger: Ledger, cast: Cast, sanctions: list[Sanction]) -> None:
    """The warned person appeals them, one appeal each, through the appeal form."""
    p = ledger.payloads
    texts = pack(p, limit=_limit(AppealForm, "text"))
    assert len(sanctions) >= len(texts.groups) + len(texts.too_long)
    c = FormClient(cast.appellant, first_page=reverse("moderation-public:my-sanctions"))
    spare = iter(sanctions[len(texts.groups) :])
    _try_alone(ledger, "appeal text", texts, lambda t: file_appeal(c, next(spare), text=t))
    for sanction, group in zip(sanctions, texts.groups, strict=False):
        outcome = file_appeal(c, sanction, text=texts.text(p, group))
        ledger.record("appeal text", outcome.ok, group, outcome.why)


# --- pages ------------------------------------------------------------------------------------


def _as(watch: Watch, person: User) -> None:
    """Browse as `person`: their session cookie in the browser."""
    watch.page.context.clear_cookies()
    client = Client()
    client.force_login(person)
    name = django_settings.SESSION_COOKIE_NAME
    watch.page.context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": watch.base}]
    )


def _see(ledger: Ledger, watch: Watch, path: str, *fields: str) -> set[str]:
    """Visit once, trapped and scanned; credit the ledger with the payloads each field shows."""
    visit = watch.visit(path, *fields)
    for name in fields:
        ledger.saw(name, visit.texts[name])
    return visit.ids


CARDS = ("essay title", "standfirst", "image alt", "display name")  # essay cards in lists
ESSAY_PAGE = (*CARDS, "image credit", "tag", "bio")


def _editorial_pages(ledger: Ledger, watch: Watch, cast: Cast, first: Essay) -> None:
    _as(watch, cast.editor)
    workbench = reverse("publishing:workbench", args=[first.pk])
    notes = ("editorial note", "submit note", "social copy")
    _see(ledger, watch, workbench, *CARDS, "essay body", "image credit", *notes)
    _see(ledger, watch, reverse("publishing:revisions", args=[first.pk]), "essay title")
    old, new = first.revisions.order_by("created_at", "id")[:2]
    diff = reverse("publishing:diff", args=[first.pk]) + f"?a={old.pk}&b={new.pk}"
    _see(ledger, watch, diff, "essay body")


def _public_pages(
    ledger: Ledger, watch: Watch, cast: Cast, essays: list[Essay], comments: list[Comment]
) -> set[str]:
    """Signed in as a reader (report links and reply forms show too); the ids on the first
    essay's page, to check every approved comment is there."""
    _as(watch, cast.reader)
    first = essays[0]
    ids = _see(ledger, watch, first.get_absolute_url(), *ESSAY_PAGE, "social copy")
    for essay in essays[1:]:
        _see(ledger, watch, essay.get_absolute_url(), *ESSAY_PAGE)
    _see(ledger, watch, reverse("web:home"), *CARDS, "tag")
    for writer in cast.writers:
        _see(ledger, watch, reverse("web:author", args=[writer.username]), *CARDS, "bio")
    _see(ledger, watch, reverse("web:tag", args=[SHARED_TAG]), *CARDS, "tag")
    payload_tag = Tag.objects.exclude(slug=SHARED_TAG).filter(essays__in=essays).first()
    assert payload_tag is not None, "no payload became a tag"
    _see(ledger, watch, payload_tag.get_absolute_url(), *CARDS, "tag")
    _see(ledger, watch, reverse("publishing:search") + f"?q={SHARED_TAG}", *CARDS)
    _see(ledger, watch, reverse("web:thread", args=[first.slug, comments[0].pk]), "display name")
    _see(ledger, watch, reverse("web:comment-report", args=[comments[0].pk]), "display name")
    return ids


def _own_pages(ledger: Ledger, watch: Watch, cast: Cast, comments: list[Comment]) -> None:
    """A commenter's edit form and profile; the appellant's sanctions and appeals."""
    _as(watch, comments[0].author)
    _see(ledger, watch, reverse("web:comment-edit", args=[comments[0].pk]), "comment body")
    _see(ledger, watch, reverse("people:profile"), "display name")
    _as(watch, cast.appellant)
    _see(ledger, watch, reverse("moderation-public:my-sanctions"), "sanction reason")


def _desk_pages(ledger: Ledger, watch: Watch, cast: Cast, comments: list[Comment]) -> None:
    _as(watch, cast.moderator)
    cards = ("comment body", "display name", "report text", "essay title")
    for queue in ("approved", "reported"):
        _see(ledger, watch, reverse("moderation:queue", args=[queue]), *cards)
    _see(ledger, watch, reverse("moderation:appeals"), "appeal text")
    _see(ledger, watch, reverse("moderation:log"), "comment body", "display name")
    for person in (comments[1].author, cast.appellant):
        _see(ledger, watch, reverse("moderation:person", args=[person.pk]), *cards)


def _fast_settings(settings) -> None:  # type: ignore[no-untyped-def]
    # One page shows every comment, and one desk page every card.
    settings.DISCUSSION = {**getattr(settings, "DISCUSSION", {}), "PAGE_SIZE": 1000}
    settings.DISCUSSION["REPLIES_PER_COMMENT"] = 50
    settings.MODERATION = {**getattr(settings, "MODERATION", {}), "PAGE_SIZE": 1000}
    # Some 130 people, none of whom signs in with a password: hashing each with argon2 would
    # take a minute on a busy machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background work (scores, notifications, similar essays) shows no user text of its own
    # and triples the run time: queued, not run. The writers' scores are computed below.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_stored_xss_payloads_stay_inert(page: Page, live_server, settings) -> None:  # type: ignore[no-untyped-def]
    _fast_settings(settings)
    payloads = load_payloads()
    assert len(payloads) >= 200
    ledger = Ledger(payloads)
    cast = Cast(
        editor=_person(Role.EDITOR),
        moderator=_person(Role.MODERATOR),
        reader=UserFactory(),
        appellant=UserFactory(),
    )
    watch = Watch(page, str(live_server.url))

    _writers(ledger, cast)
    essays = _essays(ledger, cast)
    _edit_first_body(ledger, cast, essays[0])
    _editorial_notes(ledger, cast, essays[0])
    # The editor's desk lists every submitted essay, until publication takes them off it.
    _as(watch, cast.editor)
    _see(ledger, watch, reverse("publishing:desk"), "essay title", "display name")
    for essay in essays:
        publishing_actions.publish(essay=essay)
    for writer in cast.writers:  # Top Contributors on the home page
        refresh_standing.call(writer.pk)
    _social_copy(ledger, cast, essays[0])
    comments = _comments(ledger, cast, essays[0])
    _reports(ledger, cast, comments)
    _appeals(ledger, cast, _sanctions(ledger, cast))

    _editorial_pages(ledger, watch, cast, essays[0])
    ids = _public_pages(ledger, watch, cast, essays, comments)
    _own_pages(ledger, watch, cast, comments)
    _desk_pages(ledger, watch, cast, comments)

    print(ledger.table())
    print(f"{len(watch.visits)} pages visited")
    assert not watch.problems, watch.report()
    missing = {f"comment-{c.pk}" for c in comments} - ids
    assert not missing, f"approved comments missing from the first essay's page: {missing}"
    # The test must test something: most of each field's payloads got in, and nearly all
    # that got in were then on a page, read back verbatim.
    for name in ledger.accepted.keys() | ledger.refused.keys():
        accepted = len(ledger.accepted.get(name, ()))
        assert accepted >= 0.6 * ledger.tried(name), (name, ledger.table())
        assert len(ledger.shown.get(name, ())) >= 0.9 * accepted, (name, ledger.table())
    assert len(ledger.distinct_shown()) >= 200, ledger.table()
