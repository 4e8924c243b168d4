"""Periodic jobs on APScheduler 3.x: drift evaluation and baseline refresh.

Every job is coalesced (a backlog of missed runs collapses into one) and never overlaps itself.
A job that raises is logged and counted in `biaswatch_job_failures_total`; the agent carries on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from prometheus_client import Counter

log = logging.getLogger(__name__)


class JobScheduler:
    def __init__(self, failures: Counter) -> None:
        self.failures = failures
        self._scheduler = BackgroundScheduler(
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone="UTC",
        )

    def add(self, name: str, fn: Callable[[], object], seconds: float) -> None:
        self.failures.labels(name)
        self._scheduler.add_job(self._guarded(name, fn), "interval", seconds=seconds, id=name, name=name)

    def _guarded(self, name: str, fn: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            try:
                fn()
            except Exception:
                log.exception("scheduled job %s failed; it runs again at its next time", name)
                self.failures.labels(name).inc()

        return run

    def start(self) -> None:
        self._scheduler.start()

    def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)
