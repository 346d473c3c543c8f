"""The error family and the one JSON error envelope every API route answers with.

Codes are a contract with the sites that call Parley: add new ones, never rename.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class ParleyError(Exception):
    """Base of every error Parley reports to a caller."""

    status = 500
    code = "internal_error"
    message = "Something went wrong inside Parley."

    def __init__(self, message: str | None = None, *, details: dict[str, Any] | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.details = details or {}
        self.headers = headers or {}


class BadJSON(ParleyError):
    """The body is not JSON, or not UTF-8."""

    status, code, message = 400, "invalid_json", "The request body is not valid JSON."


class UnsupportedMediaType(ParleyError):
    """The body is not declared as JSON."""

    status, code, message = 415, "unsupported_media_type", "Send the body as application/json."


class ValidationFailed(ParleyError):
    """The JSON is well formed but its fields are missing, mistyped or out of range."""

    status, code, message = 422, "validation_failed", "The request fields are not valid."


class PayloadTooLarge(ParleyError):
    """The body or one text is over its size limit."""

    status, code, message = 413, "payload_too_large", "The request is larger than Parley accepts."


class Unauthorized(ParleyError):
    """No credentials, or credentials Parley does not know."""

    status, code, message = 401, "unauthorized", "A valid API key is required."

    def __init__(self, message: str | None = None, **kwargs: Any):
        kwargs.setdefault("headers", {"WWW-Authenticate": 'Bearer realm="parley"'})
        super().__init__(message, **kwargs)


class BadSignature(ParleyError):
    """A signed webhook (Coral Talk's phase request) whose signature matches no configured secret."""

    status, code, message = 401, "bad_signature", "The request signature is missing or matches no secret."


class Forbidden(ParleyError):
    """The credentials are valid but may not do this."""

    status, code, message = 403, "forbidden", "These credentials may not do this."


class NotFound(ParleyError):
    """The thing named in the path does not exist."""

    status, code, message = 404, "not_found", "Not found."


class Conflict(ParleyError):
    """The request clashes with the current state (a lease, an earlier decision, an edit)."""

    status, code, message = 409, "conflict", "The request conflicts with the current state."


class ModeratorRequired(ParleyError):
    """A moderator endpoint was called without a moderator's name and password (or session)."""

    status, code, message = 401, "moderator_auth_required", "Moderator credentials are required."

    def __init__(self, message: str | None = None, **kwargs: Any):
        kwargs.setdefault("headers", {"WWW-Authenticate": 'Basic realm="parley-moderators", charset="UTF-8"'})
        super().__init__(message, **kwargs)


class ModeratorOnly(Forbidden):
    """A client API key was offered where only a moderator may act."""

    code, message = "moderator_only", "Client API keys cannot act as moderators; use moderator credentials."


class CsrfFailed(Forbidden):
    """A session-authenticated state change came without the session's CSRF token."""

    code, message = "csrf_failed", "The CSRF token is missing or wrong."


class LeaseNotHeld(Conflict):
    """The caller holds no live lease on this comment (never claimed, released, expired or taken)."""

    code, message = "lease_not_held", "You do not hold a live claim on this comment."


class AlreadyClaimed(Conflict):
    """Another moderator holds a live lease on this comment."""

    code, message = "already_claimed", "Another moderator holds this comment."


class AlreadyDecided(Conflict):
    """A moderator already decided this version of the comment."""

    code, message = "already_decided", "This comment has already been decided."


class CommentEdited(Conflict):
    """The comment changed after it was claimed; the new version must be claimed and reviewed."""

    code, message = "comment_edited", "The comment was edited after you claimed it; claim it again."


class UndoNotAllowed(Conflict):
    """The decision cannot be taken back (someone else's, a bulk one, or too late)."""

    code, message = "undo_not_allowed", "This decision can no longer be undone."


class NotPending(Conflict):
    """The comment is not waiting for review (published or rejected automatically)."""

    code, message = "not_pending", "This comment is not waiting for review."


class StoreUnavailable(ParleyError):
    """Redis cannot be reached, so nothing can be stored safely; the caller should retry."""

    status, code, message = 503, "store_unavailable", "Parley's store is unreachable; retry shortly."

    def __init__(self, message: str | None = None, **kwargs: Any):
        kwargs.setdefault("headers", {"Retry-After": "2"})
        super().__init__(message, **kwargs)


class RateLimited(ParleyError):
    """The caller (key or address) is over its request budget; Retry-After says when to come back."""

    status, code, message = 429, "rate_limited", "Too many requests; slow down and retry later."


class LoginThrottled(ParleyError):
    """Too many wrong passwords for this moderator name from here; Retry-After says when to try again."""

    status, code, message = 429, "login_throttled", "Too many failed logins; wait before trying again."


class ModelUnavailable(ParleyError):
    """The classifier is not loaded."""

    status, code, message = 503, "model_unavailable", "The classifier is not loaded."


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large",
               400: "bad_request", 415: "unsupported_media_type", 429: "rate_limited"}


def envelope(code: str, message: str, status: int, details: dict[str, Any] | None = None,
             headers: dict[str, str] | None = None) -> Response:
    """Build the one error response shape: {"error": {"code", "message", "details"}}."""
    response = jsonify({"error": {"code": code, "message": message, "details": details or {}}})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def init_app(app: Flask) -> None:
    """Answer every error, ours and Werkzeug's routing ones, with the JSON envelope."""

    @app.errorhandler(ParleyError)
    def _parley_error(error: ParleyError) -> Response:
        return envelope(error.code, error.message, error.status, error.details, error.headers)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        status = error.code or 500
        headers = {"Allow": ", ".join(error.valid_methods)} if getattr(error, "valid_methods", None) else {}
        return envelope(_HTTP_CODES.get(status, "http_error"), error.description or error.name,
                        status, headers=headers)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unhandled error")
        return envelope(ParleyError.code, ParleyError.message, 500)
