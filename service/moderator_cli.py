"""`parley moderator add|list|remove`: manage moderator accounts in Parley's Redis.

The Redis is REDIS_URL (or --redis-url); without one, the embedded Redis of `parley serve`
under var/redis: the running one if it is up, else started just for this command.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import redis

from .config import REPO_ROOT
from .moderators import ModeratorError, Moderators
from .redis_server import RedisServer


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Attach `moderator` and its subcommands to the `parley` parser."""
    mod = sub.add_parser("moderator", help="add, list or remove moderator accounts")
    mod.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""),
                     help="Redis to use (default: $REDIS_URL, else the embedded one in var/redis)")
    actions = mod.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create an account; the password is prompted for, "
                                         "or read from the first line of stdin when piped")
    add.add_argument("name")
    add.add_argument("--replace", action="store_true", help="reset an existing account's password")
    actions.add_parser("list", help="list account names")
    remove = actions.add_parser("remove", help="delete an account (its audit entries stay)")
    remove.add_argument("name")
    mod.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Do the asked action; 0 on success, 1 with a message on stderr otherwise."""
    try:
        with _redis(args.redis_url) as client:
            moderators = Moderators(client)
            if args.action == "list":
                print("\n".join(moderators.names()) or "(no moderators)")
            elif args.action == "remove":
                if not moderators.remove(args.name):
                    raise ModeratorError(f"no moderator {args.name!r}")
                print(f"removed moderator {args.name}")
            else:
                created = moderators.add(args.name, _read_password(), replace=args.replace)
                print(f"{'added' if created else 'updated'} moderator {args.name}")
    except (ModeratorError, redis.RedisError, RuntimeError, EOFError) as exc:
        print(f"parley moderator: {exc}", file=sys.stderr)
        return 1
    return 0


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != password:
        raise ModeratorError("the passwords differ")
    return password


@contextmanager
def _redis(url: str) -> Iterator[redis.Redis]:
    data_dir = Path(os.environ.get("PARLEY_VAR_DIR") or REPO_ROOT / "var") / "redis"
    url = url or _running_embedded(data_dir)
    server = None if url else RedisServer(data_dir).start()
    url = url or server.url  # type: ignore[union-attr]
    print(f"parley moderator: Redis at {url}" + (" (started for this command)" if server else ""),
          file=sys.stderr)
    client = redis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=2.0)
    try:
        yield client
    finally:
        client.close()
        if server is not None:
            server.stop()


def _running_embedded(data_dir: Path) -> str:
    """The URL of the embedded Redis serving `data_dir` right now, or ''."""
    url_file = data_dir / "url"
    if not url_file.is_file():
        return ""
    url = url_file.read_text(encoding="utf-8").strip()
    try:
        client = redis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=0.5)
        served = client.config_get("dir").get("dir", "")
        client.close()
    except redis.RedisError:
        return ""
    return url if Path(served).resolve() == data_dir.resolve() else ""
