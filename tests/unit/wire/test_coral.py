"""Coral Talk's signature check and phase request parsing."""

import hashlib
import hmac
import json

import pytest

from service.wire.coral import (parse_phase_request, reject_response, review_response, sign,
                                verify_signature)

BODY = json.dumps({"action": "NEW", "comment": {"body": "hi", "parentID": None}}, indent=2).encode()


def talk_header(body: bytes, *secrets: str) -> str:
    """Built independently of the code under test, the way Talk builds it."""
    return ",".join("sha256=" + hmac.new(s.encode(), body, hashlib.sha256).hexdigest() for s in secrets)


def test_sign_matches_talks_format():
    assert sign(BODY, "s3cret") == talk_header(BODY, "s3cret")


def test_one_secret_one_signature():
    assert verify_signature(BODY, talk_header(BODY, "new"), ["new"])


@pytest.mark.parametrize("signed_with", [("old",), ("new",), ("old", "new"), ("unknown", "new")])
def test_rotation_any_signature_matching_any_secret_passes(signed_with):
    assert verify_signature(BODY, talk_header(BODY, *signed_with), ["old", "new"])


@pytest.mark.parametrize("header", [None, "", "sha256=", "sha256=00", "md5=abc",
                                    talk_header(BODY, "wrong"), talk_header(BODY + b" ", "new")])
def test_bad_or_missing_signatures_fail(header):
    assert not verify_signature(BODY, header, ["old", "new"])


def test_no_secrets_configured_accepts_nothing():
    assert not verify_signature(BODY, talk_header(BODY, "x"), [])


def test_signature_is_over_the_raw_bytes_not_reserialized_json():
    compact = json.dumps(json.loads(BODY)).encode()
    assert not verify_signature(compact, talk_header(BODY, "k"), ["k"])


def test_spaces_and_uppercase_hex_are_tolerated():
    header = " " + talk_header(BODY, "a").upper().replace("SHA256=", "sha256=") + " , sha256=00"
    assert verify_signature(BODY, header, ["a"])


def test_too_many_signatures_are_refused():
    header = ",".join(["sha256=00"] * 20 + [talk_header(BODY, "a")])
    assert not verify_signature(BODY, header, ["a"])


def talk_request(**overrides):
    body = {"action": "NEW", "comment": {"body": "You are an idiot", "parentID": None},
            "author": {"id": "u1", "role": "COMMENTER"}, "story": {"id": "st1", "url": "https://n.example/a"},
            "site": {"id": "site1"}, "tenantID": "t1", "tenantDomain": "n.example"}
    body.update(overrides)
    return json.dumps(body).encode()


def test_parse_reads_talks_fields():
    phase = parse_phase_request(talk_request())
    assert (phase.text, phase.site, phase.article_id, phase.author_id, phase.action) == \
        ("You are an idiot", "site1", "st1", "u1", "NEW")


def test_comment_id_is_used_when_talk_sends_one():
    phase = parse_phase_request(talk_request(comment={"id": "c-9", "body": "x"}))
    assert phase.comment_id == "c-9"


def test_missing_comment_id_is_derived_stably():
    first, again = parse_phase_request(talk_request()), parse_phase_request(talk_request())
    other = parse_phase_request(talk_request(comment={"body": "different"}))
    assert first.comment_id == again.comment_id and first.comment_id.startswith("coral-")
    assert other.comment_id != first.comment_id


def test_site_falls_back_to_tenant_id_and_old_tenant_object():
    assert parse_phase_request(talk_request(site=None)).site == "t1"
    old = json.dumps({"tenant": {"id": "t0", "domain": "d"}, "comment": {"body": "x"}}).encode()
    assert parse_phase_request(old).site == "t0"


@pytest.mark.parametrize("raw", [b"not json", b"[1]", b"\xff", json.dumps({"comment": {"body": 5}}).encode(),
                                 json.dumps({"comment": "text"}).encode()])
def test_bad_requests_raise_value_error(raw):
    with pytest.raises(ValueError):
        parse_phase_request(raw)


def test_response_shapes():
    assert review_response() == {"status": "SYSTEM_WITHHELD",
                                 "actions": [{"actionType": "FLAG", "reason": "COMMENT_DETECTED_TOXIC"}]}
    rejected = reject_response(["identity_attack", "threat"])
    assert rejected["status"] == rejected["moderationAction"]["status"] == "REJECTED"
    assert rejected["moderationAction"]["rejectionReason"] == {
        "code": "HATE_SPEECH", "detailedExplanation": "Rejected by Parley: identity_attack, threat"}
    other = reject_response([])["moderationAction"]["rejectionReason"]
    assert other["code"] == "OTHER" and other["customReason"]
