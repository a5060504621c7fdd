"""The Comment Analyzer discovery document, served at /$discovery/rest?version=v1alpha1 (issue 10).

Google's API clients (google-api-python-client's `discovery.build`, Node's
`google.discoverAPI`, and the Perspective wrappers built on them) read this document to learn
where the methods live, so pointing `discoveryServiceUrl` at this site is the only change a
Google sample needs. `rootUrl` is this site as the caller reached it; everything else has the
shape and names of Google's own document (ids `commentanalyzer.comments.analyze` and
`commentanalyzer.comments.suggestscore`, paths `v1alpha1/comments:analyze` ...).
"""

from __future__ import annotations

from typing import Any

VERSION = "v1alpha1"


def _obj(description: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "description": description, "properties": properties}


def _string(description: str) -> dict[str, Any]:
    return {"type": "string", "description": description}


def _ref(name: str, description: str = "") -> dict[str, Any]:
    return {"$ref": name, "description": description} if description else {"$ref": name}


SCORE_TYPES = ["SCORE_TYPE_UNSPECIFIED", "PROBABILITY", "STD_DEV_SCORE", "PERCENTILE", "RAW"]
LANGUAGES = {
    "type": "array",
    "items": {"type": "string"},
    "description": "ISO 639-1 or BCP-47 codes; detected when none are given.",
}

SCHEMAS: dict[str, Any] = {
    "TextEntry": _obj(
        "Represents a body of text.",
        {
            "text": _string("UTF-8 encoded text."),
            "type": {
                "type": "string",
                "enum": ["TEXT_TYPE_UNSPECIFIED", "PLAIN_TEXT", "HTML"],
                "description": "Type of the text field; only PLAIN_TEXT is scored.",
            },
        },
    ),
    "Context": _obj(
        "What the comment replies to.",
        {
            "entries": {"type": "array", "items": _ref("TextEntry")},
            "articleAndParentComment": _ref("ArticleAndParentComment"),
        },
    ),
    "ArticleAndParentComment": _obj(
        "The article and the comment replied to.",
        {"article": _ref("TextEntry"), "parentComment": _ref("TextEntry")},
    ),
    "AttributeParameters": _obj(
        "Configurable parameters for attribute scoring.",
        {
            "scoreType": {"type": "string", "enum": SCORE_TYPES},
            "scoreThreshold": {"type": "number", "format": "float"},
        },
    ),
    "Score": _obj(
        "A score value and its type.",
        {
            "value": {"type": "number", "format": "float"},
            "type": {"type": "string", "enum": SCORE_TYPES},
        },
    ),
    "SpanScore": _obj(
        "A score for a span of the text (UTF-16 code units, end exclusive).",
        {
            "begin": {"type": "integer", "format": "int32"},
            "end": {"type": "integer", "format": "int32"},
            "score": _ref("Score"),
        },
    ),
    "AttributeScores": _obj(
        "Scores for one attribute.",
        {
            "summaryScore": _ref("Score"),
            "spanScores": {"type": "array", "items": _ref("SpanScore")},
        },
    ),
    "AnalyzeCommentRequest": _obj(
        "The comment analysis request message.",
        {
            "comment": _ref("TextEntry"),
            "context": _ref("Context"),
            "requestedAttributes": {
                "type": "object",
                "additionalProperties": _ref("AttributeParameters"),
            },
            "languages": LANGUAGES,
            "doNotStore": {"type": "boolean"},
            "dropUnsupportedAttributes": {"type": "boolean"},
            "spanAnnotations": {"type": "boolean"},
            "clientToken": _string("Echoed in the response."),
            "sessionId": _string("Session ID."),
            "communityId": _string("Community ID."),
        },
    ),
    "AnalyzeCommentResponse": _obj(
        "The comment analysis response message.",
        {
            "attributeScores": {"type": "object", "additionalProperties": _ref("AttributeScores")},
            "languages": {"type": "array", "items": {"type": "string"}},
            "detectedLanguages": {"type": "array", "items": {"type": "string"}},
            "clientToken": _string("Same token as in the request."),
        },
    ),
    "SuggestCommentScoreRequest": _obj(
        "The comment score suggestion request message.",
        {
            "comment": _ref("TextEntry"),
            "context": _ref("Context"),
            "attributeScores": {"type": "object", "additionalProperties": _ref("AttributeScores")},
            "languages": LANGUAGES,
            "clientToken": _string("Echoed in the response."),
            "sessionId": _string("Session ID."),
            "communityId": _string("Community ID."),
        },
    ),
    "SuggestCommentScoreResponse": _obj(
        "The comment score suggestion response message.",
        {
            "detectedLanguages": {"type": "array", "items": {"type": "string"}},
            "requestedLanguages": {"type": "array", "items": {"type": "string"}},
            "clientToken": _string("Same token as in the request."),
        },
    ),
}
for _name, _schema in SCHEMAS.items():
    _schema["id"] = _name

PARAMETERS = {
    "key": {"type": "string", "location": "query", "description": "API key."},
    "alt": {
        "type": "string",
        "location": "query",
        "default": "json",
        "enum": ["json"],
        "description": "Data format for response.",
    },
    "fields": {"type": "string", "location": "query", "description": "Ignored."},
    "prettyPrint": {"type": "boolean", "location": "query", "default": "true"},
    "quotaUser": {"type": "string", "location": "query", "description": "Ignored."},
    "$.xgafv": {"type": "string", "location": "query", "enum": ["1", "2"]},
}


def _method(name: str, request: str, response: str, description: str) -> dict[str, Any]:
    path = f"{VERSION}/comments:{name}"
    return {
        "id": f"commentanalyzer.comments.{name}",
        "path": path,
        "flatPath": path,
        "httpMethod": "POST",
        "parameters": {},
        "parameterOrder": [],
        "request": {"$ref": request},
        "response": {"$ref": response},
        "description": description,
    }


def document(root_url: str) -> dict[str, Any]:
    """The discovery document for a site reached at `root_url` (ending in "/")."""
    return {
        "kind": "discovery#restDescription",
        "discoveryVersion": "v1",
        "id": f"commentanalyzer:{VERSION}",
        "name": "commentanalyzer",
        "version": VERSION,
        "title": "Perspective Comment Analyzer API (thoughtful)",
        "description": "A Perspective-compatible endpoint backed by thoughtful's own scorer.",
        "protocol": "rest",
        "rootUrl": root_url,
        "servicePath": "",
        "baseUrl": root_url,
        "basePath": "/",
        "batchPath": "batch",
        "parameters": PARAMETERS,
        "schemas": SCHEMAS,
        "resources": {
            "comments": {
                "methods": {
                    "analyze": _method(
                        "analyze",
                        "AnalyzeCommentRequest",
                        "AnalyzeCommentResponse",
                        "Analyzes the provided text and returns scores for requested attributes.",
                    ),
                    "suggestscore": _method(
                        "suggestscore",
                        "SuggestCommentScoreRequest",
                        "SuggestCommentScoreResponse",
                        "Suggest comment scores as training data.",
                    ),
                }
            }
        },
    }
