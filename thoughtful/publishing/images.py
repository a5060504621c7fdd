"""Image uploads: checked with Pillow, EXIF stripped, resized renditions for srcset.

Checks: at most MAX_BYTES, a format Pillow really decodes among JPEG/PNG/WebP (the extension and
content type are not trusted), at most MAX_PIXELS (decompression bombs), at least MIN_WIDTH wide.
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
from PIL import ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MIN_WIDTH = 320
ALLOWED = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
RENDITION_WIDTHS = (480, 960, 1600)


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
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError("That file is not an image we can read.") from exc
    if fmt not in ALLOWED:
        raise ValidationError("Upload a JPEG, PNG or WebP image.")
    if width * height > MAX_PIXELS:
        raise ValidationError("That image has too many pixels.")
    if width < MIN_WIDTH:
        raise ValidationError(f"Images must be at least {MIN_WIDTH} pixels wide.")
    with PILImage.open(io.BytesIO(data)) as opened:
        img = ImageOps.exif_transpose(opened)
        out = io.BytesIO()
        if fmt == "JPEG":
            img.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
        elif fmt == "PNG":
            img.save(out, "PNG", optimize=True)
        else:
            img.save(out, "WEBP", quality=88)
    stem = PurePath(name).stem[:60] or "image"
    return ContentFile(out.getvalue(), name=f"{stem}.{ALLOWED[fmt]}")


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
