"""Looking a comment up for someone: through the visibility rule (CommentQuerySet), or the
desk's view of everything for moderators. Views, the API and the actions all come through here,
so no route can print or act on a comment the rule hides (issue 14, item 1).

Hidden comments raise `Hidden`, a 404 indistinguishable from an id never used.
"""

from __future__ import annotations

from django.db.models import QuerySet

from thoughtful.discussion.models import Comment, CommentQuerySet
from thoughtful.people import permissions
from thoughtful.people.permissions import Person
from thoughtful.security.hiding import Hidden


def viewer_id(person: Person | None) -> int | None:
    if person is None or not person.is_authenticated or not person.is_active:
        return None
    return int(person.pk)


def access_comment(
    *,
    viewer: Person | None,
    comment_id: int,
    listed: bool = False,
    queryset: CommentQuerySet | None = None,
) -> Comment:
    """The comment if the viewer may read its text, else Hidden.

    listed=True also finds tombstones (the thread view shows them, without text, to keep their
    replies in place); everything that acts on a comment needs its text, so it leaves it False.
    """
    rows = queryset if queryset is not None else Comment.objects.all()
    who = viewer_id(viewer)
    rows = rows.visible_to(who) if listed else rows.readable_by(who)
    found = rows.filter(pk=comment_id).first()
    if found is None:
        raise Hidden("No such comment.")
    return found


def require_readable(*, person: Person | None, comment: Comment, listed: bool = False) -> None:
    """For actions handed a Comment: the same rule, so a caller that skipped `access_comment`
    (the API, a task, a test) still cannot act on what its person may not see."""
    rows = Comment.objects.all()
    who = viewer_id(person)
    rows = rows.visible_to(who) if listed else rows.readable_by(who)
    if not rows.filter(pk=comment.pk).exists():
        raise Hidden("No such comment.")


def desk_comments(person: Person | None) -> QuerySet[Comment]:
    """Every comment in every state: only for the moderator desk and its API."""
    permissions.require(
        person is not None and permissions.can_moderate(person), "Only moderators can do that."
    )
    return Comment.objects.all()
