"""A fortnight of one site's traffic, replayed through the real intake and queue on a moved clock.

For the dashboard's screenshot: comments arrive by a daily rhythm and a slowly worsening mix,
moderators work 07:00-22:00 UTC, so the queue grows overnight and clears by mid-morning. Scores
are chosen per comment (the decisions come from the thresholds), so no model is involved.
"""

from __future__ import annotations

import math
import random
import types
from typing import Any

import redis

from service.comments import intake as intake_module
from service.comments.intake import Intake
from service.review.queue import ReviewQueue
from service.scoring.analyzer import Analyzer
from service.scoring.policy import ThresholdTable
from service.scoring.score_cache import ScoreCache
from tests.browser.conftest import LABELS

MODERATORS = ("alice", "bob", "carol")
HELD_LABELS = ("insult", "toxicity", "obscene", "identity_attack", "threat", "incitement")
HELD_WEIGHTS = (40, 30, 15, 8, 4, 3)
GRAVE_LABELS = ("threat", "incitement", "identity_attack")


class ChosenScores:
    """Scores looked up by text: the replay decides what each comment scores."""

    version = "replayed-traffic"
    labels = LABELS
    thresholds = {label: {"review": 0.5, "reject": 0.9} for label in LABELS}

    def __init__(self) -> None:
        self.by_text: dict[str, dict[str, float]] = {}

    def score(self, texts: list[str]) -> list[dict[str, float]]:
        return [self.by_text[text] for text in texts]


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def replay(client: redis.Redis, site: str, now: float, days: int = 14, seed: int = 18) -> dict[str, Any]:
    """Post and decide a fortnight of comments ending at `now`; what was posted and decided."""
    rng, clock, scorer = random.Random(seed), Clock(now), ChosenScores()
    queue = ReviewQueue(client, clock=clock)
    intake = Intake(client, Analyzer(scorer, ScoreCache(client, scorer.version, 0)),
                    ThresholdTable(scorer.thresholds), queue=queue)
    events: list[tuple[float, int, str, str]] = []   # (when, order, kind, comment id)
    start = now // 86_400 * 86_400 - (days - 1) * 86_400   # exactly the dashboard's 14 days
    for hour in range(int(now - start) // 3600 + 1):
        at = start + hour * 3600
        local = (at // 3600) % 24
        rhythm = 0.35 + 0.65 * math.sin(math.pi * max(0, local - 5) / 19) ** 2 if local >= 5 else 0.25
        worse = 1 + 0.6 * hour / (days * 24)
        for n in range(rng.randint(0, 2) + round(9 * rhythm * worse)):
            events.append((at + rng.uniform(0, 3600), 0, "post", f"{site}-{hour}-{n}"))
    events = sorted(e for e in events if e[0] < now)
    posted = {"publish": 0, "review": 0, "reject": 0}
    decided: dict[str, int] = {}
    pending: list[tuple[float, str]] = []
    busy_until, shift_end = 0.0, now - 2700   # the last 45 minutes' comments still wait
    original = intake_module.time
    intake_module.time = types.SimpleNamespace(time=clock)
    try:
        for at, _, _, comment_id in events:
            busy_until = _work(queue, clock, pending, min(at, shift_end), busy_until, rng, decided)
            clock.now = at
            decision = _post(intake, scorer, comment_id, site, rng, at / 3600 - start / 3600, days)
            posted[decision] += 1
            if decision == "review":
                pending.append((at, comment_id))
        _work(queue, clock, pending, shift_end, busy_until, rng, decided)
    finally:
        intake_module.time = original
    return {"posted": posted, "decided": decided, "waiting": len(pending)}


def _post(intake: Intake, scorer: ChosenScores, comment_id: str, site: str, rng: random.Random,
          hour: float, days: int) -> str:
    held_share = 0.12 + 0.12 * hour / (days * 24)
    roll = rng.random()
    scores = {label: round(rng.uniform(0.01, 0.2), 3) for label in LABELS}
    if roll < 0.04:   # grave enough to reject (rudeness alone never rejects)
        scores[rng.choice(GRAVE_LABELS)] = round(rng.uniform(0.93, 0.99), 3)
    elif roll < held_share + 0.04:
        scores[rng.choices(HELD_LABELS, HELD_WEIGHTS)[0]] = round(rng.uniform(0.55, 0.88), 3)
    rude = scores["insult"] >= 0.5 or scores["toxicity"] >= 0.5
    text = (f"you are a pathetic idiot, {comment_id}" if rude
            else f"a fair point about the council budget, {comment_id}")
    scorer.by_text[text] = scores
    return intake.submit(comment_id, text, site=site, article_id="a-" + comment_id[-1],
                         author_id="reader-" + comment_id.rsplit("-", 1)[-1]).comment.decision


def _work(queue: ReviewQueue, clock: Clock, pending: list[tuple[float, str]], until: float,
          busy_until: float, rng: random.Random, decided: dict[str, int]) -> float:
    """Moderators decide the oldest waiting comments, one every few minutes, in working hours."""
    moment = max(busy_until, pending[0][0] + 30) if pending else until
    while pending and moment <= until:
        hour = (moment // 3600) % 24
        if not 7 <= hour < 22:
            moment = (moment // 86_400) * 86_400 + (7 * 3600 if hour < 7 else 31 * 3600)
            continue
        submitted, comment_id = pending.pop(0)
        moment = max(moment, submitted + rng.uniform(30, 400))
        if moment > until:
            pending.insert(0, (submitted, comment_id))
            break
        clock.now = moment
        moderator = rng.choices(MODERATORS, (5, 3, 2))[0]
        queue.claim(comment_id, moderator)
        item = queue.item(comment_id)
        rude = item is not None and item.comment.text.startswith("you are")
        queue.decide(comment_id, moderator, "reject" if rude else "approve", "abusive" if rude else "")
        decided[moderator] = decided.get(moderator, 0) + 1
        moment += rng.uniform(60, 420)
    return moment
