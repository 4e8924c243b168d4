"""Wiring: configuration in, a ready Analyser / FlagQueue / Metrics out."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass

from prometheus_client import CollectorRegistry

from agent.analyse import Analyser
from agent.config import AgentConfig
from agent.decode import Decoder
from agent.embedder import Embedder
from agent.errors import BiaswatchError, HeadMismatchError
from agent.metrics.pipeline import Metrics, ModelLabels
from agent.sampling import Sampler
from agent.sinks.sqlite_queue import FlagQueue
from detectors.base import FLAG_CATEGORIES, Detector
from detectors.head import HeadError
from detectors.registry import DetectorContext, available
from detectors.taxonomy import Taxonomy

log = logging.getLogger(__name__)


@dataclass
class Components:
    config: AgentConfig
    taxonomy: Taxonomy
    analyser: Analyser
    detectors: list[Detector]
    detector_versions: dict[str, str]
    embedder: Embedder | None

    @property
    def config_hash(self) -> str:
        return self.config.digest()


def build(config: AgentConfig) -> Components:
    taxonomy = Taxonomy.default()
    options = config.detector_options()
    specs = available()
    embedder = None
    if any(specs[name].needs_embeddings for name in options):
        log.info("loading the embedding model")
        embedder = Embedder(config.embedding_model)
    ctx = DetectorContext(
        taxonomy=taxonomy,
        embed_fn=embedder.encode if embedder else None,
        model_id=embedder.model_id if embedder else "",
    )
    try:
        detectors = [specs[name].factory(ctx, opts) for name, opts in options.items()]
    except HeadError as exc:
        raise HeadMismatchError(str(exc)) from None
    versions = {d.name: d.version for d in detectors}
    if embedder is not None:
        versions["embedding_model"] = f"{embedder.model_id}@{embedder.model_hash}"
        _check_heads(detectors, embedder)
    analyser = Analyser(
        Decoder(config.mapping, config.limits),
        taxonomy,
        detectors,
        embed_fn=ctx.embed_fn,
        embeds=embedder is not None,
        sampler=Sampler(config.sampling),
        embedding_detectors=frozenset(name for name in options if specs[name].needs_embeddings),
    )
    return Components(config, taxonomy, analyser, detectors, versions, embedder)


def _check_heads(detectors: list[Detector], embedder: Embedder) -> None:
    """Warn when a head was fitted on other weights than the encoder's (its scores would not mean much).

    A head fitted on the torch encoder is valid on that encoder's ONNX export: both name the same
    source weights, and the export's agreement is checked on the dev sets (docs/performance.md).
    """
    for det in detectors:
        head = getattr(det, "head", None)
        trained = getattr(head, "data", {}).get("embedding_model_hash") if head is not None else None
        if trained and trained not in (embedder.source_hash, embedder.model_hash):
            log.warning(
                "detector %s: its head was trained on embedding model %s, the agent runs %s (%s backend); "
                "rebuild it with `biaswatch train-detector`",
                det.name,
                trained,
                embedder.model_hash,
                embedder.backend,
            )


def open_queue(c: Components) -> FlagQueue:
    q = c.config.queue.sqlite
    try:
        return FlagQueue(
            q.path,
            config_hash=c.config_hash,
            detector_versions=c.detector_versions,
            synchronous=q.synchronous,
            busy_timeout_ms=q.busy_timeout_ms,
        )
    except (sqlite3.Error, OSError) as exc:
        raise BiaswatchError(f"queue.sqlite.path: cannot open {q.path}: {exc}") from None


def build_metrics(c: Components, registry: CollectorRegistry, sources: list[str]) -> Metrics:
    m = c.config.metrics
    return Metrics(
        registry,
        detectors=[d.name for d in c.detectors if d.name != "groups"],
        categories=[*FLAG_CATEGORIES, "other"],
        group_axis=c.taxonomy.group_axis,
        sources=sources,
        models=ModelLabels(m.models, m.max_models),
        config_hash=c.config_hash,
        detector_versions=c.detector_versions,
    )


KNOWN_CATEGORIES = frozenset(FLAG_CATEGORIES)
