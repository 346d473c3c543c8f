"""The `parley` command: serve, train, evaluate, import a page, and the operators' tools."""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path
from typing import Callable, Sequence

from service.cli import learning as learning_cli, moderators as moderator_cli, word_lists as words_cli
from service.cli.client import ApiError, ParleyClient
from service.cli.page_import import split_comments


def _default_api_key() -> str:
    keys = [k.strip() for k in os.environ.get("PARLEY_API_KEYS", "").split(",") if k.strip()]
    return os.environ.get("PARLEY_API_KEY", keys[0] if keys else "")


def _add_client_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", default=os.environ.get("PARLEY_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"),
                        help="base URL of a running Parley (default: %(default)s)")
    parser.add_argument("--api-key", default=_default_api_key(),
                        help="client API key (default: $PARLEY_API_KEY or the first of $PARLEY_API_KEYS)")


def cmd_serve(args: argparse.Namespace) -> int:
    """Run Parley under gunicorn (with an embedded Redis when REDIS_URL is unset)."""
    from service.cli.serve import serve

    return serve(host=args.host, port=args.port, workers=args.workers, demo=args.demo)


def cmd_import(args: argparse.Namespace) -> int:
    """POST each reader comment of a saved page to a running Parley."""
    page = Path(args.file).read_text(encoding="utf-8")
    comments = split_comments(page)
    if not comments:
        print(f"{args.file}: no numbered reader comments found", file=sys.stderr)
        return 1
    prefix = args.id_prefix or "page-" + hashlib.sha256(page.encode()).hexdigest()[:8]
    client = ParleyClient(args.url, args.api_key)
    failures = 0
    for comment in comments:
        body = {"id": f"{prefix}-{comment.number}", "text": comment.text,
                "article_id": args.article_id or prefix, "site": args.site}
        try:
            result = client.submit(body)
        except (ApiError, OSError) as exc:
            failures += 1
            print(f"comment {comment.number}: failed: {exc}", file=sys.stderr)
            continue
        reasons = ", ".join(result["reasons"]) or "-"
        print(f"comment {comment.number}: {result['decision']:<8} reasons: {reasons}")
    return 1 if failures else 0


def _key_store():
    """The stored-key registry on the configured Redis (REDIS_URL or REDIS_SENTINELS)."""
    from service.access.api_keys import ApiKeyStore
    from service.config import Settings
    from service.redis_client import client_from_settings

    return ApiKeyStore(client_from_settings(Settings.from_env()))


def cmd_apikey(args: argparse.Namespace) -> int:
    """Create, list or revoke client API keys kept (hashed) in Redis."""
    import redis

    try:
        store = _key_store()
        if args.action == "create":
            key, record = store.create(args.name)
            print(f"created API key {record.id} ({record.name}); it is shown only this once:")
            print(key)
        elif args.action == "list":
            for record in store.list():
                print(f"{record.id}  {record.name}  created {record.created_at:.0f}")
        else:
            revoked = store.revoke(args.key_id)
            if not revoked:
                print(f"no stored API key with id or name {args.key_id!r}", file=sys.stderr)
                return 1
            print("revoked " + ", ".join(f"{r.id} ({r.name})" for r in revoked))
    except (RuntimeError, redis.RedisError) as exc:
        print(f"parley apikey: {exc}", file=sys.stderr)
        return 2
    return 0


def _model_command(module: str) -> tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]:
    """Training code lives in models/; import it only when asked (the service does not need it)."""
    import importlib

    mod = importlib.import_module(f"models.{module}")
    return mod.add_arguments, mod.run


def build_parser() -> argparse.ArgumentParser:
    """Every subcommand, each with --help."""
    parser = argparse.ArgumentParser(prog="parley", description="Self-hosted comment moderation.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the HTTP service under gunicorn")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    serve.add_argument("--demo", action="store_true",
                       help="load the demo comments and a demo moderator once the service is up")
    serve.set_defaults(func=cmd_serve)

    imp = sub.add_parser("import", help="POST the reader comments of a saved article page")
    imp.add_argument("file", help="a page: article text, then numbered reader comments")
    imp.add_argument("--site", default="", help="site the comments belong to")
    imp.add_argument("--article-id", default="", help="article id (default: from the page's hash)")
    imp.add_argument("--id-prefix", default="", help="comment ids become PREFIX-N (default: from the page's hash)")
    _add_client_arguments(imp)
    imp.set_defaults(func=cmd_import)

    apikey = sub.add_parser("apikey", help="manage client API keys stored (hashed) in Redis",
                            description="Keys live in the Redis at $REDIS_URL; PARLEY_API_KEYS keys work alongside.")
    keys = apikey.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = keys.add_parser("create", help="make a key and print it once")
    create.add_argument("--name", default="", help="who the key is for (default: its id)")
    keys.add_parser("list", help="ids, names and creation times (never the keys)")
    revoke = keys.add_parser("revoke", help="delete a key by id or name")
    revoke.add_argument("key_id", metavar="ID_OR_NAME")
    apikey.set_defaults(func=cmd_apikey)

    moderator_cli.add_parser(sub)
    words_cli.add_parser(sub)
    learning_cli.add_parsers(sub)

    for name, help_text in (("train", "train the classifier from ../shared/data"),
                            ("evaluate", "evaluate the shipped model on the held-out sets")):
        cmd = sub.add_parser(name, help=help_text)
        cmd.set_defaults(func=None, model_command=name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `parley` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if argv and argv[0] in ("train", "evaluate"):
        add_arguments, run = _model_command(argv[0])
        model_parser = argparse.ArgumentParser(prog=f"parley {argv[0]}")
        add_arguments(model_parser)
        return run(model_parser.parse_args(argv[1:]))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
