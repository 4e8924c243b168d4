"""`biaswatch baseline build`: run the configured detectors over a file and keep a reference."""

from __future__ import annotations

import logging

import numpy as np

from agent.assemble import build
from agent.config import AgentConfig
from agent.drift.baseline import Baseline, ReferenceBuilder
from agent.drift.monitor import POOLED
from agent.drift.runtime import model_hash
from agent.errors import UsageError
from agent.metrics.pipeline import ModelLabels
from agent.offline import analyse_file, freeze_loaded

log = logging.getLogger(__name__)


def build_baseline(config: AgentConfig, input_path: str, out: str) -> Baseline:
    c = build(config)
    freeze_loaded()
    drift = config.drift
    labels = ModelLabels(config.metrics.models, config.metrics.max_models)
    rng = np.random.default_rng(drift.seed)
    builders: dict[str, ReferenceBuilder] = {}
    invalid = 0
    for _, outcome in analyse_file(c.analyser, input_path, config.pipeline):
        invalid += len(outcome.invalid)
        emb = outcome.embeddings
        for i, r in enumerate(outcome.results):
            key = labels(r.sample.model) if drift.by_model else POOLED
            b = builders.get(key)
            if b is None:
                b = builders[key] = ReferenceBuilder(drift.baseline.reference_size, rng)
            b.add(r.score, r.flagged, tuple(r.groups), emb[i] if emb is not None else None)
    if not builders:
        raise UsageError(f"{input_path}: no valid samples to build a baseline from ({invalid} invalid records)")
    if invalid:
        log.warning("%d invalid records skipped (run `biaswatch score` to see why)", invalid)
    scorer = c.scorer
    refs = {k: b.build(scorer) for k, b in builders.items()}
    baseline = Baseline(model_hash(c), refs, origin=f"file:{input_path}")
    baseline.save(out)
    return baseline
