"""`biaswatch baseline build`: run the configured detectors over a file and keep a reference."""

from __future__ import annotations

import logging

import numpy as np

from agent.assemble import build
from agent.config import AgentConfig
from agent.drift.baseline import Baseline, ReferenceBuilder
from agent.drift.monitor import POOLED
from agent.drift.runtime import model_hash
from agent.errors import BiaswatchError, UsageError
from agent.metrics import ModelLabels
from agent.sources.base import batches
from agent.sources.file import FileSource

log = logging.getLogger(__name__)


def build_baseline(config: AgentConfig, input_path: str, out: str) -> Baseline:
    c = build(config)
    drift = config.drift
    labels = ModelLabels(config.metrics.models, config.metrics.max_models)
    rng = np.random.default_rng(drift.seed)
    builders: dict[str, ReferenceBuilder] = {}
    source = FileSource(input_path)
    invalid = 0
    try:
        for records in batches(source, config.pipeline.batch_size, config.pipeline.batch_timeout_seconds):
            outcome = c.analyser.analyse(records)
            invalid += len(outcome.invalid)
            emb = outcome.embeddings
            for i, r in enumerate(outcome.results):
                key = labels(r.sample.model) if drift.by_model else POOLED
                b = builders.get(key)
                if b is None:
                    b = builders[key] = ReferenceBuilder(drift.baseline.reference_size, rng)
                b.add(r.score, r.flagged, tuple(r.groups), emb[i] if emb is not None else None)
    finally:
        source.close()
    if source.read_error:
        raise BiaswatchError(source.read_error)
    if not builders:
        raise UsageError(f"{input_path}: no valid samples to build a baseline from ({invalid} invalid records)")
    if invalid:
        log.warning("%d invalid records skipped (run `biaswatch score` to see why)", invalid)
    baseline = Baseline(model_hash(c), {k: b.build() for k, b in builders.items()}, origin=f"file:{input_path}")
    baseline.save(out)
    return baseline
