"""OpenAI's moderation endpoint on the wire: read `input`, write results and OpenAI-shaped errors."""

from __future__ import annotations

import json
import uuid
from typing import Any, Mapping

from service.wire.vendor_labels import OPENAI_CATEGORIES, Thresholds, openai_categories, openai_category_scores

# OpenAI's moderation model names; any of them (or "parley...") is accepted and Parley's model runs.
OPENAI_MODELS = frozenset({"omni-moderation-latest", "omni-moderation-2024-09-26",
                           "text-moderation-latest", "text-moderation-stable", "text-moderation-007"})


class OpenAIError(Exception):
    """An error in OpenAI's shape: {"error": {"message", "type", "param", "code"}}."""

    def __init__(self, status: int, message: str, *, type_: str = "invalid_request_error",
                 param: str | None = None, code: str | None = None):
        super().__init__(message)
        self.status, self.message, self.type, self.param, self.code = status, message, type_, param, code

    def body(self) -> dict[str, Any]:
        """The JSON OpenAI answers with."""
        return {"error": {"message": self.message, "type": self.type, "param": self.param,
                          "code": self.code}}


def parse_json(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object, or OpenAI's 400 for an unparseable body."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise OpenAIError(400, "We could not parse the JSON body of your request. Send valid JSON.") from exc
    if not isinstance(data, dict):
        raise OpenAIError(400, "The request body must be a JSON object.")
    return data


def parse_model(data: Mapping[str, Any]) -> str:
    """The requested model name (default omni-moderation-latest), if Parley answers for it."""
    model = data.get("model", "omni-moderation-latest")
    if not isinstance(model, str):
        raise OpenAIError(400, "model must be a string.", param="model")
    if model not in OPENAI_MODELS and not model.startswith("parley"):
        raise OpenAIError(404, f"The model `{model}` does not exist or you do not have access to it.",
                          param="model", code="model_not_found")
    return model


def parse_input(data: Mapping[str, Any], max_items: int, max_chars: int) -> list[str]:
    """One text per result: a string, each string of an array, or all text parts of a parts array."""
    value = data.get("input")
    if isinstance(value, str):
        texts = [value]
    elif isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        texts = list(value)
    elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        texts = ["\n".join(_text_part(index, part) for index, part in enumerate(value))]
    elif value is None:
        raise OpenAIError(400, "Missing required parameter: 'input'.", param="input", code="missing_required_parameter")
    else:
        raise OpenAIError(400, "input must be a string, an array of strings, or an array of "
                          "{\"type\": \"text\", \"text\": ...} objects.", param="input")
    if len(texts) > max_items:
        raise OpenAIError(400, f"At most {max_items} inputs per request.", param="input")
    for index, text in enumerate(texts):
        if len(text) > max_chars:
            raise OpenAIError(400, f"input[{index}] is over {max_chars} characters.", param="input")
    return texts


def moderation_result(scores: Mapping[str, float], thresholds: Thresholds) -> dict[str, Any]:
    """One result object with every category OpenAI returns; unmodeled ones score 0 and never flag."""
    categories = openai_categories(scores, thresholds)
    return {"flagged": any(categories.values()), "categories": categories,
            "category_scores": openai_category_scores(scores),
            "category_applied_input_types": {category: ["text"] for category in OPENAI_CATEGORIES}}


def response(model_version: str, results: list[dict[str, Any]]) -> dict[str, Any]:
    """The response envelope: a fresh modr- id, the model that ran, the results in input order."""
    return {"id": f"modr-{uuid.uuid4().hex}", "model": f"parley-{model_version}", "results": results}


def _text_part(index: int, part: Mapping[str, Any]) -> str:
    if part.get("type") == "text" and isinstance(part.get("text"), str):
        return part["text"]
    if part.get("type") == "image_url":
        raise OpenAIError(400, "Parley moderates text only; image inputs are not supported.",
                          param=f"input[{index}]", code="unsupported_input_type")
    raise OpenAIError(400, f"input[{index}] must be {{\"type\": \"text\", \"text\": <string>}}.",
                      param=f"input[{index}]")
