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
from agent.decode import safe_text
from agent.errors import StoppedWhileRetryingError
from agent.metrics.pipeline import Metrics
from agent.metrics.sampling import SamplingMetrics
from agent.retraining.scrub import Scrubber
from agent.sinks.base import DeadLetter, FlagRecord, Sink, WriteResult
from agent.sinks.sqlite_queue import FlagQueue
from agent.sources.base import Record, Source
from detectors.base import UNKNOWN_GROUP

log = logging.getLogger(__name__)

Observer = Callable[[BatchOutcome], None]
SINK_LOG_INTERVAL_SECONDS = 30.0


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
        self._sink_log: dict[str, tuple[float, int]] = {}  # sink -> (last logged, failures not logged since)

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
        dead = [DeadLetter(i.record, i.invalid.reason, i.invalid.message, i.invalid.stage) for i in outcome.invalid]
        if not flags and not dead:
            return
        if self.scrubber is not None:
            flags, dead = self.scrubber.batch(flags, dead)
        for sink in self.sinks:
            try:
                result = self._write(sink, flags, dead, stop)
            except sink.transient:
                raise
            except StoppedWhileRetryingError:
                raise
            except Exception as exc:
                # Not transient: some record cannot be serialised by this sink. Find it, dead-letter
                # it, and let the rest of the batch through, so a redelivery cannot loop on it.
                result, flags = self._isolate(sink, flags, dead, stop, exc)
            if self.metrics is not None:
                self.metrics.queue_writes.labels(sink.name, "inserted").inc(result.inserted)
                self.metrics.queue_writes.labels(sink.name, "duplicate").inc(result.duplicates)
                self.metrics.dead_letters.labels(sink.name).inc(result.dead_letters)

    def _isolate(
        self,
        sink: Sink,
        flags: list[FlagRecord],
        dead: list[DeadLetter],
        stop: threading.Event | None,
        error: Exception,
    ) -> tuple[WriteResult, list[FlagRecord]]:
        """Write each flag alone; those the sink refuses become dead letters. Returns the flags kept."""
        log.warning("%s sink refused a batch (%s); writing its records one by one", sink.name, _describe(error))
        inserted = duplicates = dead_written = 0
        kept: list[FlagRecord] = []
        refused: list[DeadLetter] = []
        for flag in flags:
            try:
                r = self._write(sink, [flag], [], stop)
            except sink.transient:
                raise
            except StoppedWhileRetryingError:
                raise
            except Exception as exc:
                message = f"sink: the {sink.name} sink could not store the flag: {_describe(exc)}"
                log.warning("record %s is poison for the %s sink: %s", flag.record.position, sink.name, message)
                refused.append(DeadLetter(flag.record, "poison", message, "sink"))
                continue
            inserted += r.inserted
            duplicates += r.duplicates
            kept.append(flag)
        if refused and self.scrubber is not None:
            # Raw payloads of refused flags get the same redaction as every other dead letter.
            refused = list(self.scrubber.batch([], refused)[1])
        for letter in [*dead, *refused]:
            try:
                r = self._write(sink, [], [letter], stop)
            except sink.transient:
                raise
            except StoppedWhileRetryingError:
                raise
            except Exception as exc:
                # Even the raw bytes cannot be stored here: say so loudly, once per record, and go on.
                log.error(
                    "%s sink cannot store the dead letter for %s (%s); it is counted, not stored",
                    sink.name,
                    letter.record.position,
                    _describe(exc),
                )
                continue
            dead_written += r.dead_letters
        if self.metrics is not None:
            for letter in refused:
                self.metrics.poison.labels("sink").inc()
                self.metrics.invalid.labels("poison", letter.record.source).inc()
        return WriteResult(inserted, duplicates, dead_written), kept

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
        # One line when the failure starts, then one per interval with a count: a disk full for an
        # hour reads as a few lines, not thousands. biaswatch_sink_errors_total counts every attempt.
        now = time.monotonic()
        last, quiet = self._sink_log.get(sink.name, (float("-inf"), 0))
        if state.attempt_number == 1 or now - last >= SINK_LOG_INTERVAL_SECONDS:
            more = f" ({quiet} more failures in the last {now - last:.0f} s)" if quiet and last > float("-inf") else ""
            log.warning(
                "%s sink write failed (attempt %d); retrying: %s%s", sink.name, state.attempt_number, error, more
            )
            self._sink_log[sink.name] = (now, 0)
        else:
            self._sink_log[sink.name] = (last, quiet + 1)
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
            if inv.invalid.reason == "poison":
                m.poison.labels(inv.invalid.stage).inc()
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
            for repair in r.sample.repairs:
                m.repaired.labels(repair, source).inc()
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
            axes = {m.group_axis.get(g, UNKNOWN_GROUP) for g in f.groups} or {"none"}
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


def _describe(exc: BaseException) -> str:
    return safe_text(f"{type(exc).__name__}: {exc}")[:500]
