"""Who the moderator is: HTTP Basic for scripts, or the web session the moderators' pages set.

A client API key (Bearer) is never a moderator. State changes made through the session also
need the session's CSRF token (header X-CSRF-Token or form field csrf_token), so a page on
another site cannot decide reviews with a moderator's cookie.
"""

from __future__ import annotations

import functools
import hmac
import secrets
from typing import Callable, TypeVar

from flask import Flask, current_app, g, request, session

from service.access.auth import MODERATOR, bearer_token, requires
from service.errors import CsrfFailed, LoginThrottled, ModeratorOnly, ModeratorRequired
from service.review.login_throttle import LoginThrottle
from service.review.moderators import Moderators
from service.access.rate_limit import parse_limit

F = TypeVar("F", bound=Callable[..., object])
SESSION_KEY = "moderator"
EPOCH_KEY = "session_epoch"
CSRF_KEY = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_moderators() -> Moderators:
    """The current app's moderator accounts."""
    return current_app.extensions["moderators"]


def check_password(name: str, password: str) -> bool:
    """Verify a moderator's password, unless this name has failed too often from this address.

    Raises LoginThrottled (429, with Retry-After) while the throttle holds; failures count.
    """
    throttle: LoginThrottle = current_app.extensions["login_throttle"]
    address = request.remote_addr or "-"
    wait = throttle.wait_seconds(name, address)
    if wait:
        raise LoginThrottled(details={"retry_after_seconds": wait}, headers={"Retry-After": str(wait)})
    if get_moderators().verify(name, password):
        throttle.succeeded(name, address)
        return True
    throttle.failed(name, address)
    return False


def current_moderator() -> str | None:
    """The moderator this request speaks for (Basic first, then the session), or None."""
    if "moderator" not in g:
        g.moderator, g.moderator_via = None, None
        credentials = request.authorization
        if credentials is not None and credentials.type == "basic":
            name, password = credentials.username or "", credentials.password or ""
            if check_password(name, password):
                g.moderator, g.moderator_via = name, "basic"
        elif session_live():
            g.moderator, g.moderator_via = session[SESSION_KEY], "session"
    return g.moderator


def require_moderator(view: F) -> F:
    """Let the view run only for a moderator; g.moderator names them."""

    @functools.wraps(view)
    def wrapper(*args: object, **kwargs: object) -> object:
        token = bearer_token()
        if token:
            if current_app.extensions["api_keys"].check(token):
                raise ModeratorOnly()
            raise ModeratorRequired()
        if current_moderator() is None:
            raise ModeratorRequired("Wrong or missing moderator name and password."
                                    if request.authorization else None)
        if g.moderator_via == "session" and request.method not in _SAFE_METHODS:
            check_csrf()
        return view(*args, **kwargs)

    return requires(MODERATOR)(wrapper)  # type: ignore[return-value]


def log_in(name: str, password: str) -> bool:
    """Start a web session for the moderator if the password is right (for the login form).

    Raises LoginThrottled like `check_password`.
    """
    if not check_password(name, password):
        return False
    session.clear()
    session.permanent = True  # expires after the app's PERMANENT_SESSION_LIFETIME
    session[SESSION_KEY] = name
    session[EPOCH_KEY] = get_moderators().session_epoch(name)
    session[CSRF_KEY] = secrets.token_urlsafe(32)
    g.pop("moderator", None)
    return True


def session_live() -> bool:
    """True when the session names a moderator whose sessions were not ended since it began."""
    name = session.get(SESSION_KEY)
    return bool(name) and get_moderators().session_live(name, int(session.get(EPOCH_KEY, -1)))


def log_out() -> None:
    """End the web session, and (the cookie being signed, not stored) every copy of it."""
    if session.get(SESSION_KEY):
        get_moderators().end_sessions(session[SESSION_KEY])
    session.clear()
    g.pop("moderator", None)


def csrf_token() -> str:
    """The session's CSRF token, for forms and the pages' JavaScript."""
    if CSRF_KEY not in session:
        session[CSRF_KEY] = secrets.token_urlsafe(32)
    return session[CSRF_KEY]


def check_csrf() -> None:
    """Refuse the request unless it carries the session's CSRF token."""
    sent = request.headers.get(CSRF_HEADER) or request.form.get(CSRF_KEY, "")
    expected = session.get(CSRF_KEY, "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CsrfFailed()


def init_app(app: Flask) -> None:
    """Attach the moderator accounts (on the app's Redis) and the failed-login throttle."""
    secret = app.config["SECRET_KEY"]
    secret = secret.encode("utf-8") if isinstance(secret, str) else secret
    app.extensions["moderators"] = Moderators(app.extensions["redis"], secret=secret)
    limit = parse_limit(app.config["PARLEY"].login_rate_limit, "PARLEY_LOGIN_RATE_LIMIT")
    app.extensions["login_throttle"] = LoginThrottle(app.extensions["redis"], app.extensions["rate_limiter"], limit)
