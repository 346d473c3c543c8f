"""The WSGI entry point gunicorn loads (with preload, so the model loads once, before fork)."""

from . import create_app

app = create_app()
