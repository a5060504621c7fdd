"""The event types an endpoint can subscribe to, and what each one means."""

from __future__ import annotations

COMMENT_POSTED = "comment.posted"
COMMENT_HELD = "comment.held"
COMMENT_APPROVED = "comment.approved"
COMMENT_REJECTED = "comment.rejected"
REPORT_FILED = "report.filed"
SANCTION_ISSUED = "sanction.issued"
ESSAY_PUBLISHED = "essay.published"
PROTECTION_CHANGED = "protection.changed"

EVENT_TYPES: dict[str, str] = {
    ESSAY_PUBLISHED: "An essay was published",
    COMMENT_POSTED: "A comment was published as it was posted",
    COMMENT_HELD: "A comment was held for review (by the posting checks or a moderator)",
    COMMENT_APPROVED: "A moderator approved a comment (or kept a reported one)",
    COMMENT_REJECTED: "A comment was rejected (by a moderator or the posting checks)",
    REPORT_FILED: "A reader reported a comment",
    SANCTION_ISSUED: "A person was warned, pre-moderated, suspended or banned",
    PROTECTION_CHANGED: "An essay's protection level changed (the shield)",
}

CHOICES = list(EVENT_TYPES.items())
