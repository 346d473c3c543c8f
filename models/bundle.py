"""The model bundle on disk: a joblib artifact plus a JSON sidecar that vouches for it.

Unpickling runs code, so `load_bundle` hashes the artifact and compares it with the sidecar
before it lets joblib near the bytes; the sidecar itself is plain JSON that the service (and a
person) can read without unpickling anything.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import joblib

LABELS = ("toxicity", "severe_toxicity", "obscene", "insult", "identity_attack", "threat", "incitement")
DEFAULT_ARTIFACT = Path(__file__).resolve().parent / "artifacts" / "parley-model.joblib"


class BundleError(Exception):
    """The model bundle is missing, altered, or disagrees with its sidecar."""


def sidecar_path(artifact: str | Path) -> Path:
    """Return the JSON sidecar path that belongs to `artifact`."""
    return Path(artifact).with_suffix(".json")


def file_sha256(path: str | Path) -> str:
    """Return the hex sha256 of the file at `path`."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_bundle(model: Any, artifact: str | Path, sidecar: dict[str, Any]) -> dict[str, Any]:
    """Write `model` to `artifact` and its sidecar (with the artifact's sha256) beside it."""
    artifact = Path(artifact)
    artifact.parent.mkdir(parents=True, exist_ok=True)
    if tuple(sidecar.get("labels", ())) != tuple(model.labels):
        raise BundleError("sidecar labels do not match the model's labels")
    tmp = artifact.with_suffix(".joblib.tmp")
    joblib.dump(model, tmp, compress=3)
    tmp.replace(artifact)
    meta = dict(sidecar, sha256=file_sha256(artifact))
    heads = getattr(model, "encoder_heads", None)
    if heads is not None:  # the sentence encoder it needs, readable without unpickling
        meta["encoder"] = dict(heads.encoder_spec)
    sidecar_path(artifact).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return meta


def read_sidecar(artifact: str | Path) -> dict[str, Any]:
    """Read the sidecar of `artifact` without touching the artifact itself."""
    path = sidecar_path(artifact)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BundleError(f"model sidecar not found: {path}") from exc
    except json.JSONDecodeError as exc:
        raise BundleError(f"model sidecar is not valid JSON: {path}: {exc}") from exc


def load_bundle(artifact: str | Path) -> tuple[Any, dict[str, Any]]:
    """Verify `artifact` against its sidecar, then unpickle it; return (model, sidecar)."""
    artifact = Path(artifact)
    if not artifact.is_file():
        raise BundleError(f"model artifact not found: {artifact}")
    meta = read_sidecar(artifact)
    actual = file_sha256(artifact)
    if actual != meta.get("sha256"):
        raise BundleError(
            f"model artifact {artifact} has sha256 {actual}, but its sidecar expects "
            f"{meta.get('sha256')}: refusing to load an altered or mismatched artifact"
        )
    model = joblib.load(artifact)
    labels = tuple(meta.get("labels", ()))
    if labels != tuple(getattr(model, "labels", ())):
        raise BundleError(f"sidecar labels {labels} disagree with the model's {getattr(model, 'labels', None)}")
    if "thresholds" not in meta or set(meta["thresholds"]) != set(labels):
        raise BundleError("sidecar thresholds must name every label")
    heads = getattr(model, "encoder_heads", None)
    if heads is not None and meta.get("encoder") != heads.encoder_spec:
        raise BundleError(f"sidecar encoder {meta.get('encoder')} disagrees with the model's {heads.encoder_spec}")
    return model, meta
