"""Demo moderation records, so the desk isn't empty on first run (called by web.demo.load).

Idempotent: it only adds what isn't there. Held and reported comments come from the demo
publication itself; this adds a sanction with a pending appeal, a past decision in the log and
a pile-on alert, all through the actions (so they are logged like real ones).
"""

from __future__ import annotations

from thoughtful.discussion.models import Comment
from thoughtful.moderation import actions
from thoughtful.moderation.models import Appeal, PileOnAlert, Sanction
from thoughtful.people.models import User


def seed(*, moderator_username: str = "moderator", offender_username: str = "vk1987") -> None:
    moderator = User.objects.filter(username=moderator_username).first()
    offender = User.objects.filter(username=offender_username).first()
    if moderator is None or offender is None:
        return
    if not Sanction.objects.filter(person=offender).exists():
        warning = actions.warn(
            moderator=moderator,
            person=offender,
            reason="Your comment on “What I owe her” attacked the author rather than the essay.",
            note="Demo: first warning.",
        )
        Appeal.objects.get_or_create(
            sanction=warning,
            defaults={
                "text": "I was angry, but I think calling it out was fair. I'd like this removed.",
            },
        )
    first_held = Comment.objects.filter(status=Comment.Status.HELD).order_by("id").first()
    if first_held is not None and not PileOnAlert.objects.exists():
        actions.raise_alert(
            essay_id=first_held.essay_id,
            comment_id=first_held.pk,
            signal="demo",
            summary="Several new accounts replied to the author within minutes (demo alert).",
            strength=0.6,
        )
