"""Owns the comment records: one Redis hash per comment, keyed by the site's comment id."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any

import redis

PREFIX = "parley:comment"


@dataclass
class Comment:
    """A reader comment as Parley keeps it: text, where it came from, and what was decided."""

    id: str
    text: str
    site: str = ""
    article_id: str = ""
    author_id: str = ""
    version: int = 1
    status: str = "pending"          # published | pending | rejected | approved
    decision: str = "review"         # the automatic decision: publish | review | reject
    decided_by: str = "parley"       # "parley" for automatic decisions, else the moderator
    reasons: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    model_version: str = ""
    created_at: float = 0.0
    updated_at: float = 0.0
    matched_words: list[dict[str, str]] = field(default_factory=list)  # word-list entries found
    language: str = ""               # detected: ISO 639-1, "und" when too short to tell
    quotes: list[str] = field(default_factory=list)  # passages it quoted: shown, never scored
    original_html: str = ""          # the body as sent, when it came as HTML (text is read from it)

    def to_hash(self) -> dict[str, str]:
        """Flatten for HSET: lists and maps as JSON."""
        flat = {name: str(getattr(self, name)) for name in _FIELDS}
        flat["reasons"] = json.dumps(self.reasons)
        flat["scores"] = json.dumps(self.scores)
        flat["matched_words"] = json.dumps(self.matched_words)
        flat["quotes"] = json.dumps(self.quotes)
        return flat

    @classmethod
    def from_hash(cls, raw: dict[str, str]) -> "Comment":
        """Rebuild from HGETALL."""
        return cls(
            id=raw["id"], text=raw["text"], site=raw.get("site", ""),
            article_id=raw.get("article_id", ""), author_id=raw.get("author_id", ""),
            version=int(raw.get("version", 1)), status=raw.get("status", "pending"),
            decision=raw.get("decision", "review"), decided_by=raw.get("decided_by", "parley"),
            reasons=json.loads(raw.get("reasons", "[]")), scores=json.loads(raw.get("scores", "{}")),
            model_version=raw.get("model_version", ""),
            created_at=float(raw.get("created_at", 0)), updated_at=float(raw.get("updated_at", 0)),
            matched_words=json.loads(raw.get("matched_words", "[]")),
            language=raw.get("language", ""), quotes=json.loads(raw.get("quotes", "[]")),
            original_html=raw.get("original_html", ""),
        )

    def public(self) -> dict[str, Any]:
        """The JSON shape the API returns (shallow copies: `dataclasses.asdict` deep-copies,
        which cost more than the rest of building a response)."""
        body = {name: getattr(self, name) for name in _FIELDS}
        body["reasons"], body["scores"] = list(self.reasons), dict(self.scores)
        body["matched_words"] = [dict(match) for match in self.matched_words]
        body["quotes"] = list(self.quotes)
        return body


_FIELDS = tuple(f.name for f in fields(Comment))


class CommentStore:
    """Read comments; write them inside the caller's transaction."""

    def __init__(self, client: redis.Redis):
        self.client = client

    @staticmethod
    def key(comment_id: str) -> str:
        return f"{PREFIX}:{comment_id}"

    def get(self, comment_id: str, client: redis.Redis | None = None) -> Comment | None:
        """The stored comment, or None (pass a WATCHing pipeline as `client` to read in it)."""
        raw = (client or self.client).hgetall(self.key(comment_id))
        return Comment.from_hash(raw) if raw else None

    def put(self, pipe: redis.client.Pipeline, comment: Comment) -> None:
        """Queue the whole record on `pipe`."""
        pipe.hset(self.key(comment.id), mapping=comment.to_hash())
