from pathlib import Path

import pytest

from service.config import DEFAULT_MODEL_PATH, ConfigError, Settings


def test_defaults_are_safe():
    settings = Settings.from_env({})
    assert settings.redis_url == ""
    assert settings.api_keys == ()
    assert settings.model_path == DEFAULT_MODEL_PATH
    assert settings.max_text_chars == 20_480
    assert settings.max_batch == 256
    assert settings.claim_seconds == 300


def test_reads_environment():
    settings = Settings.from_env({
        "REDIS_URL": "redis://h:1/2", "PARLEY_API_KEYS": " a, b ,,c ", "MODEL_PATH": "/m.joblib",
        "PARLEY_CLAIM_SECONDS": "60", "PARLEY_THRESHOLDS": '{"default": {"threat": {"review": 0.2}}}',
    })
    assert settings.redis_url == "redis://h:1/2"
    assert settings.api_keys == ("a", "b", "c")
    assert settings.model_path == Path("/m.joblib")
    assert settings.claim_seconds == 60
    assert settings.thresholds["default"]["threat"]["review"] == 0.2


def test_thresholds_from_file(tmp_path):
    path = tmp_path / "t.json"
    path.write_text('{"sites": {"a": {}}}')
    assert Settings.from_env({"PARLEY_THRESHOLDS": f"@{path}"}).thresholds == {"sites": {"a": {}}}


@pytest.mark.parametrize("env", [
    {"PARLEY_CLAIM_SECONDS": "soon"},
    {"PARLEY_CLAIM_SECONDS": "0"},
    {"PARLEY_THRESHOLDS": "[1, 2]"},
    {"PARLEY_THRESHOLDS": "{not json"},
    {"PARLEY_THRESHOLDS": "@/does/not/exist.json"},
])
def test_bad_values_fail_at_start(env):
    with pytest.raises(ConfigError):
        Settings.from_env(env)


@pytest.mark.parametrize("raw,expected", [
    ("", {}), ("publish", {"default": "publish"}),
    ('{"default": "reject", "sites": {"de": "publish"}}', {"default": "reject", "sites": {"de": "publish"}}),
])
def test_unsupported_language_setting_is_a_word_or_json(raw, expected):
    assert Settings.from_env({"PARLEY_UNSUPPORTED_LANGUAGE": raw}).unsupported_language == expected


def test_coral_body_format_defaults_to_html_and_refuses_others():
    assert Settings.from_env({}).coral_body_format == "html"
    assert Settings.from_env({"PARLEY_CORAL_BODY_FORMAT": "PLAIN"}).coral_body_format == "plain"
    with pytest.raises(ConfigError, match="PARLEY_CORAL_BODY_FORMAT"):
        Settings.from_env({"PARLEY_CORAL_BODY_FORMAT": "markdown"})
