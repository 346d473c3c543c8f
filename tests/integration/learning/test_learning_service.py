"""The learning loop as the service and the operator see it: CLI, threshold advice, live swap."""

from __future__ import annotations

import io
import json
import random
import time
from pathlib import Path

import pytest

from service.learning.retrain import RetrainOptions, train_candidate
from service import create_app
from service.cli.main import main
from service.learning.label_store import LabelStore
from service.learning.registry import ModelRegistry
from models.scorer import Scorer
from service.scoring.site_thresholds import SiteThresholds
from service.learning.threshold_advice import advice_for_site
from tests.conftest import API_KEY
from tests.learning_support import CODED, World, clean_text, coded_insult, world  # noqa: F401  (world is a fixture)

SITE = "herald"
AUTH = {"Authorization": f"Bearer {API_KEY}"}


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, redis_server, redis_client, world: World, tmp_path: Path) -> dict[str, str]:
    """The environment the CLI and the app read: test Redis, the base model, a fresh registry."""
    values = {"REDIS_URL": redis_server.url, "MODEL_PATH": str(world.base),
              "PARLEY_MODELS_DIR": str(tmp_path / "models"), "PARLEY_API_KEYS": API_KEY,
              "PARLEY_MODEL_CHECK_SECONDS": "0.01"}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def test_labels_import_csv_and_jsonl_then_export(env, redis_client, tmp_path, capsys):
    csv_file = tmp_path / "labels.csv"
    csv_file.write_text("text,insult,toxicity,threat\nyou glorpnik,1,1,\n\"fine, thanks\",0,0.2,0\n")
    jsonl = tmp_path / "labels.jsonl"
    jsonl.write_text(json.dumps({"text": "they deserve it", "labels": {"incitement": 0.7}}) + "\n")
    assert main(["labels", "import", str(csv_file), "--site", SITE]) == 0
    assert main(["labels", "import", str(jsonl), "--site", SITE]) == 0
    out = tmp_path / "export.jsonl"
    assert main(["labels", "export", "--site", SITE, "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["labels"] for r in rows] == [{"toxicity": 1.0, "insult": 1.0}, {"toxicity": 0.2, "insult": 0.0, "threat": 0.0},
                                           {"incitement": 0.7}]
    assert {r["source"] for r in rows} == {"import"} and {r["site"] for r in rows} == {SITE}
    assert all(r["model_version"] == Scorer.load(env["MODEL_PATH"]).version and r["at"] > 0 for r in rows)


def test_a_bad_label_file_writes_nothing(env, redis_client, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("text,insult\nok text,1\nbroken,1.7\n")
    assert main(["labels", "import", str(bad), "--site", SITE]) == 1
    assert "bad.csv:3" in capsys.readouterr().err
    assert list(LabelStore(redis_client).iter(SITE)) == []


def _import_site_labels(tmp_path: Path) -> None:
    rows = [{"text": f"what a {CODED} you are number {i}", "insult": 1, "toxicity": 1} for i in range(30)]
    rows += [{"text": f"you are an idiot and a moron {i}", "insult": 1, "toxicity": 1} for i in range(15)]
    rows += [{"text": f"the council looks sensible this year {i}", "insult": 0, "toxicity": 0} for i in range(40)]
    path = tmp_path / "site.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert main(["labels", "import", str(path), "--site", SITE]) == 0


def test_threshold_advice_reaches_its_targets_and_apply_needs_confirmation(env, redis_client, tmp_path,
                                                                        monkeypatch, capsys, world):
    _import_site_labels(tmp_path)
    app = create_app(env, scorer=Scorer.load(world.base))
    advice = advice_for_site(redis_client, app.extensions["scorer"], app.extensions["thresholds"], SITE,
                             target_precision=0.95, target_recall=0.9)
    insult = advice["labels"]["insult"]
    assert insult["status"] == "ok" and insult["positives"] == 45 and insult["negatives"] == 40
    # insult is a rudeness label: it rejects nothing by default, and advice never opts it in
    assert insult["current"]["reject"] is None and insult["suggested"]["reject"] is None
    assert insult["measured"]["suggested"]["reject_precision"] is None
    assert insult["measured"]["suggested"]["review_recall"] >= 0.9
    assert insult["suggested"]["review"] != insult["current"]["review"]  # advice moves the review point
    assert advice["labels"]["threat"]["status"] == "not_enough_labels"
    json.dumps(advice, allow_nan=False)  # plain JSON for the dashboard

    assert main(["thresholds", "advise", "--site", SITE]) == 0
    assert SiteThresholds(redis_client).all() == {}
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert main(["thresholds", "apply", "--site", SITE]) == 1
    assert SiteThresholds(redis_client).all() == {}
    assert main(["thresholds", "apply", "--site", SITE, "--yes", "--precision", "0.95", "--recall", "0.9"]) == 0
    applied = SiteThresholds(redis_client).all()[SITE]
    assert applied["insult"] == insult["suggested"] and "threat" not in applied

    client = app.test_client()
    assert client.get("/healthz").status_code == 200  # the watcher reads the overrides between requests
    live = app.extensions["thresholds"]
    assert live.for_site(SITE)["insult"] == insult["suggested"]
    assert live.for_site("other-site")["insult"] == insult["current"]
    assert main(["thresholds", "clear", "--site", SITE]) == 0
    time.sleep(0.02)
    client.get("/healthz")
    assert live.for_site(SITE)["insult"] == insult["current"]


def test_a_promotion_reaches_a_running_app_between_requests(env, redis_client, world, capsys):
    base = Scorer.load(world.base)
    app = create_app(env, scorer=base)
    client = app.test_client()
    first = client.post("/v1/score", json={"texts": ["hello there"]}, headers=AUTH).get_json()
    assert first["model_version"] == base.version
    registry = ModelRegistry(redis_client, env["PARLEY_MODELS_DIR"], world.base)
    version, _ = train_candidate(world.public, [], registry, RetrainOptions(features="tiny", seed=3), lambda m: None)
    assert main(["models", "promote", version]) == 0
    assert main(["models", "list"]) == 0
    assert f"* {version}" in capsys.readouterr().out

    served = _poll_version(client, version)
    assert served == version
    assert client.get("/readyz").get_json()["model_version"] == version
    body = client.post("/v1/comments", json={"id": "s1", "text": "a fresh comment"}, headers=AUTH).get_json()
    assert body["model_version"] == version
    history = client.get("/v1/comments/s1", headers=AUTH).get_json()["history"]
    assert [e["model_version"] for e in history if e["event"] == "auto_decision"] == [version]
    assert redis_client.keys(f"parley:score:{version}:*")  # the cache is keyed by the new version

    assert main(["models", "rollback"]) == 0
    assert _poll_version(client, base.version) == base.version


def _poll_version(client, wanted: str, seconds: float = 15) -> str:
    deadline = time.monotonic() + seconds
    served = ""
    while time.monotonic() < deadline:
        served = client.post("/v1/score", json={"texts": ["hello there"]}, headers=AUTH).get_json()["model_version"]
        if served == wanted:
            break
        time.sleep(0.02)
    return served


def test_an_unloadable_promotion_keeps_the_current_model(env, redis_client, world, caplog):
    base = Scorer.load(world.base)
    app = create_app(env, scorer=base)
    redis_client.set(ModelRegistry(redis_client, env["PARLEY_MODELS_DIR"], world.base).promoted_key, "missing-version")
    client = app.test_client()
    for _ in range(5):
        assert client.post("/v1/score", json={"texts": ["x"]}, headers=AUTH).get_json()["model_version"] == base.version
        time.sleep(0.02)
    assert "cannot load model missing-version" in caplog.text


def test_the_dashboard_reads_advice_and_versions_over_http(env, redis_client, tmp_path, world, capsys):
    import base64

    from service.review.moderators import Moderators

    _import_site_labels(tmp_path)
    Moderators(redis_client).add("dana", "a long enough password")
    app = create_app(env, scorer=Scorer.load(world.base))
    client = app.test_client()
    basic = {"Authorization": "Basic " + base64.b64encode(b"dana:a long enough password").decode()}
    advice = client.get(f"/v1/learning/threshold-advice?site={SITE}&precision=0.95", headers=basic)
    assert advice.status_code == 200 and advice.get_json()["labels"]["insult"]["status"] == "ok"
    assert client.get(f"/v1/learning/threshold-advice?site={SITE}", headers=AUTH).status_code == 403
    assert client.get("/v1/learning/threshold-advice?site=x&recall=2", headers=basic).status_code == 422
    models = client.get("/v1/learning/models", headers=basic).get_json()
    assert models["served"] == Scorer.load(world.base).version and models["versions"][0]["shipped"]
    assert "/v1/learning/threshold-advice" in client.get("/openapi.json").get_json()["paths"]


def test_parley_retrain_from_the_cli_promotes_and_reports(env, redis_client, tmp_path, world, capsys):
    public = tmp_path / "public.jsonl"
    with open(public, "w") as out:
        for split in ("train", "validation", "heldout"):
            for e in getattr(world.public, split):
                out.write(json.dumps({"text": e.text, "labels": e.labels, "source": e.source, "split": split,
                                      "meta": e.meta}) + "\n")
    rng = random.Random(4)
    rows = [{"text": coded_insult(rng), "insult": 1, "toxicity": 1} for _ in range(60)]
    rows += [{"text": clean_text(rng), "insult": 0, "toxicity": 0} for _ in range(60)]
    (tmp_path / "coded.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert main(["labels", "import", str(tmp_path / "coded.jsonl"), "--site", SITE]) == 0
    code = main(["retrain", "--site", SITE, "--public-set", str(public), "--eval-dir", str(world.eval_root),
                 "--features", "tiny"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "fitting features on" in out and "calibrated" in out and "accepted, promoted" in out  # progress, verdict
    registry = ModelRegistry(redis_client, env["PARLEY_MODELS_DIR"], world.base)
    version = registry.promoted()
    assert version and (registry.version_dir(version) / "report.md").is_file()
    assert main(["models", "rollback"]) == 0 and registry.promoted() is None
    assert main(["models", "promote", "no-such-version"]) == 1


def test_a_new_process_starts_with_the_promoted_model(env, redis_client, world):
    registry = ModelRegistry(redis_client, env["PARLEY_MODELS_DIR"], world.base)
    version, _ = train_candidate(world.public, [], registry, RetrainOptions(features="tiny", seed=9), lambda m: None)
    registry.promote(version)
    app = create_app(env)  # as gunicorn's master does before forking: no scorer handed in
    assert app.extensions["scorer"].version == version
    assert app.extensions["analyzer"].model_version == version
    registry.rollback()
    assert create_app(env).extensions["scorer"].version == registry.default_version()


def test_a_corrupt_promoted_bundle_is_survived_and_a_good_one_still_loads(env, redis_client, world, caplog):
    from models.bundle import file_sha256

    base = Scorer.load(world.base)
    app = create_app(env, scorer=base)
    client = app.test_client()
    registry = ModelRegistry(redis_client, env["PARLEY_MODELS_DIR"], world.base)
    bad = registry.version_dir("corrupt-1") / "parley-model.joblib"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"not a pickle at all")  # its sidecar vouches for it, so only unpickling fails
    sidecar = json.loads(world.base.with_suffix(".json").read_text())
    bad.with_suffix(".json").write_text(json.dumps({**sidecar, "model_version": "corrupt-1", "sha256": file_sha256(bad)}))
    registry.promote("corrupt-1")
    assert _poll_version(client, "corrupt-1", seconds=1.5) == base.version
    assert "cannot load model corrupt-1" in caplog.text
    good, _ = train_candidate(world.public, [], registry, RetrainOptions(features="tiny", seed=11), lambda m: None)
    registry.promote(good)
    assert _poll_version(client, good) == good
