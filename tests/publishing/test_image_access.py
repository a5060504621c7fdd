"""Who may fetch an uploaded image (issue 14, item 10): uploads get random names, a draft's
images are served only to people who may see the draft, published ones to everyone with a long
public cache; in production the front web server sends the bytes (X-Accel-Redirect)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from PIL import Image as PILImage

from tests.factories import UserFactory
from tests.publishing.conftest import essay_at
from thoughtful.people.models import User
from thoughtful.publishing import actions
from thoughtful.publishing.models import Essay, Image

pytestmark = pytest.mark.django_db
S = Essay.Status
RANDOM_NAME = re.compile(r"(images|renditions)/[0-9a-f]{2}/[0-9a-f]{32}\.(jpg|png|webp)")


def _photo(size: tuple[int, int] = (1200, 800)) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", size, (90, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def _upload(essay: Essay, actor: User, **kwargs: Any) -> Image:
    return actions.upload_image(
        actor=actor,
        upload=io.BytesIO(_photo()),
        alt_text="A harbour at dawn",
        credit="Image: Author's Own",
        essay=essay,
        name="my-secret-holiday-plans.jpg",
        **kwargs,
    )


def _client(person: User | None) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


def test_uploads_get_random_names(
    staff: dict[str, User],
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    essay = essay_at(S.DRAFT, staff)
    with django_capture_on_commit_callbacks(execute=True):
        image = _upload(essay, staff["author"])
        other = _upload(essay, staff["author"])
    assert RANDOM_NAME.fullmatch(image.file.name), image.file.name
    assert "secret" not in image.file.name and "holiday" not in image.file.name
    assert image.file.name != other.file.name
    renditions = list(image.renditions.all())
    assert renditions
    for rendition in renditions:
        assert RANDOM_NAME.fullmatch(rendition.file.name), rendition.file.name


def test_a_drafts_image_is_only_for_who_may_see_the_draft(
    staff: dict[str, User],
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    essay = essay_at(S.DRAFT, staff)
    with django_capture_on_commit_callbacks(execute=True):
        image = _upload(essay, staff["author"])
    urls = [image.file.url, *(r.file.url for r in image.renditions.all())]
    stranger_contributor = UserFactory()
    for person in (None, staff["reader"], staff["moderator"], stranger_contributor):
        for url in urls:
            assert _client(person).get(url).status_code == 404, (person, url)
    for person in (staff["author"], staff["editor"], staff["copy_editor"]):
        for url in urls:
            response = _client(person).get(url)
            assert response.status_code == 200, (person, url)
            assert response["Cache-Control"] == "private, no-store"
            assert b"".join(response.streaming_content)[:2] in (b"\xff\xd8", b"RI")  # JPEG/WebP

    actions.publish(essay=essay, at=timezone.now())
    for url in urls:
        response = _client(None).get(url)
        assert response.status_code == 200, url
        assert (
            "public" in response["Cache-Control"] and "max-age=2592000" in response["Cache-Control"]
        )


def test_published_image_costs_one_query(
    staff: dict[str, User], django_assert_num_queries: Any
) -> None:
    essay = essay_at(S.PUBLISHED, staff)
    image = _upload(essay, staff["editor"])
    client = Client()
    with django_assert_num_queries(1):
        assert client.get(image.file.url).status_code == 200


def test_an_image_on_no_essay_is_for_its_uploader_and_editors(staff: dict[str, User]) -> None:
    image = Image(alt_text="Loose", credit="Image: Me", uploaded_by=staff["contributor"])
    image.file.save("loose.jpg", ContentFile(_photo(), name="loose.jpg"), save=True)
    assert _client(staff["contributor"]).get(image.file.url).status_code == 200
    assert _client(staff["editor"]).get(image.file.url).status_code == 200
    assert _client(staff["author"]).get(image.file.url).status_code == 404
    assert _client(None).get(image.file.url).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/media/images/nothing.jpg", "/media/../settings.py", "/media/"],
)
def test_unknown_media_paths_are_404(path: str) -> None:
    assert Client().get(path).status_code == 404


def test_a_nul_in_a_media_path_is_refused_before_any_lookup() -> None:
    # security.middleware answers a NUL anywhere in an address with a 400 (issue 14, item 8).
    assert Client().get("/media/images/a%00b.jpg").status_code == 400


def test_production_hands_the_bytes_to_the_front_server(
    staff: dict[str, User], settings: Any
) -> None:
    settings.SERVE_MEDIA = False
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    essay = essay_at(S.PUBLISHED, staff)
    image = _upload(essay, staff["editor"])
    response = Client().get(image.file.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{image.file.name}"
    assert response["Content-Type"] == "image/jpeg"
    assert response.content == b""
    draft = essay_at(S.DRAFT, staff)
    hidden = _upload(draft, staff["author"])
    refused = Client().get(hidden.file.url)
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused
