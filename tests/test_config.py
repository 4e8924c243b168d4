"""Tests for agent/config.py: YAML into typed models; errors name the key (and the line)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from agent.config import AgentConfig, FileSourceConfig, HttpSourceConfig, load_config, parse_config
from agent.errors import ConfigError
from detectors.embedding import EmbeddingOptions
from detectors.harm import HarmOptions


def _error(text: str) -> str:
    with pytest.raises(ConfigError) as info:
        parse_config(text)
    return str(info.value)


def test_empty_config_gives_valid_defaults() -> None:
    config = parse_config("")
    assert config == AgentConfig()
    assert isinstance(config.source, FileSourceConfig)
    assert config.source.path == "-"
    assert config.limits.max_record_bytes == 64 * 1024
    assert config.limits.oversize_policy == "reject"
    assert set(config.detectors) == {"groups", "harm_lexicon", "answer_choice", "embedding"}
    options = config.detector_options()
    assert set(options) == {"groups", "harm_lexicon", "answer_choice", "embedding"}
    assert options["embedding"] == EmbeddingOptions()
    assert options["harm_lexicon"] == HarmOptions()


def test_full_config_parses_into_typed_models() -> None:
    config = parse_config(
        """
source:
  type: http
  port: 0
  respond_after: enqueued
limits:
  max_record_bytes: 2048
  oversize_policy: truncate
metrics:
  port: 9999
detectors:
  harm_lexicon:
    threshold: 0.25
  groups: {}
log_level: DEBUG
"""
    )
    assert isinstance(config.source, HttpSourceConfig)
    assert config.source.port == 0
    assert config.source.respond_after == "enqueued"
    assert config.limits.oversize_policy == "truncate"
    assert config.metrics.port == 9999
    assert config.log_level == "DEBUG"
    options = config.detector_options()
    assert set(options) == {"harm_lexicon", "groups"}  # absent detectors are off
    assert isinstance(options["harm_lexicon"], HarmOptions)
    assert options["harm_lexicon"].threshold == 0.25


def test_disabled_detector_is_left_out_of_options() -> None:
    config = parse_config("detectors:\n  groups: {}\n  embedding:\n    enabled: false\n")
    assert set(config.detector_options()) == {"groups"}


def test_null_detector_options_mean_defaults() -> None:
    config = parse_config("detectors:\n  harm_lexicon:\n")
    options = config.detector_options()
    assert options["harm_lexicon"] == HarmOptions()


def test_unknown_top_level_key_names_key_and_line() -> None:
    msg = _error("log_level: INFO\n\nsorce:\n  type: file\n")
    assert "sorce" in msg
    assert "line 3" in msg
    assert "unknown key" in msg


def test_unknown_nested_key_names_the_dotted_path() -> None:
    msg = _error("metrics:\n  enabled: true\n  prot: 1\n")
    assert "metrics.prot" in msg
    assert "line 3" in msg


def test_unknown_key_in_source_names_the_dotted_path() -> None:
    msg = _error("source:\n  type: http\n  prot: 1\n")
    assert "source.prot" in msg
    assert "line 3" in msg


def test_unknown_key_named_like_a_source_type_keeps_its_name() -> None:
    """A plausible typo (`file:` for `path:`) must still be reported as `source.file`."""
    msg = _error("source:\n  type: file\n  file: /var/log/llm.jsonl\n")
    assert "source.file" in msg
    assert "line 3" in msg


def test_bad_value_type_names_the_key() -> None:
    msg = _error("metrics:\n  port: not-a-number\n")
    assert "metrics.port" in msg
    assert "line 2" in msg
    assert "integer" in msg


def test_bad_value_in_http_source_names_the_key() -> None:
    msg = _error("source:\n  type: http\n  respond_after: sometime\n")
    assert "source.respond_after" in msg
    assert "line 3" in msg


def test_out_of_range_limit_names_the_key() -> None:
    msg = _error("limits:\n  max_record_bytes: 10\n")
    assert "limits.max_record_bytes" in msg
    assert "256" in msg


def test_unknown_source_type_is_an_error() -> None:
    msg = _error("source:\n  type: kinesis\n")
    assert "source" in msg
    assert "kinesis" in msg


def test_kafka_source_without_brokers_names_the_missing_keys() -> None:
    msg = _error("source:\n  type: kafka\n")
    assert "source.bootstrap_servers" in msg
    assert "source.topics" in msg


def test_unknown_detector_lists_the_known_ones() -> None:
    msg = _error("detectors:\n  groups: {}\n  sentiment: {}\n")
    assert "detectors.sentiment" in msg
    assert "line 3" in msg
    assert "unknown detector" in msg
    for known in ("answer_choice", "embedding", "groups", "harm_lexicon"):
        assert known in msg


def test_unknown_detector_option_names_the_full_path() -> None:
    msg = _error("detectors:\n  embedding:\n    treshold: 0.5\n")
    assert "detectors.embedding.treshold" in msg
    assert "line 3" in msg
    assert "unknown key" in msg


def test_out_of_range_detector_threshold_is_an_error() -> None:
    msg = _error("detectors:\n  harm_lexicon:\n    threshold: 1.5\n")
    assert "detectors.harm_lexicon.threshold" in msg
    assert "line 3" in msg
    assert "1" in msg


def test_detector_options_must_be_a_mapping() -> None:
    msg = _error("detectors:\n  groups: yes-please\n")
    assert "detectors.groups" in msg


def test_error_message_starts_with_the_origin() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config("bogus: 1\n", origin="/etc/biaswatch.yaml")
    assert str(info.value).startswith("/etc/biaswatch.yaml: ")


# --- secrets -----------------------------------------------------------------------------

TOKEN = "s3cr3t-t0ken-value"


def test_env_secret_resolves_into_auth_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BIASWATCH_TEST_TOKEN", TOKEN)
    config = parse_config("source:\n  type: http\n  auth_token: ${env:BIASWATCH_TEST_TOKEN}\n")
    assert isinstance(config.source, HttpSourceConfig)
    assert isinstance(config.source.auth_token, SecretStr)
    assert config.source.auth_token.get_secret_value() == TOKEN
    assert TOKEN not in config.model_dump_json()  # what digest() hashes
    assert TOKEN not in repr(config)


def test_missing_env_var_names_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BIASWATCH_TEST_MISSING", raising=False)
    msg = _error("source:\n  type: http\n  auth_token: ${env:BIASWATCH_TEST_MISSING}\n")
    assert "source.auth_token" in msg
    assert "BIASWATCH_TEST_MISSING" in msg


def test_file_secret_resolves_and_is_stripped(tmp_path: Path) -> None:
    secret = tmp_path / "token"
    secret.write_text(TOKEN + "\n", encoding="utf-8")
    config = parse_config(f"source:\n  type: http\n  auth_token: ${{file:{secret}}}\n")
    assert isinstance(config.source, HttpSourceConfig)
    assert config.source.auth_token is not None
    assert config.source.auth_token.get_secret_value() == TOKEN
    assert TOKEN not in config.model_dump_json()


def test_missing_secret_file_names_the_key(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    msg = _error(f"source:\n  type: http\n  auth_token: ${{file:{missing}}}\n")
    assert "source.auth_token" in msg
    assert str(missing) in msg


def test_digest_masks_the_secret_value(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "source:\n  type: http\n  auth_token: ${env:BIASWATCH_TEST_TOKEN}\n"
    monkeypatch.setenv("BIASWATCH_TEST_TOKEN", "one")
    first = parse_config(text).digest()
    monkeypatch.setenv("BIASWATCH_TEST_TOKEN", "two")
    assert parse_config(text).digest() == first


def test_text_that_only_looks_like_a_reference_is_kept() -> None:
    config = parse_config("queue:\n  sqlite:\n    path: prefix-${env:X}.sqlite\n")
    assert config.queue.sqlite.path == "prefix-${env:X}.sqlite"


# --- malformed documents -----------------------------------------------------------------


@pytest.mark.parametrize("text", ["- a\n- b\n", "just a string\n", "42\n"])
def test_non_mapping_top_level_is_an_error(text: str) -> None:
    assert "top level must be a mapping" in _error(text)


@pytest.mark.parametrize("text", ["metrics: [\n", "a: b: c\n", "key: 'unterminated\n", "---\na: 1\n---\nb: 2\n"])
def test_invalid_yaml_is_an_error(text: str) -> None:
    assert "not valid YAML" in _error(text)


# --- digest ------------------------------------------------------------------------------


def test_digest_is_stable_for_equal_configs() -> None:
    a = parse_config("metrics:\n  port: 9000\nlimits:\n  max_depth: 10\n")
    b = parse_config("limits:\n  max_depth: 10\nmetrics:\n  port: 9000\n")
    assert a.digest() == b.digest()
    assert len(a.digest()) == 16
    assert a.digest() == a.digest()


def test_digest_changes_when_an_option_changes() -> None:
    base = parse_config("detectors:\n  harm_lexicon:\n    threshold: 0.5\n")
    changed = parse_config("detectors:\n  harm_lexicon:\n    threshold: 0.6\n")
    assert base.digest() != changed.digest()
    assert parse_config("").digest() != parse_config("limits:\n  max_depth: 10\n").digest()


# --- load_config -------------------------------------------------------------------------


def test_load_config_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "agent.yaml"
    path.write_text("metrics:\n  port: 1234\n", encoding="utf-8")
    assert load_config(path).metrics.port == 1234


def test_load_config_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "agent.yaml"
    path.write_text("metrics:\n  prot: 1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value)
    assert "metrics.prot" in str(info.value)


def test_load_config_missing_file_raises_config_error(tmp_path: Path) -> None:
    missing = tmp_path / "absent.yaml"
    with pytest.raises(ConfigError) as info:
        load_config(missing)
    assert str(missing) in str(info.value)
    assert "cannot read" in str(info.value)


def test_load_config_non_utf8_file_raises_config_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"log_level: INFO # caf\xe9\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "not UTF-8" in str(info.value)
