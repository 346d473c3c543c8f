"""Helpers for review-queue tests: a settable clock and comments put straight into the queue."""

from __future__ import annotations

import time

from service.comments.store import Comment, CommentStore
from service.review.queue import ReviewQueue

LABELS = ("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat",
          "incitement")


class Clock:
    """A clock the test moves by hand (starting at the real time, so stream ids agree)."""

    def __init__(self) -> None:
        self.now = round(time.time(), 3)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def add_pending(queue: ReviewQueue, comment_id: str, *, risk: float, at: float,
                site: str = "s1", article_id: str = "a1", author_id: str = "u1",
                label: str = "toxicity", text: str = "", version: int = 1) -> Comment:
    """Store a comment held for review, as the intake would, with a chosen risk and time."""
    scores = {name: 0.01 for name in LABELS} | {label: risk}
    comment = Comment(id=comment_id, text=text or f"text of {comment_id}", site=site,
                      article_id=article_id, author_id=author_id, version=version,
                      status="pending", decision="review", reasons=[label], scores=scores,
                      model_version="test-model", created_at=at, updated_at=at)
    with queue.client.pipeline() as pipe:
        CommentStore(queue.client).put(pipe, comment)
        queue.audit.record(pipe, "edited" if version > 1 else "submitted", comment_id,
                           version=version)
        queue.enqueue(pipe, comment, risk)
        pipe.execute()
    return comment
