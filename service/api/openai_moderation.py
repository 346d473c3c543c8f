"""OpenAI moderation compatibility: POST /v1/moderations, answered by Parley's classifier.

Clients built on the official `openai` package set base_url to http://HOST:PORT/v1 and use
a Parley client key as the API key. Categories are mapped from Parley's labels in
service/wire/vendor_labels.py (documented in docs/openai-compat.md); errors are in OpenAI's shape.
"""

from __future__ import annotations

import logging

import redis
from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from service.wire import openai as openai_wire
from service.scoring.analyzer import get_analyzer
from service.access.auth import API_KEY, bearer_token, requires
from service.errors import ParleyError
from service.wire.openai import OpenAIError

log = logging.getLogger(__name__)

bp = Blueprint("openai_moderation", __name__)

_TYPES = {401: "invalid_request_error", 404: "invalid_request_error", 429: "rate_limit_error",
          500: "server_error", 503: "server_error"}


@bp.post("/v1/moderations")
@requires(API_KEY, checked_by_view=True)
def create_moderation():
    """Classify each input; one result per string, or one for an array of content parts."""
    _check_key()
    settings = current_app.config["PARLEY"]
    data = openai_wire.parse_json(request.get_data(cache=True))
    openai_wire.parse_model(data)
    texts = openai_wire.parse_input(data, settings.max_batch, settings.max_text_chars)
    thresholds = current_app.extensions["thresholds"].for_site(None)
    analyzer = get_analyzer()
    scored = iter(analyzer.analyze([text for text in texts if text.strip()]))
    # OpenAI answers an empty string too: it scores 0 everywhere, so the model is not asked.
    results = [openai_wire.moderation_result(next(scored).scores if text.strip() else {}, thresholds)
               for text in texts]
    return jsonify(openai_wire.response(analyzer.model_version, results))


@bp.route("/v1/moderations", methods=["GET", "PUT", "PATCH", "DELETE"])
@requires(API_KEY, checked_by_view=True)  # answers only a 405
def wrong_method():
    """Only POST exists here; say so in OpenAI's words."""
    raise OpenAIError(405, f"Invalid method for URL (use POST /v1/moderations, not {request.method}).")


def _check_key() -> None:
    token = bearer_token()
    if not token:
        raise OpenAIError(401, "You didn't provide an API key. Send your Parley API key as "
                          "'Authorization: Bearer YOUR_KEY'.")
    if not current_app.extensions["api_keys"].check(token):
        raise OpenAIError(401, "Incorrect API key provided.", code="invalid_api_key")


def _answer(error: OpenAIError, headers: dict[str, str] | None = None) -> Response:
    response = jsonify(error.body())
    response.status_code = error.status
    response.headers.update(headers or {})
    return response


def _from_status(status: int, message: str) -> OpenAIError:
    return OpenAIError(status, message, type_=_TYPES.get(status, "invalid_request_error"))


@bp.errorhandler(OpenAIError)
def _openai_error(error: OpenAIError) -> Response:
    return _answer(error)


@bp.errorhandler(ParleyError)
def _parley_error(error: ParleyError) -> Response:
    return _answer(_from_status(error.status, error.message), error.headers)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    return _answer(_from_status(error.code or 500, error.description or error.name))


@bp.errorhandler(redis.RedisError)
def _redis_error(error: redis.RedisError) -> Response:
    log.warning("redis error on a moderation call: %s", type(error).__name__)
    return _answer(_from_status(503, "Parley's store is unreachable; retry shortly."), {"Retry-After": "2"})


@bp.errorhandler(Exception)
def _unexpected(error: Exception) -> Response:
    log.exception("unhandled error on a moderation call")
    return _answer(_from_status(500, "The server had an error while processing your request."))
