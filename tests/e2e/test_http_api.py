"""The API as a site uses it: over HTTP, under gunicorn with two workers."""

import concurrent.futures

import redis

from service.review.queue import PENDING


def test_post_then_get_over_http(live_server, api):
    response = api.post(live_server.url + "/v1/comments",
                        json={"id": "http-1", "text": "Good article, thanks.", "site": "s"})
    assert response.status_code in (200, 201)
    assert response.json()["decision"] == "publish"
    stored = api.get(live_server.url + "/v1/comments/http-1").json()
    assert stored["status"] == "published"


def test_concurrent_duplicates_queue_once(live_server, api, e2e_redis):
    """The same doubtful comment posted 20 times at once, across workers: one queue entry."""
    text = "Someone should go and shoot every one of those traitors, they deserve a bullet."
    body = {"id": "dup-1", "text": text}
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda _: api.post(live_server.url + "/v1/comments", json=body), range(20)))
    assert sorted({r.status_code for r in responses}) in ([200, 201], [201])
    assert sum(r.status_code == 201 for r in responses) == 1
    decisions = {r.json()["decision"] for r in responses}
    assert len(decisions) == 1 and decisions <= {"review", "reject"}
    with redis.Redis.from_url(e2e_redis.url, decode_responses=True) as client:
        assert len(client.lrange("parley:history:dup-1", 0, -1)) == 2
        queued = client.zrange(PENDING, 0, -1).count("dup-1")
    assert queued == (1 if decisions == {"review"} else 0)


def test_errors_are_json_under_gunicorn(live_server, api):
    response = api.post(live_server.url + "/v1/comments", data="nope",
                        headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_json"
    assert api.get(live_server.url + "/nope").json()["error"]["code"] == "not_found"
