"""The moderators' pages: log in and out, the queue, the history of decisions, the dashboard."""

from __future__ import annotations

import math
from datetime import datetime, timezone

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from service.api.reviews import get_queue
from service.access.auth import moderator_route
from service.errors import CsrfFailed, LoginThrottled
from service.learning.label_store import LabelStore
from service.review.moderator_auth import check_csrf, csrf_token, get_moderators, log_in, log_out
from service.review.decisions import LABELS
from service.review.metrics import day_metrics, utc_day
from service.review.stats_series import RANGES, read_series, sites as stats_sites
from service.learning.threshold_advice import advice_for_site
from service.web.cards import REASONS
from service.web.dashboard_charts import charts
from service.web.security import login_required, safe_next, session_moderator

bp = Blueprint("web", __name__, url_prefix="/moderate", template_folder="templates",
               static_folder="static", static_url_path="/static")
DECISION_EVENTS = ("approved", "rejected", "undone")
HISTORY_PAGE = 50
# Everyone's decisions are found by walking the global audit stream (every event of every
# comment); a window bounds that walk. One moderator's own stream is short and has none.
HISTORY_WINDOW_SECONDS = 7 * 86_400


@bp.app_context_processor
def _template_globals() -> dict[str, object]:
    return {"csrf_token": csrf_token}


@bp.route("/login", methods=["GET", "POST"])
@moderator_route  # the form that checks the password itself
def login():
    """The login form; a good name and password start a session and go to the queue."""
    target = safe_next(request.values.get("next"), url_for("web.queue"))
    if request.method == "GET":
        if session_moderator():
            return redirect(target)
        return render_template("web/login.html", next=target, error="")
    try:
        check_csrf()
    except CsrfFailed:
        return render_template("web/login.html", next=target,
                               error="The form had expired. Please log in again."), 403
    name, password = request.form.get("name", "").strip(), request.form.get("password", "")
    try:
        logged_in = log_in(name, password)
    except LoginThrottled as exc:
        wait = exc.details["retry_after_seconds"]
        return render_template("web/login.html", next=target, name=name,
                               error=f"Too many failed logins. Try again in {math.ceil(wait / 60)} "
                                     f"minute{'s' if wait > 60 else ''}."), 429, exc.headers
    if not logged_in:
        return render_template("web/login.html", next=target, name=name,
                               error="Wrong name or password."), 401
    return redirect(target)


@bp.post("/logout")
@login_required
def logout():
    """End the session (the form carries the CSRF token)."""
    log_out()
    return redirect(url_for("web.login"))


@bp.get("/")
@login_required
def queue():
    """The queue page; its script fetches and polls the rows."""
    return render_template("web/queue.html", labels=LABELS, reasons=REASONS,
                           filters={k: request.args.get(k, "") for k in ("site", "article_id", "label")})


@bp.get("/history")
@login_required
def history():
    """Recent decisions, newest first, optionally one moderator's."""
    queue = get_queue()
    moderator = request.args.get("moderator", "").strip()
    since = None if moderator else queue.clock() - HISTORY_WINDOW_SECONDS
    page = queue.audit.page(moderator=moderator, events=DECISION_EVENTS, newest_first=True,
                            since=since, cursor=request.args.get("cursor") or None,
                            limit=HISTORY_PAGE)
    texts = {c.id: c.text for c in (queue.comments.get(e["comment_id"]) for e in page.entries) if c}
    return render_template("web/history.html", entries=page.entries, texts=texts,
                           moderator=moderator, next_cursor=page.next_cursor,
                           moderators=get_moderators().names(), windowed=since is not None)


@bp.get("/comments/<path:comment_id>")
@login_required
def comment_trail(comment_id: str):
    """One comment with its whole audit trail."""
    queue = get_queue()
    comment = queue.comments.get(comment_id)
    if comment is None:
        abort(404)
    return render_template("web/comment.html", comment=comment,
                           trail=list(reversed(queue.audit.history(comment_id))))


@bp.get("/dashboard")
@login_required
def dashboard():
    """Queue depth, oldest item's age, today's decisions, automatic decisions by label, the
    last 24 hours or 14 days (?range=) as charts, and, for a site chosen with ?site=, its
    charts and the thresholds its moderators' labels suggest."""
    queue = get_queue()
    sites = LabelStore(queue.client).sites()
    site = request.args.get("site")
    advice = None
    if site is not None and site in sites:
        advice = advice_for_site(queue.client, current_app.extensions["scorer"],
                                 current_app.extensions["thresholds"], site)
    range_name = request.args.get("range", "24h")
    range_name = range_name if range_name in RANGES else "24h"
    stats = read_series(queue.client, range_name, queue.clock(), site=site or None)
    return render_template("web/dashboard.html", queue=queue.metrics(),
                           today=day_metrics(queue.client, utc_day(queue.clock())),
                           labels=LABELS, sites=sites, site=site, advice=advice,
                           stats=stats, charts=charts(stats, LABELS), range_name=range_name,
                           stats_sites=stats_sites(queue.client))


@bp.app_template_filter("age")
def age(seconds: float) -> str:
    """A duration as people say it: 45s, 4m 12s, 3h 05m, 2d 4h."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m {seconds % 60:02d}s"
    if seconds < 86_400:
        return f"{seconds // 3600}h {seconds % 3600 // 60:02d}m"
    return f"{seconds // 86_400}d {seconds % 86_400 // 3600}h"


@bp.app_template_filter("utc")
def utc(moment: float) -> str:
    """An epoch time as a UTC timestamp."""
    return datetime.fromtimestamp(moment, timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
