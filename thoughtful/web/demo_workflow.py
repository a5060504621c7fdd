"""Demo essays at every workflow step, so each desk has work (issue 5). Idempotent.

Each essay is walked through the real workflow actions by the demo staff accounts, at
timestamps in the past, so the audit log, credits, ages and due dates are what the workflow
itself would have written. Only essays that don't exist yet are created.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from thoughtful.people.models import User
from thoughtful.publishing import actions
from thoughtful.publishing.models import Essay, Image

# (slug, title, standfirst, author, how far along, due in days, started days ago)
WORKFLOW_ESSAYS = [
    (
        "the-allotment",
        "The allotment",
        "Growing things after a diagnosis.",
        "contributor",
        "draft",
        None,
        1,
    ),
    (
        "my-brothers-debts",
        "My brother's debts",
        "What I paid, and what it cost me to say no.",
        "owen",
        "returned",
        None,
        6,
    ),
    (
        "the-night-shift",
        "The night shift",
        "Twelve years of caring for strangers at 3 a.m.",
        "maya",
        "submitted",
        2,
        3,
    ),
    (
        "learning-to-drive-at-fifty",
        "Learning to drive at fifty",
        "A late licence, and the freedom I had been too afraid to want.",
        "priya",
        "in_edit",
        1,
        5,
    ),
    (
        "a-house-full-of-paper",
        "A house full of paper",
        "Clearing my mother's hoard.",
        "tomasz",
        "copy_edit",
        3,
        4,
    ),
    (
        "the-second-language",
        "The second language",
        "Dreaming in a tongue I learned at thirty.",
        "esther",
        "social",
        2,
        7,
    ),
    (
        "what-the-dog-knew",
        "What the dog knew",
        "Grief, and the animal who noticed first.",
        "luis",
        "ready",
        1,
        9,
    ),
    (
        "leaving-the-city",
        "Leaving the city",
        "Why I moved back to the village I fled.",
        "naomi",
        "scheduled",
        None,
        10,
    ),
]

PATH = [
    ("submit", "author"),
    ("claim_edit", "editor"),
    ("finish_edit", "editor"),
    ("claim_copy", "copyeditor"),
    ("finish_copy", "copyeditor"),
    ("write_social", "socialeditor"),
    ("approve", "editor"),
]
STOP_AFTER = {
    "draft": 0,
    "returned": 2,  # returned from edit (below)
    "submitted": 1,
    "in_edit": 2,
    "copy_edit": 3,
    "social": 5,
    "ready": 6,
    "scheduled": 7,
}

BODY = (
    "I have started this essay a dozen times.\n\n"
    "Each time I stopped at the same sentence, the one where I have to say what happened."
    "\n\nThis time I kept going."
)


def seed(people: dict[str, User]) -> int:
    now = timezone.now()
    image = Image.objects.order_by("pk").first()
    made = 0
    for slug, title, standfirst, author_name, target, due_days, started in WORKFLOW_ESSAYS:
        if Essay.objects.filter(slug=slug).exists() or author_name not in people:
            continue
        author = people[author_name]
        clock = now - timedelta(days=started)
        essay = actions.save_essay(
            author=author,
            title=title,
            standfirst=standfirst,
            body=BODY,
            slug=slug,
            tags=["Family"],
            featured_image=image,
            now=clock,
        )
        Essay.objects.filter(pk=essay.pk).update(created_at=clock, status_changed_at=clock)
        steps = PATH[: STOP_AFTER[target]]
        for i, (action, who) in enumerate(steps):
            clock += timedelta(hours=6)
            actor = author if who == "author" else people[who]
            if action == "write_social":
                actions.save_social_copy(
                    essay=essay,
                    actor=actor,
                    share_title=title,
                    share_description=standfirst,
                    facebook=f"{standfirst} A new essay on thoughtful.",
                    x=f"{title}: {standfirst}"[:280],
                    newsletter=f"This week: {title}. {standfirst}",
                )
            last = i == len(steps) - 1
            due = now + timedelta(days=due_days) if (last and due_days) else None
            publish_at = now + timedelta(days=2) if action == "approve" else None
            actions.transition(
                essay=essay,
                actor=actor,
                action=action,
                now=clock,
                due_at=due,
                publish_at=publish_at,
            )
        if target == "returned":
            actions.transition(
                essay=essay,
                actor=people["editor"],
                action="return",
                now=clock + timedelta(hours=3),
                note="The middle section loses the thread: what did saying no cost you, exactly?",
            )
        made += 1
    return made
