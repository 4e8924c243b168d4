"""Wiring: configuration in, a ready Analyser / FlagQueue / Metrics out."""

from __future__ import annotations

import logging
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from prometheus_client import CollectorRegistry

from agent.analyse import Analyser
from agent.config import AgentConfig
from agent.decode import Decoder
from agent.embedder import Embedder
from agent.errors import BiaswatchError, EncoderMismatchError, HeadMismatchError
from agent.metrics.pipeline import Metrics, ModelLabels
from agent.sampling import Sampler
from agent.scorer import Scorer, options_digest
from agent.sinks.sqlite_queue import FlagQueue
from detectors import head as head_io
from detectors.base import FLAG_CATEGORIES, SCORING_RULE, Detector
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

    @property
    def scorer(self) -> Scorer:
        """What scores and flags samples here (recorded by drift baselines, agent/scorer.py)."""
        e = self.embedder
        options = {name: opts.model_dump(mode="json") for name, opts in self.config.detector_options().items()}
        return Scorer(
            rule=SCORING_RULE,
            detectors=dict(self.detector_versions),
            taxonomy=self.taxonomy.digest,
            encoder=f"{e.model_hash}+seq{self.config.embedding_model.max_seq_length}" if e is not None else "none",
            threshold=self.analyser.threshold,
            options=options_digest(options),
        )


def build(config: AgentConfig) -> Components:
    options = config.detector_options()
    specs = available()
    embedder = None
    # The encoder loads on a thread of its own while the identity lexicon is built here: creating
    # the onnxruntime session (and hashing the fine-tuned delta) mostly runs without the GIL, and
    # the lexicon is Python on one core, so the two overlap. Its errors are raised here, as before.
    with ThreadPoolExecutor(1, thread_name_prefix="load-encoder") as loader:
        loading = None
        if any(specs[name].needs_embeddings for name in options):
            log.info("loading the embedding model")
            loading = loader.submit(Embedder, config.embedding_model)
        taxonomy = Taxonomy.default()
        if loading is not None:
            embedder = loading.result()
    ctx = DetectorContext(
        taxonomy=taxonomy,
        embed_fn=embedder.encode if embedder else None,
        model_id=embedder.model_id if embedder else "",
        model_hash=embedder.model_hash if embedder else None,
        source_hash=embedder.source_hash if embedder else None,
        embed_fixed_fn=embedder.fixed_texts_encoder() if embedder else None,
    )
    try:
        detectors = [specs[name].factory(ctx, opts) for name, opts in options.items()]
    except head_io.EncoderMismatchError as exc:
        raise EncoderMismatchError(str(exc)) from None
    except head_io.HeadError as exc:
        raise HeadMismatchError(str(exc)) from None
    # Every lexicon that shares the taxonomy's scan has registered by now: build the automaton
    # here, once, rather than at the first sample, where its transient tables (~14 MiB) piled on
    # the first batch's and raised the process's peak by as much.
    _ = taxonomy.scanner
    versions = {d.name: d.version for d in detectors}
    if embedder is not None:
        versions["embedding_model"] = f"{embedder.model_id}@{embedder.model_hash}"
    analyser = Analyser(
        Decoder(config.mapping, config.limits),
        taxonomy,
        detectors,
        embed_fn=ctx.embed_fn,
        embeds=embedder is not None,
        sampler=Sampler(config.sampling),
        embedding_detectors=frozenset(name for name in options if specs[name].needs_embeddings),
        threshold=sample_threshold(detectors),
    )
    return Components(config, taxonomy, analyser, detectors, versions, embedder)


def sample_threshold(detectors: list[Detector]) -> float:
    """The one threshold samples are flagged at: the embedding detector's (its calibrated
    probability is the common scale), else the first flagging detector's, else 0.5."""
    for d in sorted(detectors, key=lambda d: d.name != "embedding"):
        t = getattr(d, "threshold", None)
        if t is None:
            t = getattr(getattr(d, "options", None), "threshold", None)
        if isinstance(t, float) and d.name != "groups":
            return t
    return 0.5


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
