import pytest

from service.config import ConfigError
from service.access.rate_limit import Limit, Verdict, bucket_name, parse_limit, parse_route_limits


@pytest.mark.parametrize("raw,expected", [
    ("1200/minute", Limit(1200, 60)), ("5/second", Limit(5, 1)), ("100 / hour", Limit(100, 3600)),
    ("50/10s", Limit(50, 10)), ("7/days", Limit(7, 86400)), ("3/m", Limit(3, 60)),
    ("off", None), ("OFF", None),
])
def test_parse_limit(raw, expected):
    assert parse_limit(raw) == expected


@pytest.mark.parametrize("raw", ["", "fast", "10", "10/fortnight", "0/minute", "-1/minute", "10/0s"])
def test_bad_limits_are_config_errors(raw):
    with pytest.raises(ConfigError):
        parse_limit(raw)


def test_route_limits_name_the_route_in_errors():
    assert parse_route_limits({"/v1/score": "10/minute", "scores.x": "off"}) == {
        "/v1/score": Limit(10, 60), "scores.x": None}
    with pytest.raises(ConfigError, match="/v1/score"):
        parse_route_limits({"/v1/score": "lots"})


def test_headers_and_retry_after():
    allowed = Verdict(True, Limit(10, 60), 3, 42).headers()
    assert allowed == {"RateLimit-Limit": "10", "RateLimit-Remaining": "3", "RateLimit-Reset": "42",
                       "RateLimit-Policy": "10;w=60"}
    refused = Verdict(False, Limit(10, 60), 0, 42).headers()
    assert refused["Retry-After"] == "42"


def test_bucket_names_do_not_contain_the_identity():
    name = bucket_name("key", "Bearer secret-key")
    assert "secret" not in name and name.startswith("parley:ratelimit:key:")
    assert name == bucket_name("key", "Bearer secret-key") != bucket_name("key", "Bearer other")


def test_policy_buckets():
    from service.access.rate_limit import RatePolicy

    policy = RatePolicy(Limit(10, 60), Limit(100, 60), {"/v1/score": Limit(2, 60), "comments.get_comment": None})
    address, key = policy.buckets("/v1/comments", "comments.submit_comment", "10.0.0.1", "Bearer k")
    assert address[0] == "address" and address[2] == Limit(100, 60)
    assert key[0] == "key" and key[2] == Limit(10, 60) and key[1] == bucket_name("key", "Bearer k")
    assert policy.buckets("/v1/score", "scores.score_texts", "a", "Bearer k")[1][0] == "route:/v1/score"
    assert [b[0] for b in policy.buckets("/v1/comments/<comment_id>", "comments.get_comment", "a", "k")] == ["address"]
    anonymous = policy.buckets("/v1/comments", "comments.submit_comment", "10.0.0.9", "")
    assert anonymous[1][1] == bucket_name("key", "address:10.0.0.9")
