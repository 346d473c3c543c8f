"""Coral Talk's external moderation phase on the wire: its signature, its request, its answers.

Talk signs the exact body it sends with every active signing secret of the phase and puts
the results in `X-Coral-Signature: sha256=<hex>[,sha256=<hex>...]`; during a rotation an old
and a new secret are both live on either side, so any signature matching any secret passes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any, Sequence

from service.wire.vendor_labels import CORAL_FLAG_REASON, coral_rejection_code

SIGNATURE_HEADER = "X-Coral-Signature"
MAX_SIGNATURES = 16          # Talk sends one per live secret; more is not a real request
_PREFIX = "sha256="


def sign(body: bytes, secret: str) -> str:
    """The header value Talk would send for `body` signed with one secret."""
    return _PREFIX + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_signature(body: bytes, header: str | None, secrets: Sequence[str]) -> bool:
    """True when any `sha256=` signature in the header is the HMAC of `body` under any secret.

    Every pair is compared with hmac.compare_digest and the loop never stops early, so the
    time taken does not tell which secret or which signature matched.
    """
    if not header or not secrets:
        return False
    given = [part.strip() for part in header.split(",") if part.strip()]
    if len(given) > MAX_SIGNATURES:
        return False
    wanted = [sign(body, secret).encode("ascii") for secret in secrets]
    matched = False
    for signature in given:
        candidate = signature.lower().encode("utf-8", "replace")
        for expected in wanted:
            matched |= hmac.compare_digest(candidate, expected)
    return matched


@dataclass(frozen=True)
class PhaseRequest:
    """What Parley needs from Talk's phase request."""

    comment_id: str
    text: str
    site: str
    article_id: str
    author_id: str
    action: str


def parse_phase_request(body: bytes) -> PhaseRequest:
    """Read Talk's JSON body; raises ValueError with a field-level message when it is not one."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ValueError("body: not valid UTF-8 JSON") from exc
    if not isinstance(data, dict):
        raise ValueError("body: must be a JSON object")
    comment = _object(data, "comment")
    text = comment.get("body")
    if not isinstance(text, str):
        raise ValueError("comment.body: required, a string")
    tenant = data.get("tenant") if isinstance(data.get("tenant"), dict) else {}
    tenant_id = _id(data.get("tenantID")) or _id(tenant.get("id"))
    site = _id(_object(data, "site").get("id")) or tenant_id
    article_id = _id(_object(data, "story").get("id"))
    author_id = _id(_object(data, "author").get("id"))
    comment_id = _id(comment.get("id")) or _derived_id(tenant_id, site, article_id, author_id,
                                                       _id(comment.get("parentID")), text)
    action = data.get("action") if isinstance(data.get("action"), str) else "NEW"
    return PhaseRequest(comment_id, text, site, article_id, author_id, action)


def review_response(flag: bool = True) -> dict[str, Any]:
    """Hold the comment for Talk's moderators, flagged as toxic by the system when `flag`.

    A comment held only because Parley cannot read its language is withheld unflagged.
    """
    if not flag:
        return {"status": "SYSTEM_WITHHELD"}
    return {"status": "SYSTEM_WITHHELD",
            "actions": [{"actionType": "FLAG", "reason": CORAL_FLAG_REASON}]}


def reject_response(reasons: Sequence[str]) -> dict[str, Any]:
    """Reject the comment, with Coral's rejection reason code for the riskiest label."""
    explanation = "Rejected by Parley: " + ", ".join(reasons) if reasons else "Rejected by Parley."
    reason = {"code": coral_rejection_code(reasons), "detailedExplanation": explanation}
    if reason["code"] == "OTHER":
        reason["customReason"] = explanation     # Talk asks for one whenever the code is OTHER
    # Talk before its DSA release reads only the top-level status; later ones the moderationAction.
    return {"status": "REJECTED", "moderationAction": {"status": "REJECTED", "rejectionReason": reason}}


def _object(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{name}: must be an object")
    return value


def _id(value: Any) -> str:
    """An identifier Talk sent, as a string; '' when absent or unusable."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return ""
    text = str(value)
    if len(text) > 256 or any(ch < " " for ch in text):
        return ""
    return text.strip()


def _derived_id(*parts: str) -> str:
    """A stable id for a Talk comment that came without one: same comment, same id."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"coral-{digest[:32]}"
