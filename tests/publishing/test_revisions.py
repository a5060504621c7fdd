"""Revisions: one per text change, conflicts refuse to overwrite, diffs, restore, pruning."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.publishing.conftest import essay_at
from thoughtful.people.models import User
from thoughtful.publishing import actions, revisions
from thoughtful.publishing.models import Essay, EssayRevision

pytestmark = pytest.mark.django_db
S = Essay.Status


def _draft(staff: dict[str, User]) -> Essay:
    return actions.save_essay(
        author=staff["author"], actor=staff["author"], title="First", body="One.\n\nTwo."
    )


def test_every_text_change_is_a_revision(staff: dict[str, User]) -> None:
    essay = _draft(staff)
    base = actions.latest_revision(essay)
    assert base is not None
    actions.save_essay(
        author=essay.author,
        essay=essay,
        actor=staff["author"],
        title="First",
        body="One.\n\nTwo.",
        base_revision=base.pk,
    )  # nothing changed: no new revision
    assert essay.revisions.count() == 1
    actions.save_essay(
        author=essay.author,
        essay=essay,
        actor=staff["author"],
        title="Second",
        body="One.\n\nTwo.",
        base_revision=base.pk,
    )
    assert essay.revisions.count() == 2


def test_saving_over_a_newer_revision_is_a_conflict(staff: dict[str, User]) -> None:
    essay = _draft(staff)
    base = actions.latest_revision(essay)
    assert base is not None
    actions.save_essay(
        author=essay.author,
        essay=essay,
        actor=staff["author"],
        title="Theirs",
        body="B",
        base_revision=base.pk,
    )
    with pytest.raises(actions.RevisionConflict) as info:
        actions.save_essay(
            author=essay.author,
            essay=essay,
            actor=staff["author"],
            title="Mine",
            body="C",
            base_revision=base.pk,
        )
    assert info.value.current.title == "Theirs"
    essay.refresh_from_db()
    assert (essay.title, essay.body) == ("Theirs", "B")
    assert essay.revisions.count() == 2


def test_conflict_page_shows_both_versions(client: Client, staff: dict[str, User]) -> None:
    essay = _draft(staff)
    base = actions.latest_revision(essay)
    assert base is not None
    actions.save_essay(
        author=essay.author,
        essay=essay,
        actor=staff["author"],
        title="Theirs",
        body="Their words",
        base_revision=base.pk,
    )
    client.force_login(staff["author"])
    response = client.post(
        reverse("publishing:edit", args=[essay.pk]),
        {"title": "Mine", "body": "My <b>words</b>", "standfirst": "", "base_revision": base.pk},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Their words" in page and "My &lt;b&gt;words&lt;/b&gt;" in page
    assert "<b>words</b>" not in page
    essay.refresh_from_db()
    assert essay.body == "Their words"


def test_history_diff_and_restore(client: Client, staff: dict[str, User]) -> None:
    essay = _draft(staff)
    first = actions.latest_revision(essay)
    assert first is not None
    actions.save_essay(
        author=essay.author,
        essay=essay,
        actor=staff["author"],
        title="First",
        body="One.\n\n<script>x</script>",
        base_revision=first.pk,
    )
    second = actions.latest_revision(essay)
    assert second is not None
    client.force_login(staff["author"])
    history = client.get(reverse("publishing:revisions", args=[essay.pk]))
    assert history.status_code == 200
    diff = client.get(reverse("publishing:diff", args=[essay.pk]), {"a": first.pk, "b": second.pk})
    page = diff.content.decode()
    assert diff.status_code == 200
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
    assert 'class="diff-removed">- Two.' in page
    response = client.post(reverse("publishing:restore", args=[essay.pk, first.pk]))
    assert response.status_code == 302
    essay.refresh_from_db()
    assert essay.body == "One.\n\nTwo."
    assert essay.revisions.count() == 3  # restoring adds a revision, never rewrites one
    assert actions.latest_revision(essay).note == f"Restored from revision {first.pk}"  # type: ignore[union-attr]


def test_diff_text_marks_changes() -> None:
    lines = revisions.diff_text("a\nb\nc", "a\nB\nc")
    assert [(d.kind, d.text) for d in lines] == [
        ("same", "a"),
        ("removed", "b"),
        ("added", "B"),
        ("same", "c"),
    ]


def test_pruning_policy(staff: dict[str, User]) -> None:
    essay = essay_at(S.DRAFT, staff)
    now = timezone.now()
    made = []
    # Three saves a day for 60 days.
    for day in range(60):
        for hour in (9, 12, 15):
            made.append(
                EssayRevision.objects.create(
                    essay=essay,
                    title="t",
                    body=f"{day}-{hour}",
                    created_at=now - timedelta(days=day, hours=hour),
                )
            )
    deleted = actions.prune_revisions(now=now)
    kept = list(essay.revisions.all())
    recent = [r for r in made if r.created_at >= now - timedelta(days=revisions.KEEP_ALL_DAYS)]
    assert all(EssayRevision.objects.filter(pk=r.pk).exists() for r in recent)
    old_days = {timezone.localtime(r.created_at).date() for r in kept if r not in recent}
    assert len(old_days) == len([r for r in kept if r not in recent])  # one per old day
    assert deleted == len(made) - len(kept)
    assert deleted > 0
    assert actions.prune_revisions(now=now) == 0  # idempotent


def test_pruning_caps_per_essay(staff: dict[str, User], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(revisions, "MAX_PER_ESSAY", 5)
    essay = essay_at(S.DRAFT, staff)
    now = timezone.now()
    for i in range(12):
        EssayRevision.objects.create(
            essay=essay, title="t", body=str(i), created_at=now - timedelta(minutes=i)
        )
    actions.prune_revisions(now=now)
    assert sorted(essay.revisions.values_list("body", flat=True)) == ["0", "1", "2", "3", "4"]


def test_a_contributor_cannot_edit_once_submitted(client: Client, staff: dict[str, User]) -> None:
    essay = essay_at(S.IN_EDIT, staff)
    client.force_login(staff["author"])
    response = client.post(
        reverse("publishing:edit", args=[essay.pk]), {"title": "Sneaky", "body": "x"}
    )
    assert response.status_code == 403
