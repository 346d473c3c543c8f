"""The moderators' web pages: login, the keyboard-first queue, history and a dashboard.

Templates autoescape; comment text reaches the browser only as escaped HTML or as JSON the
script turns into text nodes. A strict Content-Security-Policy allows scripts only from our
static files.
"""

from __future__ import annotations

import logging

from flask import Flask, redirect, request, url_for

from service.access.auth import moderator_route
from service.web import actions, pages, security, word_lists
from service.web.highlights import Highlighter, marked

log = logging.getLogger(__name__)
WEB_BLUEPRINTS = frozenset({"web", "web_api", "web_words"})


def init_app(app: Flask) -> None:
    """Register the pages and their JSON, session settings and the security headers."""
    if not app.config["PARLEY"].secret_key:
        log.warning("PARLEY_SECRET_KEY is unset: moderator sessions last until this process "
                    "restarts and work only on this host (`parley serve` keeps one in var/)")
    security.configure_sessions(app)
    app.extensions["highlighter"] = Highlighter(app.extensions["scorer"], app.extensions["redis"])
    app.add_template_filter(marked, "marked")  # text as segments, for templates to show markers
    app.register_blueprint(pages.bp)
    app.register_blueprint(actions.bp)
    app.register_blueprint(word_lists.bp)
    # Only a redirect to the moderators' queue page, which checks the session itself.
    app.add_url_rule("/", "moderate_home", moderator_route(lambda: redirect(url_for("web.queue"))))

    @app.after_request
    def _headers(response):
        if request.blueprint in WEB_BLUEPRINTS or request.endpoint == "moderate_home":
            security.add_headers(response)
        return response
