"""OpenAI moderation input forms, result shape and error shape."""

import pytest

from service.wire.openai import OpenAIError, moderation_result, parse_input, parse_json, parse_model, response
from service.wire.vendor_labels import OPENAI_CATEGORIES

LIMITS = {"threat": {"review": 0.5, "reject": 0.9}, "insult": {"review": 0.5, "reject": 0.9}}


@pytest.mark.parametrize("value,texts", [
    ("one", ["one"]),
    (["a", "b"], ["a", "b"]),
    ([{"type": "text", "text": "a"}, {"type": "text", "text": "b"}], ["a\nb"]),
    ("", [""]),
])
def test_input_forms(value, texts):
    assert parse_input({"input": value}, 256, 20_480) == texts


@pytest.mark.parametrize("value,param", [
    (None, "input"), (5, "input"), ([], "input"), (["a", 1], "input"),
    ([{"type": "image_url", "image_url": {"url": "http://x"}}], "input[0]"),
    ([{"type": "text"}], "input[0]"),
    (["x"] * 3, "input"), (["a" * 11], "input"),
])
def test_bad_inputs_name_the_param(value, param):
    with pytest.raises(OpenAIError) as caught:
        parse_input({} if value is None else {"input": value}, 2, 10)
    assert caught.value.status == 400 and caught.value.param == param
    assert set(caught.value.body()["error"]) == {"message", "type", "param", "code"}


def test_models():
    assert parse_model({}) == "omni-moderation-latest"
    assert parse_model({"model": "text-moderation-latest"}) == "text-moderation-latest"
    with pytest.raises(OpenAIError) as caught:
        parse_model({"model": "gpt-5"})
    assert caught.value.status == 404 and caught.value.code == "model_not_found"


def test_bad_json():
    with pytest.raises(OpenAIError) as caught:
        parse_json(b"{")
    assert caught.value.status == 400 and caught.value.type == "invalid_request_error"


def test_result_has_every_category_and_flags_from_categories():
    result = moderation_result({"threat": 0.7, "insult": 0.1}, LIMITS)
    assert set(result["categories"]) == set(result["category_scores"]) == set(OPENAI_CATEGORIES)
    assert result["categories"]["violence"] is True and result["flagged"] is True
    assert result["category_applied_input_types"]["violence"] == ["text"]
    assert moderation_result({}, LIMITS)["flagged"] is False


def test_response_envelope():
    body = response("v1", [])
    assert body["id"].startswith("modr-") and body["model"] == "parley-v1" and body["results"] == []
    assert response("v1", [])["id"] != body["id"]
