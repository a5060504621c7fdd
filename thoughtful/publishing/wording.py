"""The workflow in words (issue 11): log lines read "Inés claimed the edit", not
"claim_edit (submitted → in_edit)". One table, so the desk, the workbench and emails agree."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.dateformat import format as format_date

from thoughtful.publishing.models import EssayEvent

# What the actor did, after their name. The scheduler is the only actor without a person.
_DID: dict[str, str] = {
    "submit": "submitted the essay for editing",
    "claim_edit": "claimed the edit",
    "finish_edit": "finished the edit and sent it to copy edit",
    "claim_copy": "claimed the copy edit",
    "finish_copy": "finished the copy edit and sent it to social",
    "write_social": "wrote the social copy: ready for approval",
    "approve": "approved the essay and scheduled it",
    "publish": "published the essay",
    "return": "returned the essay to the author with notes",
    "unpublish": "unpublished the essay",
    "archive": "archived the essay",
    "pick": "made the essay an Editor’s Pick",
    "unpick": "took the essay out of the Editor’s Picks",
    "credit": "changed a credit",
    "set_due": "set the due date",
}
SCHEDULER = "The scheduler"


def local_time(moment: datetime) -> str:
    """A time as the desks show it: in the publication's time zone, named (settings.TIME_ZONE)."""
    here = timezone.localtime(moment)
    return f"{format_date(here, 'j M Y, H:i')} {here.tzname()}"


def event_sentence(event: EssayEvent) -> str:
    who = event.actor.public_name if event.actor_id and event.actor else SCHEDULER
    did = _DID.get(event.action) or event.action.replace("_", " ")
    if event.action == "set_due":
        try:
            due = datetime.fromisoformat(event.note)
        except ValueError:
            return f"{who} cleared the due date"
        return f"{who} set the due date to {local_time(due)}"
    if event.action == "credit" and event.note:
        return f"{who} {did} ({event.note})"
    return f"{who} {did}"
