"""Perspective API (v1alpha1) on the wire: read its requests, write its responses and errors.

Errors follow Google's JSON shape, {"error": {"code", "message", "status", "details"}}, with
Perspective's own `errorType` detail where Perspective documents one, so a client written
against commentanalyzer.googleapis.com branches on them unchanged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from service.wire.vendor_labels import perspective_label

MAX_COMMENT_BYTES = 20_480
SUPPORTED_LANGUAGES = ("en",)
UNDETERMINED = "und"
SCORE_TYPE = "PROBABILITY"
ANALYZER_ERROR = "type.googleapis.com/google.commentanalyzer.v1alpha1.Error"
BAD_REQUEST = "type.googleapis.com/google.rpc.BadRequest"
ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo"
# Control characters are accepted (scored as spaces) but do not make a comment non-empty.
_VISIBLE = re.compile("[^\\s\x00-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class PerspectiveError(Exception):
    """An error Perspective would answer with: HTTP code, Google status, message, details."""

    def __init__(self, code: int, status: str, message: str, details: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.code, self.status, self.message = code, status, message
        self.details = details or []

    def body(self) -> dict[str, Any]:
        """The JSON Google answers with."""
        return {"error": {"code": self.code, "message": self.message, "status": self.status,
                          "details": self.details}}


def analyzer_error(error_type: str, message: str, **extra: Any) -> PerspectiveError:
    """A 400 carrying one of Perspective's errorTypes (COMMENT_EMPTY, COMMENT_TOO_LONG, ...)."""
    return PerspectiveError(400, "INVALID_ARGUMENT", message,
                            [{"@type": ANALYZER_ERROR, "errorType": error_type, **extra}])


def bad_request(field: str, description: str) -> PerspectiveError:
    """A 400 naming the offending field, as Google reports malformed arguments."""
    return PerspectiveError(400, "INVALID_ARGUMENT", description,
                            [{"@type": BAD_REQUEST, "fieldViolations": [{"field": field, "description": description}]}])


def missing_key() -> PerspectiveError:
    """Google's answer to a call without `?key=` or `x-goog-api-key`."""
    return PerspectiveError(403, "PERMISSION_DENIED", "The request is missing a valid API key.")


def invalid_key() -> PerspectiveError:
    """Google's answer to a key it does not know: 400, not 401, with reason API_KEY_INVALID."""
    return PerspectiveError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                            [{"@type": ERROR_INFO, "reason": "API_KEY_INVALID", "domain": "googleapis.com",
                              "metadata": {"service": "commentanalyzer.googleapis.com"}}])


@dataclass(frozen=True)
class AttributeRequest:
    """One requested attribute: its name as the client spelled it, Parley's label, its threshold."""

    name: str
    label: str
    threshold: float | None


@dataclass(frozen=True)
class AnalyzeRequest:
    """An AnalyzeComment request, checked."""

    text: str
    attributes: tuple[AttributeRequest, ...]
    languages: tuple[str, ...]
    span_annotations: bool
    do_not_store: bool
    client_token: str | None
    detected: str = ""   # the language detected in the text ("" when none was)


@dataclass(frozen=True)
class FeedbackRequest:
    """A SuggestCommentScore request, checked: the text and the labels it implies."""

    text: str
    labels: dict[str, float]
    languages: tuple[str, ...]
    community_id: str
    client_token: str | None
    do_not_store: bool


def parse_json(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object, or Google's 'Invalid JSON payload received' error."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        detail = str(exc) if not isinstance(exc, RecursionError) else "nested too deeply"
        raise bad_request("", f"Invalid JSON payload received. {detail}") from exc
    if not isinstance(data, dict):
        raise bad_request("", "Invalid JSON payload received. The body must be a JSON object.")
    return data


# Optional fields and their JSON types. Google parses requests as protobuf JSON: null means
# "not set", any other value of the wrong type is refused, naming the field in snake_case.
_OPTIONAL_TYPES: dict[str, tuple[type, str]] = {
    "doNotStore": (bool, "TYPE_BOOL"), "spanAnnotations": (bool, "TYPE_BOOL"),
    "clientToken": (str, "TYPE_STRING"), "sessionId": (str, "TYPE_STRING"),
    "communityId": (str, "TYPE_STRING"), "context": (dict, "TYPE_MESSAGE"),
}


def _check_optional_types(data: Mapping[str, Any]) -> None:
    for field, (kind, proto_type) in _OPTIONAL_TYPES.items():
        value = data.get(field)
        if value is not None and not isinstance(value, kind):
            name = "".join(f"_{c.lower()}" if c.isupper() else c for c in field)
            raise bad_request(name, f"Invalid value at '{name}' ({proto_type}), {json.dumps(value)[:100]}")


def parse_analyze(data: Mapping[str, Any], max_chars: int,
                  detect: Callable[[str], str] | None = None) -> AnalyzeRequest:
    """Check an AnalyzeComment request in Perspective's order: types, comment, attributes, languages.

    `detect` names the text's language ("" or "und" when it cannot tell); see `_languages`.
    """
    _check_optional_types(data)
    text = _comment_text(data, max_chars)
    requested = data.get("requestedAttributes")
    if requested is not None and not isinstance(requested, dict):
        raise bad_request("requested_attributes", "requestedAttributes must be an object.")
    if not requested:
        raise analyzer_error("NO_REQUESTED_ATTRIBUTES", "Missing requested_attributes")
    attributes = tuple(_attribute(name, config) for name, config in requested.items())
    detected = _detected(text, detect)
    languages = _languages(data, attributes[0].name, detected)
    return AnalyzeRequest(text, attributes, languages, data.get("spanAnnotations") is True,
                          data.get("doNotStore") is True, _client_token(data), detected)


def parse_feedback(data: Mapping[str, Any], max_chars: int,
                   detect: Callable[[str], str] | None = None) -> FeedbackRequest:
    """Check a SuggestCommentScore request; each summaryScore.value becomes a label in [0, 1].

    Text in a language Parley does not read is refused as analyze refuses it: kept, it would
    teach the English model from words it cannot read.
    """
    _check_optional_types(data)
    text = _comment_text(data, max_chars)
    scores = data.get("attributeScores")
    if not isinstance(scores, dict) or not scores:
        raise bad_request("attribute_scores", "attributeScores is required: a map of attribute to score.")
    labels: dict[str, float] = {}
    for name, score in scores.items():
        label = perspective_label(str(name).upper())
        if label is None:
            raise bad_request(f"attribute_scores[{name}]", f"Unknown attribute: {name}")
        summary = score.get("summaryScore") if isinstance(score, dict) else None
        value = summary.get("value") if isinstance(summary, dict) else None
        if value is None:
            raise bad_request(f"attribute_scores[{name}].summary_score.value",
                              "Each attribute score needs summaryScore.value: Parley learns from it.")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise bad_request(f"attribute_scores[{name}].summary_score.value", "Scores must be numbers in [0, 1].")
        labels[label] = float(value)
    community = data.get("communityId")
    return FeedbackRequest(text, labels, _languages(data, next(iter(scores)), _detected(text, detect)),
                           community if isinstance(community, str) else "", _client_token(data),
                           data.get("doNotStore") is True)


def analyze_response(request: AnalyzeRequest, scores: Mapping[str, float],
                     spans: Mapping[str, Sequence[Mapping[str, Any]]] | None = None) -> dict[str, Any]:
    """attributeScores for each requested attribute, dropping what falls below its scoreThreshold."""
    attribute_scores: dict[str, Any] = {}
    for attribute in request.attributes:
        entry: dict[str, Any] = {}
        floor = attribute.threshold if attribute.threshold is not None else 0.0
        if spans is not None:
            kept = [span for span in spans.get(attribute.label, []) if span["score"] >= floor]
            entry["spanScores"] = [{"begin": int(span["begin"]), "end": int(span["end"]),
                                    "score": _score(span["score"])} for span in kept]
        value = float(scores.get(attribute.label, 0.0))
        if value >= floor:
            entry["summaryScore"] = _score(value)
        if entry.get("summaryScore") or entry.get("spanScores"):
            attribute_scores[attribute.name] = entry
    body: dict[str, Any] = {"attributeScores": attribute_scores,
                            "languages": list(request.languages) or list(SUPPORTED_LANGUAGES),
                            "detectedLanguages": [request.detected] if request.detected else []}
    if request.client_token is not None:
        body["clientToken"] = request.client_token
    return body


def span_probabilities(text: str, found: Mapping[str, Sequence[Mapping[str, Any]]],
                       score_texts: Callable[[list[str]], list[Mapping[str, float]]]) -> dict[str, list[dict[str, Any]]]:
    """Give each span the model's probability for its own text, as Perspective's span scores are.

    Scorer.spans finds the stretches that drove a label (scored by how much the label drops
    without them); one batch then scores each distinct stretch on its own.
    """
    ranges = sorted({(int(span["begin"]), int(span["end"])) for spans in found.values() for span in spans})
    scored = dict(zip(ranges, score_texts([text[begin:end] for begin, end in ranges]))) if ranges else {}
    return {label: [{"begin": int(span["begin"]), "end": int(span["end"]),
                     "score": float(scored[(int(span["begin"]), int(span["end"]))].get(label, 0.0))}
                    for span in spans]
            for label, spans in found.items()}


def _score(value: float) -> dict[str, Any]:
    return {"value": float(value), "type": SCORE_TYPE}


def _comment_text(data: Mapping[str, Any], max_chars: int) -> str:
    comment = data.get("comment")
    if comment is not None and not isinstance(comment, dict):
        raise bad_request("comment", "comment must be an object with a text field.")
    comment = comment or {}
    text = comment.get("text")
    if text is not None and not isinstance(text, str):
        raise bad_request("comment.text", "comment.text must be a string.")
    kind = comment.get("type")
    if kind not in (None, "PLAIN_TEXT"):
        message = ("Currently, only 'PLAIN_TEXT' comments are supported" if kind == "HTML"
                   else "Unknown text type")
        raise bad_request("comment.type", message)
    if not text or _VISIBLE.search(text) is None:
        raise analyzer_error("COMMENT_EMPTY", "Comment must be non-empty.")
    if _SURROGATE.search(text):
        raise bad_request("comment.text", "Invalid JSON payload received. comment.text holds a lone surrogate.")
    if len(text.encode("utf-8")) > MAX_COMMENT_BYTES or len(text) > max_chars:
        raise analyzer_error("COMMENT_TOO_LONG", "Comment text too long.")
    return text


def _attribute(name: Any, config: Any) -> AttributeRequest:
    label = perspective_label(str(name).upper())
    if label is None:
        raise bad_request(f"requested_attributes[{name}]", f"Unknown requested attribute: {name}")
    if config is not None and not isinstance(config, dict):
        raise bad_request(f"requested_attributes[{name}]", "Each requested attribute takes an object, e.g. {}.")
    config = config or {}
    score_type = config.get("scoreType")
    if score_type not in (None, SCORE_TYPE):
        raise bad_request(f"requested_attributes[{name}].score_type",
                          f"Requested score type {score_type} is not supported by attribute {name}")
    threshold = config.get("scoreThreshold")
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, (int, float))
                                  or not 0 <= threshold <= 1):
        raise bad_request(f"requested_attributes[{name}].score_threshold", "scoreThreshold must be in [0, 1].")
    return AttributeRequest(str(name), label, None if threshold is None else float(threshold))


def _detected(text: str, detect: Callable[[str], str] | None) -> str:
    """The detected language, "" when there is no detector or it cannot tell."""
    code = detect(text) if detect is not None else ""
    return "" if code in ("", UNDETERMINED) else code


def _languages(data: Mapping[str, Any], attribute: str, detected: str = "") -> tuple[str, ...]:
    """The request's languages, checked as Perspective checks them.

    Given languages are trusted: one of them must be English. Without any, the detected
    language decides: text detected as another language is refused (Perspective refuses a
    language its attribute does not support), and undetermined text is read as English.
    """
    languages = data.get("languages")
    if languages is not None and (not isinstance(languages, list)
                                  or not all(isinstance(code, str) for code in languages)):
        raise bad_request("languages", "languages must be a list of language codes.")
    requested = list(languages or [])
    if requested:
        supported = any(_primary(code) in SUPPORTED_LANGUAGES for code in requested)
    else:
        supported = not detected or _primary(detected) in SUPPORTED_LANGUAGES
    if not supported:
        shown = requested or [detected]
        raise analyzer_error(
            "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
            f"Attribute {attribute} does not support request languages: {', '.join(shown)}",
            languageNotSupportedByAttributeError={"requestedLanguages": requested,
                                                  "detectedLanguages": [detected] if detected else [],
                                                  "attribute": attribute})
    return tuple(requested)


def _primary(code: str) -> str:
    """'en' for 'en', 'en-US', 'EN_gb'."""
    return code.strip().replace("_", "-").split("-")[0].lower()


def _client_token(data: Mapping[str, Any]) -> str | None:
    token = data.get("clientToken")
    return token if isinstance(token, str) else None
