"""Moderators manage each site's banned and suspect words: list, add, remove (audited)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, jsonify

from service.errors import ValidationFailed
from service.redis_client import get_redis
from service.review.moderator_auth import require_moderator
from service.scoring.word_list_store import MAX_ENTRIES, WordListStore, check_site
from service.scoring.word_lists import KINDS, WordListError
from service.validation import json_object

bp = Blueprint("word_lists", __name__, url_prefix="/v1")


def store() -> WordListStore:
    """The word lists on the app's Redis."""
    return WordListStore(get_redis())


def site_arg(site: str) -> str:
    """The site in the path, or 422."""
    try:
        return check_site(site)
    except WordListError as exc:
        raise ValidationFailed(details={"site": str(exc)}) from exc


def change_body() -> tuple[str, list[str]]:
    """`{"list": "banned" | "suspect", "entries": [...]}` from the request, or 422."""
    body = json_object()
    kind, entries = body.get("list"), body.get("entries")
    if kind not in KINDS:
        raise ValidationFailed(details={"list": "banned or suspect"})
    if not isinstance(entries, list) or not 1 <= len(entries) <= MAX_ENTRIES \
            or not all(isinstance(e, str) for e in entries):
        raise ValidationFailed(details={"entries": f"a list of 1-{MAX_ENTRIES} strings"})
    return kind, entries


def lists_body(site: str) -> dict[str, Any]:
    """A site's two lists as the API shows them: entries as typed, sorted."""
    lists = store().lists(site)
    return {"site": site, **{kind: sorted(lists[kind].values(), key=str.lower) for kind in KINDS}}


@bp.get("/word-lists")
@require_moderator
def sites_with_lists():
    """Every site that has entries, with the size of its two lists."""
    return jsonify({"sites": store().sites()})


@bp.get("/sites/<path:site>/words")
@require_moderator
def get_words(site: str):
    """The site's banned and suspect entries."""
    return jsonify(lists_body(site_arg(site)))


def _change(site: str, action: str):
    """Apply the request's entries to one list of `site` with the store's add or remove."""
    kind, entries = change_body()
    try:
        change = getattr(store(), action)(site_arg(site), kind, entries, actor=g.moderator,
                                          moderator=g.moderator, via="api")
    except WordListError as exc:
        raise ValidationFailed(details={"entries": str(exc)}) from exc
    return jsonify(change.public("added" if action == "add" else "removed"))


@bp.post("/sites/<path:site>/words")
@require_moderator
def add_words(site: str):
    """Add entries to one list of the site (taking them off the other); in force within ~1 s."""
    return _change(site, "add")


@bp.delete("/sites/<path:site>/words")
@require_moderator
def remove_words(site: str):
    """Take entries (any spelling that normalizes the same) off one list of the site."""
    return _change(site, "remove")
