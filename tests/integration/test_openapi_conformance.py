"""schemathesis against /openapi.json: no 5xx, and every response matches the documented schema.

Bounded (25 generated examples per operation and mode, fixed seed) so the run stays well under a
minute; the app runs in-process over WSGI on the session's real Redis.
"""

import pytest
import redis
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from service import create_app
from service.api.openapi import document
from tests.conftest import API_KEY

OPERATIONS = [(path, method) for path, item in document()["paths"].items() for method in item]
# Too-long texts and too-big batches are refused with 413, not 4xx-in-general.
REJECTED = ["400", "401", "403", "404", "405", "413", "415", "422", "429"]
# Parley's own routes take the key as a Bearer token; the Perspective ones as x-goog-api-key.
HEADERS = {"Authorization": f"Bearer {API_KEY}", "x-goog-api-key": API_KEY}
CONFIG = schemathesis.Config.from_dict({
    "checks": {"negative_data_rejection": {"expected-statuses": REJECTED}},
})


def generates_negatives(operation) -> bool:
    """Operations with no parameters and no body have nothing to make invalid."""
    definition = operation.definition.raw
    return bool(definition.get("parameters") or definition.get("requestBody"))


@pytest.fixture(scope="module")
def api_schema(redis_server, shipped_scorer):
    with redis.Redis.from_url(redis_server.url) as client:
        client.flushdb()
    app = create_app({"REDIS_URL": redis_server.url, "PARLEY_API_KEYS": API_KEY,
                      "PARLEY_RATE_LIMIT": "off", "PARLEY_ADDRESS_RATE_LIMIT": "off"},
                     scorer=shipped_scorer)
    yield schemathesis.openapi.from_wsgi("/openapi.json", app, config=CONFIG)
    with redis.Redis.from_url(redis_server.url) as client:
        client.flushdb()
    app.extensions["redis"].close()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("path,method", OPERATIONS)
def test_api_conforms_to_its_schema(api_schema, path, method, mode):
    operation = api_schema[path][method]
    if mode is GenerationMode.NEGATIVE and not generates_negatives(operation):
        pytest.skip("nothing to make invalid")

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=25, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        if case.query and "key" in case.query:  # Perspective's ?key=: a real key, not a generated one
            case.query["key"] = API_KEY
        case.call_and_validate(headers=HEADERS)

    check()
