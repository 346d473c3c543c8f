"""A small HTTP client for Parley's own API, used by `parley import` and the demo loader."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any


class ApiError(RuntimeError):
    """Parley answered with an error (its JSON envelope is in `body`)."""

    def __init__(self, status: int, body: dict[str, Any]):
        super().__init__(f"HTTP {status}: {body.get('error', body)}")
        self.status = status
        self.body = body


class ParleyClient:
    """POST comments to a running Parley with a client API key."""

    def __init__(self, base_url: str, api_key: str, timeout_seconds: float = 10.0):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout_seconds = timeout_seconds

    def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """One JSON call; raises ApiError on an error status."""
        data = json.dumps(body).encode("utf-8") if body is not None else None
        req = urllib.request.Request(self.base_url + path, data=data, method=method, headers={
            "Authorization": f"Bearer {self.api_key}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout_seconds) as resp:
                return json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as exc:
            try:
                payload = json.loads(exc.read() or b"{}")
            except ValueError:
                payload = {}
            raise ApiError(exc.code, payload) from None

    def submit(self, comment: dict[str, Any]) -> dict[str, Any]:
        """POST /v1/comments."""
        return self.request("POST", "/v1/comments", comment)

    def wait_ready(self, timeout_seconds: float = 60.0) -> bool:
        """Poll /readyz until it answers 200, or give up."""
        deadline = time.monotonic() + timeout_seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base_url + "/readyz", timeout=2) as resp:
                    if resp.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        return False
