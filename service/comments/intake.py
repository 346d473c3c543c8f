"""Take in a site's comment: score it, decide, and store comment, audit and queue atomically.

Re-posting the same id with the same text changes nothing (idempotent retries). The same id
with a different text is an edit: the version goes up, the comment is scored and decided
again, and any review claim on the old version no longer counts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Sequence

import redis

from service.scoring.analyzer import Analyzer
from service.scoring.language import LanguagePolicy
from service.review.audit_log import AuditLog
from service.comments.store import Comment, CommentStore
from service.scoring.live_word_lists import LiveWordLists
from service.scoring.policy import Decision, ThresholdTable, Verdict, decide
from service.review.metrics import record_auto_decision
from service.review.queue import ReviewQueue

_STATUS = {Decision.PUBLISH: "published", Decision.REVIEW: "pending", Decision.REJECT: "rejected"}
_MAX_RETRIES = 20


@dataclass(frozen=True)
class IntakeResult:
    """What happened to a submission: the stored comment and how it got there."""

    comment: Comment
    created: bool
    edited: bool
    cached: bool


class Intake:
    """The write path of POST /v1/comments."""

    def __init__(self, client: redis.Redis, analyzer: Analyzer, thresholds: ThresholdTable,
                 queue: ReviewQueue | None = None, word_lists: LiveWordLists | None = None,
                 languages: LanguagePolicy | None = None):
        self.client = client
        self.languages = languages or LanguagePolicy()
        self.analyzer = analyzer
        self.thresholds = thresholds
        self.word_lists = word_lists
        self.comments = CommentStore(client)
        self.queue = queue or ReviewQueue(client)
        self.audit = AuditLog(client)

    def verdict(self, text: str, scores: dict[str, float], site: str = "") -> Verdict:
        """The policy's decision for a text: the site's thresholds, then its word lists."""
        words = self.word_lists.matches(site, text) if self.word_lists is not None else ()
        return decide(scores, self.thresholds.for_site(site), words)

    def submit(self, comment_id: str, text: str, *, site: str = "", article_id: str = "",
               author_id: str = "", quotes: Sequence[str] = (), original_html: str = "") -> IntakeResult:
        """Store one comment with its decision; raises redis errors when Redis is down.

        `text` is the author's own words, what is scored; a comment that came as HTML also
        keeps the passages it quoted (shown, not scored) and its body as sent.

        The comment is read under WATCH and scored in the same window: a retry of a stored
        comment costs one read, a new one the read, the score and one transaction.
        """
        key = self.comments.key(comment_id)
        analysis = None
        for _ in range(_MAX_RETRIES):
            with self.client.pipeline() as pipe:
                try:
                    pipe.watch(key)
                    existing = self.comments.get(comment_id, client=pipe)
                    if existing is not None and (existing.text, existing.quotes) == (text, list(quotes)):
                        return IntakeResult(existing, created=False, edited=False, cached=True)
                    if analysis is None:
                        analysis = self.analyzer.analyze([text], store=False)[0]
                    verdict = self.verdict(text, analysis.scores, site)
                    verdict, detected = self.languages.judge(verdict, text, site)
                    now = time.time()
                    comment = Comment(
                        id=comment_id, text=text, site=site, article_id=article_id,
                        author_id=author_id, version=existing.version + 1 if existing else 1,
                        status=_STATUS[verdict.decision], decision=verdict.decision.value,
                        reasons=list(verdict.reasons), scores=analysis.scores,
                        model_version=analysis.model_version or self.analyzer.model_version,
                        created_at=existing.created_at if existing else now, updated_at=now,
                        matched_words=[match.public() for match in verdict.matched_words],
                        language=detected.language, quotes=list(quotes), original_html=original_html,
                    )
                    pipe.multi()
                    self._write(pipe, comment, edited=existing is not None)
                    self.analyzer.remember(pipe, [analysis])
                    pipe.execute()
                    return IntakeResult(comment, created=existing is None,
                                        edited=existing is not None, cached=analysis.cached)
                except redis.WatchError:
                    continue
        raise redis.WatchError(f"comment {comment_id!r} kept changing; gave up")

    def _write(self, pipe: redis.client.Pipeline, comment: Comment, *, edited: bool) -> None:
        self.comments.put(pipe, comment)
        self.audit.record(pipe, "edited" if edited else "submitted", comment.id,
                          version=comment.version, site=comment.site,
                          article_id=comment.article_id, author_id=comment.author_id)
        self.audit.record(pipe, "auto_decision", comment.id, version=comment.version,
                          decision=comment.decision, reasons=comment.reasons,
                          scores=comment.scores, model_version=comment.model_version,
                          **_words_field(comment))
        record_auto_decision(pipe, comment.decision, comment.reasons, at=comment.updated_at)
        if comment.decision == Decision.REVIEW.value:
            self.queue.enqueue(pipe, comment)  # its place: from its reasons (severity tiers)
        elif edited:  # a new comment is on no queue index: removing it would cost a script call
            self.queue.remove(pipe, comment.id)
        self.queue.stats.auto_decision(pipe, comment)  # after the queue writes: it samples them


def _words_field(comment: Comment) -> dict[str, list[str]]:
    """The word-list entries behind a decision, for its audit event ("banned: glorbnik")."""
    if not comment.matched_words:
        return {}
    return {"words": [f"{m['list']}: {m['entry']}" for m in comment.matched_words]}
