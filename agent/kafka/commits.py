"""Offset commits for the Kafka source: asynchronous, one request at a time, never ahead of durability.

The pipeline reports each batch once its flags are durable (`durable`). Those offsets go to the
broker with `commit_async`, at most one request in flight: kafka-python queues completed-commit
callbacks LIFO, and two requests racing (one stuck in a coordinator lookup) could land out of
order. Offsets reported while a request is in flight wait and go out with the next one, so the
newest durable offset of every partition is always what is sent.

A commit that fails, or whose answer takes longer than the timeout, is counted once and its
partitions stay due: the next request carries the newest durable offsets (never older ones), so a
timeout can neither lose an offset (it is sent again) nor skip one (nothing not yet durable is
ever sent). A late answer to an abandoned request is ignored.

Everything here runs on the poll thread: kafka-python invokes commit callbacks from inside
`poll()` / `commit_async()` on the calling thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from typing import Any

from kafka import KafkaConsumer, OffsetAndMetadata, TopicPartition
from kafka.errors import KafkaError, KafkaTimeoutError

from agent.metrics.kafka import KafkaMetrics

log = logging.getLogger(__name__)

MAX_BACKOFF = 5.0


@dataclass(eq=False)
class _Request:
    offsets: dict[TopicPartition, int]
    sent: float = field(default_factory=time.monotonic)


class OffsetCommitter:
    def __init__(self, timeout: float, metrics: KafkaMetrics | None = None) -> None:
        self.timeout = timeout
        self.metrics = metrics
        # Next offset to read, per partition, for which every record before it is durable.
        self._durable: dict[TopicPartition, int] = {}
        # What the broker confirmed for this member.
        self._acked: dict[TopicPartition, int] = {}
        self._in_flight: _Request | None = None
        self._retry_at = 0.0
        self._backoff = 0.1

    # -- state ---------------------------------------------------------------------------

    def durable(self, offsets: Mapping[TopicPartition, int]) -> None:
        """The batch ending at these offsets is durable. Latest wins, not max: after a resync seeks a
        partition back to its committed offset, the smaller offset is the true one."""
        self._durable.update(offsets)

    def forget(self, partitions: Set[TopicPartition] | list[TopicPartition]) -> None:
        """Partitions revoked or lost: their new owner redelivers what was not committed here."""
        for tp in partitions:
            self._durable.pop(tp, None)
            self._acked.pop(tp, None)

    def reset(self) -> None:
        """After a broker outage the old offsets may mean nothing (a broker that lost its log numbers
        from 0 again): drop every offset held and abandon the request in flight."""
        self._durable.clear()
        self._acked.clear()
        self._in_flight = None

    def due(self, owned: Set[TopicPartition]) -> dict[TopicPartition, int]:
        return {tp: off for tp, off in self._durable.items() if tp in owned and self._acked.get(tp) != off}

    def acked(self) -> dict[TopicPartition, int]:
        return dict(self._acked)

    # -- driving commits (poll thread) ---------------------------------------------------

    def pump(self, consumer: KafkaConsumer, owned: Set[TopicPartition]) -> None:
        """Check the request in flight; send the next one when it is done and something is due."""
        request = self._in_flight
        now = time.monotonic()
        if request is not None:
            if now - request.sent < self.timeout:
                return
            self._failed(request, KafkaTimeoutError(f"no answer to the offset commit within {self.timeout:g} s"))
        if now < self._retry_at:
            return
        offsets = self.due(owned)
        if not offsets:
            return
        request = _Request(offsets)
        self._in_flight = request
        try:
            consumer.commit_async(
                offsets={tp: OffsetAndMetadata(off, "", -1) for tp, off in offsets.items()},
                callback=lambda _offsets, result: self._answered(request, result),
            )
        except KafkaError as exc:  # e.g. fenced by a newer member with our instance id
            self._failed(request, exc)

    def _answered(self, request: _Request, result: Any) -> None:
        if request is not self._in_flight:
            log.debug("late answer to an abandoned offset commit ignored: %r", result)
            return
        if isinstance(result, BaseException):
            self._failed(request, result)
            return
        self._in_flight = None
        self._backoff = 0.1
        self._retry_at = 0.0
        for tp, off in request.offsets.items():
            if tp in self._durable:  # not forgotten (revoked) meanwhile
                self._acked[tp] = off
        if self.metrics is not None:
            self.metrics.commit_seconds.observe(time.monotonic() - request.sent)

    def _failed(self, request: _Request, error: BaseException) -> None:
        # Not raised: the flags are durable and the offsets stay due, so the next request carries them.
        if request is self._in_flight:
            self._in_flight = None
        log.warning("offset commit failed (retrying in %.1f s): %s", self._backoff, error)
        if self.metrics is not None:
            self.metrics.commit_failures.inc()
        self._retry_at = time.monotonic() + self._backoff
        self._backoff = min(self._backoff * 2, MAX_BACKOFF)

    def flush(self, consumer: KafkaConsumer, owned: Set[TopicPartition]) -> bool:
        """Synchronous commit of everything due (shutdown). True when nothing is left uncommitted."""
        offsets = self.due(owned)
        if not offsets:
            return True
        t0 = time.monotonic()
        try:
            consumer.commit(
                offsets={tp: OffsetAndMetadata(off, "", -1) for tp, off in offsets.items()},
                timeout_ms=int(self.timeout * 1000),
            )
        except KafkaError as exc:
            log.warning("final offset commit failed (those records will be redelivered): %s", exc)
            if self.metrics is not None:
                self.metrics.commit_failures.inc()
            return False
        self._in_flight = None
        self._acked.update(offsets)
        if self.metrics is not None:
            self.metrics.commit_seconds.observe(time.monotonic() - t0)
        return True
