"""POST /v1/score: scores for a batch of texts, with no side effects beyond the score cache."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from service.scoring.analyzer import get_analyzer
from service.access.auth import require_api_key
from service.errors import PayloadTooLarge, ValidationFailed
from service.validation import check_text, json_object

bp = Blueprint("scores", __name__, url_prefix="/v1/score")


@bp.post("")
@require_api_key
def score_texts():
    """Score up to PARLEY_MAX_BATCH texts in one call, in order."""
    body = json_object()
    settings = current_app.config["PARLEY"]
    texts = body.get("texts")
    if not isinstance(texts, list) or not texts:
        raise ValidationFailed(details={"texts": "required, a non-empty array of strings"})
    if len(texts) > settings.max_batch:
        raise PayloadTooLarge(f"At most {settings.max_batch} texts per call.",
                              details={"texts": f"at most {settings.max_batch} items"})
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            raise ValidationFailed(details={f"texts[{index}]": "must be a string"})
        check_text(text, f"texts[{index}]", settings.max_text_chars)
    analyzer = get_analyzer()
    analyses = analyzer.analyze(texts)
    results = [{"scores": a.scores, "cached": a.cached} for a in analyses]
    return jsonify({"model_version": analyses[0].model_version, "results": results})
