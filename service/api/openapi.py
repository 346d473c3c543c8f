"""GET /openapi.json: the API description, assembled from one fragment per API area.

Each area keeps its paths and schemas in service/api/spec/<area>.json, so adding an area
never means editing another's description.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Blueprint, jsonify

from service.access.auth import open_route

bp = Blueprint("openapi", __name__)

SPEC_DIR = Path(__file__).parent / "spec"


@lru_cache(maxsize=1)
def document() -> dict[str, Any]:
    """The whole OpenAPI 3.1 document (read once; the fragments ship with the code)."""
    doc: dict[str, Any] = {}
    for path in sorted(SPEC_DIR.glob("*.json")):
        fragment = json.loads(path.read_text(encoding="utf-8"))
        for key, value in fragment.items():
            if isinstance(value, dict) and key in doc:
                _merge(doc[key], value)
            else:
                doc[key] = value
    return doc


def _merge(into: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


@bp.get("/openapi.json")
@open_route
def openapi_json():
    """Serve the document; it needs no credentials."""
    return jsonify(document())
