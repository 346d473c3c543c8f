"""Client API keys: who may submit and score comments (moderators log in separately)."""

from __future__ import annotations

import functools
import hashlib
import hmac
from typing import Callable, Iterable, TypeVar

from flask import Flask, current_app, g, request

from .errors import Unauthorized

F = TypeVar("F", bound=Callable[..., object])


class ApiKeys:
    """Known keys, held only as SHA-256 digests and compared in constant time."""

    def __init__(self, keys: Iterable[str]):
        self._digests = [self.digest(key) for key in keys]

    @staticmethod
    def digest(key: str) -> bytes:
        return hashlib.sha256(key.encode("utf-8")).digest()

    def check(self, key: str) -> bool:
        """True when `key` is one of the configured keys."""
        wanted = self.digest(key)
        return any(hmac.compare_digest(wanted, known) for known in self._digests)


def bearer_token() -> str:
    """The token of an `Authorization: Bearer ...` header, or ''."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def require_api_key(view: F) -> F:
    """Let the view run only for a request carrying a known client API key."""

    @functools.wraps(view)
    def wrapper(*args: object, **kwargs: object) -> object:
        token = bearer_token()
        if not token or not current_app.extensions["api_keys"].check(token):
            raise Unauthorized()
        g.api_key_digest = ApiKeys.digest(token).hex()[:16]
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def init_app(app: Flask) -> None:
    """Load the configured keys."""
    app.extensions["api_keys"] = ApiKeys(app.config["PARLEY"].api_keys)
