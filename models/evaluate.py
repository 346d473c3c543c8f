"""Measure the shipped model against alt-profanity-check on every evaluation set, in one run.

`parley evaluate` (and `python -m models.evaluate`) score each set with both models, print the
table, and write docs/evaluation.md, docs/evaluation.json and PNG plots under docs/img/.
How each Parley figure is read off the seven labels is fixed here, before looking at results:
toxicity sets use `toxicity`; GHC any-hate uses max(identity_attack, incitement); GHC call for
violence uses max(incitement, threat); HateCheck counts a case hateful when identity_attack,
threat or incitement reaches its review threshold.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from models import eval_sets
from models.bundle import DEFAULT_ARTIFACT
from models.datasets import data_dir
from models.metrics import auc, bias_report, identity_masks, is_heldout_identity
from models.scorer import Scorer

REPO_ROOT = Path(__file__).resolve().parent.parent
HATE_LABELS = ("identity_attack", "threat", "incitement")
THREAT_FUNCTIONALITIES = ("threat_dir_h", "threat_norm_h")
IDENTITY_FUNCTIONALITIES = ("ident_neutral_nh", "ident_pos_nh")


# The default policy's rule (service/scoring/policy.py): rudeness is held for a person, never rejected.
RUDENESS_LABELS = ("toxicity", "insult", "obscene")


def decide(scores: dict[str, float], thresholds: dict[str, dict[str, float]]) -> str:
    """Return publish, review or reject by the sidecar's thresholds, as the default policy does."""
    if any(scores[label] >= t["reject"] for label, t in thresholds.items() if label not in RUDENESS_LABELS):
        return "reject"
    if any(scores[label] >= t["review"] for label, t in thresholds.items()):
        return "review"
    return "publish"


class ParleyView:
    """Parley's scores as arrays, with the label combinations each set is read through."""

    def __init__(self, scorer: Scorer) -> None:
        self.scorer = scorer

    def scores(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Score `texts` in batches; return {label: array}."""
        rows = [self.scorer.score(texts[i:i + 2048]) for i in range(0, len(texts), 2048)]
        flat = [row for chunk in rows for row in chunk]
        return {label: np.array([row[label] for row in flat]) for label in self.scorer.labels}

    def hateful(self, s: dict[str, np.ndarray]) -> np.ndarray:
        """Return a boolean array: a hate label reached its review threshold."""
        t = self.scorer.thresholds
        return np.any([s[label] >= t[label]["review"] for label in HATE_LABELS], axis=0)

    def flagged(self, s: dict[str, np.ndarray]) -> np.ndarray:
        """Return a boolean array: any label reached its review threshold (not published)."""
        t = self.scorer.thresholds
        return np.any([s[label] >= t[label]["review"] for label in s], axis=0)


def peer_scorer() -> Callable[[Sequence[str]], np.ndarray]:
    """Return alt-profanity-check's probability function (imported only here)."""
    from profanity_check import predict_prob

    return lambda texts: np.asarray(predict_prob(list(texts)), dtype=float)


def _auc_row(name: str, metric: str, truth: np.ndarray, parley: np.ndarray, peer: np.ndarray) -> dict[str, Any]:
    return {"set": name, "metric": metric, "rows": int(len(truth)), "positives": int(np.sum(truth)),
            "parley": auc(truth, parley), "peer": auc(truth, peer)}


def evaluate_sets(view: ParleyView, peer: Callable[[Sequence[str]], np.ndarray], root: Path,
                  heldout: Sequence[Any], say: Callable[[str], None]) -> dict[str, Any]:
    """Compute every table row, HateCheck per functionality, bias and the seed page."""
    table: list[dict[str, Any]] = []
    curves: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for es in eval_sets.all_sets(root):
        say(f"scoring {es.name} ({len(es.texts)} rows)")
        s, p = view.scores(es.texts), peer(es.texts)
        if es.name in ("wikipedia", "wikipedia_fuzzed", "olid_test"):
            metric = "offensive AUC" if es.name == "olid_test" else "toxicity AUC"
            truth = next(iter(es.targets.values()))
            table.append(_auc_row(es.name, metric, truth, s["toxicity"], p))
            curves[es.name] = (truth, s["toxicity"], p)
        elif es.name == "gab_test":
            any_hate = np.maximum(s["identity_attack"], s["incitement"])
            violence = np.maximum(s["incitement"], s["threat"])
            table.append(_auc_row(es.name, "any-hate AUC", es.targets["any_hate"], any_hate, p))
            table.append(_auc_row(es.name, "call-for-violence AUC", es.targets["call_for_violence"], violence, p))
            curves["gab_test any-hate"] = (es.targets["any_hate"], any_hate, p)
            curves["gab_test call-for-violence"] = (es.targets["call_for_violence"], violence, p)
        elif es.name == "hatecheck":
            extra["hatecheck"] = hatecheck_report(es, view.hateful(s), p >= 0.5)
            table.append({"set": "hatecheck", "metric": "accuracy", "rows": len(es.texts),
                          "parley": extra["hatecheck"]["parley"], "peer": extra["hatecheck"]["peer"]})
            table.append({"set": "hatecheck", "metric": "accuracy, threat functionalities",
                          "rows": extra["hatecheck"]["threat_rows"], "parley": extra["hatecheck"]["parley_threat"],
                          "peer": extra["hatecheck"]["peer_threat"]})
            functionalities = extra["hatecheck"]["functionalities"]
            for name in IDENTITY_FUNCTIONALITIES:
                row = functionalities.get(name)
                if row:
                    table.append({"set": "hatecheck", "metric": f"accuracy, {name}", "rows": row["rows"],
                                  "parley": row["parley"], "peer": row["peer"]})
            worst = min(functionalities, key=lambda name: functionalities[name]["parley"])
            table.append({"set": "hatecheck", "metric": "lowest functionality accuracy", "rows": functionalities[worst]["rows"],
                          "parley": functionalities[worst]["parley"],
                          "peer": min(row["peer"] for row in functionalities.values()), "note": worst})
        elif es.name == "sfu":
            table.append(_auc_row(es.name, "toxicity AUC (3-4 of 4 vs rest)", es.targets["toxic"], s["toxicity"], p))
            clean = es.targets["not_toxic"].astype(bool)
            table.append({"set": "sfu", "metric": "false-flag rate on non-toxic (lower is better)",
                          "rows": int(clean.sum()), "parley": float(view.flagged(s)[clean].mean()),
                          "peer": float((p >= 0.5)[clean].mean())})
        elif es.name == "madlibs":
            masks = identity_masks(es.texts)
            truth = es.targets["toxic"]
            extra["bias"] = {"parley": bias_report(truth, s["toxicity"], masks), "peer": bias_report(truth, p, masks)}
            table.append({"set": "madlibs", "metric": "bias final metric (generalized mean)", "rows": len(es.texts),
                          "parley": extra["bias"]["parley"]["final"], "peer": extra["bias"]["peer"]["final"]})
            heldout_masks = {term: mask for term, mask in masks.items() if is_heldout_identity(term)}
            extra["bias_heldout"] = {"parley": bias_report(truth, s["toxicity"], heldout_masks),
                                     "peer": bias_report(truth, p, heldout_masks)}
            table.append({"set": "madlibs", "metric": "bias final metric, held-out identities",
                          "rows": int(np.any(list(heldout_masks.values()), axis=0).sum()),
                          "parley": extra["bias_heldout"]["parley"]["final"],
                          "peer": extra["bias_heldout"]["peer"]["final"]})
    table.extend(heldout_rows(view, peer, heldout))
    return {"table": table, "curves": curves, **extra}


def heldout_rows(view: ParleyView, peer: Callable[[Sequence[str]], np.ndarray], heldout: Sequence[Any]) -> list[dict[str, Any]]:
    """Rows for the held-out Fox News threads and the held-out share of Latent Hatred."""
    rows = []
    fox = [e for e in heldout if e.source == "fox_news"]
    if fox:
        texts = [e.text for e in fox]
        s, p = view.scores(texts), peer(texts)
        truth = np.array([e.labels["toxicity"] >= 0.5 for e in fox], dtype=int)
        rows.append(_auc_row("fox_news (held-out threads)", "hateful AUC, max(toxicity, identity_attack)", truth,
                             np.maximum(s["toxicity"], s["identity_attack"]), p))
    latent = [e for e in heldout if e.source == "latent_hatred"]
    if latent:
        texts = [e.text for e in latent]
        s, p = view.scores(texts), peer(texts)
        hate = np.array([e.meta["class"] != "not_hate" for e in latent], dtype=int)
        violent = np.array([e.meta["implicit"] in ("incitement", "threatening") for e in latent], dtype=int)
        rows.append(_auc_row("latent_hatred (held-out 20%)", "any-hate AUC (identity_attack)", hate,
                             s["identity_attack"], p))
        rows.append(_auc_row("latent_hatred (held-out 20%)", "incitement+threatening AUC, max(incitement, threat)",
                             violent, np.maximum(s["incitement"], s["threat"]), p))
    return rows


def hatecheck_report(es: eval_sets.EvalSet, parley: np.ndarray, peer: np.ndarray) -> dict[str, Any]:
    """Return overall, threat-only and per-functionality accuracy for both models."""
    truth = es.targets["hateful"].astype(bool)
    functionality = np.array(es.tags["functionality"])
    threat = np.isin(functionality, THREAT_FUNCTIONALITIES)
    per = {f: {"rows": int((functionality == f).sum()),
               "parley": float((parley == truth)[functionality == f].mean()),
               "peer": float((peer == truth)[functionality == f].mean())}
           for f in sorted(set(functionality))}
    return {"parley": float((parley == truth).mean()), "peer": float((peer == truth).mean()),
            "parley_threat": float((parley == truth)[threat].mean()), "peer_threat": float((peer == truth)[threat].mean()),
            "threat_rows": int(threat.sum()), "functionalities": per}


def seed_page_report(scorer: Scorer, peer: Callable[[Sequence[str]], np.ndarray], shared: Path) -> dict[str, Any] | None:
    """Score the seed page's comments and article paragraphs; check what a moderator expects."""
    page = eval_sets.seed_page_comments(shared)
    if page is None:
        return None
    article, comments = page
    scores = scorer.score(comments)
    decisions = [decide(row, scorer.thresholds) for row in scores]
    paragraphs = [p.strip() for p in article.split("\n") if len(p.strip()) > 40]
    article_scores = scorer.score(paragraphs)
    t = scorer.thresholds
    last = scores[-1] if scores else {}
    passed = (len(comments) == 5 and decisions[4] in ("review", "reject")
              and all(last[label] >= t[label]["review"] for label in ("incitement", "identity_attack"))
              and all(d != "reject" for d in decisions[:4]))
    return {"comments": [{"number": i + 1, "decision": d, "scores": row, "peer": float(q)}
                         for i, (d, row, q) in enumerate(zip(decisions, scores, peer(comments)))],
            "published_1_to_4": sum(d == "publish" for d in decisions[:4]),
            "article_paragraphs": len(paragraphs),
            "article_incitement_flags": sum(row["incitement"] >= t["incitement"]["review"] for row in article_scores),
            "article_flags": sum(decide(row, t) != "publish" for row in article_scores),
            "passed": bool(passed)}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add `parley evaluate` options to `parser`."""
    parser.add_argument("--model", type=Path, default=DEFAULT_ARTIFACT, help="artifact to evaluate")
    parser.add_argument("--data-dir", type=Path, default=None, help="shared data folder")
    parser.add_argument("--docs", type=Path, default=REPO_ROOT / "docs", help="where evaluation.md and plots go")
    parser.add_argument("--seed", type=int, default=13, help="the training seed (fixes the held-out split)")


def run(args: argparse.Namespace) -> int:
    """Evaluate Parley and alt-profanity-check; print and write the report; return an exit code."""
    from models.corpus import build_corpus
    from models.model_card import write_model_card
    from models.report import print_table, write_report

    start = time.monotonic()

    def say(message: str) -> None:
        print(f"[{time.monotonic() - start:6.1f}s] {message}", flush=True)

    root = args.data_dir or data_dir(REPO_ROOT)
    if not root.is_dir():
        print(f"data folder not found: {root}", file=sys.stderr)
        return 2
    scorer = Scorer.load(args.model)
    peer = peer_scorer()
    corpus = build_corpus(root, seed=args.seed, banned=eval_sets.banned_texts(root))
    results = evaluate_sets(ParleyView(scorer), peer, root, corpus.heldout, say)
    results["seed_page"] = seed_page_report(scorer, peer, root.parent)
    results["model_version"] = scorer.version
    results["thresholds"] = scorer.thresholds
    print_table(results)
    write_report(results, args.docs)
    say(f"wrote {args.docs / 'evaluation.md'}")
    if args.model.resolve() == DEFAULT_ARTIFACT.resolve():
        write_model_card(scorer.sidecar, REPO_ROOT / "models" / "MODEL_CARD.md", args.docs / "evaluation.json")
        say("refreshed models/MODEL_CARD.md with these figures")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `python -m models.evaluate`."""
    parser = argparse.ArgumentParser(prog="python -m models.evaluate", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
