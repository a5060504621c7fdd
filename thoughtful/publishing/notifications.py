"""Who hears about which workflow event, and what the email says (sent by tasks.notify_event)."""

from __future__ import annotations

from django.urls import reverse

from thoughtful.ops.once import run_once
from thoughtful.people.models import User
from thoughtful.people.roles import Role
from thoughtful.publishing.models import Credit, EssayEvent
from thoughtful.security.mail import EmailsFailed, send_email

SUBJECTS = {
    "submit": "Submitted for editing: {title}",
    "claim_edit": "{actor} is editing {title}",
    "claim_copy": "{actor} is copy editing {title}",
    "finish_edit": "Ready for copy edit: {title}",
    "finish_copy": "Ready for social copy: {title}",
    "write_social": "Ready for approval: {title}",
    "return": "Returned with notes: {title}",
    "publish": "Published: {title}",
    "unpublish": "Unpublished: {title}",
}


def _role_members(role: Role) -> list[User]:
    return list(User.objects.filter(groups__name=role.value, is_active=True))


def recipients(event: EssayEvent) -> list[User]:
    essay = event.essay
    author = essay.author
    people: list[User]
    match event.action:
        case "submit":
            people = _role_members(Role.EDITOR)
        case "finish_edit":
            people = _role_members(Role.COPY_EDITOR)
        case "finish_copy":
            people = _role_members(Role.SOCIAL_EDITOR)
        case "write_social":
            people = _role_members(Role.EDITOR)
        case "claim_edit" | "claim_copy" | "return" | "unpublish":
            people = [author]
        case "publish":
            credited = [
                c.person for c in Credit.objects.filter(essay=essay).select_related("person")
            ]
            people = [author, *credited]
        case _:
            people = []
    seen: set[int] = set()
    result = []
    for person in people:
        if person.pk in seen or not person.email or person.pk == event.actor_id:
            continue
        seen.add(person.pk)
        result.append(person)
    return result


def send(event: EssayEvent) -> int:
    template = SUBJECTS.get(event.action)
    if template is None:
        return 0
    essay = event.essay
    actor = event.actor.public_name if event.actor else "thoughtful"
    subject = template.format(title=essay.title, actor=actor)
    link = reverse("publishing:workbench", args=[essay.pk])
    body = f"{subject}\n\n{event.note}\n\nOpen it: {link}\n".replace("\n\n\n", "\n\n")
    sent = failed = 0
    for person in recipients(event):
        # One failing address must not cost the others their email; each failure is logged.
        try:
            # Once per person and event, even when the task is retried (ops.sweep).
            sent += (
                run_once(
                    f"event-email:{event.pk}:{person.pk}",
                    lambda: send_email(
                        to=[person.email],  # noqa: B023 (called at once)
                        subject=subject,
                        body=body,
                        what=f"workflow event {event.pk}",
                    ),
                )
                or 0
            )
        except Exception:
            failed += 1
    if failed:
        raise EmailsFailed(f"{failed} email(s) about workflow event {event.pk} failed.")
    return sent
