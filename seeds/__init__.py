"""Demo comments Parley ships so a fresh `make run` has a queue to show (written by the project)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DEMO_COMMENTS = Path(__file__).parent / "demo_comments.jsonl"


def demo_comments() -> list[dict[str, Any]]:
    """The demo comments as API request bodies."""
    with DEMO_COMMENTS.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
