"""`parley moderator add|list|remove`: manage moderator accounts in Parley's Redis.

The Redis is REDIS_URL (or --redis-url); without one, the embedded Redis of `parley serve`
under var/redis: the running one if it is up, else started just for this command.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

import redis

from service.review.moderators import ModeratorError, Moderators
from service.redis_server import operator_redis


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
        with operator_redis("moderator", args.redis_url) as client:
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


