"""Turn a site's stored labels into weighted training examples and a fixed held-out slice.

Weighting (documented in docs/learning-loop.md; keep the two in step):
- every site row starts at SITE_WEIGHT (public rows keep their dataset weights, mostly 0.5-2),
  times a per-source factor: moderator decisions and operator imports 1.0, Perspective-style
  suggestscore feedback 0.5 (it comes from API clients, not the site's own moderators);
- the site's total weight is capped at SITE_SHARE_CAP of the public training weight, so 10k
  site labels adjust the model rather than replace what the public data taught it.
What a moderator decision teaches: a rejection with a reason gives that reason's labels as
positives (the queue's own mapping, `review_decisions.implied_labels`); spam, off-topic and
"other" teach nothing. An approval is a negative only for the labels the model flagged (the
entry's `reasons` when the queue records them, else the labels whose stored score is at or over
the current model's review threshold), the ones the moderator overruled. An undo retracts: per
comment and version only the last decision counts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from models.bundle import LABELS
from models.datasets import Example
from service.review.decisions import ModeratorDecision, implied_labels
from models.text_normalization import normalize

SITE_WEIGHT = 4.0
SITE_SHARE_CAP = 0.25
SOURCE_FACTOR = {"moderator": 1.0, "import": 1.0, "suggestscore": 0.5}
HELDOUT_SHARE = 0.2
SITE_SOURCE_PREFIX = "site:"


@dataclass
class SiteData:
    """A site's labels as training rows and held-out rows (never trained on, across retrains)."""

    train: list[Example]
    heldout: list[Example]
    skipped: dict[str, int]


def latest_entries(entries: Iterable[Mapping]) -> list[Mapping]:
    """Keep the last moderator entry per (comment, version) and drop retracted decisions."""
    kept: dict[tuple, Mapping] = {}
    for n, entry in enumerate(entries):
        if entry.get("source") == "moderator" and entry.get("comment_id"):
            key: tuple = ("moderator", entry.get("site", ""), entry["comment_id"], entry.get("version"))
            kept.pop(key, None)  # re-insert so order follows the latest entry
        else:
            key = ("row", n)
        kept[key] = entry
    return [e for e in kept.values() if e.get("decision") != "undone"]


def entry_labels(entry: Mapping, review_thresholds: Mapping[str, float]) -> dict[str, float]:
    """The labels one stored entry teaches (empty when it teaches nothing)."""
    if entry.get("source") == "moderator" and entry.get("decision") in ("approve", "reject"):
        if entry["decision"] == "reject":
            try:
                return implied_labels(ModeratorDecision.REJECT, entry.get("reason", ""))
            except KeyError:
                return _clean(entry.get("labels", {}))
        scores = entry.get("scores") or {}
        flagged = [label for label in entry.get("reasons") or () if label in LABELS] or [
            label for label in LABELS if float(scores.get(label, 0.0)) >= review_thresholds.get(label, 1.01)]
        return {label: 0.0 for label in flagged} or _clean(entry.get("labels", {}))
    return _clean(entry.get("labels", {}))


def _clean(labels: Mapping) -> dict[str, float]:
    out = {}
    for label, value in labels.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            continue
        if label in LABELS and 0.0 <= number <= 1.0:
            out[label] = number
    return out


def is_heldout(text: str, share: float = HELDOUT_SHARE) -> bool:
    """Whether a site text belongs to the held-out slice (by its normalized text, so stable)."""
    digest = hashlib.sha256(f"site-heldout:{normalize(text)}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < share


def site_examples(entries: Iterable[Mapping], review_thresholds: Mapping[str, float], *,
                  banned: set[str] | None = None, heldout_share: float = HELDOUT_SHARE) -> SiteData:
    """Build weighted site rows (last entry per normalized text wins) and split them."""
    by_text: dict[str, Example] = {}
    skipped = {"no_labels": 0, "in_eval_set": 0, "empty": 0}
    for entry in latest_entries(entries):
        text = str(entry.get("text", ""))
        key = normalize(text)
        if not key:
            skipped["empty"] += 1
            continue
        if banned and key in banned:
            skipped["in_eval_set"] += 1
            continue
        labels = entry_labels(entry, review_thresholds)
        if not labels:
            skipped["no_labels"] += 1
            continue
        source = str(entry.get("source", "import"))
        by_text.pop(key, None)
        by_text[key] = Example(text, labels, SITE_SOURCE_PREFIX + source,
                               weight=SITE_WEIGHT * SOURCE_FACTOR.get(source, 1.0),
                               meta={"site": str(entry.get("site", "")), "decision": str(entry.get("decision", ""))})
    train, heldout = [], []
    for example in by_text.values():
        (heldout if is_heldout(example.text, heldout_share) else train).append(example)
    return SiteData(train, heldout, skipped)


def cap_site_weight(site_rows: Sequence[Example], public_rows: Sequence[Example],
                    share_cap: float = SITE_SHARE_CAP) -> list[Example]:
    """Scale site rows down when their total weight would pass `share_cap` of the public weight."""
    site_total = sum(e.weight for e in site_rows)
    limit = share_cap * sum(e.weight for e in public_rows)
    if not site_rows or site_total <= limit or limit <= 0:
        return list(site_rows)
    scale = limit / site_total
    return [Example(e.text, e.labels, e.source, e.weight * scale, e.group, e.meta) for e in site_rows]
