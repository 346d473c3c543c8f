"""JSON-lines logging on stdout, with a request id on every line written during a request.

Comment text and API keys are never logged: the app logs ids, routes and codes only, and the
access log leaves out headers and query strings. PARLEY_LOG_TEXT=1 (for debugging on a
private machine) adds one line per request carrying the raw body.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from typing import Any

from flask import Flask, Response, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

log = logging.getLogger("parley.request")


class JsonFormatter(logging.Formatter):
    """One JSON object per record; extra fields given with `extra=` become top-level keys."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": round(record.created, 3), "level": record.levelname.lower(),
            "logger": record.name, "message": record.getMessage(),
        }
        if has_request_context() and "request_id" in g:
            entry["request_id"] = g.request_id
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            # The exception type and traceback, never the locals (which may hold comment text).
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class AccessJsonFormatter(logging.Formatter):
    """gunicorn's access line as JSON, built from its atoms (no headers, no query string)."""

    def format(self, record: logging.LogRecord) -> str:
        atoms = record.args if isinstance(record.args, dict) else {}
        entry = {
            "ts": round(record.created, 3), "level": "info", "logger": "gunicorn.access",
            "remote": atoms.get("h"), "method": atoms.get("m"), "path": atoms.get("U"),
            "status": _int_or_none(atoms.get("s")), "bytes": _int_or_none(atoms.get("B")),
            "duration_ms": _int_or_none(atoms.get("M")),
            "request_id": atoms.get("{x-request-id}o"), "pid": atoms.get("p"),
        }
        return json.dumps(entry, default=str)


class StdoutHandler(logging.StreamHandler):
    """Write to whatever sys.stdout is at the time, so a redirected stdout still gets the lines."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stdout

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def configure_logging(level: str = "INFO") -> None:
    """Send every logger's records to stdout as JSON lines (idempotent)."""
    root = logging.getLogger()
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        for handler in list(root.handlers):
            root.removeHandler(handler)
        handler = StdoutHandler()
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel(level.upper())


def request_id_from(header: str | None) -> str:
    """The caller's X-Request-ID when it is a sane token, else a fresh one."""
    if header and _VALID_REQUEST_ID.match(header):
        return header
    return uuid.uuid4().hex


def init_app(app: Flask, level: str = "INFO") -> None:
    """Log JSON to stdout; give each request an id and echo it in the response."""
    configure_logging(level)
    log_text = app.config["PARLEY"].log_text

    @app.before_request
    def _start() -> None:
        g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        if "request_id" in g:
            response.headers[REQUEST_ID_HEADER] = g.request_id
        if log_text:
            log.info("request body (PARLEY_LOG_TEXT is on)", extra={
                "method": request.method, "path": request.path, "status": response.status_code,
                "body": request.get_data(cache=True, as_text=True)[:4096]})
        return response
