"""Where uploads are stored: random names (issue 14, item 10).

Names were the uploader's file name under the month ("images/2026/05/holiday.jpg"), so a
draft's picture could be found by guessing. Now every file is a random uuid4 under a two-hex
folder (many files never pile up in one directory); only the extension, chosen by
publishing.images from the decoded format, is kept. Random names are one layer; the other is
publishing.media, which serves a draft's images only to people who may see the draft.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}


def random_name(folder: str, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    name = uuid.uuid4().hex
    return f"{folder}/{name[:2]}/{name}{suffix if suffix in EXTENSIONS else ''}"


def image_path(instance: Any, filename: str) -> str:
    return random_name("images", filename)


def rendition_path(instance: Any, filename: str) -> str:
    return random_name("renditions", filename)
