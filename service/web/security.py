"""What keeps the moderators' pages safe: session cookies, response headers, login guards.

Pages and their JSON speak only to a logged-in web session (never HTTP Basic, so a browser
never pops a password prompt); every state change needs the session's CSRF token.
"""

from __future__ import annotations

import functools
from datetime import timedelta
from typing import Callable, TypeVar

from flask import Flask, Response, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface

from service.access.auth import MODERATOR, requires
from service.errors import ModeratorRequired
from service.review.moderator_auth import SESSION_KEY, check_csrf, session_live

F = TypeVar("F", bound=Callable[..., object])
SESSION_LIFETIME = timedelta(hours=8)   # a working shift; each request slides it forward
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
    "connect-src 'self'", "font-src 'self'", "form-action 'self'", "base-uri 'none'",
    "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie session, marked Secure whenever the request came over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def configure_sessions(app: Flask) -> None:
    """HttpOnly, SameSite=Lax, Secure over https, expiring after SESSION_LIFETIME idle."""
    app.session_interface = SessionCookies()
    app.config.update(SESSION_COOKIE_NAME="parley_session", SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax", PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME)


def add_headers(response: Response) -> Response:
    """The security headers every page, JSON answer and static file of the web area carries."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint != "web.static":
        response.headers["Cache-Control"] = "no-store"
    return response


def session_moderator() -> str | None:
    """The moderator of the web session, if it is live and the account still exists."""
    if "web_moderator" not in g:
        g.web_moderator = session[SESSION_KEY] if session_live() else None
        g.moderator = g.web_moderator
    return g.web_moderator


def login_required(view: F) -> F:
    """For pages: send a visitor without a session to the login form (and back after)."""

    @functools.wraps(view)
    def wrapper(*args: object, **kwargs: object) -> object:
        if session_moderator() is None:
            return redirect(url_for("web.login", next=request.full_path.rstrip("?")))
        if request.method not in _SAFE_METHODS:
            check_csrf()
        return view(*args, **kwargs)

    return requires(MODERATOR)(wrapper)  # type: ignore[return-value]


def session_required(view: F) -> F:
    """For the pages' JSON: 401 without a session (no Basic challenge), 403 without CSRF."""

    @functools.wraps(view)
    def wrapper(*args: object, **kwargs: object) -> object:
        if session_moderator() is None:
            raise ModeratorRequired("Your session has ended; log in again.", headers={})
        if request.method not in _SAFE_METHODS:
            check_csrf()
        return view(*args, **kwargs)

    return requires(MODERATOR)(wrapper)  # type: ignore[return-value]


def safe_next(target: str | None, default: str) -> str:
    """Only a path inside the moderators' area, so the login form is no open redirect."""
    if target and target.startswith("/moderate/") and "//" not in target and "\\" not in target:
        return target
    return default
