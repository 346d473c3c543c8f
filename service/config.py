"""Settings read once from environment variables, with safe defaults."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL_PATH = REPO_ROOT / "models" / "artifacts" / "parley-model.joblib"


class StartupError(RuntimeError):
    """Parley cannot start (bad setting, altered model bundle); the message says why."""


class ConfigError(StartupError, ValueError):
    """A setting has a value Parley cannot use; raised at start-up, never per request."""


def _split_list(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from exc
    if value < minimum:
        raise ConfigError(f"{name} must be >= {minimum}, got {value}")
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from exc
    if not value >= 0:
        raise ConfigError(f"{name} must be >= 0, got {raw!r}")
    return value


def _json_setting(env: Mapping[str, str], name: str) -> dict[str, Any]:
    """Read a JSON object given inline or, with a leading '@', from a file."""
    raw = env.get(name, "").strip()
    if not raw:
        return {}
    try:
        text = Path(raw[1:]).read_text(encoding="utf-8") if raw.startswith("@") else raw
        value = json.loads(text)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{name} is not valid JSON (or @file): {exc}") from exc
    if not isinstance(value, dict):
        raise ConfigError(f"{name} must be a JSON object")
    return value


def _word_or_json(env: Mapping[str, str], name: str) -> dict[str, Any]:
    """One word meaning {"default": word}, or a JSON object (or @file) as `_json_setting` reads."""
    raw = env.get(name, "").strip()
    if raw and raw.isalpha():
        return {"default": raw}
    return _json_setting(env, name)


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    """One of `choices` (the first is the default), case-insensitive."""
    raw = env.get(name, "").strip().lower() or choices[0]
    if raw not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
    return raw


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    """Everything the service can be told from outside; see the README's configuration table."""

    redis_url: str = ""
    model_path: Path = DEFAULT_MODEL_PATH
    api_keys: tuple[str, ...] = ()
    score_cache_ttl_seconds: int = 7 * 24 * 3600
    max_text_chars: int = 20_480
    max_batch: int = 256
    max_body_bytes: int = 1_048_576
    claim_seconds: int = 300
    review_age_boost_seconds: int = 14_400
    secret_key: str = ""
    thresholds: dict[str, Any] = field(default_factory=dict)
    data_dir: Path = REPO_ROOT / "var"
    redis_sentinels: tuple[str, ...] = ()
    redis_sentinel_master: str = ""
    rate_limit: str = "1200/minute"
    address_rate_limit: str = "6000/minute"
    route_rate_limits: dict[str, Any] = field(default_factory=dict)
    login_rate_limit: str = "10/15minutes"
    proxy_hops: int = 0
    metrics_token: str = ""
    log_text: bool = False
    coral_secrets: tuple[str, ...] = ()
    models_dir: Path = REPO_ROOT / "var" / "models"
    deployment: str = "default"
    model_check_seconds: float = 1.0
    unsupported_language: dict[str, Any] = field(default_factory=dict)
    coral_body_format: str = "html"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """Build settings from a mapping (os.environ by default), validating as we go."""
        env = os.environ if env is None else env
        return cls(
            redis_url=env.get("REDIS_URL", "").strip(),
            model_path=Path(env.get("MODEL_PATH", "").strip() or DEFAULT_MODEL_PATH),
            api_keys=_split_list(env.get("PARLEY_API_KEYS", "")),
            score_cache_ttl_seconds=_int(env, "PARLEY_SCORE_CACHE_TTL_SECONDS", 7 * 24 * 3600),
            max_text_chars=_int(env, "PARLEY_MAX_TEXT_CHARS", 20_480, minimum=1),
            max_batch=_int(env, "PARLEY_MAX_BATCH", 256, minimum=1),
            max_body_bytes=_int(env, "PARLEY_MAX_BODY_BYTES", 1_048_576, minimum=1024),
            claim_seconds=_int(env, "PARLEY_CLAIM_SECONDS", 300, minimum=1),
            review_age_boost_seconds=_int(env, "PARLEY_REVIEW_AGE_BOOST_SECONDS", 14_400, minimum=1),
            secret_key=env.get("PARLEY_SECRET_KEY", "").strip(),
            thresholds=_json_setting(env, "PARLEY_THRESHOLDS"),
            data_dir=Path(env.get("PARLEY_VAR_DIR", "").strip() or REPO_ROOT / "var"),
            redis_sentinels=_split_list(env.get("REDIS_SENTINELS", "")),
            redis_sentinel_master=env.get("REDIS_SENTINEL_MASTER", "").strip() or "mymaster",
            rate_limit=env.get("PARLEY_RATE_LIMIT", "").strip() or "1200/minute",
            address_rate_limit=env.get("PARLEY_ADDRESS_RATE_LIMIT", "").strip() or "6000/minute",
            route_rate_limits=_json_setting(env, "PARLEY_RATE_LIMITS"),
            login_rate_limit=env.get("PARLEY_LOGIN_RATE_LIMIT", "").strip() or "10/15minutes",
            proxy_hops=_int(env, "PARLEY_PROXY_HOPS", 0),
            metrics_token=env.get("PARLEY_METRICS_TOKEN", "").strip(),
            log_text=_flag(env, "PARLEY_LOG_TEXT"),
            coral_secrets=_split_list(env.get("PARLEY_CORAL_SECRETS", "")),
            models_dir=Path(env.get("PARLEY_MODELS_DIR", "").strip()
                            or Path(env.get("PARLEY_VAR_DIR", "").strip() or REPO_ROOT / "var") / "models"),
            deployment=env.get("PARLEY_DEPLOYMENT", "").strip() or "default",
            model_check_seconds=_float(env, "PARLEY_MODEL_CHECK_SECONDS", 1.0),
            unsupported_language=_word_or_json(env, "PARLEY_UNSUPPORTED_LANGUAGE"),
            coral_body_format=_choice(env, "PARLEY_CORAL_BODY_FORMAT", ("html", "plain")),
        )
