"""The model registry: every trained version on disk, and which one each deployment serves.

A version is a folder `<root>/<version>/` holding the bundle (parley-model.joblib + its JSON
sidecar), the retrain report and `status.json` (candidate, accepted or rejected, and why). The
shipped bundle (MODEL_PATH) is a version too, and the one served while nothing is promoted.
Which version is promoted lives in Redis, one key per deployment, so every worker of every
host agrees; the list beside it remembers earlier promotions for `rollback`. A version is only
named promoted after its artifact's sha256 matches its sidecar.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis

from models.bundle import BundleError, file_sha256, read_sidecar

PROMOTED_PREFIX = "parley:models:promoted"
HISTORY_PREFIX = "parley:models:history"
ARTIFACT_NAME = "parley-model.joblib"
STATUS_NAME = "status.json"
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class RegistryError(ValueError):
    """A version is unknown, unverifiable or may not be promoted."""


@dataclass(frozen=True)
class ModelEntry:
    """One version as `parley models list` shows it."""

    version: str
    path: Path
    status: str
    created_at: str
    shipped: bool
    promoted: bool
    reasons: tuple[str, ...] = ()

    def public(self) -> dict[str, Any]:
        return {"version": self.version, "path": str(self.path), "status": self.status,
                "created_at": self.created_at, "shipped": self.shipped, "promoted": self.promoted,
                "reasons": list(self.reasons)}


class ModelRegistry:
    """Versions under `root`, the shipped default, and the promoted version of one deployment."""

    def __init__(self, client: redis.Redis, root: str | Path, default_artifact: str | Path,
                 deployment: str = "default"):
        self.client = client
        self.root = Path(root)
        self.default_artifact = Path(default_artifact)
        self.deployment = deployment or "default"

    @property
    def promoted_key(self) -> str:
        return f"{PROMOTED_PREFIX}:{self.deployment}"

    @property
    def history_key(self) -> str:
        return f"{HISTORY_PREFIX}:{self.deployment}"

    def default_version(self) -> str:
        """The shipped bundle's version, read from its sidecar (nothing is unpickled)."""
        return str(read_sidecar(self.default_artifact)["model_version"])

    def version_dir(self, version: str) -> Path:
        if not _VERSION.match(version):
            raise RegistryError(f"not a model version name: {version!r}")
        return self.root / version

    def artifact(self, version: str) -> Path:
        """The bundle path of `version` (the shipped artifact for the shipped version)."""
        if version == self.default_version():
            return self.default_artifact
        return self.version_dir(version) / ARTIFACT_NAME

    def verify(self, version: str) -> Path:
        """Return the artifact path of `version` once its sha256 matches its sidecar."""
        path = self.artifact(version)
        if not path.is_file():
            raise RegistryError(f"no model version {version!r} under {self.root}")
        try:
            meta = read_sidecar(path)
        except BundleError as exc:
            raise RegistryError(str(exc)) from exc
        if meta.get("model_version") != version:
            raise RegistryError(f"{path} holds {meta.get('model_version')!r}, not {version!r}")
        if file_sha256(path) != meta.get("sha256"):
            raise RegistryError(f"{path} does not match the sha256 in its sidecar: refusing it")
        return path

    def status(self, version: str) -> dict[str, Any]:
        """The version's status.json ({} for the shipped bundle or a folder without one)."""
        try:
            return json.loads((self.version_dir(version) / STATUS_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def record(self, version: str, status: str, reasons: list[str], **extra: Any) -> None:
        """Write the version's status (candidate, accepted, rejected) and the reasons for it."""
        path = self.version_dir(version) / STATUS_NAME
        body = {"version": version, "status": status, "reasons": reasons, **extra}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)

    def promoted(self) -> str | None:
        """The version this deployment was told to serve, or None (the shipped bundle)."""
        return self.client.get(self.promoted_key) or None

    def current_version(self) -> str:
        """The version served now: the promoted one, else the shipped one."""
        return self.promoted() or self.default_version()

    def versions(self) -> list[ModelEntry]:
        """The shipped bundle and every version folder, newest first after the shipped one."""
        current = self.current_version()
        shipped = read_sidecar(self.default_artifact)
        entries = [ModelEntry(shipped["model_version"], self.default_artifact, "shipped",
                              str(shipped.get("created_at", "")), True, shipped["model_version"] == current)]
        folders = sorted((p for p in self.root.glob(f"*/{ARTIFACT_NAME}")), reverse=True) if self.root.is_dir() else []
        for artifact in folders:
            version = artifact.parent.name
            try:
                meta = read_sidecar(artifact)
            except BundleError:
                continue
            status = self.status(version)
            entries.append(ModelEntry(version, artifact, status.get("status", "candidate"),
                                      str(meta.get("created_at", "")), False, version == current,
                                      tuple(status.get("reasons", ()))))
        return entries

    def promote(self, version: str, *, force: bool = False) -> str | None:
        """Name `version` the served one; return the version it replaces (None: was shipped)."""
        self.verify(version)
        status = self.status(version).get("status")
        if status == "rejected" and not force:
            raise RegistryError(f"{version} was rejected by the promotion gate (see its report); "
                                "pass --force to promote it anyway")
        default = self.default_version()
        with self.client.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(self.promoted_key)
                    previous = pipe.get(self.promoted_key) or None
                    if (previous or default) == version:
                        pipe.unwatch()
                        return previous
                    pipe.multi()
                    pipe.rpush(self.history_key, previous or default)
                    if version == default:
                        pipe.delete(self.promoted_key)
                    else:
                        pipe.set(self.promoted_key, version)
                    pipe.execute()
                    return previous
                except redis.WatchError:
                    continue

    def rollback(self) -> str:
        """Go back to the version served before the last promotion; return it."""
        default = self.default_version()
        with self.client.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(self.promoted_key, self.history_key)
                    history = pipe.lrange(self.history_key, -1, -1)
                    if not history:
                        raise RegistryError("nothing to roll back to: no earlier promotion is recorded")
                    target = history[0]
                    pipe.multi()
                    pipe.rpop(self.history_key)
                    if target == default:
                        pipe.delete(self.promoted_key)
                    else:
                        pipe.set(self.promoted_key, target)
                    pipe.execute()
                    return target
                except redis.WatchError:
                    continue
