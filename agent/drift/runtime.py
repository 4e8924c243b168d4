"""Wiring drift into a running agent: baseline loading, the monitor, its metrics and its jobs."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from agent.analyse import BatchOutcome
from agent.assemble import Components
from agent.config import DriftConfig
from agent.drift.baseline import NO_MODEL, Baseline, previous_path
from agent.drift.monitor import Clock, DriftMonitor
from agent.drift.scheduler import JobScheduler
from agent.metrics.drift import DriftMetrics
from agent.metrics.pipeline import Metrics

log = logging.getLogger(__name__)


def model_hash(c: Components) -> str:
    return c.embedder.model_hash if c.embedder is not None else NO_MODEL


class DriftRuntime:
    def __init__(self, config: DriftConfig, c: Components, metrics: Metrics, clock: Clock) -> None:
        self.config = config
        current = model_hash(c)
        scorer = c.scorer
        path = config.baseline.path
        baseline = None
        if path and Path(path).exists():
            baseline = Baseline.load(path)
            baseline.check_model(current, f"drift.baseline.path {path}")
            log.info(
                "drift: baseline %s (revision %d, models %s); the agent runs %s",
                path,
                baseline.revision,
                list(baseline.references),
                scorer.describe(),
            )
        if "mmd" in config.tests and c.embedder is None:
            log.warning("drift: the mmd test needs an embedding detector; it is skipped")
        self.metrics = DriftMetrics(metrics.registry, config.tests, [m for m in c.config.metrics.models])
        self.monitor = DriftMonitor(
            config,
            current,
            clock=clock,
            metrics=self.metrics,
            label=metrics.models,
            baseline=baseline,
            on_baseline=self._save if path else None,
            group_axis=c.taxonomy.group_axis,
            scorer=scorer,
        )
        self._rotate_next = True
        self._boundary_lock = threading.Lock()
        self.scheduler: JobScheduler | None = None
        if clock == "scheduler":
            self.scheduler = JobScheduler(self.metrics.job_failures)
            self.scheduler.add("drift_evaluate", self.monitor.evaluate_due, config.cadence_seconds)
            if config.baseline.refresh == "scheduled":
                self.scheduler.add(
                    "baseline_refresh", self.monitor.refresh_from_windows, config.baseline.refresh_interval_seconds
                )

    def _save(self, baseline: Baseline) -> None:
        assert self.config.baseline.path is not None
        # Mid-refresh saves overwrite in place: `.prev.npz` keeps the baseline from before it (for a
        # re-learning after a scorer change, the file the previous scorer's references were in).
        baseline.save(self.config.baseline.path, rotate=self._rotate_next)
        self._rotate_next = not (self.monitor.refreshing or self.monitor.relearning)

    def observe(self, outcome: BatchOutcome) -> None:
        self.monitor.observe(outcome)

    def retraining_boundary(self) -> bool:
        """Hook for a deployment's retraining cycle; False when a refresh is already running."""
        path = self.config.baseline.path
        with self._boundary_lock:
            if not self.monitor.retraining_boundary():
                return False
            if path and Path(path).exists():
                # Kept now, not at the first save: the refresh may take hours of traffic.
                os.replace(path, previous_path(path))
            self._rotate_next = False
        return True

    def report(self) -> dict[str, Any]:
        return self.monitor.report()

    def start(self) -> None:
        if self.scheduler is not None:
            self.scheduler.start()

    def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.stop()
