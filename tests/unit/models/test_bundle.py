"""Bundles load only when their sha256 and labels agree with the sidecar."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from models.bundle import DEFAULT_ARTIFACT, LABELS, BundleError, file_sha256, load_bundle, read_sidecar, sidecar_path
from models.scorer import Scorer

SIDECAR_KEYS = {"model_version", "labels", "thresholds", "sha256", "library_versions", "data", "metrics",
                "created_at", "code_version"}


def test_shipped_bundle_loads_and_matches_its_sidecar() -> None:
    sidecar = read_sidecar(DEFAULT_ARTIFACT)
    assert SIDECAR_KEYS <= set(sidecar)
    assert file_sha256(DEFAULT_ARTIFACT) == sidecar["sha256"]
    assert tuple(sidecar["labels"]) == LABELS
    assert DEFAULT_ARTIFACT.stat().st_size <= 30 * 1024 * 1024
    scorer = Scorer.load(DEFAULT_ARTIFACT)
    assert scorer.labels == LABELS and scorer.version == sidecar["model_version"]
    for label in LABELS:
        assert 0 < sidecar["thresholds"][label]["review"] <= sidecar["thresholds"][label]["reject"] <= 1


def _copy(bundle: Path, folder: Path) -> Path:
    target = folder / bundle.name
    shutil.copy(bundle, target)
    shutil.copy(sidecar_path(bundle), sidecar_path(target))
    return target


def test_tampered_artifact_is_refused(tiny_bundle: Path, tmp_path: Path) -> None:
    copy = _copy(tiny_bundle, tmp_path)
    with open(copy, "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(BundleError, match="sha256"):
        load_bundle(copy)


def test_missing_artifact_or_sidecar_is_refused(tiny_bundle: Path, tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="not found"):
        load_bundle(tmp_path / "absent.joblib")
    copy = _copy(tiny_bundle, tmp_path)
    sidecar_path(copy).unlink()
    with pytest.raises(BundleError, match="sidecar"):
        load_bundle(copy)


def test_label_disagreement_is_refused(tiny_bundle: Path, tmp_path: Path) -> None:
    copy = _copy(tiny_bundle, tmp_path)
    meta = json.loads(sidecar_path(copy).read_text())
    meta["labels"] = list(reversed(meta["labels"]))
    sidecar_path(copy).write_text(json.dumps(meta))
    with pytest.raises(BundleError, match="labels"):
        load_bundle(copy)
