"""The agent's retraining jobs on APScheduler: close the open cycle on the configured cron, apply
retention on an interval. Each job opens its own connection to the queue file, so it is one more
concurrent writer like a reviewer's tool, serialised by SQLite's lock."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from agent.config import AgentConfig
from agent.metrics.retraining import RetrainingMetrics
from agent.retraining import cycles, retention
from agent.retraining.store import connect

log = logging.getLogger(__name__)


class RetrainingJobs:
    def __init__(self, config: AgentConfig, metrics: RetrainingMetrics) -> None:
        self.config = config
        self.metrics = metrics
        self.path = Path(config.queue.sqlite.path)
        self.failures = metrics.job_failures
        self._scheduler = BackgroundScheduler(
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None}, timezone="UTC"
        )
        rt = config.retraining
        self.failures.labels("retention")
        self._scheduler.add_job(
            self._guarded("retention", self.apply_retention),
            "interval",
            seconds=rt.retention.interval_seconds,
            id="retention",
            name="queue retention",
        )
        if rt.cycle.close_cron is not None:
            self.failures.labels("cycle_close")
            trigger = CronTrigger.from_crontab(rt.cycle.close_cron, timezone=rt.cycle.timezone)
            self._scheduler.add_job(
                self._guarded("cycle_close", self.close_cycle), trigger, id="cycle_close", name="retraining cycle close"
            )

    def _guarded(self, name: str, fn: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            try:
                fn()
            except Exception:
                log.exception("retraining job %s failed; it runs again at its next time", name)
                self.failures.labels(name).inc()

        return run

    def apply_retention(self) -> dict[str, int]:
        conn = connect(self.path, self.config.queue.sqlite.busy_timeout_ms)
        try:
            counts = retention.apply(conn, self.config.retraining.retention)
        finally:
            conn.close()
        self.metrics.count_evictions(counts)
        if any(counts.values()):
            log.info("retention evicted %s", ", ".join(f"{k}: {v}" for k, v in counts.items() if v))
        return counts

    def close_cycle(self) -> str:
        conn = connect(self.path, self.config.queue.sqlite.busy_timeout_ms)
        try:
            closed, opened = cycles.close(conn, "schedule")
        finally:
            conn.close()
        self.metrics.cycle_closes.inc()
        log.info("retraining cycle %s closed (%d samples); %s is open", closed.cycle_id, closed.samples, opened)
        return opened

    def start(self) -> None:
        self._scheduler.start()

    def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)
