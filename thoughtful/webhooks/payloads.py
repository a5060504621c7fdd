"""What each event says. Public by default: ids, URLs, statuses and what any reader can see.

An endpoint with include_private_text (meant for moderators' own tools) also gets what the
moderator desk shows: the comment's text (held and rejected comments too), who wrote it,
report notes, the reason a person was given for a sanction. Nothing else ever leaves: no
email addresses, no scores, no moderators' internal notes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings

from thoughtful.discussion.models import Comment, Report
from thoughtful.moderation.models import LogEntry, Sanction
from thoughtful.people.models import User
from thoughtful.publishing.models import Essay

Data = dict[str, Any]


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def envelope(event_type: str, at: datetime, data: Data) -> Data:
    """The Standard Webhooks payload shape: type, timestamp (ISO 8601), data."""
    return {"type": event_type, "timestamp": at.isoformat(), "data": data}


def person(user: User) -> Data:
    return {"id": user.pk, "name": user.public_name, "url": absolute(user.get_absolute_url())}


def essay(record: Essay) -> Data:
    return {
        "id": record.pk,
        "title": record.title,
        "url": absolute(record.get_absolute_url()),
    }


def comment(record: Comment, *, private: bool) -> Data:
    data: Data = {
        "id": record.pk,
        "url": absolute(record.get_absolute_url()),
        "status": record.status,
        "parent_id": record.parent_id,
        "created_at": record.created_at.isoformat(),
        "essay": essay(record.essay),
    }
    # A published comment's writer is shown on the page; a held or rejected one's is not.
    if private or record.status == Comment.Status.PUBLISHED:
        data["author"] = person(record.author)
    if private:
        data["text"] = record.body
    return data


def published_essay(record: Essay, *, private: bool) -> Data:
    return {
        "essay": {
            **essay(record),
            "standfirst": record.standfirst,
            "author": person(record.author),
            "published_at": record.published_at.isoformat() if record.published_at else None,
        }
    }


def decision(entry: LogEntry, *, private: bool) -> Data:
    assert entry.comment is not None
    data: Data = {
        "comment": comment(entry.comment, private=private),
        "automatic": entry.automatic,
        "reason_code": entry.reason_code,
    }
    if private:
        data["reason"] = entry.reason
        data["moderator"] = entry.actor.public_name if entry.actor else None
    return data


def report(record: Report, *, private: bool) -> Data:
    data: Data = {
        "report": {"id": record.pk, "reason": record.reason},
        "comment": comment(record.comment, private=private),
    }
    if private:
        data["report"]["text"] = record.text
    return data


def sanction(record: Sanction, *, private: bool) -> Data:
    data: Data = {
        "sanction": {
            "id": record.pk,
            "kind": record.kind,
            "automatic": record.automatic,
            "starts_at": record.starts_at.isoformat(),
            "ends_at": record.ends_at.isoformat() if record.ends_at else None,
            "comment_id": record.comment_id,
        },
        "person_id": record.person_id,
    }
    if private:
        data["sanction"]["reason"] = record.reason
        data["person"] = person(record.person)
    return data


def protection(record: Essay, *, from_level: str, to_level: str, cause: str, private: bool) -> Data:
    return {"essay": essay(record), "from": from_level, "to": to_level, "cause": cause}
