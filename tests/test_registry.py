"""Detectors by name: built-ins, plugins through the entry-point group, and config errors."""

from __future__ import annotations

from importlib.metadata import EntryPoint
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict

from agent.config import parse_config
from agent.errors import ConfigError
from detectors import registry
from detectors.base import Batch, Finding
from detectors.registry import DetectorContext, DetectorSpec


class ShoutOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    level: int = 1


class Shout:
    name = "shout"
    version = "1"

    def detect(self, batch: Batch) -> list[Finding]:
        return []


def _factory(ctx: DetectorContext, opts: BaseModel) -> Shout:
    return Shout()


SPEC = DetectorSpec(ShoutOptions, _factory)


@pytest.fixture
def plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    ep = EntryPoint("shout", f"{__name__}:SPEC", registry.ENTRY_POINT_GROUP)

    def fake_entry_points(group: str) -> list[EntryPoint]:
        return [ep] if group == registry.ENTRY_POINT_GROUP else []

    monkeypatch.setattr(registry, "entry_points", fake_entry_points)


def test_builtins_are_registered() -> None:
    assert {"groups", "harm_lexicon", "answer_choice", "embedding"} <= set(registry.available())
    assert registry.available()["embedding"].needs_embeddings


@pytest.mark.usefixtures("plugin")
def test_a_plugin_registers_through_the_entry_point_group() -> None:
    specs = registry.available()
    assert specs["shout"] is SPEC
    config = parse_config("detectors: {shout: {level: 3}}")
    opts: Any = config.detector_options()["shout"]
    assert opts.level == 3


@pytest.mark.usefixtures("plugin")
def test_plugin_options_are_validated_like_builtins() -> None:
    with pytest.raises(ConfigError, match=r"detectors\.shout\.levle"):
        parse_config("detectors: {shout: {levle: 3}}")


def test_unknown_detector_lists_the_known_ones() -> None:
    known = r"unknown detector \(known: answer_choice, embedding, groups, harm_lexicon\)"
    with pytest.raises(ConfigError, match=known):
        parse_config("detectors: {nope: {}}")
