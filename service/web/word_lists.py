"""The dashboard's word-list panel: a site's banned and suspect words, added and removed by form.

The panel is its own template (web/word_lists.html, included by the dashboard) fed by the
`word_lists_panel()` template function, so the dashboard's view needs no part in it. Its
forms post here with the session's CSRF token; every change is audited as the moderator's.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, request, url_for

from service.redis_client import get_redis
from service.scoring.word_list_store import WordListStore
from service.scoring.word_lists import KINDS, WordListError
from service.web.security import login_required

bp = Blueprint("web_words", __name__, url_prefix="/moderate/words")
PANEL_ENTRIES = 500     # shown per list; `parley words list` or the API give them all
FLASH = "word_lists"


@bp.app_context_processor
def _panel_function() -> dict[str, Any]:
    return {"word_lists_panel": word_lists_panel}


@bp.app_template_filter("threshold")
def threshold(value: float | None) -> str:
    """A threshold for a page: three decimals, or "never" for a label that never auto-rejects."""
    return "never" if value is None else f"{value:.3f}"


def word_lists_panel() -> dict[str, Any]:
    """What the panel shows: the sites with lists, and the lists of the site in ?words_site=."""
    store = WordListStore(get_redis())
    site = request.args.get("words_site", "").strip()
    panel: dict[str, Any] = {"sites": store.sites(), "site": site, "limit": PANEL_ENTRIES}
    if site:
        lists = store.lists(site)
        panel["lists"] = {kind: sorted(lists[kind].values(), key=str.lower) for kind in KINDS}
    return panel


def _back(site: str):
    target = url_for("web.dashboard", words_site=site) if site else url_for("web.dashboard")
    return redirect(target + "#word-lists")


@bp.post("/add")
@login_required
def add():
    """Add the textarea's entries (one per line) to the chosen list."""
    site, kind = request.form.get("site", "").strip(), request.form.get("list", "")
    entries = [line.strip() for line in request.form.get("entries", "").splitlines() if line.strip()]
    return _change(site, kind, entries, adding=True)


@bp.post("/remove")
@login_required
def remove():
    """Take one entry off a list (the button beside it)."""
    site, kind = request.form.get("site", "").strip(), request.form.get("list", "")
    return _change(site, kind, [request.form.get("entry", "")], adding=False)


def _change(site: str, kind: str, entries: list[str], *, adding: bool):
    store = WordListStore(get_redis())
    try:
        action = store.add if adding else store.remove
        change = action(site, kind, entries, actor=g.moderator, moderator=g.moderator, via="web")
    except WordListError as exc:
        flash(f"Nothing changed: {exc}.", f"{FLASH}-error")
        return _back(site)
    done = ", ".join(change.changed) or "nothing"
    flash(f"{'Added to' if adding else 'Removed from'} the {kind} list of {site}: {done}."
          + (f" Moved off the other list: {', '.join(change.moved)}." if change.moved else "")
          + (f" Already listed: {', '.join(change.unchanged)}." if adding and change.unchanged else ""),
          FLASH)
    return _back(site)
