"""Write one retrain's report beside its bundle: report.md, report.json and PNG plots."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from service.learning.promotion_gate import GateVerdict


def _f(value: Any) -> str:
    if isinstance(value, float):
        return "n/a" if math.isnan(value) else f"{value:.4f}"
    return str(value)


def _site_lines(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    lines = ["| measure | current | candidate |", "|---|---|---|",
             f"| held-out rows | {before['rows']} | {after['rows']} |",
             f"| mean log loss (lower is better) | {_f(before['log_loss'])} | {_f(after['log_loss'])} |",
             f"| decision agreement with moderators | {_f(before['agreement'])} | {_f(after['agreement'])} |"]
    for label, row in after["labels"].items():
        old = before["labels"].get(label, {})
        lines.append(f"| {label} AUC ({row['positives']} of {row['rows']} positive) | "
                     f"{_f(old.get('auc', float('nan')))} | {_f(row['auc'])} |")
    return lines


def _public_lines(verdict: GateVerdict) -> list[str]:
    lines = ["| set | metric | rows | current | candidate | worse by | tolerance | ok |",
             "|---|---|---|---|---|---|---|---|"]
    for row in verdict.comparisons:
        lines.append(f"| {row['set']} | {row['metric']} | {row['rows']} | {_f(row['current'])} | "
                     f"{_f(row['candidate'])} | {_f(row['worse_by'])} | {row['tolerance']} | "
                     f"{'yes' if row['ok'] else '**no**'} |")
    return lines


def write_plots(folder: Path, before: dict[str, Any], after: dict[str, Any], verdict: GateVerdict) -> list[str]:
    """Public metric changes as bars, and site ROC curves per label; return the file names."""
    try:
        import matplotlib
    except ImportError:
        return []
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import roc_curve

    names = []
    rows = [r for r in verdict.comparisons if not math.isnan(r["worse_by"])]
    if rows:
        fig, ax = plt.subplots(figsize=(8, 0.35 * len(rows) + 1.5))
        change = [-r["worse_by"] for r in rows]
        ax.barh(np.arange(len(rows)), change, color=["tab:green" if r["ok"] else "tab:red" for r in rows])
        ax.set_yticks(np.arange(len(rows)), [f"{r['set']}: {r['metric']}"[:60] for r in rows], fontsize=7)
        ax.axvline(0, color="grey", linewidth=0.5)
        ax.set_xlabel("candidate minus current (positive = better)")
        fig.tight_layout()
        fig.savefig(folder / "public_changes.png", dpi=80)
        plt.close(fig)
        names.append("public_changes.png")
    curves = {label: c for label, c in after["site"]["curves"].items() if 0 < c[0].sum() < len(c[0])}
    if curves:
        fig, axes = plt.subplots(1, len(curves), figsize=(3.5 * len(curves), 3.5), squeeze=False)
        for ax, (label, (truth, scores)) in zip(axes[0], curves.items()):
            old_truth, old_scores = before["site"]["curves"][label]
            for name, t, s in (("current", old_truth, old_scores), ("candidate", truth, scores)):
                fpr, tpr, _ = roc_curve(t, s)
                ax.plot(fpr, tpr, label=name)
            ax.set_title(f"site held-out: {label}", fontsize=9)
            ax.legend(fontsize=7, loc="lower right")
        fig.tight_layout()
        fig.savefig(folder / "site_roc.png", dpi=80)
        plt.close(fig)
        names.append("site_roc.png")
    return names


def write_retrain_report(folder: Path, before: dict[str, Any], after: dict[str, Any], verdict: GateVerdict,
                         training: dict[str, Any]) -> Path:
    """Write report.md (+ .json and plots) into the candidate's folder; return report.md's path."""
    folder.mkdir(parents=True, exist_ok=True)
    plots = write_plots(folder, before, after, verdict)
    status = "ACCEPTED" if verdict.accepted else "REJECTED"
    lines = [f"# Retrain report: {after['model_version']}", "",
             f"Candidate `{after['model_version']}` against current `{before['model_version']}` "
             f"for site `{training['site'] or '(all sites)'}`.", "", f"**Gate: {status}**", ""]
    lines += [f"- {reason}" for reason in verdict.reasons] or ["- improves on the site's held-out labels and "
                                                               "no public set got worse beyond its tolerance"]
    lines += ["", "## Training set", "",
              f"Public rows: {training['public_train']}; site rows for training: {training['site_train']}; "
              f"site rows held out: {training['site_heldout']}; skipped site entries: {training['skipped']}; "
              f"features: {training['features']}. Weighting: see docs/learning-loop.md.", "",
              "## Site held-out labels", "", *_site_lines(before["site"], after["site"]), "",
              "## Public evaluation suite (models/evaluate.py)", "", *_public_lines(verdict), ""]
    for name, results in (("current", before), ("candidate", after)):
        page = results.get("seed_page")
        if page:
            lines.append(f"Seed page with the {name} model: {'PASS' if page['passed'] else 'FAIL'} "
                         f"({[c['decision'] for c in page['comments']]})")
    lines += ["", "## Plots", ""] + [f"![{name}]({name})" for name in plots] + [""]
    path = folder / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    summary = {"accepted": verdict.accepted, "reasons": verdict.reasons, "comparisons": verdict.comparisons,
               "training": training,
               "site": {"current": _plain(before["site"]), "candidate": _plain(after["site"])}}
    (folder / "report.json").write_text(json.dumps(summary, indent=1, default=float) + "\n", encoding="utf-8")
    return path


def _plain(site: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in site.items() if k != "curves"}
