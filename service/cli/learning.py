"""`parley labels | models | retrain | thresholds`: the operator's side of the learning loop.

Redis is REDIS_URL (or --redis-url), else the embedded one of `parley serve` under var/redis.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from pathlib import Path
from typing import Callable

import redis

from service.config import REPO_ROOT, Settings
from service.learning.label_io import LabelFileError, export_labels, import_labels
from service.learning.label_store import LabelStore
from service.learning.registry import ModelRegistry, RegistryError
from service.redis_server import operator_redis


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Attach `labels`, `models`, `retrain` and `thresholds` to the `parley` parser."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""),
                        help="Redis to use (default: $REDIS_URL, else the embedded one in var/redis)")

    labels = sub.add_parser("labels", help="import or export labeled examples", parents=[common])
    actions = labels.add_subparsers(dest="action", required=True, metavar="ACTION")
    imp = actions.add_parser("import", help="store labels from JSON lines or CSV (text + label columns)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--site", required=True, help="site the labels belong to")
    exp = actions.add_parser("export", help="write stored labels as JSON lines")
    exp.add_argument("--site", default=None, help="one site (default: every site)")
    exp.add_argument("--out", type=Path, default=None, help="file to write (default: stdout)")
    labels.set_defaults(func=cmd_labels)

    models = sub.add_parser("models", help="list, promote or roll back model versions", parents=[common])
    actions = models.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("list", help="every version, its gate status and which one is served")
    promote = actions.add_parser("promote", help="serve VERSION (sha256 checked first)")
    promote.add_argument("version")
    promote.add_argument("--force", action="store_true", help="promote even a version the gate rejected")
    actions.add_parser("rollback", help="go back to the version served before the last promotion")
    models.set_defaults(func=cmd_models)

    retrain = sub.add_parser("retrain", help="train a candidate on public data + site labels, gate, report",
                             parents=[common])
    retrain.add_argument("--site", default="", help="learn from this site's labels (default: every site)")
    retrain.add_argument("--data-dir", type=Path, default=None, help="shared data folder (public data + evaluation sets)")
    retrain.add_argument("--public-limit", type=int, default=0, help="train on at most N public rows (0: all)")
    retrain.add_argument("--public-set", type=Path, default=None,
                         help="JSON lines of public rows (text, labels, split) instead of the builder")
    retrain.add_argument("--eval-dir", type=Path, default=None,
                         help="folder of the evaluation sets (default: --data-dir); 'none' to skip them")
    retrain.add_argument("--features", choices=("full", "small", "tiny"), default="full")
    retrain.add_argument("--seed", type=int, default=13)
    retrain.add_argument("--tolerance", type=float, default=None, help="allowed AUC drop on a public set (0.005)")
    retrain.add_argument("--no-promote", action="store_true", help="evaluate and keep the candidate, never promote")
    retrain.add_argument("--quiet", action="store_true", help="no progress output")
    retrain.set_defaults(func=cmd_retrain)

    thresholds = sub.add_parser("thresholds", help="per-site threshold advice from the site's labels",
                                parents=[common])
    actions = thresholds.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, text in (("advise", "suggest thresholds (changes nothing)"),
                       ("apply", "suggest, then write them for the site once confirmed")):
        cmd = actions.add_parser(name, help=text)
        cmd.add_argument("--site", required=True)
        cmd.add_argument("--precision", type=float, default=None, help="target precision for auto-reject (0.95)")
        cmd.add_argument("--recall", type=float, default=None, help="target recall for review (0.90)")
        cmd.add_argument("--json", action="store_true", help="print the advice as JSON")
        if name == "apply":
            cmd.add_argument("--yes", action="store_true", help="confirm without the prompt")
    clear = actions.add_parser("clear", help="remove a site's applied thresholds")
    clear.add_argument("--site", required=True)
    actions.add_parser("show", help="the applied per-site thresholds")
    thresholds.set_defaults(func=cmd_thresholds)




def _registry(client: redis.Redis) -> ModelRegistry:
    settings = Settings.from_env()
    return ModelRegistry(client, settings.models_dir, settings.model_path, settings.deployment)


def _guarded(prog: str, body: Callable[[redis.Redis], int], url: str) -> int:
    try:
        with operator_redis(prog, url) as client:
            return body(client)
    except (RegistryError, LabelFileError, redis.RedisError, OSError, ValueError) as exc:
        print(f"parley {prog}: {exc}", file=sys.stderr)
        return 1


def cmd_labels(args: argparse.Namespace) -> int:
    """Import a label file or export stored labels."""
    def body(client: redis.Redis) -> int:
        store = LabelStore(client)
        if args.action == "import":
            registry = _registry(client)
            count = import_labels(store, args.file, args.site, model_version=registry.current_version())
            print(f"imported {count} labeled examples for site {args.site}")
            return 0
        if args.out is None:
            count = export_labels(store, sys.stdout, args.site)
        else:
            with open(args.out, "w", encoding="utf-8") as out:
                count = export_labels(store, out, args.site)
        print(f"exported {count} labeled examples", file=sys.stderr)
        return 0
    return _guarded("labels", body, args.redis_url)


def cmd_models(args: argparse.Namespace) -> int:
    """List versions, promote one, or roll back."""
    def body(client: redis.Redis) -> int:
        registry = _registry(client)
        if args.action == "list":
            for entry in registry.versions():
                mark = "*" if entry.promoted else " "
                why = f"  ({'; '.join(entry.reasons)})" if entry.reasons else ""
                print(f"{mark} {entry.version:<48} {entry.status:<9} {entry.created_at}{why}")
            return 0
        if args.action == "promote":
            previous = registry.promote(args.version, force=args.force)
            print(f"promoted {args.version} (was {previous or registry.default_version()}); "
                  "workers switch within a second")
            return 0
        print(f"rolled back to {registry.rollback()}")
        return 0
    return _guarded("models", body, args.redis_url)


def cmd_retrain(args: argparse.Namespace) -> int:
    """Build the training set, train a candidate, evaluate both, gate, report."""
    from models.corpus import build_corpus
    from models.datasets import data_dir
    from models.eval_sets import banned_texts
    from service.learning.promotion_gate import AUC_TOLERANCE
    from service.learning.retrain import NotEnoughLabels, RetrainOptions, public_from_jsonl, retrain, subset

    from models.scorer import Scorer
    from service.scoring.site_thresholds import SiteThresholds

    start = time.monotonic()

    def say(message: str) -> None:
        if not args.quiet:
            print(f"[{time.monotonic() - start:7.1f}s] {message}", flush=True)

    root = args.data_dir or data_dir(REPO_ROOT)
    eval_root = None if str(args.eval_dir) == "none" else (args.eval_dir or root)
    if eval_root is not None and not eval_root.is_dir():
        print(f"parley retrain: evaluation folder not found: {eval_root}", file=sys.stderr)
        return 2

    def body(client: redis.Redis) -> int:
        registry = _registry(client)
        current = Scorer.load(registry.verify(registry.current_version()))
        say(f"current model {current.version}")
        banned = banned_texts(eval_root) if eval_root is not None else set()
        if args.public_set is not None:
            public = public_from_jsonl(args.public_set)
        else:
            if not root.is_dir():
                raise OSError(f"data folder not found: {root}")
            public = build_corpus(root, seed=args.seed, banned=banned if eval_root == root else banned_texts(root),
                                  progress=say)
            public = subset(public, args.public_limit, args.seed)
        say(f"public rows: {len(public.train)} train, {len(public.validation)} validation, "
            f"{len(public.heldout)} held out")
        store = LabelStore(client)
        sites = [args.site] if args.site else store.sites()
        entries = itertools.chain.from_iterable(store.iter(site) for site in sites)
        options = RetrainOptions(site=args.site, seed=args.seed, features=args.features,
                                 auc_tolerance=AUC_TOLERANCE if args.tolerance is None else args.tolerance,
                                 promote=not args.no_promote)
        try:
            overrides = {"env": Settings.from_env().thresholds, "applied": SiteThresholds(client).all()}
            result = retrain(entries, public, registry, current, options, eval_root=eval_root, banned=banned,
                             overrides=overrides, say=say)
        except NotEnoughLabels as exc:
            print(f"parley retrain: {exc}", file=sys.stderr)
            return 4
        print(f"candidate {result.version}: {'accepted' if result.verdict.accepted else 'rejected'}"
              f"{', promoted' if result.promoted else ''}; report: {result.report_path}")
        for reason in result.verdict.reasons:
            print(f"  - {reason}")
        return 0 if result.verdict.accepted else 3
    return _guarded("retrain", body, args.redis_url)


def cmd_thresholds(args: argparse.Namespace) -> int:
    """Advise, apply (after confirmation), show or clear per-site thresholds."""
    from service.scoring.policy import ThresholdTable
    from models.scorer import Scorer
    from service.scoring.site_thresholds import SiteThresholds
    from service.learning.threshold_advice import TARGET_PRECISION, TARGET_RECALL, advice_for_site, suggested_table

    def body(client: redis.Redis) -> int:
        store = SiteThresholds(client)
        if args.action == "show":
            print(json.dumps(store.all(), indent=2, sort_keys=True))
            return 0
        if args.action == "clear":
            print(f"cleared {args.site}" if store.clear(args.site) else f"{args.site} had no applied thresholds")
            return 0
        registry = _registry(client)
        scorer = Scorer.load(registry.verify(registry.current_version()))
        table = ThresholdTable(scorer.thresholds, Settings.from_env().thresholds)
        table.use_site_overrides(store.all())
        advice = advice_for_site(client, scorer, table, args.site,
                                 target_precision=args.precision or TARGET_PRECISION,
                                 target_recall=args.recall or TARGET_RECALL)
        print(json.dumps(advice, indent=2) if args.json else render_advice(advice))
        if args.action == "advise":
            return 0
        suggested = suggested_table(advice)
        if not suggested:
            print("nothing to apply: no label has enough labels for advice", file=sys.stderr)
            return 1
        if not args.yes and not _confirm(f"Apply these thresholds for {len(suggested)} labels to site "
                                         f"{args.site}? [y/N] "):
            print("not applied")
            return 1
        store.apply(args.site, suggested, model_version=advice["model_version"],
                    target_precision=advice["target_precision"], target_recall=advice["target_recall"],
                    rows=advice["rows"])
        print(f"applied to {args.site}; workers use them within a second")
        return 0
    return _guarded("thresholds", body, args.redis_url)


def _confirm(prompt: str) -> bool:
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip().lower() in ("y", "yes")
    return input(prompt).strip().lower() in ("y", "yes")


def _limit(value: float | None) -> str:
    """A threshold for the console; None (never rejects automatically) as "never"."""
    return "never" if value is None else f"{value:.3f}"


def render_advice(advice: dict) -> str:
    """The advice as a console table."""
    lines = [f"site {advice['site']}: {advice['rows']} labeled rows ({advice['slice']}), model "
             f"{advice['model_version']}; reject at precision >= {advice['target_precision']}, "
             f"review at recall >= {advice['target_recall']}",
             f"{'label':<16} {'pos':>5} {'neg':>5}  {'review now':>10} {'-> new':>7}  {'reject now':>10} "
             f"{'-> new':>7}  status"]
    for label, row in advice["labels"].items():
        now, new = row["current"], row["suggested"]
        lines.append(f"{label:<16} {row['positives']:>5} {row['negatives']:>5}  {now['review']:>10.3f} "
                     f"{new['review']:>7.3f}  {_limit(now['reject']):>10} {_limit(new['reject']):>7}  {row['status']}"
                     + (" (clamped)" if row.get("clamped") else ""))
    return "\n".join(lines)
