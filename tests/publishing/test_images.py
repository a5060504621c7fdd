"""Image uploads: Pillow type and size checks, EXIF stripped, renditions with srcset."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage

from tests.publishing.conftest import essay_at
from thoughtful.people.models import User
from thoughtful.publishing import actions, images
from thoughtful.publishing.models import Essay, Image

pytestmark = pytest.mark.django_db
S = Essay.Status


def _photo(fmt: str = "JPEG", size: tuple[int, int] = (2000, 1000), exif: bool = True) -> bytes:
    img = PILImage.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    kwargs = {}
    if exif:
        data = PILImage.Exif()
        data[0x010F] = "SpyCam"  # Make
        data[0x0110] = "Model 9"  # Model
        kwargs["exif"] = data.tobytes()
    img.save(out, fmt, **kwargs)
    return out.getvalue()


def test_upload_strips_exif_and_makes_renditions(
    staff: dict[str, User],
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    essay = essay_at(S.COPY_EDIT, staff)
    original = _photo()
    assert PILImage.open(io.BytesIO(original)).getexif().get(0x010F) == "SpyCam"
    with django_capture_on_commit_callbacks(execute=True):
        image = actions.upload_image(
            actor=staff["copy_editor"],
            upload=io.BytesIO(original),
            alt_text="A field",
            credit="Image: Author's Own",
            essay=essay,
            name="holiday.jpg",
        )
    with image.file.open("rb") as handle:
        stored = PILImage.open(io.BytesIO(handle.read()))
        assert not stored.getexif()
        assert stored.size == (2000, 1000)
    assert [r.width for r in image.renditions.all()] == [480, 960, 1600]
    assert image.renditions.get(width=480).height == 240
    assert "480w" in image.srcset and "2000w" in image.srcset
    essay.refresh_from_db()
    assert essay.featured_image == image


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not an image at all", "not an image"),
        (_photo("GIF", exif=False), "JPEG, PNG or WebP"),
        (_photo(size=(100, 100)), "at least 320"),
    ],
)
def test_bad_uploads_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        images.clean_upload(io.BytesIO(data))


def test_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images, "MAX_BYTES", 1000)
    with pytest.raises(ValidationError, match="at most"):
        images.clean_upload(io.BytesIO(_photo()))


def test_png_and_webp_accepted() -> None:
    assert images.clean_upload(io.BytesIO(_photo("PNG", exif=False))).name.endswith(".png")  # type: ignore[union-attr]
    assert images.clean_upload(io.BytesIO(_photo("WEBP", exif=False))).name.endswith(".webp")  # type: ignore[union-attr]


def test_alt_text_and_credit_required(staff: dict[str, User]) -> None:
    with pytest.raises(ValidationError):
        actions.upload_image(actor=None, upload=io.BytesIO(_photo()), alt_text=" ", credit="c")
    with pytest.raises(ValidationError):
        actions.upload_image(actor=None, upload=io.BytesIO(_photo()), alt_text="a", credit="")
    assert not Image.objects.exists()


def test_upload_through_the_workbench(client: Client, staff: dict[str, User]) -> None:
    essay = essay_at(S.DRAFT, staff)
    client.force_login(staff["author"])
    url = reverse("publishing:image", args=[essay.pk])
    upload = SimpleUploadedFile("me.jpg", _photo(), content_type="image/jpeg")
    response = client.post(url, {"file": upload, "alt_text": "A field", "credit": "Image: Me"})
    assert response.status_code == 302
    essay.refresh_from_db()
    assert essay.featured_image is not None and essay.featured_image.alt_text == "A field"
    fake = SimpleUploadedFile("x.jpg", b"<?php evil ?>", content_type="image/jpeg")
    bad = client.post(url, {"file": fake, "alt_text": "A", "credit": "B"})
    assert bad.status_code == 400
    client.force_login(staff["reader"])
    assert client.post(url, {"alt_text": "A", "credit": "B"}).status_code == 403


# --- Malformed uploads (issue 14, item 8): every decode failure is the form's message ---------


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload))
    )


def _png_claiming(width: int, height: int) -> bytes:
    """A small real PNG whose header claims `width` × `height` (a decompression bomb's shape)."""
    png = _photo("PNG", size=(400, 300), exif=False)
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    return png[:8] + header + png[8 + 25 :]


def _png_with_huge_text_after_pixels() -> bytes:
    """Pillow reads text chunks after the pixels only when decoding: verify() doesn't see them."""
    png = _photo("PNG", size=(400, 300), exif=False)
    text = _chunk(b"zTXt", b"comment\x00\x00" + zlib.compress(b"x" * 20_000_000))
    end = png.rindex(b"IEND") - 4
    return png[:end] + text + png[end:]


def _truncated_jpeg() -> bytes:
    data = _photo(size=(1200, 800), exif=False)
    return data[: len(data) // 2]


MALFORMED = {
    "png bomb": _png_claiming(30_000, 30_000),
    "png over our pixel limit": _png_claiming(9_000, 9_000),
    "png text bomb": _png_with_huge_text_after_pixels(),
    "truncated jpeg": _truncated_jpeg(),
}


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_malformed_images_are_refused(kind: str) -> None:
    with pytest.raises(ValidationError):
        images.clean_upload(io.BytesIO(MALFORMED[kind]))


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_malformed_upload_is_a_message_on_the_form(
    client: Client, staff: dict[str, User], kind: str
) -> None:
    essay = essay_at(S.DRAFT, staff)
    client.force_login(staff["author"])
    upload = SimpleUploadedFile("bad.png", MALFORMED[kind], content_type="image/png")
    response = client.post(
        reverse("publishing:image", args=[essay.pk]),
        {"file": upload, "alt_text": "A quiet harbour", "credit": "Image: Mine"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert images.UNREADABLE in page or "That image has too many pixels." in page
    assert 'value="A quiet harbour"' in page  # nothing the writer typed is lost
    assert not Image.objects.filter(alt_text="A quiet harbour").exists()
