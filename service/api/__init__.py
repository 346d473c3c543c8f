"""The JSON API: one blueprint per area."""

from __future__ import annotations

from flask import Flask

from service.api import (comments, coral, discovery, health, learning, moderation, openai_moderation, openapi,
               perspective, reviews, scores, stats, word_lists)


def init_app(app: Flask) -> None:
    """Register every API blueprint."""
    for module in (health, openapi, discovery, comments, scores, perspective, openai_moderation, coral,
                   moderation, learning, stats, word_lists):
        app.register_blueprint(module.bp)
    reviews.init_app(app)
