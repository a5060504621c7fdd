"""Perspective API request/response handling, independent of Django (issues 3 and 10).

Mirrors Google's Comment Analyzer (`comments:analyze`, `comments:suggestscore`) as its clients
send and read it: the request fields, the response fields, and the errors, whose `details`
carry Perspective's `errorType` (COMMENT_EMPTY, COMMENT_TOO_LONG, NO_REQUESTED_ATTRIBUTES,
LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE, LANGUAGE_DETECTION_FAILED, else INVALID_REQUEST) with the
messages Perspective's "Limits and errors" page gives, or `reason: API_KEY_INVALID` for a bad
key. Clients branch on these (perspective.py parses the language message; PyPerspective reads
`details[0].reason`), so they are part of the contract, not decoration.

Attributes come in three kinds:
- scored: every attribute the shipped model has (TOXICITY, INSULT, ...), read from the model;
- derived: SEVERE_TOXICITY, which Perspective defines as toxicity that is hateful or aggressive
  and much less sensitive to mild or positive profanity. We have no label for it, so it is
  min(toxicity, the strongest of the hostile attributes): never above toxicity, and near zero
  for a comment that is "toxic" only for its swearing;
- known but not offered: Perspective's other attribute names (SEXUALLY_EXPLICIT, FLIRTATION,
  SPAM, the _EXPERIMENTAL models, ...). Our model has nothing to score them with, so they are
  answered exactly as Perspective answers an attribute the comment's language lacks: 400
  LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE, or silently dropped when the request sets
  `dropUnsupportedAttributes`.
A name Perspective does not know either is 400 "Unknown requested attribute".
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from thoughtful.scoring import language as lang

MAX_TEXT_BYTES = 20 * 1024  # Perspective's own limit
SUPPORTED_LANGUAGES = ("en",)

ERROR_TYPE = "type.googleapis.com/google.commentanalyzer.v1alpha1.Error"
ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo"
BAD_REQUEST = "type.googleapis.com/google.rpc.BadRequest"
SERVICE = "commentanalyzer.googleapis.com"

SEVERE = "SEVERE_TOXICITY"
# Hostility toward someone, as opposed to swearing: what separates severe toxicity from mild.
HOSTILE = ("insult", "threat", "identity_attack", "attack_on_author", "attack_on_commenter")
# Perspective's attribute names (production, experimental, New York Times): known, so they are
# "not supported in this language" here rather than "unknown". Any the model gains is scored.
PERSPECTIVE_ATTRIBUTES = frozenset(
    {
        "TOXICITY",
        "SEVERE_TOXICITY",
        "IDENTITY_ATTACK",
        "INSULT",
        "PROFANITY",
        "THREAT",
        "SEXUALLY_EXPLICIT",
        "FLIRTATION",
        "TOXICITY_EXPERIMENTAL",
        "SEVERE_TOXICITY_EXPERIMENTAL",
        "IDENTITY_ATTACK_EXPERIMENTAL",
        "INSULT_EXPERIMENTAL",
        "PROFANITY_EXPERIMENTAL",
        "THREAT_EXPERIMENTAL",
        "ATTACK_ON_AUTHOR",
        "ATTACK_ON_COMMENTER",
        "INCOHERENT",
        "INFLAMMATORY",
        "LIKELY_TO_REJECT",
        "OBSCENE",
        "SPAM",
        "UNSUBSTANTIAL",
    }
)


class PerspectiveError(Exception):
    STATUS = {
        400: "INVALID_ARGUMENT",
        403: "PERMISSION_DENIED",
        404: "NOT_FOUND",
        405: "METHOD_NOT_ALLOWED",
        429: "RESOURCE_EXHAUSTED",
        500: "INTERNAL",
    }

    def __init__(
        self,
        code: int,
        message: str,
        *,
        error_type: str | None = None,
        reason: str | None = None,
        extra: Mapping[str, Any] | None = None,
        field_violation: bool = False,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details: list[dict[str, Any]] = []
        if error_type is not None:
            self.details.append({"@type": ERROR_TYPE, "errorType": error_type, **(extra or {})})
        if reason is not None:
            self.details.append(
                {
                    "@type": ERROR_INFO,
                    "reason": reason,
                    "domain": "googleapis.com",
                    "metadata": {"service": SERVICE},
                }
            )
        if field_violation:  # how Google's front end reports a body it cannot parse
            violation = {"description": message}
            self.details.append({"@type": BAD_REQUEST, "fieldViolations": [violation]})

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "status": self.STATUS.get(self.code, "UNKNOWN"),
        }
        if self.details:
            error["details"] = self.details
        return {"error": error}


def invalid(message: str, error_type: str = "INVALID_REQUEST", **extra: Any) -> PerspectiveError:
    return PerspectiveError(400, message, error_type=error_type, extra=extra or None)


def bad_key() -> PerspectiveError:
    """Google answers a wrong key with 400, not 403; clients test for this reason."""
    return PerspectiveError(
        400, "API key not valid. Please pass a valid API key.", reason="API_KEY_INVALID"
    )


def unsupported_language(name: str, languages: list[str], detected: list[str]) -> PerspectiveError:
    extra: dict[str, Any] = {"attribute": name, "detectedLanguages": detected}
    if languages != detected:
        extra["requestedLanguages"] = languages
    return invalid(
        f"Attribute {name} does not support request languages: {', '.join(languages)}",
        "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
        languageNotSupportedByAttributeError=extra,
    )


def perspective_name(attribute: str) -> str:
    return attribute.upper()


@dataclass(frozen=True)
class Comment:
    text: str
    languages: list[str] | None  # as the caller sent them; None when it sent none
    client_token: str | None


@dataclass(frozen=True)
class AnalyzeRequest(Comment):
    attributes: dict[str, float | None] = field(default_factory=dict)  # name -> scoreThreshold
    drop_unsupported: bool = False
    span_annotations: bool = False


@dataclass(frozen=True)
class SuggestRequest(Comment):
    """A caller's correction: its scores for the comment, as Perspective's SuggestCommentScore
    takes them. `scores` holds each attribute's summary value (or, given only spans, their
    maximum)."""

    scores: dict[str, float] = field(default_factory=dict)
    community_id: str | None = None
    session_id: str | None = None
    context: list[str] = field(default_factory=list)


def _comment(payload: Any) -> tuple[str, list[str] | None, str | None]:
    if not isinstance(payload, dict):
        raise invalid("Invalid JSON payload: expected an object.")
    comment = payload.get("comment")
    text = comment.get("text") if isinstance(comment, dict) else None
    if text is not None and not isinstance(text, str):
        raise invalid("comment.text must be a string.")
    if not text or not text.strip():
        raise invalid("Comment must be non-empty.", "COMMENT_EMPTY")
    if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise invalid("Comment text too long.", "COMMENT_TOO_LONG")
    ctype = comment.get("type") if isinstance(comment, dict) else None
    if ctype not in (None, "PLAIN_TEXT", "TEXT_TYPE_UNSPECIFIED"):
        if ctype == "HTML":
            raise invalid("Currently, only 'PLAIN_TEXT' comments are supported")
        raise invalid("Unknown text type")
    languages = payload.get("languages")
    if languages is not None:
        if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
            raise invalid("languages must be a list of language codes.")
        languages = languages or None  # an empty list asks for detection, as at Google
    context = payload.get("context")
    if (
        isinstance(context, dict)
        and context.get("entries")
        and context.get("articleAndParentComment")
    ):
        raise invalid(
            "Context can have either entries or article_and_parent_comment, "
            "but both fields were populated."
        )
    token = payload.get("clientToken")
    return text, languages, token if isinstance(token, str) else None


def _flag(payload: dict[str, Any], name: str) -> bool:
    value = payload.get(name, False)
    # The Discourse plugin and several clients send booleans; some scripts send "true".
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise invalid(f"{name} must be true or false.")


def parse_request(payload: Any) -> AnalyzeRequest:
    text, languages, token = _comment(payload)
    requested = payload.get("requestedAttributes")
    if requested is not None and not isinstance(requested, dict):
        raise invalid("requestedAttributes must be an object.")
    if not requested:
        raise invalid("Missing requested_attributes", "NO_REQUESTED_ATTRIBUTES")
    attributes: dict[str, float | None] = {}
    for name, options in requested.items():
        if name not in PERSPECTIVE_ATTRIBUTES:
            raise invalid(f"Unknown requested attribute: {name}")
        threshold = None
        if isinstance(options, dict):
            score_type = options.get("scoreType")
            if score_type not in (None, "PROBABILITY", "SCORE_TYPE_UNSPECIFIED"):
                raise invalid(
                    f"Requested score type {score_type} is not supported by attribute {name}"
                )
            raw = options.get("scoreThreshold")
            if raw is not None:
                if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 <= raw <= 1:
                    raise invalid(f"scoreThreshold for {name} must be in [0, 1].")
                threshold = float(raw)
        elif options is not None:
            raise invalid(f"Options for {name} must be an object.")
        attributes[name] = threshold
    for flag in ("doNotStore", "spanAnnotations", "dropUnsupportedAttributes"):
        _flag(payload, flag)
    return AnalyzeRequest(
        text=text,
        languages=languages,
        client_token=token,
        attributes=attributes,
        drop_unsupported=_flag(payload, "dropUnsupportedAttributes"),
        span_annotations=_flag(payload, "spanAnnotations"),
    )


def _score_value(entry: Any, name: str) -> float:
    def value(score: Any) -> float:
        v = score.get("value") if isinstance(score, dict) else None
        if isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v <= 1:
            raise invalid(f"Every score for {name} needs a value in [0, 1].")
        return float(v)

    if not isinstance(entry, dict) or not (entry.get("summaryScore") or entry.get("spanScores")):
        raise invalid(f"attributeScores.{name} must not be empty.")
    if entry.get("summaryScore"):
        return value(entry["summaryScore"])
    spans = entry["spanScores"]
    if not isinstance(spans, list) or not all(isinstance(s, dict) for s in spans):
        raise invalid(f"attributeScores.{name}.spanScores must be a list of spans.")
    for span in spans:
        if not isinstance(span.get("begin"), int) or not isinstance(span.get("end"), int):
            raise invalid("All SpanScore objects must have begin and end fields set.")
    return max(value(span.get("score")) for span in spans)


def parse_suggestion(payload: Any) -> SuggestRequest:
    text, languages, token = _comment(payload)
    scores_in = payload.get("attributeScores")
    if not isinstance(scores_in, dict) or not scores_in:
        raise invalid("attribute_scores must not be empty.")
    scores: dict[str, float] = {}
    for name, entry in scores_in.items():
        if name not in PERSPECTIVE_ATTRIBUTES:
            raise invalid(f"Unknown requested attribute: {name}")
        scores[name] = _score_value(entry, name)
    context = payload.get("context")
    entries = context.get("entries") if isinstance(context, dict) else None
    texts = [
        e["text"] for e in entries or [] if isinstance(e, dict) and isinstance(e.get("text"), str)
    ]

    def optional(key: str) -> str | None:
        value = payload.get(key)
        return value if isinstance(value, str) else None

    return SuggestRequest(
        text=text,
        languages=languages,
        client_token=token,
        scores=scores,
        community_id=optional("communityId"),
        session_id=optional("sessionId"),
        context=texts,
    )


@dataclass(frozen=True)
class Languages:
    effective: list[str]  # Perspective's `languages`: the request's, else the detected one
    detected: list[str]  # Perspective's `detectedLanguages`


def resolve_languages(requested: list[str] | None, text: str) -> Languages:
    """What to score in, and what was detected; raises LANGUAGE_DETECTION_FAILED when the
    caller named no language and the text has none to find."""
    found = lang.detect(text)
    if requested:
        return Languages(effective=list(requested), detected=found.detected)
    if found.language is None:
        raise invalid("Unable to detect language", "LANGUAGE_DETECTION_FAILED")
    return Languages(effective=[found.language], detected=found.detected or [found.language])


def supported(name: str, scorable: Collection[str], languages: list[str]) -> bool:
    if name != SEVERE and name.lower() not in scorable:
        return False
    return all(lang.base(code) in SUPPORTED_LANGUAGES for code in languages)


def select_attributes(
    request: AnalyzeRequest, scorable: Collection[str], languages: Languages
) -> list[str]:
    """The requested attributes we answer for, in request order: unsupported ones are an
    error, or dropped when the request says so."""
    chosen = []
    for name in request.attributes:
        if supported(name, scorable, languages.effective):
            chosen.append(name)
        elif not request.drop_unsupported:
            raise unsupported_language(name, languages.effective, languages.detected)
    return chosen


def attribute_value(name: str, scores: Mapping[str, float]) -> float:
    if name == SEVERE:
        hostile = max((scores[a] for a in HOSTILE if a in scores), default=0.0)
        return round(min(scores["toxicity"], hostile), 4)
    return scores[name.lower()]


def utf16_length(text: str) -> int:
    """Perspective's span offsets count UTF-16 code units, as JavaScript strings do."""
    return len(text.encode("utf-16-le")) // 2


def build_response(
    request: AnalyzeRequest,
    names: list[str],
    scores: Mapping[str, float],
    languages: Languages,
    spans: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """`scores` is the scorer's output for request.text; `names` what select_attributes kept;
    `spans` the scorer's per-sentence scores (Scorer.score_spans) when spanAnnotations asked
    for them. Nothing is ever stored, so doNotStore needs no handling."""
    attribute_scores: dict[str, Any] = {}
    end = utf16_length(request.text)
    for name in names:
        value = attribute_value(name, scores)
        threshold = request.attributes[name]
        if threshold is not None and value < threshold:
            continue
        score = {"value": value, "type": "PROBABILITY"}
        span_scores = [{"begin": 0, "end": end, "score": score}]
        if spans:
            # Sentence by sentence, offsets in UTF-16 code units as at Google.
            span_scores = [
                {
                    "begin": utf16_length(request.text[: span["begin"]]),
                    "end": utf16_length(request.text[: span["end"]]),
                    "score": {
                        "value": attribute_value(name, span["scores"]),
                        "type": "PROBABILITY",
                    },
                }
                for span in spans
            ]
        attribute_scores[name] = {"spanScores": span_scores, "summaryScore": score}
    body: dict[str, Any] = {
        "attributeScores": attribute_scores,
        "languages": languages.effective,
        "detectedLanguages": languages.detected,
    }
    if request.client_token is not None:
        body["clientToken"] = request.client_token
    return body


def build_suggestion_response(request: SuggestRequest, detected: list[str]) -> dict[str, Any]:
    body: dict[str, Any] = {"detectedLanguages": detected}
    if request.languages:
        body["requestedLanguages"] = request.languages
    if request.client_token is not None:
        body["clientToken"] = request.client_token
    return body
