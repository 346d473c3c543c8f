"""Train the shipped model: build the corpus, fit, calibrate, pick thresholds, write the bundle.

`parley train` (and `python -m models.train`) call `run`; tests call `train_bundle` with a
handful of in-memory examples, which goes through the very same fitting code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from models.bundle import DEFAULT_ARTIFACT, LABELS, save_bundle
from models.classifier import ParleyModel
from models.datasets import Example, data_dir
from models.encoder_stage import Embedder, fit_encoder_heads
from models.features import build_features, load_profanity_prior
from models.fitting import fit_calibration, fit_heads, label_matrix
from models.metrics import auc
from models.sentence_encoder import EncoderError, SentenceEncoder
from models.thresholds import choose_all

REPO_ROOT = Path(__file__).resolve().parent.parent
MODEL_VERSION_PREFIX = "parley-encoder"
# The shipped recipe, shared by `parley train` and `parley retrain` (service/learning/retrain.py).
# `cascade_recall`: the share of each label's validation positives whose stage-one probability
# must reach the encoder stage; the gate is set there, on validation rows only.
RECIPE: dict[str, Any] = {"c": 2.0, "encoder_hidden": 256, "encoder_epochs": 15, "cascade_recall": 0.97}


def _progress(verbose: bool) -> Callable[[str], None]:
    start = time.monotonic()

    def say(message: str) -> None:
        if verbose:
            print(f"[{time.monotonic() - start:7.1f}s] {message}", flush=True)

    return say


def cascade_gate(linear: np.ndarray, values: np.ndarray, known: np.ndarray, recall: float) -> np.ndarray:
    """Per label, the stage-one probability that `recall` of the validation positives reach."""
    gate = np.ones(linear.shape[1])
    for j in range(linear.shape[1]):
        positives = linear[known[:, j] & (values[:, j] >= 0.5), j]
        if len(positives):
            gate[j] = float(np.quantile(positives, 1 - recall))
    return gate


def fit_model(train: Sequence[Example], validation: Sequence[Example], *, seed: int = 13,
              features: dict[str, Any] | None = None, use_prior: bool = True, c: float = RECIPE["c"],
              n_jobs: int = 2, embedder: Embedder | None = None,
              cascade_recall: float | None = RECIPE["cascade_recall"],
              progress: Callable[[str], None] = lambda m: None
              ) -> tuple[ParleyModel, dict[str, dict[str, float]], dict[str, Any]]:
    """Fit both stages on `train`; calibrate, gate the cascade and choose thresholds on `validation`.

    Without `embedder` the model is the linear stage alone. `cascade_recall=None` sends every
    comment to the encoder stage (the variant the cascade is benchmarked against).
    """
    prior = load_profanity_prior() if use_prior else None
    pipeline = build_features(prior=prior, **(features or {}))
    progress(f"fitting features on {len(train)} rows (prior: {prior is not None})")
    matrix = pipeline.fit_transform([e.text for e in train])
    progress(f"feature matrix {matrix.shape[0]} x {matrix.shape[1]}")
    coef, intercept = fit_heads(matrix, train, LABELS, c=c, seed=seed, n_jobs=n_jobs, progress=progress)
    model = ParleyModel(LABELS, pipeline, coef, intercept, np.tile([1.0, 0.0, 0.0], (len(LABELS), 1)),
                        prior_column=matrix.shape[1] - 1 if prior is not None else None)
    rows = list(validation) if len(validation) else list(train)
    texts = [e.text for e in rows]
    model.set_sentence_gate([e.text for e in rows if e.labels.get("toxicity", 1) < 0.5])
    margins, prior_odds = model.raw_scores(texts)
    model.calibration = fit_calibration([margins, prior_odds], rows, LABELS)
    probabilities = model.calibrate(margins, prior_odds)
    values, known = label_matrix(rows, LABELS)
    metrics: dict[str, Any] = {}
    if embedder is not None:
        progress(f"embedding {len(train)} training rows")
        model.encoder_heads = fit_encoder_heads(embedder([e.text for e in train]), train, LABELS, embedder.spec,
                                                hidden=RECIPE["encoder_hidden"], epochs=RECIPE["encoder_epochs"],
                                                seed=seed, progress=progress)
        if cascade_recall is not None:
            model.cascade_gate = cascade_gate(probabilities, values, known, cascade_recall)
        escalated = model.escalated(probabilities)
        encoder = np.zeros_like(margins)
        encoder[escalated] = model.encoder_heads.margins([texts[i] for i in escalated], embedder)
        model.combined_calibration = fit_calibration([margins, prior_odds, encoder], rows, LABELS, rows=escalated)
        probabilities[escalated] = model.combine(margins[escalated], prior_odds[escalated], encoder[escalated])
        metrics["cascade"] = {"validation_share_escalated": round(len(escalated) / len(rows), 4),
                              "gate": dict(zip(LABELS, np.round(model.cascade_gate, 4).tolist()))
                              if model.cascade_gate is not None else None}
        progress(f"encoder stage fitted; {len(escalated)} of {len(rows)} validation rows reach it")
    thresholds = choose_all(probabilities, values, known, LABELS)
    progress("calibrated and chose thresholds on validation rows")
    public = np.array([not e.source.startswith("seeds:") for e in rows])
    metrics.update(validation_metrics(probabilities[public], values[public], known[public]))
    metrics["reject_precision"] = reject_precision(probabilities, values, known, thresholds)
    return model, thresholds, metrics


def reject_precision(probabilities: np.ndarray, values: np.ndarray, known: np.ndarray,
                     thresholds: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    """Per label, the validation precision and count of rows at or over its reject threshold."""
    result = {}
    for j, label in enumerate(LABELS):
        over = known[:, j] & (probabilities[:, j] >= thresholds[label]["reject"])
        truth = values[over, j] >= 0.5
        result[label] = {"rows": int(over.sum()), "precision": round(float(truth.mean()), 4) if over.any() else None}
    return result


def validation_metrics(probabilities: np.ndarray, values: np.ndarray, known: np.ndarray) -> dict[str, Any]:
    """Return per-label validation ROC AUC and positive counts (public rows only, never seeds)."""
    metrics: dict[str, Any] = {}
    for j, label in enumerate(LABELS):
        truth = values[known[:, j], j] >= 0.5
        if 0 < truth.sum() < len(truth):
            metrics[label] = {"auc": round(auc(truth, probabilities[known[:, j], j]), 4),
                              "positives": int(truth.sum()), "rows": int(len(truth))}
    return {"validation": metrics}


def code_version() -> str:
    """Return the git commit of the working tree (with "-dirty" if it has changes)."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO_ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
        return commit + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def library_versions() -> dict[str, str]:
    """Return the versions that must match for the artifact to load and behave the same."""
    import joblib
    import scipy
    import sklearn

    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "numpy": np.__version__, "scipy": scipy.__version__, "joblib": joblib.__version__}


def write_bundle(model: ParleyModel, thresholds: dict[str, dict[str, float]], out: Path,
                 data: dict[str, Any], metrics: dict[str, Any]) -> dict[str, Any]:
    """Save the model and its sidecar to `out` and return the sidecar."""
    created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    sidecar = {
        "model_version": f"{MODEL_VERSION_PREFIX}-{created.strftime('%Y%m%d%H%M%S')}",
        "labels": list(LABELS), "thresholds": thresholds, "library_versions": library_versions(),
        "data": data, "metrics": metrics, "created_at": created.isoformat(), "code_version": code_version(),
    }
    return save_bundle(model, out, sidecar)


def train_bundle(examples: Sequence[Example], out: str | Path, *, seed: int = 13,
                 validation: Sequence[Example] = (), use_prior: bool = False,
                 embedder: Embedder | None = None) -> dict[str, Any]:
    """Train a small bundle from in-memory examples (for tests and experiments); return the sidecar."""
    model, thresholds, metrics = fit_model(
        examples, validation, seed=seed, use_prior=use_prior, n_jobs=1, embedder=embedder,
        features={"word_features": 5000, "char_features": 5000, "min_df": 1})
    return write_bundle(model, thresholds, Path(out), {"in_memory": {"rows": len(examples)}}, metrics)


def training_embedder(progress: Callable[[str], None] = lambda m: None) -> Embedder:
    """The shipped sentence encoder (built by `make install`) with its on-disk embedding cache.

    Training runs it on both cores; serving uses one per worker (models/scorer.py). Both embed
    one text at a time, so a comment's embedding never depends on what it was batched with.
    """
    return Embedder(SentenceEncoder(threads=2), progress=progress)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add `parley train` options to `parser`."""
    parser.add_argument("--data-dir", type=Path, default=None, help="shared data folder (default: $PARLEY_DATA_DIR or ../shared/data)")
    parser.add_argument("--out", type=Path, default=DEFAULT_ARTIFACT, help="artifact path (sidecar is written beside it)")
    parser.add_argument("--seed", type=int, default=13, help="seed for splits and solvers")
    parser.add_argument("--c", type=float, default=RECIPE["c"], help="inverse regularization strength")
    parser.add_argument("--no-prior", action="store_true", help="do not use alt-profanity-check's model as a feature")
    parser.add_argument("--no-encoder", action="store_true", help="the linear stage alone (no sentence-encoder stage)")
    parser.add_argument("--encoder-everywhere", action="store_true",
                        help="no cascade: every comment reaches the encoder stage (the benchmark's other variant)")
    parser.add_argument("--no-card", action="store_true", help="do not rewrite models/MODEL_CARD.md")
    parser.add_argument("--quiet", action="store_true", help="no progress output")


def run(args: argparse.Namespace) -> int:
    """Train on ../shared/data and write the bundle, sidecar and model card; return an exit code."""
    from models.corpus import build_corpus
    from models.eval_sets import banned_texts
    from models.model_card import write_model_card

    say = _progress(not args.quiet)
    try:
        embedder = None if args.no_encoder else training_embedder(say)
    except EncoderError as exc:
        print(f"{exc}\n(or pass --no-encoder)", file=sys.stderr)
        return 2
    root = args.data_dir or data_dir(REPO_ROOT)
    if not root.is_dir():
        print(f"data folder not found: {root}", file=sys.stderr)
        return 2
    corpus = build_corpus(root, seed=args.seed, banned=banned_texts(root), progress=say)
    say(f"train {len(corpus.train)}, validation {len(corpus.validation)}, held out {len(corpus.heldout)}")
    model, thresholds, metrics = fit_model(corpus.train, corpus.validation, seed=args.seed, c=args.c,
                                           use_prior=not args.no_prior, embedder=embedder,
                                           cascade_recall=None if args.encoder_everywhere else RECIPE["cascade_recall"],
                                           progress=say)
    sidecar = write_bundle(model, thresholds, args.out, corpus.provenance, metrics)
    say(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB), version {sidecar['model_version']}")
    if not args.no_card:
        write_model_card(sidecar, REPO_ROOT / "models" / "MODEL_CARD.md")
        say("wrote models/MODEL_CARD.md")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `python -m models.train`."""
    parser = argparse.ArgumentParser(prog="python -m models.train", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
