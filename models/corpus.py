"""Build the training corpus: load every source, deduplicate, decontaminate, split.

Splits are decided by a keyed hash of the row's group (or its normalized text), so they are the
same on every machine and every run, and related rows never straddle train and validation.
Rows whose normalized text also occurs in an evaluation-only set are dropped, so no
evaluation figure is inflated by a copy that slipped into a training source.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from models.datasets import TRAINING_SOURCES, Example, mark_obscene, seeds
from models.bundle import file_sha256
from models.text_normalization import normalize

VALIDATION_SHARE = 0.1
SEED_CALIBRATION_SHARE = 0.3
# Held out for evaluation, never trained on: a share of Latent Hatred and whole Fox News threads.
HELDOUT_SHARE = {"latent_hatred": 0.2, "fox_news": 0.3}


@dataclass
class Corpus:
    """The training, validation and held-out rows, plus provenance for the sidecar."""

    train: list[Example]
    validation: list[Example]
    heldout: list[Example]
    provenance: dict[str, dict[str, object]]


def _bucket(key: str, seed: int) -> float:
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split_of(example: Example, seed: int) -> str:
    """Return "heldout", "validation" or "train" for `example`, deterministically."""
    if example.source.startswith("seeds:"):
        # Never used to measure anything, but a share helps calibrate and set thresholds: the public
        # validation rows hold almost no plain threats or calls for violence. Whole frames (one
        # written sentence shape and its fillings) go one way, so validation rows are not
        # near-copies of training rows.
        return "validation" if _bucket("seed:" + (example.group or example.text), seed) < SEED_CALIBRATION_SHARE \
            else "train"
    key = example.group or normalize(example.text)
    heldout = HELDOUT_SHARE.get(example.source, 0.0)
    if heldout and _bucket("heldout:" + key, seed) < heldout:
        return "heldout"
    return "validation" if _bucket(key, seed) < VALIDATION_SHARE else "train"


def deduplicate(examples: Iterable[Example], banned: set[str]) -> tuple[list[Example], Counter[str]]:
    """Keep the first row per normalized text and drop rows found in evaluation sets."""
    seen: set[str] = set()
    kept: list[Example] = []
    dropped: Counter[str] = Counter()
    for example in examples:
        key = normalize(example.text)
        if not key or key in seen:
            dropped[f"{example.source}:duplicate"] += 1
            continue
        if key in banned:
            dropped[f"{example.source}:in_eval_set"] += 1
            continue
        seen.add(key)
        kept.append(example)
    return kept, dropped


def _dataset_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in {".csv", ".tsv", ".json", ".txt"}):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(file_sha256(path).encode())
    return digest.hexdigest()


def build_corpus(root: Path, seed: int = 13, banned: set[str] | None = None,
                 progress: Callable[[str], None] = lambda message: None) -> Corpus:
    """Load all training sources under `root` (plus the project's seeds) into a split corpus."""
    rows: list[Example] = list(seeds())  # first, so a seed wins over a public duplicate
    provenance: dict[str, dict[str, object]] = {"seeds/training": {"rows": len(rows)}}
    for name, (folder, loader) in TRAINING_SOURCES.items():
        loaded = [mark_obscene(example) for example in loader(root)]
        progress(f"loaded {folder}: {len(loaded)} rows")
        provenance[folder] = {"rows": len(loaded), "sha256": _dataset_hash(root / folder), "source": name}
        rows.extend(loaded)
    kept, dropped = deduplicate(rows, banned or set())
    progress(f"kept {len(kept)} rows after dedup; dropped {sum(dropped.values())}")
    splits: dict[str, list[Example]] = {"train": [], "validation": [], "heldout": []}
    for example in kept:
        splits[split_of(example, seed)].append(example)
    for info in provenance.values():
        prefix = f"{info.get('source', 'seeds')}:"
        info["dropped"] = {k.rsplit(":", 1)[-1]: v for k, v in dropped.items() if k.startswith(prefix)}
    return Corpus(splits["train"], splits["validation"], splits["heldout"], provenance)
