"""Image uploads: checked with Pillow, EXIF stripped, resized renditions for srcset.

Checks: at most MAX_BYTES, a format Pillow really decodes among JPEG/PNG/WebP (the extension and
content type are not trusted), at most MAX_PIXELS (decompression bombs), at least MIN_WIDTH wide.
Whatever Pillow raises on hostile or broken bytes (DecompressionBombError is not an OSError;
a truncated file fails only when its pixels are decoded) becomes a ValidationError: the form's
message, never a 500.
The stored original is re-encoded from pixels only, so EXIF (camera, GPS) and other metadata
are gone; orientation is applied first so the picture stays the right way up.
"""

from __future__ import annotations

import io
from pathlib import PurePath
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageOps

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MIN_WIDTH = 320
ALLOWED = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
RENDITION_WIDTHS = (480, 960, 1600)
UNREADABLE = "That file is not an image we can read."


def clean_upload(upload: IO[bytes], *, name: str = "image") -> ContentFile:
    """Validate an upload and return it re-encoded without metadata (raises ValidationError)."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(f"Images can be at most {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            fmt = probe.format or ""
            width, height = probe.size
            probe.verify()
    except PILImage.DecompressionBombError as exc:
        raise ValidationError("That image has too many pixels.") from exc
    except Exception as exc:  # any failure to read untrusted bytes: see _reencode
        raise ValidationError(UNREADABLE) from exc
    if fmt not in ALLOWED:
        raise ValidationError("Upload a JPEG, PNG or WebP image.")
    if width * height > MAX_PIXELS:
        raise ValidationError("That image has too many pixels.")
    if width < MIN_WIDTH:
        raise ValidationError(f"Images must be at least {MIN_WIDTH} pixels wide.")
    try:
        encoded = _reencode(data, fmt)
    except Exception as exc:
        # verify() reads only the structure: a truncated JPEG or a text chunk too large to
        # inflate after the pixels fails here, when the pixels are decoded (issue 14, item 8).
        raise ValidationError(UNREADABLE) from exc
    stem = PurePath(name).stem[:60] or "image"
    return ContentFile(encoded, name=f"{stem}.{ALLOWED[fmt]}")


def _reencode(data: bytes, fmt: str) -> bytes:
    """Decode every pixel and encode them again: metadata is left behind."""
    with PILImage.open(io.BytesIO(data)) as opened:
        img = ImageOps.exif_transpose(opened)
        out = io.BytesIO()
        if fmt == "JPEG":
            img.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
        elif fmt == "PNG":
            img.save(out, "PNG", optimize=True)
        else:
            img.save(out, "WEBP", quality=88)
    return out.getvalue()


def rendition(data: bytes, width: int) -> tuple[ContentFile, int, int] | None:
    """A WebP copy `width` pixels wide, or None when the original is not wider."""
    with PILImage.open(io.BytesIO(data)) as img:
        if img.width <= width:
            return None
        height = round(img.height * width / img.width)
        resized = img.convert("RGB").resize((width, height), PILImage.Resampling.LANCZOS)
        out = io.BytesIO()
        resized.save(out, "WEBP", quality=82)
    return ContentFile(out.getvalue(), name=f"w{width}.webp"), width, height
