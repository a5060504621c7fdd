"""Perspective API request/response handling, independent of Django (issue 3).

Mirrors the parts of Google's Comment Analyzer `comments:analyze` that Coral Talk, Discourse
and the other Perspective clients send and read; everything else is refused clearly rather
than silently ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from thoughtful.scoring.scorer import ATTRIBUTES

MAX_TEXT_BYTES = 20 * 1024  # Perspective's own limit
# Perspective's names -> ours. SEVERE_TOXICITY is not produced (we have no honest training
# signal for it), so it is refused as unknown rather than faked.
ATTRIBUTE_NAMES = {name.upper(): name for name in ATTRIBUTES}
SUPPORTED_LANGUAGES = ("en",)


class PerspectiveError(Exception):
    STATUS = {
        400: "INVALID_ARGUMENT",
        403: "PERMISSION_DENIED",
        405: "METHOD_NOT_ALLOWED",
        429: "RESOURCE_EXHAUSTED",
        500: "INTERNAL",
    }

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                "status": self.STATUS.get(self.code, "UNKNOWN"),
            }
        }


@dataclass(frozen=True)
class AnalyzeRequest:
    text: str
    attributes: dict[str, float | None]  # Perspective name -> scoreThreshold
    client_token: str | None


def parse_request(payload: Any) -> AnalyzeRequest:
    if not isinstance(payload, dict):
        raise PerspectiveError(400, "Invalid JSON payload: expected an object.")
    comment = payload.get("comment")
    if not isinstance(comment, dict) or not isinstance(comment.get("text"), str):
        raise PerspectiveError(400, "Comment must be specified: comment.text (a string).")
    text = comment["text"]
    if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise PerspectiveError(
            400,
            f"Comment text too long: {len(text.encode('utf-8'))} bytes, "
            f"the limit is {MAX_TEXT_BYTES} bytes (20 KB).",
        )
    ctype = comment.get("type", "PLAIN_TEXT")
    if ctype not in ("PLAIN_TEXT", None):
        raise PerspectiveError(400, f"Unsupported comment type: {ctype}; only PLAIN_TEXT.")
    requested = payload.get("requestedAttributes")
    if not isinstance(requested, dict) or not requested:
        raise PerspectiveError(400, "requestedAttributes must be a non-empty object.")
    attributes: dict[str, float | None] = {}
    for name, options in requested.items():
        if name not in ATTRIBUTE_NAMES:
            known = ", ".join(sorted(ATTRIBUTE_NAMES))
            raise PerspectiveError(400, f"Unknown attribute: {name}. Supported: {known}.")
        threshold = None
        if isinstance(options, dict):
            score_type = options.get("scoreType", "PROBABILITY")
            if score_type not in ("PROBABILITY", None):
                raise PerspectiveError(400, f"Unsupported scoreType for {name}: {score_type}.")
            raw = options.get("scoreThreshold")
            if raw is not None:
                if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 <= raw <= 1:
                    raise PerspectiveError(400, f"scoreThreshold for {name} must be in [0, 1].")
                threshold = float(raw)
        elif options is not None:
            raise PerspectiveError(400, f"Options for {name} must be an object.")
        attributes[name] = threshold
    languages = payload.get("languages")
    if languages is not None:
        if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
            raise PerspectiveError(400, "languages must be a list of language codes.")
        unsupported = [x for x in languages if x.split("-")[0].lower() not in SUPPORTED_LANGUAGES]
        if unsupported:
            name = next(iter(attributes))
            raise PerspectiveError(
                400,
                f"Attribute {name} does not support request languages: "
                f"{', '.join(unsupported)}. Supported: en.",
            )
    for flag in ("doNotStore", "spanAnnotations"):
        if flag in payload and not isinstance(payload[flag], bool):
            raise PerspectiveError(400, f"{flag} must be true or false.")
    token = payload.get("clientToken")
    return AnalyzeRequest(text, attributes, token if isinstance(token, str) else None)


def build_response(request: AnalyzeRequest, scores: dict[str, float]) -> dict[str, Any]:
    """`scores` is the scorer's output for request.text. Nothing is ever stored, so
    doNotStore needs no handling."""
    attribute_scores: dict[str, Any] = {}
    end = len(request.text)
    for name, threshold in request.attributes.items():
        value = scores[ATTRIBUTE_NAMES[name]]
        if threshold is not None and value < threshold:
            continue
        score = {"value": value, "type": "PROBABILITY"}
        attribute_scores[name] = {
            "summaryScore": score,
            "spanScores": [{"begin": 0, "end": end, "score": score}],
        }
    body: dict[str, Any] = {
        "attributeScores": attribute_scores,
        "languages": ["en"],
        "detectedLanguages": ["en"],
    }
    if request.client_token is not None:
        body["clientToken"] = request.client_token
    return body
