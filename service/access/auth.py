"""Who may call which route: each view declares its credential, one hook enforces API keys.

Client API keys (PARLEY_API_KEYS, or made with `parley apikey create`) submit and score
comments, sent as `Authorization: Bearer`. Some views check their credential themselves and
say so: moderators' routes (MODERATOR: Basic or the web session), the compatible endpoints
(API_KEY where Perspective or OpenAI clients put it, answered in those services' error shapes)
and signed webhooks (SIGNATURE: Coral Talk). A view with no marker is treated as needing a
Bearer API key, so forgetting the marker fails closed. Only /healthz, /readyz, /openapi.json,
/metrics and the Perspective discovery document (/$discovery/rest) are OPEN.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Callable, Iterable, TypeVar

from flask import Flask, current_app, g, request

from service.access.api_keys import ApiKeyStore, key_digest
from service.errors import Unauthorized

F = TypeVar("F", bound=Callable[..., object])

OPEN, API_KEY, MODERATOR, SIGNATURE = "open", "api_key", "moderator", "signature"
CREDENTIALS = (OPEN, API_KEY, MODERATOR, SIGNATURE)
_MARKER = "parley_credential"
_CHECKED_BY_VIEW = "parley_credential_checked_by_view"


def requires(credential: str, *, checked_by_view: bool = False) -> Callable[[F], F]:
    """Mark a view with the credential it needs; `checked_by_view` when the view verifies it.

    MODERATOR and SIGNATURE are always verified by the view; an API_KEY view is checked by the
    hook unless it says it takes the key its own way (Perspective's ?key=, say).
    """
    if credential not in CREDENTIALS:
        raise ValueError(f"unknown credential {credential!r}")

    def mark(view: F) -> F:
        setattr(view, _MARKER, credential)
        setattr(view, _CHECKED_BY_VIEW, checked_by_view or credential in (MODERATOR, SIGNATURE))
        return view

    return mark


require_api_key = requires(API_KEY)
open_route = requires(OPEN)
moderator_route = requires(MODERATOR)


def credential_for(app: Flask, endpoint: str) -> str:
    """The credential an endpoint declared; API_KEY when it declared none."""
    if endpoint == "static" or endpoint.endswith(".static"):
        return OPEN
    view = app.view_functions.get(endpoint)
    return getattr(view, _MARKER, API_KEY)


def hook_checks_key(app: Flask, endpoint: str) -> bool:
    """True when the hook must verify a Bearer API key before this endpoint's view runs."""
    view = app.view_functions.get(endpoint)
    return credential_for(app, endpoint) == API_KEY and not getattr(view, _CHECKED_BY_VIEW, False)


def unmarked_endpoints(app: Flask) -> list[str]:
    """Endpoints that declare no credential (a test keeps this list empty)."""
    return sorted(name for name, view in app.view_functions.items()
                  if not hasattr(view, _MARKER) and credential_for(app, name) != OPEN)


@dataclass(frozen=True)
class ApiClient:
    """The caller behind a verified API key: a public id and a name, never the key."""

    id: str
    name: str


class ApiKeys:
    """Configured keys (held as digests, compared in constant time), then the stored ones."""

    def __init__(self, keys: Iterable[str], store: ApiKeyStore):
        self._configured = [hashlib.sha256(key.encode("utf-8")).digest() for key in keys]
        self.store = store

    def verify(self, key: str) -> ApiClient | None:
        """The client `key` belongs to, or None; stored keys need Redis (errors propagate)."""
        wanted = hashlib.sha256(key.encode("utf-8", "surrogateescape")).digest()
        if any(hmac.compare_digest(wanted, known) for known in self._configured):
            return ApiClient(id=wanted.hex()[:12], name="configured")
        record = self.store.lookup(key)
        return ApiClient(id=record.id, name=record.name) if record else None

    def check(self, key: str) -> bool:
        """True when `key` is a known client key (configured or stored)."""
        return self.verify(key) is not None


def bearer_token() -> str:
    """The token of an `Authorization: Bearer ...` header, or ''."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def init_app(app: Flask) -> None:
    """Load the configured keys and check every API_KEY route's caller before the view runs."""
    app.extensions["api_keys"] = ApiKeys(app.config["PARLEY"].api_keys,
                                         ApiKeyStore(app.extensions["redis"]))

    @app.before_request
    def _authenticate() -> None:
        if request.endpoint is None or not hook_checks_key(app, request.endpoint):
            return
        token = bearer_token()
        client = current_app.extensions["api_keys"].verify(token) if token else None
        if client is None:
            raise Unauthorized()
        g.api_client = client
        g.api_key_digest = key_digest(token)[:16]  # a loggable name for the key, never the key


__all__ = ["API_KEY", "MODERATOR", "OPEN", "SIGNATURE", "ApiClient", "ApiKeys", "bearer_token",
           "credential_for", "hook_checks_key", "key_digest", "moderator_route", "open_route",
           "require_api_key", "requires", "unmarked_endpoints"]
