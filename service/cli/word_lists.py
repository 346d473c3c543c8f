"""`parley words add|remove|list`: a site's banned and suspect words, from the command line.

The Redis is REDIS_URL (or --redis-url); without one, the embedded Redis of `parley serve`
under var/redis. Changes are audited (actor `operator`, via `cli`) and in force on every
worker within about a second.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import redis

from service.redis_server import operator_redis
from service.scoring.word_list_store import WordListStore
from service.scoring.word_lists import BANNED, KINDS, SUSPECT, WordListError


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Attach `words` and its actions to the `parley` parser."""
    words = sub.add_parser("words", help="a site's banned words (reject) and suspect words (hold for review)")
    words.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""),
                       help="Redis to use (default: $REDIS_URL, else the embedded one in var/redis)")
    actions = words.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, text in (("add", "put words or phrases on a list (taking them off the other)"),
                       ("remove", "take words or phrases off a list"),
                       ("list", "print a site's lists (or, without --site, the sites that have any)")):
        cmd = actions.add_parser(name, help=text)
        cmd.add_argument("--site", required=name != "list", default="")
        which = cmd.add_mutually_exclusive_group(required=name != "list")
        which.add_argument("--banned", dest="kind", action="store_const", const=BANNED, help="the banned list")
        which.add_argument("--suspect", dest="kind", action="store_const", const=SUSPECT, help="the suspect list")
        if name != "list":
            cmd.add_argument("words", nargs="*", metavar="WORD", help="an entry (quote a phrase)")
            cmd.add_argument("--file", type=Path, default=None, help="also one entry per line of FILE")
    words.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Do the asked action; 0 on success, 1 with a message on stderr otherwise."""
    try:
        with operator_redis("words", args.redis_url) as client:
            store = WordListStore(client)
            if args.action == "list":
                _print_lists(store, args.site, args.kind)
                return 0
            entries = list(args.words) + _file_entries(args.file)
            change = getattr(store, args.action)(args.site, args.kind, entries, actor="operator", via="cli")
    except (WordListError, redis.RedisError, RuntimeError, OSError) as exc:
        print(f"parley words: {exc}", file=sys.stderr)
        return 1
    done, verb = change.changed, "added to" if args.action == "add" else "removed from"
    print(f"{len(done)} {verb} the {args.kind} list of {args.site}" + (": " + ", ".join(done) if done else ""))
    if change.moved:
        print(f"moved off the other list: {', '.join(change.moved)}")
    if change.unchanged:
        state = "already listed" if args.action == "add" else "not listed"
        print(f"{state}: {', '.join(change.unchanged)}")
    return 0


def _file_entries(path: Path | None) -> list[str]:
    if path is None:
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _print_lists(store: WordListStore, site: str, kind: str | None) -> None:
    if not site:
        sites = store.sites()
        for name, sizes in sites.items():
            print(f"{name}  banned {sizes[BANNED]}  suspect {sizes[SUSPECT]}")
        if not sites:
            print("(no site has word lists)")
        return
    lists = store.lists(site)
    for name in (kind,) if kind else KINDS:
        entries = sorted(lists[name].values(), key=str.lower)
        print(f"{name} ({len(entries)}):" + "".join(f"\n  {entry}" for entry in entries))
