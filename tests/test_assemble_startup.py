"""Start-up overlap in `agent.assemble.build`: the encoder loads on its own thread while the identity
lexicon is built, and whatever the encoder's loading raises comes out of `build` as before."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from agent import assemble
from agent.config import AgentConfig, EmbeddingModelConfig
from agent.embedder import Embedder
from agent.errors import BiaswatchError


def test_a_broken_encoder_loading_in_the_background_is_raised_by_build(tmp_path: Path) -> None:
    config = AgentConfig(embedding_model=EmbeddingModelConfig(onnx_path=str(tmp_path / "nowhere")))
    with pytest.raises(BiaswatchError, match="export-encoder"):
        assemble.build(config)
    assert not any(t.name.startswith("load-encoder") for t in threading.enumerate())


def test_the_encoder_loads_beside_the_lexicon_and_the_analyser_gets_it(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def recording(config: EmbeddingModelConfig) -> Any:
        seen.append(threading.current_thread().name)
        return Embedder(config)

    monkeypatch.setattr(assemble, "Embedder", recording)
    c = assemble.build(AgentConfig())
    assert len(seen) == 1 and seen[0].startswith("load-encoder")
    assert c.embedder is not None and c.analyser.embed_fn == c.embedder.encode
    assert c.detector_versions["embedding_model"].endswith(c.embedder.model_hash)


def test_the_shared_scan_is_built_with_every_lexicon_before_the_first_sample() -> None:
    """Built at the first sample, its transient tables piled on the first batch's (peak RSS +14 MiB)."""
    config = AgentConfig(detectors={"groups": {}, "harm_lexicon": {}})
    c = assemble.build(config)
    scanner = c.taxonomy._scanner
    assert scanner is not None and "countries" in scanner.names
    assert any(name.startswith("harm") for name in scanner.names), scanner.names
