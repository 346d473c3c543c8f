"""Read and check request bodies, turning every kind of bad input into one clear error."""

from __future__ import annotations

import json
from typing import Any

from flask import request

from .errors import BadJSON, PayloadTooLarge, UnsupportedMediaType, ValidationFailed

MAX_ID_CHARS = 256


def json_object() -> dict[str, Any]:
    """The request body as a JSON object, or the matching 400/413/415/422 error."""
    if not request.is_json:
        raise UnsupportedMediaType()
    raw = request.get_data(cache=True)
    try:
        body = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BadJSON("The request body is not valid UTF-8.") from exc
    except RecursionError as exc:
        raise BadJSON("The JSON is nested too deeply.") from exc
    except ValueError as exc:
        raise BadJSON(f"The request body is not valid JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise ValidationFailed("The request body must be a JSON object.")
    return body


def text_field(body: dict[str, Any], name: str, max_chars: int) -> str:
    """A required comment text: a non-blank string within the size limit."""
    value = body.get(name)
    if not isinstance(value, str):
        raise ValidationFailed(details={name: "required, a string"})
    check_text(value, name, max_chars)
    return value


def check_text(value: str, name: str, max_chars: int) -> None:
    """Refuse blank, oversized or NUL-carrying text."""
    if not value.strip():
        raise ValidationFailed(details={name: "must not be empty or only whitespace"})
    if len(value) > max_chars:
        raise PayloadTooLarge(f"{name} is over {max_chars} characters.",
                              details={name: f"at most {max_chars} characters"})
    if "\x00" in value:
        raise ValidationFailed(details={name: "must not contain NUL characters"})


def id_field(body: dict[str, Any], name: str, *, required: bool) -> str:
    """An identifier: a non-empty string (or an integer, for sites that number comments)."""
    value = body.get(name)
    if value is None and not required:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValidationFailed(details={name: "required, a string" if required else "a string"})
    value = str(value)
    if not value.strip() or len(value) > MAX_ID_CHARS or any(ch < " " for ch in value):
        raise ValidationFailed(details={name: f"1-{MAX_ID_CHARS} printable characters"})
    return value
