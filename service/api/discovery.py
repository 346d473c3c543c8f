"""GET /$discovery/rest?version=v1alpha1: the discovery document Google's API clients build from.

Google's documented Perspective sample builds its client with
`discovery.build("commentanalyzer", "v1alpha1", discoveryServiceUrl=".../$discovery/rest?version=v1alpha1")`;
pointed at Parley's URL instead, it runs unchanged. The document is a static template whose
rootUrl is the URL this request reached (scheme and host, as the proxy reported them when
PARLEY_PROXY_HOPS trusts it). Like Google's, it needs no key.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, request

from service.access.auth import open_route
from service.wire.perspective import PerspectiveError

bp = Blueprint("discovery", __name__)

TEMPLATE = Path(__file__).with_name("perspective_discovery.json")
VERSION = "v1alpha1"


@lru_cache(maxsize=1)
def _template() -> str:
    """The document with an @ROOT@ placeholder (read once; it ships with the code)."""
    return TEMPLATE.read_text(encoding="utf-8")


def document(root_url: str) -> str:
    """The discovery document for clients that reach Parley at `root_url` (ending in '/')."""
    return _template().replace("@ROOT@", json.dumps(root_url)[1:-1])


@bp.get("/$discovery/rest")
@open_route
def rest_description():
    """The commentanalyzer v1alpha1 description; any other version is Google's 404."""
    version = request.args.get("version", "")
    if version != VERSION:
        error = PerspectiveError(404, "NOT_FOUND", "Discovery document not found for API service: "
                                 f"commentanalyzer.googleapis.com format: rest version: {version}")
        return Response(json.dumps(error.body()), status=404, mimetype="application/json")
    return Response(document(request.host_url), mimetype="application/json")
