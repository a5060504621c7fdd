"""Which language a comment is in, for the Perspective endpoint (issue 10).

Perspective detects the language when a request names none, reports what it found in
`detectedLanguages`, and refuses text in a language an attribute does not support. Our model
reads English only, so this decides between "English", "confidently something else" and
"cannot tell".

The detector is py3langid (BSD-3-Clause; a maintained fork of langid.py): 97 languages, a
4.6 MB wheel whose model is an LZMA-compressed .npz loaded with allow_pickle=False, numpy only,
no network. It loads lazily (1 to 3 s here) on the first request that needs it, then classifies a
comment in about 0.5 ms.

Short comments are where detectors guess ("ok", "lol", "Thank you" score under 0.5 for any
language), and refusing them would break every integration on an English site, so only text
that is *confidently* another language is refused; text the detector cannot place is taken as
English. Text with no letters at all (digits, punctuation, emoji) has no language to detect.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

# A language other than English is acted on only above this probability.
CONFIDENT = 0.8
# Languages at or above this probability are reported in detectedLanguages.
REPORTED = 0.1
FALLBACK = "en"

_lock = threading.Lock()
_identifier: Any = None


def _get_identifier() -> Any:
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


@dataclass(frozen=True)
class Detection:
    detected: list[str]  # most likely first; may be empty when nothing clears REPORTED
    language: str | None  # the language to score in; None when detection failed


def detect(text: str) -> Detection:
    if not any(ch.isalpha() for ch in text):
        return Detection(detected=[], language=None)
    ranked = _get_identifier().rank(text)
    detected = [label for label, p in ranked if p >= REPORTED and label != "zxx"]
    best, p = ranked[0]
    if best == "zxx":  # the model's own "no linguistic content"
        return Detection(detected=detected, language=None)
    if best != FALLBACK and p >= CONFIDENT:
        return Detection(detected=detected, language=best)
    return Detection(detected=detected, language=FALLBACK)


def base(code: str) -> str:
    """The ISO 639 part of an ISO or BCP-47 code: "en-US" -> "en", "zh_Hant" -> "zh"."""
    return code.replace("_", "-").split("-")[0].lower()
