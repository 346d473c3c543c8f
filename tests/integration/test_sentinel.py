"""REDIS_SENTINELS: Parley finds its master through a real redis-sentinel process."""

import subprocess
import time

import pytest
import redis

from service import create_app
from service.redis_server import free_port, redis_server_binary


@pytest.fixture
def sentinel(redis_server, tmp_path):
    port = free_port()
    conf = tmp_path / "sentinel.conf"
    conf.write_text(f"port {port}\nbind 127.0.0.1\ndir {tmp_path}\n"
                    f"sentinel monitor parley-test 127.0.0.1 {redis_server.port} 1\n")
    process = subprocess.Popen([redis_server_binary(), str(conf), "--sentinel"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    client = redis.Redis(port=port, socket_connect_timeout=0.2)
    deadline = time.monotonic() + 10
    while True:
        try:
            if client.sentinel_get_master_addr_by_name("parley-test"):
                break
        except redis.RedisError:
            pass
        assert time.monotonic() < deadline, "sentinel never answered"
        time.sleep(0.05)
    client.close()
    yield port
    process.terminate()
    process.wait(10)


def test_app_through_sentinel(sentinel, shipped_scorer, redis_client, auth):
    app = create_app({"REDIS_SENTINELS": f"127.0.0.1:{sentinel}", "REDIS_SENTINEL_MASTER": "parley-test",
                      "REDIS_URL": "", "PARLEY_API_KEYS": "test-key"}, scorer=shipped_scorer)
    client = app.test_client()
    assert client.get("/readyz").status_code == 200
    response = client.post("/v1/comments", json={"id": "via-sentinel", "text": "Well argued."}, headers=auth)
    assert response.status_code == 201
    assert redis_client.exists("parley:comment:via-sentinel")


def test_bad_sentinel_entry_is_a_config_error(shipped_scorer):
    from service.config import ConfigError

    with pytest.raises(ConfigError, match="host:port"):
        create_app({"REDIS_SENTINELS": "nohostport", "PARLEY_API_KEYS": "k"}, scorer=shipped_scorer)
