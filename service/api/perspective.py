"""Perspective API compatibility: POST /v1alpha1/comments:analyze and comments:suggestscore.

A site that called commentanalyzer.googleapis.com points its endpoint at
http://HOST:PORT/v1alpha1 and keeps its code; the key travels as `?key=` or `x-goog-api-key`
and is one of Parley's client keys. Every answer here, errors included, is in Google's shape.
The text is never logged; analyze keeps nothing but hash-keyed scores in the cache, and
suggestscore stores its example only when doNotStore is not true.
"""

from __future__ import annotations

import logging

import redis
from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from service.scoring import language
from service.scoring.analyzer import get_analyzer
from service.access.auth import API_KEY, requires
from service.errors import ParleyError
from service.learning.label_store import LabelStore
from service.wire.perspective import (PerspectiveError, analyze_response, invalid_key, missing_key,
                                parse_analyze, parse_feedback, parse_json, span_probabilities)
from service.redis_client import get_redis

log = logging.getLogger(__name__)

bp = Blueprint("perspective", __name__, url_prefix="/v1alpha1")

_GOOGLE_STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
                  404: "NOT_FOUND", 409: "ABORTED", 413: "INVALID_ARGUMENT", 415: "INVALID_ARGUMENT",
                  422: "INVALID_ARGUMENT", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL",
                  501: "UNIMPLEMENTED", 503: "UNAVAILABLE"}


@bp.post("/comments:analyze")
@requires(API_KEY, checked_by_view=True)
def analyze():
    """Score one comment for the requested attributes, with span scores when asked."""
    _check_key()
    body = parse_analyze(parse_json(request.get_data(cache=True)), _max_chars(), _language_of)
    scores = get_analyzer().analyze([body.text])[0].scores
    spans = None
    if body.span_annotations:
        scorer = current_app.extensions["scorer"]
        found = scorer.spans(body.text, sorted({attribute.label for attribute in body.attributes}))
        spans = span_probabilities(body.text, found, scorer.score)
    return jsonify(analyze_response(body, scores, spans))


@bp.post("/comments:suggestscore")
@requires(API_KEY, checked_by_view=True)
def suggest_score():
    """Keep the client's corrected scores as a labeled example for the learning loop."""
    _check_key()
    body = parse_feedback(parse_json(request.get_data(cache=True)), _max_chars(), _language_of)
    if not body.do_not_store:
        analyzer = get_analyzer()
        scores = analyzer.analyze([body.text])[0].scores
        LabelStore(get_redis()).add(text=body.text, labels=body.labels, source="suggestscore",
                                    site=body.community_id, scores=scores,
                                    model_version=analyzer.model_version,
                                    client_token=body.client_token or "",
                                    languages=list(body.languages))
    return jsonify({} if body.client_token is None else {"clientToken": body.client_token})


@bp.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@requires(API_KEY, checked_by_view=True)  # answers only a 404
def unknown(rest: str):
    """Anything else under /v1alpha1 is Google's 404, not Parley's."""
    raise PerspectiveError(404, "NOT_FOUND", f"The requested URL /v1alpha1/{rest} was not found.")


def _check_key() -> None:
    key = request.args.get("key") or request.headers.get("x-goog-api-key", "")
    if not key.strip():
        raise missing_key()
    if not current_app.extensions["api_keys"].check(key.strip()):
        raise invalid_key()


def _language_of(text: str) -> str:
    """The language Parley detects in `text` ("und" when it cannot tell)."""
    return language.detect(text).language


def _max_chars() -> int:
    return current_app.config["PARLEY"].max_text_chars


def _answer(error: PerspectiveError, headers: dict[str, str] | None = None) -> Response:
    response = jsonify(error.body())
    response.status_code = error.code
    response.headers.update(headers or {})
    return response


def _from_status(status: int, message: str) -> PerspectiveError:
    return PerspectiveError(status, _GOOGLE_STATUS.get(status, "UNKNOWN"), message)


@bp.errorhandler(PerspectiveError)
def _perspective_error(error: PerspectiveError) -> Response:
    return _answer(error)


@bp.errorhandler(ParleyError)
def _parley_error(error: ParleyError) -> Response:
    return _answer(_from_status(error.status, error.message), error.headers)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    if error.code == 413:
        return _answer(PerspectiveError(400, "INVALID_ARGUMENT", "Request payload size exceeds the limit."))
    return _answer(_from_status(error.code or 500, error.description or error.name))


@bp.errorhandler(redis.RedisError)
def _redis_error(error: redis.RedisError) -> Response:
    log.warning("redis error on a Perspective call: %s", type(error).__name__)
    return _answer(_from_status(503, "The service is currently unavailable."), {"Retry-After": "2"})


@bp.errorhandler(Exception)
def _unexpected(error: Exception) -> Response:
    log.exception("unhandled error on a Perspective call")
    return _answer(_from_status(500, "Internal error encountered."))
