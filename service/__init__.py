"""Parley: the app factory, the one place where settings, resources and blueprints are wired."""

from __future__ import annotations

from typing import Any, Mapping

from flask import Flask

from service.config import Settings


def create_app(overrides: Mapping[str, str] | None = None, *, scorer: Any = None) -> Flask:
    """Build the app from os.environ updated by `overrides`; tests may pass a loaded scorer."""
    import os

    from werkzeug.middleware.proxy_fix import ProxyFix

    from service import api, errors, metrics, redis_client, request_log, web
    from service.access import auth, rate_limit
    from service.comments.intake import Intake
    from service.learning import model_watch
    from service.review import moderator_auth
    from service.review.queue import ReviewQueue
    from service.scoring import analyzer, live_word_lists as word_lists
    from service.scoring import language
    from service.scoring.policy import ThresholdTable

    env: dict[str, Any] = dict(os.environ)
    env.update(overrides or {})
    settings = Settings.from_env(env)

    app = Flask(__name__)
    app.config["PARLEY"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.config["SECRET_KEY"] = settings.secret_key or os.urandom(32)
    app.json.sort_keys = False
    if settings.proxy_hops:  # the proxies' X-Forwarded-For, -Proto and -Host are trusted
        hops = settings.proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    # Order matters for the request hooks: request id, timer, rate limits, then credentials.
    request_log.init_app(app, env.get("LOG_LEVEL", "INFO"))
    errors.init_app(app)
    redis_client.init_app(app)
    metrics.init_app(app)
    rate_limit.init_app(app)
    auth.init_app(app)
    analyzer.init_app(app, scorer or model_watch.boot_scorer(app))
    thresholds = ThresholdTable(app.extensions["scorer"].thresholds, settings.thresholds)
    app.extensions["thresholds"] = thresholds
    model_watch.init_app(app, scorer)
    app.extensions["languages"] = language.LanguagePolicy.from_setting(settings.unsupported_language)
    language.load()  # once per process, before gunicorn forks
    queue = ReviewQueue(app.extensions["redis"], claim_seconds=settings.claim_seconds,
                        age_boost_seconds=settings.review_age_boost_seconds)
    app.extensions["review_queue"] = queue
    queue.upgrade_order()  # re-rank entries queued before severity tiers (once per Redis)
    word_lists.init_app(app)
    app.extensions["intake"] = Intake(app.extensions["redis"], app.extensions["analyzer"],
                                      thresholds, queue=queue, word_lists=app.extensions["word_lists"],
                                      languages=app.extensions["languages"])
    moderator_auth.init_app(app)
    api.init_app(app)
    web.init_app(app)
    return app
