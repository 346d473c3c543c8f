"""Retrain on public data plus a site's labels, measure candidate against current, gate, report.

The public part comes from the classifier's own builder (`models.corpus.build_corpus`), or,
for tests and quick runs, a deterministic subset of it or a JSON-lines file of rows. Site
rows come from the LabelStore through `service.learning.site_data` (which documents the weighting).
Both models are measured on the classifier's full evaluation suite (`models.evaluate`) and on
the site's held-out slice; `service.learning.promotion_gate` decides; the report lands beside the bundle.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from models import eval_sets
from models.bundle import LABELS, save_bundle
from models.corpus import Corpus
from models.datasets import Example
from models.encoder_stage import Embedder
from models.fitting import label_matrix
from service.learning.promotion_gate import AUC_TOLERANCE, MIN_SITE_ROWS, GateVerdict, judge
from service.learning.site_data import SITE_SHARE_CAP, SITE_WEIGHT, cap_site_weight, site_examples
from models.train import MODEL_VERSION_PREFIX, code_version, fit_model, library_versions, training_embedder
from service.learning.registry import ARTIFACT_NAME, ModelRegistry
from models.scorer import Scorer
from models.text_normalization import normalize

# Feature sizes: "full" is what `parley train` ships; the small ones are for tests and trials.
FEATURE_PRESETS: dict[str, tuple[dict[str, Any] | None, bool]] = {
    "full": (None, True),
    "small": ({"word_features": 30_000, "char_features": 50_000, "min_df": 2}, False),
    "tiny": ({"word_features": 5_000, "char_features": 5_000, "min_df": 1}, False),
}


class NotEnoughLabels(ValueError):
    """Too few held-out site labels to measure a candidate: training would be wasted."""


@dataclass
class RetrainOptions:
    """Knobs of one retrain; the defaults are the documented production ones."""

    site: str = ""
    seed: int = 13
    features: str = "full"
    c: float = 2.0
    auc_tolerance: float = AUC_TOLERANCE
    promote: bool = True
    site_weight: float = SITE_WEIGHT
    site_share_cap: float = SITE_SHARE_CAP


@dataclass
class RetrainResult:
    """The candidate's version, the gate's verdict, and where the report is."""

    version: str
    verdict: GateVerdict
    promoted: bool
    report_path: Path
    current_version: str


def subset(corpus: Corpus, limit: int, seed: int = 13) -> Corpus:
    """A deterministic sample of at most `limit` training rows (validation scaled alike)."""
    if limit <= 0 or limit >= len(corpus.train):
        return corpus
    rng = random.Random(seed)
    train = rng.sample(corpus.train, limit)
    share = limit / len(corpus.train)
    validation = rng.sample(corpus.validation, max(1, int(len(corpus.validation) * share)))
    return Corpus(train, validation, corpus.heldout, {**corpus.provenance, "subset": {"train_rows": limit}})


def public_from_jsonl(path: Path) -> Corpus:
    """Read a public set from JSON lines: text, labels, and optional split, source, weight, group, meta."""
    splits: dict[str, list[Example]] = {"train": [], "validation": [], "heldout": []}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                example = Example(row["text"], row["labels"], row.get("source", "public"),
                                  float(row.get("weight", 1.0)), row.get("group", ""), row.get("meta", {}))
                splits[row.get("split", "train")].append(example)
    return Corpus(splits["train"], splits["validation"], splits["heldout"], {"jsonl": {"path": str(path)}})


def training_rows(public: Corpus, site_train: Sequence[Example], site_weight: float = SITE_WEIGHT,
                  share_cap: float = SITE_SHARE_CAP) -> list[Example]:
    """Public rows whose text the site did not label itself, plus the (capped) site rows."""
    site_texts = {normalize(e.text) for e in site_train}
    kept = [e for e in public.train if normalize(e.text) not in site_texts]
    scale = site_weight / SITE_WEIGHT
    weighted = [Example(e.text, e.labels, e.source, e.weight * scale, e.group, e.meta) for e in site_train]
    return kept + cap_site_weight(weighted, kept, share_cap)


def new_version(site: str) -> str:
    """A fresh, sortable version name that says which site it learned from."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d%H%M%S")
    slug = "".join(ch if ch.isalnum() else "-" for ch in site.lower())[:24].strip("-") or "all"
    return f"{MODEL_VERSION_PREFIX}-{stamp}-{slug}-{os.urandom(2).hex()}"


def train_candidate(public: Corpus, site_train: Sequence[Example], registry: ModelRegistry,
                    options: RetrainOptions, say: Callable[[str], None],
                    embedder: Embedder | None = None) -> tuple[str, Path]:
    """Fit a candidate on public + site rows and save it as a new registry version.

    `embedder` defaults to the shipped encoder for the full preset (none for the small ones).
    """
    features, use_prior = FEATURE_PRESETS[options.features]
    rows = training_rows(public, site_train, options.site_weight, options.site_share_cap)
    say(f"training on {len(rows)} rows: {len(rows) - len(site_train)} public, {len(site_train)} site")
    # The full recipe is `parley train`'s, encoder stage included: the encoder stays frozen (its
    # embeddings are cached on disk) and only the heads, calibrators and thresholds refit.
    if embedder is None and options.features == "full":
        embedder = training_embedder(say)
    model, thresholds, metrics = fit_model(rows, public.validation, seed=options.seed, features=features,
                                           use_prior=use_prior, c=options.c, embedder=embedder, progress=say)
    version = new_version(options.site)
    sidecar = {"model_version": version, "labels": list(LABELS), "thresholds": thresholds,
               "library_versions": library_versions(), "metrics": metrics, "code_version": code_version(),
               "created_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
               "data": {**public.provenance, "site_labels": {
                   "site": options.site or "(all sites)", "rows": len(site_train),
                   "weight": round(sum(e.weight for e in rows[len(rows) - len(site_train):]), 3)}},
               "trained_on_sites": [options.site] if options.site else ["*"],
               "features": options.features}
    artifact = registry.version_dir(version) / ARTIFACT_NAME
    save_bundle(model, artifact, sidecar)
    registry.record(version, "candidate", [])
    say(f"saved candidate {version}")
    return version, artifact


def site_metrics(scorer: Scorer, rows: Sequence[Example],
                 thresholds: Mapping[str, Mapping[str, float]] | None = None) -> dict[str, Any]:
    """Log loss, per-label AUC and decision agreement (at `thresholds`, default the model's) on site rows."""
    thresholds = thresholds or scorer.thresholds
    from models.metrics import auc

    if not rows:
        return {"rows": 0, "log_loss": float("nan"), "agreement": float("nan"), "labels": {}, "curves": {}}
    texts = [e.text for e in rows]
    p = np.array([[s[label] for label in LABELS] for i in range(0, len(texts), 2048)
                  for s in scorer.score(texts[i:i + 2048])])
    values, known = label_matrix(rows, LABELS)
    q = np.clip(p, 1e-6, 1 - 1e-6)
    cells = -(values * np.log(q) + (1 - values) * np.log(1 - q))
    labels, curves = {}, {}
    for j, label in enumerate(LABELS):
        truth = (values[known[:, j], j] >= 0.5).astype(int)
        if len(truth):
            labels[label] = {"rows": int(len(truth)), "positives": int(truth.sum()),
                             "auc": auc(truth, p[known[:, j], j]) if len(truth) > 1 else float("nan")}
            curves[label] = (truth, p[known[:, j], j])
    over = np.array([[s >= thresholds[label]["review"] for label, s in zip(LABELS, row)] for row in p])
    moderator = np.array([bool(np.any(values[i, known[i]] >= 0.5)) for i in range(len(rows))])
    return {"rows": len(rows), "log_loss": float(cells[known].mean()),
            "agreement": float((over.any(axis=1) == moderator).mean()), "labels": labels, "curves": curves}


def evaluate_model(scorer: Scorer, eval_root: Path | None, public_heldout: Sequence[Example],
                   site_heldout: Sequence[Example], say: Callable[[str], None],
                   overrides: Mapping[str, Any] | None = None, site: str = "") -> dict[str, Any]:
    """The classifier's full evaluation suite plus the site's held-out slice, for one model."""
    from models.evaluate import ParleyView, evaluate_sets, heldout_rows, seed_page_report

    null_peer = lambda texts: np.zeros(len(texts))  # noqa: E731  (the peer column is not compared)
    view = ParleyView(scorer)
    if eval_root is not None:
        results = evaluate_sets(view, null_peer, eval_root, public_heldout, say)
        results["seed_page"] = seed_page_report(scorer, null_peer, eval_root.parent)
    else:
        results = {"table": heldout_rows(view, null_peer, public_heldout), "curves": {}, "seed_page": None}
    results["site"] = site_metrics(scorer, site_heldout, effective_thresholds(scorer, overrides, site))
    results["model_version"] = scorer.version
    return results


def effective_thresholds(scorer: Scorer, overrides: Mapping[str, Any] | None,
                         site: str) -> Mapping[str, Mapping[str, float]]:
    """The thresholds the site would get with `scorer` served: its defaults, then every override.

    `overrides` is {"env": PARLEY_THRESHOLDS, "applied": {site: table}} (applied ones outlive a
    promotion, so the candidate is judged under them too).
    """
    from service.scoring.policy import ThresholdTable

    table = ThresholdTable(scorer.thresholds, (overrides or {}).get("env"))
    table.use_site_overrides((overrides or {}).get("applied", {}))
    return table.for_site(site)


def retrain(entries: Iterable[Mapping[str, Any]], public: Corpus, registry: ModelRegistry,
            current: Scorer, options: RetrainOptions, *, eval_root: Path | None,
            banned: set[str] | None = None, overrides: Mapping[str, Any] | None = None,
            say: Callable[[str], None] = lambda message: None) -> RetrainResult:
    """Run the whole loop once: build, train, evaluate both, gate, report, maybe promote.

    `banned` is the normalized texts of the evaluation sets (computed from `eval_root` if not given);
    `overrides` the threshold overrides in force (see `effective_thresholds`).
    """
    from service.learning.retrain_report import write_retrain_report

    if banned is None:
        banned = eval_sets.banned_texts(eval_root) if eval_root is not None else set()
    review = {label: t["review"] for label, t in current.thresholds.items()}
    site = site_examples(entries, review, banned=banned)
    say(f"site labels: {len(site.train)} for training, {len(site.heldout)} held out; skipped {site.skipped}")
    if len(site.heldout) < MIN_SITE_ROWS:
        raise NotEnoughLabels(f"only {len(site.heldout)} held-out site labels ({len(site.train)} for training); "
                              f"a candidate needs {MIN_SITE_ROWS} to be measured, so nothing was trained")
    version, artifact = train_candidate(public, site.train, registry, options, say)
    candidate = Scorer.load(artifact)
    say(f"evaluating current {current.version}")
    before = evaluate_model(current, eval_root, public.heldout, site.heldout, say, overrides, options.site)
    say(f"evaluating candidate {version}")
    after = evaluate_model(candidate, eval_root, public.heldout, site.heldout, say, overrides, options.site)
    verdict = judge(before, after, auc_tolerance=options.auc_tolerance)
    status = "accepted" if verdict.accepted else "rejected"
    report = write_retrain_report(registry.version_dir(version), before, after, verdict,
                                  {"site": options.site, "site_train": len(site.train),
                                   "site_heldout": len(site.heldout), "skipped": site.skipped,
                                   "public_train": len(public.train), "features": options.features})
    registry.record(version, status, verdict.reasons, current=current.version, report=report.name)
    promoted = False
    if verdict.accepted and options.promote:
        served = registry.current_version()
        if served == current.version:
            registry.promote(version)
            promoted = True
        else:  # someone promoted another version meanwhile: this one was not measured against it
            say(f"not promoting: the served model changed to {served} during the retrain")
    say(f"candidate {version}: {status}{' and promoted' if promoted else ''}")
    return RetrainResult(version, verdict, promoted, report, current.version)
