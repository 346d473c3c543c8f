"""Perspective requests, responses and error types, as the wire format defines them."""

import pytest

from service.wire.perspective import (ANALYZER_ERROR, PerspectiveError, analyze_response, parse_analyze,
                                      parse_feedback, parse_json, span_probabilities)


def error_type(error: PerspectiveError) -> str | None:
    return next((d.get("errorType") for d in error.details if d.get("@type") == ANALYZER_ERROR), None)


def analyze(body, max_chars=20_480):
    return parse_analyze(body, max_chars)


def test_coral_shaped_request_parses():
    request = analyze({"comment": {"text": "hello"}, "doNotStore": True,
                       "requestedAttributes": {"TOXICITY": {}}, "languages": ["en"]})
    assert request.text == "hello" and request.do_not_store
    assert [(a.name, a.label, a.threshold) for a in request.attributes] == [("TOXICITY", "toxicity", None)]
    assert request.languages == ("en",)


@pytest.mark.parametrize("body,expected", [
    ({"requestedAttributes": {"TOXICITY": {}}}, "COMMENT_EMPTY"),
    ({"comment": {"text": ""}, "requestedAttributes": {"TOXICITY": {}}}, "COMMENT_EMPTY"),
    ({"comment": {"text": "  \n"}, "requestedAttributes": {"TOXICITY": {}}}, "COMMENT_EMPTY"),
    ({"comment": {"text": "a" * 20_481}, "requestedAttributes": {"TOXICITY": {}}}, "COMMENT_TOO_LONG"),
    ({"comment": {"text": "é" * 10_241}, "requestedAttributes": {"TOXICITY": {}}}, "COMMENT_TOO_LONG"),
    ({"comment": {"text": "hi"}}, "NO_REQUESTED_ATTRIBUTES"),
    ({"comment": {"text": "hi"}, "requestedAttributes": {}}, "NO_REQUESTED_ATTRIBUTES"),
    ({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}}, "languages": ["fr"]},
     "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"),
])
def test_perspective_error_types(body, expected):
    with pytest.raises(PerspectiveError) as caught:
        analyze(body)
    assert caught.value.code == 400 and caught.value.status == "INVALID_ARGUMENT"
    assert error_type(caught.value) == expected


def test_limit_is_20480_bytes_exactly():
    assert analyze({"comment": {"text": "a" * 20_480}, "requestedAttributes": {"TOXICITY": {}}}).text


def test_language_error_names_the_attribute_and_languages():
    with pytest.raises(PerspectiveError) as caught:
        analyze({"comment": {"text": "hola"}, "requestedAttributes": {"INSULT": {}}, "languages": ["es", "fr"]})
    assert caught.value.message == "Attribute INSULT does not support request languages: es, fr"
    detail = caught.value.details[0]["languageNotSupportedByAttributeError"]
    assert detail["attribute"] == "INSULT" and detail["requestedLanguages"] == ["es", "fr"]


@pytest.mark.parametrize("languages", [["en"], ["en-US"], ["EN_gb"], ["fr", "en"]])
def test_english_in_any_spelling_is_accepted(languages):
    assert analyze({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}},
                    "languages": languages}).languages == tuple(languages)


@pytest.mark.parametrize("body,message", [
    ({"comment": {"text": "hi"}, "requestedAttributes": {"FLIRTATION": {}}}, "Unknown requested attribute: FLIRTATION"),
    ({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {"scoreType": "STD_DEV_SCORE"}}},
     "Requested score type STD_DEV_SCORE is not supported by attribute TOXICITY"),
    ({"comment": {"text": "hi", "type": "HTML"}, "requestedAttributes": {"TOXICITY": {}}},
     "Currently, only 'PLAIN_TEXT' comments are supported"),
])
def test_other_documented_errors_use_perspectives_messages(body, message):
    with pytest.raises(PerspectiveError) as caught:
        analyze(body)
    assert caught.value.message == message and caught.value.code == 400


@pytest.mark.parametrize("body", [
    {"comment": "hi", "requestedAttributes": {"TOXICITY": {}}},
    {"comment": {"text": 5}, "requestedAttributes": {"TOXICITY": {}}},
    {"comment": {"text": "hi"}, "requestedAttributes": ["TOXICITY"]},
    {"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {"scoreThreshold": 2}}},
    {"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}}, "languages": "en"},
    {"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}}, "spanAnnotations": "yes"},
    {"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}}, "sessionId": 7},
    {"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}}, "doNotStore": 1},
    {"comment": {"text": "hi", "type": ""}, "requestedAttributes": {"TOXICITY": {}}},
])
def test_malformed_fields_are_bad_requests(body):
    with pytest.raises(PerspectiveError) as caught:
        analyze(body)
    assert caught.value.code == 400 and caught.value.details[0]["@type"].endswith("BadRequest")


def test_null_optional_fields_mean_not_set_as_in_protobuf_json():
    parsed = analyze({"comment": {"text": "hi", "type": None}, "requestedAttributes": {"TOXICITY": None},
                      "spanAnnotations": None, "doNotStore": None, "sessionId": None, "languages": None})
    assert parsed.span_annotations is False and parsed.languages == ()


@pytest.mark.parametrize("raw", [b"{nope", b"\xff\xfe", b"[1]", b"[" * 50_000])
def test_bad_json_is_googles_invalid_argument(raw):
    with pytest.raises(PerspectiveError) as caught:
        parse_json(raw)
    assert caught.value.status == "INVALID_ARGUMENT"
    assert caught.value.message.startswith("Invalid JSON payload received.")
    assert set(caught.value.body()["error"]) == {"code", "message", "status", "details"}


def test_response_shape_and_client_token():
    request = analyze({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}, "PROFANITY": {}},
                       "clientToken": "tok-1"})
    body = analyze_response(request, {"toxicity": 0.25, "obscene": 0.5})
    assert body["attributeScores"] == {"TOXICITY": {"summaryScore": {"value": 0.25, "type": "PROBABILITY"}},
                                       "PROFANITY": {"summaryScore": {"value": 0.5, "type": "PROBABILITY"}}}
    assert body["clientToken"] == "tok-1"
    assert body["languages"] == ["en"] and body["detectedLanguages"] == []  # no detector given


def detector(code):
    return lambda text: code


def test_detected_language_is_reported_truthfully():
    for code, shown in (("en", ["en"]), ("und", [])):
        request = parse_analyze({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}}}, 20_480, detector(code))
        assert analyze_response(request, {"toxicity": 0.1})["detectedLanguages"] == shown


def test_text_detected_as_another_language_is_refused_as_perspective_does():
    with pytest.raises(PerspectiveError) as caught:
        parse_analyze({"comment": {"text": "Man sollte diese Politiker alle aufhängen"},
                       "requestedAttributes": {"THREAT": {}}}, 20_480, detector("de"))
    assert error_type(caught.value) == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"
    assert caught.value.message == "Attribute THREAT does not support request languages: de"
    detail = caught.value.details[0]["languageNotSupportedByAttributeError"]
    assert detail == {"requestedLanguages": [], "detectedLanguages": ["de"], "attribute": "THREAT"}


def test_given_english_is_trusted_over_detection():
    request = parse_analyze({"comment": {"text": "Gracias, muy buen artículo"}, "languages": ["en"],
                             "requestedAttributes": {"TOXICITY": {}}}, 20_480, detector("es"))
    body = analyze_response(request, {"toxicity": 0.1})
    assert body["languages"] == ["en"] and body["detectedLanguages"] == ["es"]


def test_refused_requested_language_also_reports_the_detected_one():
    with pytest.raises(PerspectiveError) as caught:
        parse_analyze({"comment": {"text": "bonjour à tous"}, "languages": ["fr"],
                       "requestedAttributes": {"TOXICITY": {}}}, 20_480, detector("fr"))
    detail = caught.value.details[0]["languageNotSupportedByAttributeError"]
    assert detail["requestedLanguages"] == ["fr"] and detail["detectedLanguages"] == ["fr"]


def test_feedback_in_an_unread_language_is_refused():
    with pytest.raises(PerspectiveError) as caught:
        parse_feedback({"comment": {"text": "Halt die Klappe, du Idiot."},
                        "attributeScores": {"TOXICITY": {"summaryScore": {"value": 1}}}}, 20_480, detector("de"))
    assert error_type(caught.value) == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"


@pytest.mark.parametrize("text", ["\x02", " \x00\n\x7f "])
def test_control_characters_alone_are_an_empty_comment(text):
    with pytest.raises(PerspectiveError) as caught:
        analyze({"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}})
    assert error_type(caught.value) == "COMMENT_EMPTY"


def test_control_characters_are_accepted_and_lone_surrogates_refused():
    assert analyze({"comment": {"text": "a\x02b"}, "requestedAttributes": {"TOXICITY": {}}}).text == "a\x02b"
    with pytest.raises(PerspectiveError) as caught:
        analyze({"comment": {"text": "a\ud800b"}, "requestedAttributes": {"TOXICITY": {}}})
    assert caught.value.code == 400 and caught.value.details[0]["@type"].endswith("BadRequest")


def test_score_threshold_drops_low_scores_and_spans():
    request = analyze({"comment": {"text": "hi. you idiot"}, "spanAnnotations": True,
                       "requestedAttributes": {"TOXICITY": {"scoreThreshold": 0.5}, "INSULT": {"scoreThreshold": 0.9}}})
    spans = {"toxicity": [{"begin": 0, "end": 3, "score": 0.1}, {"begin": 4, "end": 13, "score": 0.8}],
             "insult": [{"begin": 0, "end": 3, "score": 0.1}, {"begin": 4, "end": 13, "score": 0.7}]}
    body = analyze_response(request, {"toxicity": 0.6, "insult": 0.7}, spans)
    assert body["attributeScores"]["TOXICITY"]["summaryScore"]["value"] == 0.6
    assert body["attributeScores"]["TOXICITY"]["spanScores"] == [
        {"begin": 4, "end": 13, "score": {"value": 0.8, "type": "PROBABILITY"}}]
    assert "INSULT" not in body["attributeScores"]
    assert "clientToken" not in body


def test_feedback_maps_summary_scores_to_labels():
    feedback = parse_feedback({"comment": {"text": "nice"}, "communityId": "Coral:https://n.example",
                               "clientToken": "comment:7", "languages": ["en"],
                               "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0}},
                                                   "PROFANITY": {"summaryScore": {"value": 1}}}}, 20_480)
    assert feedback.labels == {"toxicity": 0.0, "obscene": 1.0}
    assert (feedback.community_id, feedback.client_token, feedback.do_not_store) == \
        ("Coral:https://n.example", "comment:7", False)


@pytest.mark.parametrize("scores", [None, {}, {"NOPE": {"summaryScore": {"value": 1}}},
                                    {"TOXICITY": {"summaryScore": {"value": 3}}},
                                    {"TOXICITY": {"spanScores": []}}])
def test_bad_feedback_is_refused(scores):
    with pytest.raises(PerspectiveError):
        parse_feedback({"comment": {"text": "x"}, "attributeScores": scores}, 20_480)


def test_span_probabilities_score_each_stretch_on_its_own_in_one_batch():
    calls = []

    def score_texts(texts):
        calls.append(texts)
        return [{"insult": 0.9 if "idiot" in t else 0.1, "toxicity": 0.5} for t in texts]

    text = "Nice point. You idiot."
    found = {"insult": [{"begin": 16, "end": 21, "score": 0.3}], "toxicity": [{"begin": 16, "end": 21, "score": 0.2}]}
    spans = span_probabilities(text, found, score_texts)
    assert spans == {"insult": [{"begin": 16, "end": 21, "score": 0.9}],
                     "toxicity": [{"begin": 16, "end": 21, "score": 0.5}]}
    assert calls == [["idiot"]]
    assert span_probabilities(text, {"insult": []}, score_texts) == {"insult": []} and len(calls) == 1
