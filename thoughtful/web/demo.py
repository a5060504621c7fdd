"""The demo publication: original essays, people in every role, comments. Idempotent.

Demo data is seed data, not user activity: it is written with timestamps in the past and
bypasses the posting pipeline on purpose (a held comment is created held).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from thoughtful.discussion.models import Comment, DiscussionSettings, Reaction, WordRule
from thoughtful.discussion.models import Report as DiscussionReport
from thoughtful.embed import demo as embed_demo
from thoughtful.markup import render_comment
from thoughtful.moderation import demo as moderation_demo
from thoughtful.people import actions as people_actions
from thoughtful.people.models import User
from thoughtful.people.roles import Role
from thoughtful.publishing import actions as publishing_actions
from thoughtful.publishing.models import Credit, Essay, Image
from thoughtful.standing import actions as standing_actions
from thoughtful.web import demo_workflow

DEMO_DIR = Path(__file__).resolve().parent.parent / "publishing" / "demo"
# Printed on the console on purpose; load_demo refuses to run in production.
DEMO_PASSWORD = "thoughtful-demo"  # noqa: S105

# One known account per role, printed so an evaluator can sign in as each.
ROLE_ACCOUNTS: dict[str, tuple[str, list[Role], bool]] = {
    "admin": ("Site Admin", [], True),
    "reader": ("Demo Reader", [], False),
    "contributor": ("Demo Contributor", [Role.CONTRIBUTOR], False),
    "editor": ("Demo Editor", [Role.EDITOR], False),
    "copyeditor": ("Demo Copy Editor", [Role.COPY_EDITOR], False),
    "socialeditor": ("Demo Social Editor", [Role.SOCIAL_EDITOR], False),
    "moderator": ("Demo Moderator", [Role.MODERATOR], False),
}

ANCHOR_SLUG = "what-i-owe-her"
# A starting word list for the demo (editable in the admin): telling someone to die is never
# published; a few insults wait for a moderator.
DEMO_WORD_RULES = [
    ("kill yourself", "reject", "a call to self-harm"),
    ("kys", "reject", "a call to self-harm, abbreviated"),
    ("creep", "hold", "often an attack on the author"),
    ("pathetic", "hold", "often an attack on the author"),
]

_CREDIT_KEYS = {
    "editor": Credit.Role.EDITOR,
    "copy_editor": Credit.Role.COPY_EDITOR,
    "social_editor": Credit.Role.SOCIAL_EDITOR,
}


@dataclass
class Report:
    accounts: list[tuple[str, str]] = field(default_factory=list)
    essays_created: int = 0
    comments_created: int = 0


def _person(
    username: str, display_name: str, roles: list[Role], *, superuser: bool = False, bio: str = ""
) -> tuple[User, bool]:
    user = User.objects.filter(username=username).first()
    created = user is None
    if user is None:
        user = User(username=username, email=f"{username}@demo.thoughtful.invalid")
        user.set_password(DEMO_PASSWORD)
    user.display_name = display_name
    if bio:
        user.bio = bio
    if superuser:
        user.is_staff = user.is_superuser = True
    if any(r in (Role.EDITOR, Role.MODERATOR) for r in roles):
        user.is_staff = True  # editors and moderators use the admin for what has no page yet
    # Seed accounts stand for people who signed up and followed their link (issue 14).
    user.email_verified_at = user.email_verified_at or timezone.now()
    user.save()
    for role in roles:
        people_actions.grant_role(user=user, role=role)
    return user, created


def _image_for(spec: dict[str, Any], uploader: User) -> Image:
    # Stored names are random (publishing.uploads): the alt text and credit find it again.
    existing = Image.objects.filter(
        alt_text=spec["alt"], credit=spec["credit"], uploaded_by=uploader
    ).first()
    if existing:
        return existing
    with (DEMO_DIR / "images" / spec["file"]).open("rb") as handle:
        image = Image(alt_text=spec["alt"], credit=spec["credit"], uploaded_by=uploader)
        image.file.save(spec["file"], File(handle), save=True)
    return image


def _comments(
    essay: Essay,
    items: list[dict[str, Any]],
    people: dict[str, User],
    parent: Comment | None,
    report: Report,
) -> None:
    base = essay.published_at or timezone.now()
    for item in items:
        author = people[item["author"]]
        created_at = min(base + timedelta(hours=item.get("hours_after", 1)), timezone.now())
        status = item.get("status", "published")
        comment = Comment.objects.filter(essay=essay, author=author, body=item["body"]).first()
        if comment is None:
            comment = Comment.objects.create(
                essay=essay,
                author=author,
                parent=parent,
                root=(parent.root or parent) if parent else None,
                depth=parent.depth + 1 if parent else 0,
                body=item["body"],
                body_html=render_comment(item["body"]),
                status=status,
                decision={
                    "outcome": "hold" if status == "held" else "pass",
                    "reasons": ["demo_seed"],
                    "verdicts": [],
                    "scores": {},
                },
                created_at=created_at,
            )
            if parent is not None:
                Comment.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1)
            report.comments_created += 1
        for username in item.get("thoughtful_from", []):
            if username != item["author"] and status == "published":
                Reaction.objects.get_or_create(comment=comment, person=people[username])
        Comment.objects.filter(pk=comment.pk).update(thoughtful_count=comment.reactions.count())
        for spec in item.get("reports", []):
            DiscussionReport.objects.get_or_create(
                comment=comment,
                reporter=people[spec["by"]],
                defaults={"reason": spec["reason"], "text": spec.get("text", "")},
            )
        _comments(essay, item.get("replies", []), people, comment, report)


@transaction.atomic
def load(*, data_file: Path | None = None) -> Report:
    data = json.loads((data_file or DEMO_DIR / "publication.json").read_text(encoding="utf-8"))
    report = Report()
    people: dict[str, User] = {}
    for username, (name, roles, superuser) in ROLE_ACCOUNTS.items():
        people[username], _ = _person(username, name, roles, superuser=superuser)
        label = "admin (superuser)" if superuser else (roles[0].value if roles else "Reader")
        report.accounts.append((label, username))
    for spec in data["people"]:
        roles = [Role(r) for r in spec.get("roles", [])]
        people[spec["username"]], _ = _person(
            spec["username"], spec["display_name"], roles, bio=spec.get("bio", "")
        )

    now = timezone.now()
    essays: dict[str, Essay] = {}
    for spec in data["essays"]:
        author = people[spec["author"]]
        existing = Essay.objects.filter(slug=spec["slug"]).first()
        essay = publishing_actions.save_essay(
            author=author,
            title=spec["title"],
            body=spec["body"],
            standfirst=spec.get("standfirst", ""),
            slug=spec["slug"],
            tags=spec.get("tags", []),
            featured_image=_image_for(spec["image"], author),
            essay=existing,
        )
        if existing is None:
            report.essays_created += 1
            publishing_actions.publish(
                essay=essay, at=now - timedelta(days=spec.get("published_days_ago", 1))
            )
        for key, role in _CREDIT_KEYS.items():
            if spec.get("credits", {}).get(key):
                publishing_actions.set_credit(
                    essay=essay, role=role, person=people[spec["credits"][key]]
                )
        essays[spec["slug"]] = essay

    for spec in data["essays"]:
        essay = essays[spec["slug"]]
        publishing_actions.set_picks(
            essay=essay, picks=[essays[s] for s in spec.get("picks", []) if s in essays]
        )
        _comments(essay, spec.get("comments", []), people, None, report)
        if spec.get("discussion"):
            DiscussionSettings.objects.update_or_create(essay=essay, defaults=spec["discussion"])
    # The anchor essay is the one a pile-on would find: a new commenter's first comment there
    # waits for a moderator (the site-wide default lets first comments through).
    if ANCHOR_SLUG in essays:
        DiscussionSettings.objects.get_or_create(
            essay=essays[ANCHOR_SLUG], defaults={"hold_first_comments": 1}
        )
    for phrase, action, note in DEMO_WORD_RULES:
        WordRule.objects.get_or_create(phrase=phrase, defaults={"action": action, "note": note})

    # The moderator desk: a sanction with a pending appeal and an alert (issue 6).
    moderation_demo.seed()

    # Essays at every workflow step, so each desk has work (issue 5).
    demo_workflow.seed(people)
    publishing_actions.recompute_similar()
    if not settings.PRODUCTION:
        # The embed demo's site (issue 13): examples/embed-demo/ on port 8001.
        embed_demo.seed(owner=people["contributor"])
    for image in Image.objects.filter(renditions__isnull=True):
        publishing_actions.make_renditions(image_id=image.pk)

    for user in User.objects.all():
        standing_actions.recompute(person_id=user.pk)
    return report
