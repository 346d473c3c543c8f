"""`parley labels import|export`: read label files (JSON lines or CSV) into the LabelStore and out.

An import row is a `text` plus any of the seven label columns, each 0/1 or a probability;
a blank cell means unknown (not 0). Rows are validated before anything is written, so a bad
file changes nothing, then written in pipelined batches.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from service.learning.label_store import LabelStore

LABELS = ("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat", "incitement")
BATCH = 500


class LabelFileError(ValueError):
    """A label file row is not usable; the message names the line."""


def _value(raw: Any, where: str, label: str) -> float | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = float(raw)
    except (TypeError, ValueError) as exc:
        raise LabelFileError(f"{where}: {label} must be a number from 0 to 1, got {raw!r}") from exc
    if not 0.0 <= value <= 1.0:
        raise LabelFileError(f"{where}: {label} must be from 0 to 1, got {value}")
    return value


def parse_row(row: dict[str, Any], where: str) -> tuple[str, dict[str, float]]:
    """Return (text, labels) of one row; raise LabelFileError when it is unusable."""
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise LabelFileError(f"{where}: a non-empty `text` is required")
    source = row.get("labels") if isinstance(row.get("labels"), dict) else row
    labels = {label: value for label in LABELS
              if (value := _value(source.get(label), where, label)) is not None}
    if not labels:
        raise LabelFileError(f"{where}: no label columns ({', '.join(LABELS)})")
    return text, labels


def read_rows(path: Path) -> Iterator[tuple[str, dict[str, float]]]:
    """Yield (text, labels) from a .csv file or from JSON lines (anything else)."""
    with open(path, encoding="utf-8", newline="") as handle:
        if path.suffix.lower() == ".csv":
            for n, row in enumerate(csv.DictReader(handle), start=2):
                yield parse_row(row, f"{path.name}:{n}")
            return
        for n, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    row = json.loads(line)
                except ValueError as exc:
                    raise LabelFileError(f"{path.name}:{n}: not JSON: {exc}") from exc
                if not isinstance(row, dict):
                    raise LabelFileError(f"{path.name}:{n}: each line must be a JSON object")
                yield parse_row(row, f"{path.name}:{n}")


def import_labels(store: LabelStore, path: Path, site: str, model_version: str = "") -> int:
    """Validate every row of `path`, then store them all for `site`; return how many."""
    rows = list(read_rows(path))
    for start in range(0, len(rows), BATCH):
        pipe = store.client.pipeline(transaction=False)
        for text, labels in rows[start:start + BATCH]:
            store.add(text=text, labels=labels, source="import", site=site, model_version=model_version,
                      pipe=pipe, file=path.name)
        pipe.execute()
    return len(rows)


def export_labels(store: LabelStore, out: IO[str], site: str | None = None) -> int:
    """Write every stored example (of one site, or of all) as JSON lines; return how many."""
    count = 0
    for name in ([site] if site is not None else store.sites()):
        for entry in store.iter(name):
            out.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
    return count
