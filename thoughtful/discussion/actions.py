"""Every change to comments happens here.

The posting pipeline of the discussion issue slots in at `_decide`: today every comment from a
signed-in person that passes validation is published.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from thoughtful.discussion import events
from thoughtful.discussion.models import Comment, Reaction
from thoughtful.markup import render_comment
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay

MAX_COMMENT_LENGTH = 5000


@dataclass(frozen=True)
class Decision:
    status: str
    reasons: tuple[str, ...] = ()


def _validate_body(body: str) -> str:
    text = body.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError("Your comment is empty.", code="empty")
    if len(text) > MAX_COMMENT_LENGTH:
        raise ValidationError(
            f"Comments can be at most {MAX_COMMENT_LENGTH:,} characters; yours has {len(text):,}.",
            code="too_long",
        )
    return text


def _decide(*, author: User, essay: Essay, text: str) -> Decision:
    return Decision(status=Comment.Status.PUBLISHED, reasons=("pass",))


@transaction.atomic
def post_comment(
    *, author: User, essay: Essay, body: str, parent: Comment | None = None
) -> Comment:
    if not author.is_authenticated or not author.is_active:
        raise PermissionDenied("Sign in to comment.")
    if not essay.is_published:
        raise PermissionDenied("This essay is not open for comments.")
    if parent is not None and parent.essay_id != essay.pk:
        raise ValidationError("That reply belongs to another essay.", code="wrong_essay")
    text = _validate_body(body)
    decision = _decide(author=author, essay=essay, text=text)
    comment = Comment.objects.create(
        essay=essay,
        author=author,
        parent=parent,
        body=text,
        body_html=render_comment(text),
        status=decision.status,
        decision={"status": decision.status, "reasons": list(decision.reasons)},
    )
    transaction.on_commit(lambda: events.comment_posted(comment_id=comment.pk))
    return comment


@transaction.atomic
def react_thoughtful(*, person: User, comment: Comment) -> Reaction:
    if comment.author_id == person.pk:
        raise PermissionDenied("You can't react to your own comment.")
    if comment.status != Comment.Status.PUBLISHED:
        raise PermissionDenied("Only published comments take reactions.")
    reaction, _ = Reaction.objects.get_or_create(comment=comment, person=person)
    transaction.on_commit(lambda: events.reaction_changed(comment_id=comment.pk))
    return reaction
