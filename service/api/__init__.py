"""The JSON API: one blueprint per area."""

from __future__ import annotations

from flask import Flask

from . import comments, health, openapi, scores


def init_app(app: Flask) -> None:
    """Register every API blueprint."""
    for module in (health, openapi, comments, scores):
        app.register_blueprint(module.bp)
