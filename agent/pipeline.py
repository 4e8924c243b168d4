"""The processing loop: poll a source, analyse, make flags durable, count, then commit the source."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_never, wait_exponential
from tenacity.stop import stop_base

from agent.analyse import Analyser, BatchOutcome, SampleResult
from agent.config import PipelineConfig
from agent.errors import StoppedWhileRetryingError
from agent.metrics.pipeline import Metrics
from agent.metrics.sampling import SamplingMetrics
from agent.retraining.scrub import Scrubber
from agent.sinks.base import DeadLetter, FlagRecord, Sink, WriteResult
from agent.sinks.sqlite_queue import FlagQueue
from agent.sources.base import Record, Source

log = logging.getLogger(__name__)

Observer = Callable[[BatchOutcome], None]


@runtime_checkable
class LagAware(Protocol):
    """A source that knows how far behind it is (Kafka); others never trigger load shedding."""

    def lag(self) -> int | None: ...

    def keepalive(self) -> None:
        """Called while a sink write is retried: stay in the consumer group without taking records."""
        ...


class _StopWhenSet(stop_base):
    """Give up retrying once shutdown is asked for; the batch is then redelivered, not lost."""

    def __init__(self, event: threading.Event) -> None:
        self.event = event

    def __call__(self, retry_state: RetryCallState) -> bool:
        return self.event.is_set()


class Pipeline:
    def __init__(
        self,
        analyser: Analyser,
        config: PipelineConfig,
        *,
        queue: FlagQueue | None = None,
        sinks: Sequence[Sink] = (),
        metrics: Metrics | None = None,
        sampling_metrics: SamplingMetrics | None = None,
        observers: Sequence[Observer] = (),
        known_categories: frozenset[str] = frozenset(),
        scrubber: Scrubber | None = None,
    ) -> None:
        self.analyser = analyser
        self.config = config
        self.queue = queue
        # Written in order, each retried on its own so a sink that succeeded is not written twice.
        self.sinks: list[Sink] = ([queue] if queue is not None else []) + list(sinks)
        self.metrics = metrics
        self.sampling_metrics = sampling_metrics
        self._source: Source | None = None
        if metrics is not None:
            for sink in self.sinks:
                for result in ("inserted", "duplicate"):
                    metrics.queue_writes.labels(sink.name, result)
                metrics.dead_letters.labels(sink.name)
                metrics.sink_errors.labels(sink.name)
        self.observers = list(observers)
        self.known_categories = known_categories
        # Redaction happens once here, after detection and before the first sink (agent/retraining/scrub.py).
        self.scrubber = scrubber
        self.last_tick = time.monotonic()
        self.processed = 0

    def tick(self) -> None:
        self.last_tick = time.monotonic()
        if self.metrics is not None:
            self.metrics.last_tick.set_to_current_time()

    def alive(self) -> bool:
        return time.monotonic() - self.last_tick < self.config.liveness_timeout_seconds

    def embed_ratio(self) -> float:
        sampler = self.analyser.sampler
        if sampler is None or not isinstance(self._source, LagAware):
            return 1.0
        return sampler.embed_ratio(self._source.lag())

    def process(self, records: Sequence[Record], stop: threading.Event | None = None) -> BatchOutcome:
        ratio = self.embed_ratio()
        outcome = self.analyser.analyse(records, ratio)
        if self.sinks:
            self._store(outcome, stop)
        if self.sampling_metrics is not None:
            self.sampling_metrics.embed_ratio.set(ratio)
            self.sampling_metrics.sampled_out.inc(outcome.sampled_out)
            self.sampling_metrics.shed.inc(outcome.shed)
        if self.metrics is not None:
            self._count(outcome, records[0].source if records else "")
        for observe in self.observers:
            observe(outcome)
        self.processed += len(records)
        return outcome

    def _store(self, outcome: BatchOutcome, stop: threading.Event | None) -> None:
        flags = [
            FlagRecord(r.sample, r.record, r.findings, r.score, r.groups, r.fully_analysed)
            for r in outcome.results
            if r.flagged
        ]
        dead = [DeadLetter(i.record, i.invalid.reason, i.invalid.message) for i in outcome.invalid]
        if not flags and not dead:
            return
        if self.scrubber is not None:
            flags, dead = self.scrubber.batch(flags, dead)
        for sink in self.sinks:
            result = self._write(sink, flags, dead, stop)
            if self.metrics is not None:
                self.metrics.queue_writes.labels(sink.name, "inserted").inc(result.inserted)
                self.metrics.queue_writes.labels(sink.name, "duplicate").inc(result.duplicates)
                self.metrics.dead_letters.labels(sink.name).inc(result.dead_letters)

    def _write(
        self, sink: Sink, flags: list[FlagRecord], dead: list[DeadLetter], stop: threading.Event | None
    ) -> WriteResult:
        # Transient failures (SQLite locked by a reviewer, broker away) are retried; the source is
        # not committed until every sink returns, so a crash here means redelivery, never loss.
        stopper: stop_base = stop_never if stop is None else _StopWhenSet(stop)
        try:
            for attempt in Retrying(
                retry=retry_if_exception_type(sink.transient),
                wait=wait_exponential(multiplier=0.1, max=5.0),
                stop=stopper,
                reraise=True,
                before_sleep=lambda state: self._on_sink_retry(sink, state),
            ):
                with attempt:
                    return sink.write(flags, dead)
        except sink.transient as exc:
            if stop is None or not stop.is_set():
                raise
            # An operator stopping an agent whose broker is away should read what happened, not a
            # traceback: nothing is lost, the source was not committed past this batch.
            raise StoppedWhileRetryingError(
                f"stopped while the {sink.name} sink was failing ({type(exc).__name__}: {exc}); "
                f"the last batch ({len(flags)} flags, {len(dead)} dead letters) was not committed "
                "and will be delivered again on restart"
            ) from exc
        raise AssertionError("unreachable: tenacity either returns or reraises")

    def _on_sink_retry(self, sink: Sink, state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome is not None else None
        log.warning("%s sink write failed (attempt %d); retrying: %s", sink.name, state.attempt_number, error)
        if self.metrics is not None:
            self.metrics.sink_errors.labels(sink.name).inc()
        self.tick()  # retrying is not stalling: /livez stays green while a broker is away
        if isinstance(self._source, LagAware):
            self._source.keepalive()

    def _count(self, outcome: BatchOutcome, source: str) -> None:
        m = self.metrics
        assert m is not None
        m.batch_size.observe(len(outcome.ordered))
        for name, seconds in outcome.timings.items():
            if name.startswith("feature:"):
                m.feature_seconds.labels(name.split(":", 1)[1]).observe(seconds)
            else:
                m.detector_seconds.labels(name).observe(seconds)
        for name, n in outcome.errors.items():
            m.detector_errors.labels(name).inc(n)
        for inv in outcome.invalid:
            m.invalid.labels(inv.invalid.reason, source).inc()
        results = outcome.results
        if not results:
            return
        m.count_samples((r.sample.model for r in results), source)
        m.count_flagged(r.sample.model for r in results if r.flagged)
        newest = 0.0
        for r in results:
            newest = max(newest, r.sample.ts)
            if r.sample.truncated:
                m.truncated.labels(source).inc()
            for g in r.prompt_groups:
                m.group_samples.labels(m.group_axis[g], g, "prompt").inc()
            for g in r.response_groups:
                m.group_samples.labels(m.group_axis[g], g, "response").inc()
            self._count_findings(r)
        m.last_sample.set(newest)

    def _count_findings(self, r: SampleResult) -> None:
        m = self.metrics
        assert m is not None
        for f in r.findings:
            if f.detector == "groups":
                continue  # routing only: its score says nothing about bias
            m.score.labels(f.detector).observe(f.score)
            if not f.flagged:
                continue
            category = f.category if f.category in self.known_categories else "other"
            axes = {m.group_axis[g] for g in f.groups if g in m.group_axis} or {"none"}
            for axis in axes:
                m.flags.labels(f.detector, category, axis).inc()

    def run(self, source: Source, stop: threading.Event, on_batch: Callable[[int], None] | None = None) -> None:
        """Process until the source is exhausted or `stop` is set; then drain what was taken."""
        stopping = False
        self._source = source
        while True:
            if stop.is_set() and not stopping:
                stopping = True
                source.stop()
            records = source.poll(self.config.batch_size, self.config.batch_timeout_seconds)
            self.tick()
            if records:
                self.process(records, stop)
                source.commit(records)
                if on_batch is not None:
                    on_batch(len(records))
            elif source.exhausted:
                return
