"""The WSGI entry point gunicorn loads (with preload, so the model loads once, before fork).

A start-up failure (an altered model bundle, a bad setting) ends the process with one clear
line and a non-zero status instead of a traceback, so `parley serve` and gunicorn exit.
"""

import sys

from service import create_app
from service.config import StartupError

try:
    app = create_app()
except StartupError as exc:
    sys.exit(f"parley: {exc}")
