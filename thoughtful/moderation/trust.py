"""Trust rules, configurable in settings.MODERATION (see conf.py).

- New commenters' first comments are held by discussion's `new_commenter` check
  (DISCUSSION["HOLD_FIRST_COMMENTS"]); people whose contribution score is at least TRUSTED_SCORE
  skip it. Discussion asks through events.is_trusted, so it never imports standing or us.
- A high rejection rate puts a person on pre-moderation automatically
  (actions.apply_rejection_rule), after a moderator's rejection or a pipeline rejection.
"""

from __future__ import annotations

import logging

from thoughtful.moderation import conf

logger = logging.getLogger(__name__)


def skips_new_commenter_hold(person_id: int) -> bool:
    from thoughtful.standing.models import Standing

    score = Standing.objects.filter(person_id=person_id).values_list("score", flat=True).first()
    return score is not None and score >= int(conf.value("TRUSTED_SCORE"))


def after_comment_posted(comment_id: int) -> None:
    from thoughtful.moderation import actions

    actions.record_pipeline_rejection(comment_id=comment_id)
