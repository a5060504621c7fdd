"""The desks in words (issue 11): log lines as sentences, the New essay form's preview and
image, the editors' board by stage, times in the publication's zone, destructive buttons."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from tests.factories import UserFactory
from tests.publishing.conftest import essay_at
from thoughtful.people.models import User
from thoughtful.publishing import actions, wording
from thoughtful.publishing.models import Essay, EssayEvent

pytestmark = pytest.mark.django_db
S = Essay.Status


def _log_lines(html: str) -> list[str]:
    log = re.search(r'<ol class="event-log">(.*?)</ol>', html, re.S)
    assert log is not None
    return [
        re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", log[1], re.S)
    ]


def test_log_lines_read_as_sentences(client: Client, staff: dict[str, User]) -> None:
    staff["editor"].display_name = "Inés"
    staff["editor"].save()
    essay = essay_at(S.SUBMITTED, staff)
    actions.transition(essay=essay, actor=staff["editor"], action="claim_edit")
    actions.set_editors_pick(essay=essay, actor=staff["editor"], picked=True)
    client.force_login(staff["editor"])
    lines = _log_lines(
        client.get(reverse("publishing:workbench", args=[essay.pk])).content.decode()
    )
    assert any(line.endswith("Inés claimed the edit.") for line in lines), lines
    assert any("Inés made the essay an Editor’s Pick." in line for line in lines), lines
    assert not any("claim_edit" in line or "in_edit" in line for line in lines), lines


def test_every_workflow_action_has_words() -> None:
    from thoughtful.publishing.workflow import TRANSITIONS

    for action in TRANSITIONS:
        sentence = wording.event_sentence(EssayEvent(action=action))
        assert sentence.startswith(wording.SCHEDULER + " ")
        assert "_" not in sentence, sentence


def test_a_due_date_reads_in_the_publications_zone(settings, staff: dict[str, User]) -> None:  # type: ignore[no-untyped-def]
    settings.TIME_ZONE = "America/New_York"
    essay = essay_at(S.IN_EDIT, staff)
    due = datetime(2026, 12, 24, 14, 30, tzinfo=UTC)
    actions.set_due(essay=essay, actor=staff["editor"], due_at=due)
    event = essay.events.get(action="set_due")
    staff["editor"].display_name = "Ana"
    event.actor = staff["editor"]
    assert wording.event_sentence(event) == "Ana set the due date to 24 Dec 2026, 09:30 EST"


def test_due_dates_are_typed_and_shown_in_the_publications_zone(
    settings, client: Client, staff: dict[str, User]
) -> None:  # type: ignore[no-untyped-def]
    settings.TIME_ZONE = "America/New_York"
    essay = essay_at(S.IN_EDIT, staff)
    client.force_login(staff["editor"])
    page = client.get(reverse("publishing:workbench", args=[essay.pk])).content.decode()
    assert "Time in America/New_York." in page
    response = client.post(
        reverse("publishing:due", args=[essay.pk]), {"due_at": "2026-12-24T09:30"}
    )
    assert response.status_code == 302
    essay.refresh_from_db()
    assert essay.due_at == datetime(2026, 12, 24, 14, 30, tzinfo=UTC)
    page = client.get(reverse("publishing:workbench", args=[essay.pk])).content.decode()
    assert "due 24 Dec 2026, 09:30 EST" in page
    assert 'value="2026-12-24T09:30"' in page  # the field shows it back in the same zone


def test_destructive_steps_look_destructive(client: Client, staff: dict[str, User]) -> None:
    essay = essay_at(S.PUBLISHED, staff)
    client.force_login(staff["editor"])
    html = client.get(reverse("publishing:workbench", args=[essay.pk])).content.decode()
    assert re.search(r'<button type="submit" class="danger">Unpublish</button>', html)
    assert re.search(r'<button type="submit" class="danger">Archive</button>', html)


def _photo() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (800, 450), (90, 120, 60)).save(out, "JPEG")
    return out.getvalue()


def test_new_essay_preview_renders_markdown_and_saves_nothing(
    client: Client, staff: dict[str, User]
) -> None:
    client.force_login(staff["author"])
    response = client.post(
        reverse("publishing:new"),
        {
            "title": "A preview",
            "body": "It took **ten years**.\n\n<script>alert(1)</script>",
            "preview": "1",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    preview = html[html.index('class="essay-preview"') : html.index("</section>")]
    assert "<strong>ten years</strong>" in preview
    assert "<script>alert" not in preview  # sanitised like the published page
    assert not Essay.objects.filter(title="A preview").exists()
    assert "It took **ten years**." in html  # the text stays in the form


def test_new_essay_with_its_featured_image(client: Client, staff: dict[str, User]) -> None:
    client.force_login(staff["author"])
    page = client.get(reverse("publishing:new")).content.decode()
    assert 'enctype="multipart/form-data"' in page and "Featured image" in page
    response = client.post(
        reverse("publishing:new"),
        {
            "title": "With a picture",
            "body": "Words.",
            "image": SimpleUploadedFile("field.jpg", _photo(), content_type="image/jpeg"),
            "alt_text": "A field in the rain",
            "credit": "Image: the author",
        },
    )
    assert response.status_code == 302
    essay = Essay.objects.get(title="With a picture")
    assert essay.featured_image is not None
    assert essay.featured_image.alt_text == "A field in the rain"


def test_an_image_needs_its_alt_text(client: Client, staff: dict[str, User]) -> None:
    client.force_login(staff["author"])
    response = client.post(
        reverse("publishing:new"),
        {
            "title": "No alt",
            "body": "Words.",
            "image": SimpleUploadedFile("field.jpg", _photo(), content_type="image/jpeg"),
        },
    )
    assert response.status_code == 400
    assert "An image needs its alt text and credit." in response.content.decode()
    assert not Essay.objects.filter(title="No alt").exists()


def test_the_editors_board_shows_every_essay_in_progress_by_stage(
    client: Client, staff: dict[str, User]
) -> None:
    late = essay_at(S.IN_EDIT, staff, title="Running late")
    Essay.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=1))
    essay_at(S.COPY_EDIT, staff, title="In copy")
    essay_at(S.SUBMITTED, staff, title="Just in")
    essay_at(S.DRAFT, staff, title="Private draft")
    essay_at(S.PUBLISHED, staff, title="Out already")
    client.force_login(staff["editor"])
    html = client.get(reverse("publishing:board")).content.decode()
    order = [html.index(t) for t in ("Just in", "Running late", "In copy")]
    assert order == sorted(order)  # submitted, in edit, copy edit: the workflow's order
    assert "Private draft" not in html and "Out already" not in html
    row = html[html.index("Running late") :]
    assert "overdue" in row[: row.index("</tr>")]
    desk = client.get(reverse("publishing:desk")).content.decode()
    assert reverse("publishing:board") in desk


@pytest.mark.parametrize("who", ["contributor", "copy_editor", "reader"])
def test_the_board_is_for_editors(client: Client, staff: dict[str, User], who: str) -> None:
    client.force_login(staff[who])
    assert client.get(reverse("publishing:board")).status_code == 403


def test_the_admin_carries_the_publications_name(client: Client) -> None:
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert "thoughtful administration" in html
    assert "Django administration" not in html
