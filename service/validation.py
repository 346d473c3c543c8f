"""Read and check request bodies, turning every kind of bad input into one clear error.

Unknown fields are ignored (sites send extra metadata; refusing it would break them on any
addition). Text may hold any JSON string that can be stored, NUL and other control characters
included (real corpora carry stray ones; the model reads them as spaces), but no lone UTF-16
surrogates (JSON can spell them as \\ud800; they are not text and would not encode). Text that
is nothing but whitespace and control characters is blank.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import request

from service.errors import BadJSON, PayloadTooLarge, UnsupportedMediaType, ValidationFailed

MAX_ID_CHARS = 256
_BAD_TEXT_CHARS = re.compile("[\ud800-\udfff]")
# A text is not blank once it holds one character that is neither whitespace nor a control.
_NOT_BLANK = re.compile("[^\\s\x00-\x1f\x7f-\x9f]")
_BAD_ID_CHARS = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def json_object() -> dict[str, Any]:
    """The request body as a JSON object, or the matching 400/413/415/422 error."""
    if not request.is_json:
        raise UnsupportedMediaType()
    raw = request.get_data(cache=True)
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
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


def is_blank(value: str) -> bool:
    """True for text with nothing but whitespace and control characters in it."""
    return _NOT_BLANK.search(value) is None


def check_text(value: str, name: str, max_chars: int) -> None:
    """Refuse blank or oversized text, and text with lone surrogates (which cannot be stored)."""
    if len(value) > max_chars:
        raise PayloadTooLarge(f"{name} is over {max_chars} characters.",
                              details={name: f"at most {max_chars} characters"})
    if is_blank(value):
        raise ValidationFailed(details={name: "must not be empty or only whitespace"})
    bad = _BAD_TEXT_CHARS.search(value)
    if bad:
        raise ValidationFailed(details={name: f"must not contain lone surrogates (found at {bad.start()})"})


def id_field(body: dict[str, Any], name: str, *, required: bool) -> str:
    """An identifier: a non-empty string (or an integer, for sites that number comments)."""
    value = body.get(name)
    if value is None and not required:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON Schema counts 5.0 as an integer; so do we
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValidationFailed(details={name: "required, a string" if required else "a string"})
    if isinstance(value, int) and not -2**63 <= value < 2**63:
        raise ValidationFailed(details={name: "integer ids must fit in 64 bits"})
    value = str(value)
    if not value.strip() or len(value) > MAX_ID_CHARS or _BAD_ID_CHARS.search(value):
        raise ValidationFailed(details={name: f"1-{MAX_ID_CHARS} printable characters"})
    return value
