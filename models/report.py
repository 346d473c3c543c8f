"""Render evaluation results: the console table, docs/evaluation.md, its JSON and PNG plots."""

from __future__ import annotations

import json
import math
from pathlib import Path
from collections.abc import Callable
from typing import Any

import numpy as np

# The classifier issue's targets: (set, metric) -> (as written, check(value, AUCs by set)).
TARGETS: dict[tuple[str, str], tuple[str, Callable[[float, dict[str, float]], bool]]] = {
    ("wikipedia", "toxicity AUC"): (">= 0.975", lambda v, r: v >= 0.975),
    ("wikipedia_fuzzed", "toxicity AUC"): ("within 0.005 of wikipedia", lambda v, r: r["wikipedia"] - v <= 0.005),
    ("gab_test", "any-hate AUC"): (">= 0.90", lambda v, r: v >= 0.90),
    ("gab_test", "call-for-violence AUC"): (">= 0.92", lambda v, r: v >= 0.92),
    ("hatecheck", "accuracy"): (">= 0.85", lambda v, r: v >= 0.85),
    ("hatecheck", "accuracy, threat functionalities"): (">= 0.90", lambda v, r: v >= 0.90),
    ("hatecheck", "accuracy, ident_neutral_nh"): (">= 0.90", lambda v, r: v >= 0.90),
    ("hatecheck", "accuracy, ident_pos_nh"): (">= 0.90", lambda v, r: v >= 0.90),
    ("hatecheck", "lowest functionality accuracy"): (">= 0.70", lambda v, r: v >= 0.70),
    ("madlibs", "bias final metric, held-out identities"): (">= 0.95", lambda v, r: v >= 0.95),
    ("sfu", "false-flag rate on non-toxic (lower is better)"): ("<= 0.03", lambda v, r: v <= 0.03),
}


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return "n/a" if math.isnan(value) else f"{value:.4f}"
    return str(value)


def table_lines(results: dict[str, Any]) -> list[str]:
    """Return the main table as Markdown lines."""
    lines = ["| set | metric | rows | Parley | alt-profanity-check | target |", "|---|---|---|---|---|---|"]
    for row in results["table"]:
        target = TARGETS.get((row["set"], row["metric"]), ("",))[0]
        metric = f"{row['metric']} ({row['note']})" if row.get("note") else row["metric"]
        lines.append(f"| {row['set']} | {metric} | {row['rows']} | {_fmt(row['parley'])} | "
                     f"{_fmt(row['peer'])} | {target} |")
    return lines


def print_table(results: dict[str, Any]) -> None:
    """Print the main table and the seed-page verdict."""
    print("\n".join(table_lines(results)))
    page = results.get("seed_page")
    if page:
        print("seed page:", "PASS" if page["passed"] else "FAIL",
              [c["decision"] for c in page["comments"]])


def _seed_lines(page: dict[str, Any] | None) -> list[str]:
    if page is None:
        return ["../shared/seeds/article_with_comments.txt was not present: not checked."]
    lines = [f"Verdict: **{'PASS' if page['passed'] else 'FAIL'}** (comment 5 held or rejected with incitement "
             "and identity_attack over their review thresholds; comments 1-4 not rejected).", "",
             "| comment | decision | toxicity | identity_attack | threat | incitement | alt-profanity-check |",
             "|---|---|---|---|---|---|---|"]
    for c in page["comments"]:
        s = c["scores"]
        lines.append(f"| {c['number']} | {c['decision']} | {s['toxicity']:.3f} | {s['identity_attack']:.3f} | "
                     f"{s['threat']:.3f} | {s['incitement']:.3f} | {c['peer']:.3f} |")
    lines += ["", f"Comments 1-4 published outright: {page['published_1_to_4']} of 4. Article paragraphs scored: "
              f"{page['article_paragraphs']}; flagged for incitement: {page['article_incitement_flags']}; "
              f"not published on any label: {page['article_flags']}."]
    return lines


def _hatecheck_lines(report: dict[str, Any]) -> list[str]:
    lines = ["| functionality | rows | Parley | alt-profanity-check |", "|---|---|---|---|"]
    for name, row in report["functionalities"].items():
        lines.append(f"| {name} | {row['rows']} | {row['parley']:.3f} | {row['peer']:.3f} |")
    return lines


def _bias_lines(bias: dict[str, Any]) -> list[str]:
    lines = ["| identity | rows | subgroup AUC | BPSN AUC | BNSP AUC | peer subgroup | peer BPSN | peer BNSP |",
             "|---|---|---|---|---|---|---|---|"]
    peer = bias["peer"]["identities"]
    for term, row in bias["parley"]["identities"].items():
        q = peer[term]
        lines.append(f"| {term} | {row['rows']} | {_fmt(row['subgroup_auc'])} | {_fmt(row['bpsn_auc'])} | "
                     f"{_fmt(row['bnsp_auc'])} | {_fmt(q['subgroup_auc'])} | {_fmt(q['bpsn_auc'])} | {_fmt(q['bnsp_auc'])} |")
    return lines


def write_plots(results: dict[str, Any], folder: Path) -> list[str]:
    """Write ROC curves and the HateCheck bar chart; return the file names written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import roc_curve

    folder.mkdir(parents=True, exist_ok=True)
    names = []
    curves = results["curves"]
    fig, axes = plt.subplots(1, len(curves), figsize=(4 * len(curves), 4), squeeze=False)
    for ax, (name, (truth, parley, peer)) in zip(axes[0], curves.items()):
        for label, scores in (("Parley", parley), ("alt-profanity-check", peer)):
            fpr, tpr, _ = roc_curve(truth, scores)
            ax.plot(fpr, tpr, label=label)
        ax.plot([0, 1], [0, 1], color="grey", linewidth=0.5)
        ax.set_title(name, fontsize=9)
        ax.set_xlabel("false positive rate")
        ax.legend(fontsize=7, loc="lower right")
    axes[0][0].set_ylabel("true positive rate")
    fig.tight_layout()
    fig.savefig(folder / "roc_curves.png", dpi=80)
    plt.close(fig)
    names.append("roc_curves.png")
    if "hatecheck" in results:
        per = results["hatecheck"]["functionalities"]
        fig, ax = plt.subplots(figsize=(10, 7))
        y = np.arange(len(per))
        ax.barh(y - 0.2, [r["parley"] for r in per.values()], height=0.4, label="Parley")
        ax.barh(y + 0.2, [r["peer"] for r in per.values()], height=0.4, label="alt-profanity-check")
        ax.set_yticks(y, list(per), fontsize=7)
        ax.set_xlabel("accuracy")
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(folder / "hatecheck_functionalities.png", dpi=80)
        plt.close(fig)
        names.append("hatecheck_functionalities.png")
    return names


def write_report(results: dict[str, Any], docs: Path) -> None:
    """Write docs/evaluation.md, docs/evaluation.json and the plots under docs/img/."""
    docs.mkdir(parents=True, exist_ok=True)
    plots = write_plots(results, docs / "img")
    lines = ["# Evaluation", "",
             f"Model `{results['model_version']}` against alt-profanity-check 1.9.1, both scored in the same run "
             "by `parley evaluate` (`python -m models.evaluate`). Every set below is evaluation-only or held out "
             "from training; none was used to fit, calibrate or pick thresholds. How Parley's seven labels are "
             "read for each set is fixed in `models/evaluate.py`.", "", *table_lines(results), "",
             "## Seed page", "", *_seed_lines(results.get("seed_page")), ""]
    if "hatecheck" in results:
        lines += ["## HateCheck per functionality", "", "Accuracy at Parley's own review thresholds "
                  "(hateful = identity_attack, threat or incitement at or over review); alt-profanity-check at 0.5.",
                  "", *_hatecheck_lines(results["hatecheck"]), ""]
    if "bias" in results:
        lines += ["## Bias on madlibs (toxicity)", "", *_bias_lines(results["bias"]), ""]
    if "bias_heldout" in results:
        lines += ["## Bias on the held-out identities (toxicity)", "",
                  "A third of madlibs' identity terms, chosen by a fixed hash (`models/metrics.py`), named by no "
                  "list or seed of ours and never looked at while developing:", "",
                  *_bias_lines(results["bias_heldout"]), ""]
    lines += ["## Plots", ""] + [f"![{name}](img/{name})" for name in plots] + [""]
    (docs / "evaluation.md").write_text("\n".join(lines), encoding="utf-8")
    summary = {k: v for k, v in results.items() if k != "curves"}
    (docs / "evaluation.json").write_text(json.dumps(summary, indent=1, default=float) + "\n", encoding="utf-8")
