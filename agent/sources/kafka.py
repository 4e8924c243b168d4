"""Kafka consumer-group source: records in, offsets committed only after the sinks are durable.

kafka-python 3.x runs rebalance listeners on its IO thread, so the listener here only records
what changed; the poll thread (the only thread touching the consumer) acts on it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Sequence
from typing import Any

from kafka import ConsumerRebalanceListener, KafkaConsumer, TopicPartition
from kafka.coordinator.assignors.abstract import AbstractPartitionAssignor
from kafka.coordinator.assignors.cooperative_sticky import CooperativeStickyAssignor
from kafka.coordinator.assignors.range import RangePartitionAssignor
from kafka.coordinator.assignors.roundrobin import RoundRobinPartitionAssignor
from kafka.errors import BrokerResponseError, IllegalStateError, KafkaError

from agent.config import KafkaSourceConfig
from agent.kafka.client import group_instance_id, security_options
from agent.kafka.commits import OffsetCommitter
from agent.metrics.kafka import KafkaMetrics
from agent.sources.base import Record

log = logging.getLogger(__name__)

ASSIGNORS: dict[str, type[AbstractPartitionAssignor]] = {
    "cooperative-sticky": CooperativeStickyAssignor,
    "range": RangePartitionAssignor,
    "roundrobin": RoundRobinPartitionAssignor,
}
PROBE_AFTER = 5.0  # seconds without a broker answer before the source asks one
PROBE_TIMEOUT_MS = 2000


class _Listener(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self) -> None:
        self.events: deque[tuple[str, list[TopicPartition]]] = deque()

    def on_partitions_revoked(self, revoked: Any) -> None:
        self.events.append(("revoked", list(revoked)))

    def on_partitions_assigned(self, assigned: Any) -> None:
        self.events.append(("assigned", list(assigned)))

    def on_partitions_lost(self, lost: Any) -> None:
        self.events.append(("lost", list(lost)))


def _headers(raw: Sequence[tuple[str, bytes | None]] | None) -> dict[str, str]:
    # Trace ids are text; anything else is kept readable rather than dropped.
    return {k: (v or b"").decode("utf-8", errors="replace") for k, v in raw or ()}


class KafkaSource:
    name = "kafka"

    def __init__(self, config: KafkaSourceConfig, metrics: KafkaMetrics | None = None) -> None:
        self._resync_pending = False
        self.config = config
        self.metrics = metrics
        self._listener = _Listener()
        self._stopped = threading.Event()
        self._positions: dict[TopicPartition, int] = {}  # next offset to read, per owned partition
        self._lag: dict[TopicPartition, int] = {}
        self._in_flight = 0
        self._paused = False
        self._consumer_or_none: KafkaConsumer | None = None
        self._next_connect = 0.0
        self._connect_backoff = 0.5
        self._last_answer = 0.0  # monotonic time of the last broker answer seen
        self._next_probe = 0.0
        self._commits = OffsetCommitter(config.commit_timeout_seconds, metrics)

    @property
    def _consumer(self) -> KafkaConsumer:
        assert self._consumer_or_none is not None
        return self._consumer_or_none

    def _connect(self) -> bool:
        """Create the consumer; kafka-python bootstraps in its constructor, so a broker that is away
        at start is retried here with backoff instead of crashing the agent."""
        if self._consumer_or_none is not None:
            return True
        if time.monotonic() < self._next_connect:
            return False
        config = self.config
        instance = group_instance_id(config)
        try:
            consumer = KafkaConsumer(
                bootstrap_servers=config.bootstrap_servers,
                client_id=config.client_id,
                group_id=config.group_id,
                group_instance_id=instance,
                enable_auto_commit=False,
                check_crcs=config.check_crcs,
                auto_offset_reset=config.auto_offset_reset,
                partition_assignment_strategy=[ASSIGNORS[config.assignor]],
                session_timeout_ms=config.session_timeout_ms,
                heartbeat_interval_ms=config.heartbeat_interval_ms,
                max_poll_interval_ms=config.max_poll_interval_ms,
                bootstrap_timeout_ms=10_000,
                **security_options(config.security),
            )
        except KafkaError as exc:
            log.warning("cannot reach the Kafka brokers (retrying in %.1f s): %s", self._connect_backoff, exc)
            self._next_connect = time.monotonic() + self._connect_backoff
            self._connect_backoff = min(self._connect_backoff * 2, 30.0)
            if self.metrics is not None:
                self.metrics.up.set(0)
            return False
        consumer.subscribe(topics=config.topics, listener=self._listener)
        log.info(
            "kafka source: topics %s, group %s, member %s",
            ",".join(config.topics),
            config.group_id,
            instance or "(dynamic)",
        )
        self._consumer_or_none = consumer
        self._heard_from_broker()  # the constructor's bootstrap got metadata back
        return True

    # -- the Source protocol --------------------------------------------------------------

    def poll(self, max_records: int, timeout: float) -> list[Record]:
        if self._stopped.is_set():
            return []
        if not self._connect():
            self._stopped.wait(timeout)  # keep the loop's pace (and its liveness ticks) while away
            return []
        self._apply_rebalances()
        self._backpressure()
        limit = max(1, min(max_records, self.config.max_in_flight - self._in_flight))
        try:
            batches = self._consumer.poll(timeout_ms=int(timeout * 1000), max_records=limit)
        except KafkaError as exc:
            # A broker outage is not fatal: the loop keeps ticking and kafka-python reconnects with backoff.
            log.warning("kafka poll failed: %s", exc)
            batches = {}
        self._apply_rebalances()
        self._commits.pump(self._consumer, self.owned())
        out: list[Record] = []
        for tp, messages in batches.items():
            for m in messages:
                out.append(
                    Record(
                        payload=m.value if m.value is not None else b"",
                        position=f"{tp.topic}:{tp.partition}:{m.offset}",
                        source=self.name,
                        # The record's own timestamp: the best stand-in when the payload carries none.
                        received_at=m.timestamp / 1000.0 if m.timestamp and m.timestamp > 0 else time.time(),
                        headers=_headers(m.headers),
                        key=m.key,
                    )
                )
            if messages:
                self._positions[tp] = messages[-1].offset + 1
                if self.metrics is not None:
                    self.metrics.consumed.labels(tp.topic).inc(len(messages))
        self._in_flight += len(out)
        if out:
            self._heard_from_broker()  # records are the broker's answer
        self._update_lag()
        self._update_up()
        return out

    def commit(self, records: Sequence[Record]) -> None:
        """Every flag of these records is durable: their offsets become due, sent asynchronously."""
        offsets: dict[TopicPartition, int] = {}
        for r in records:
            topic, partition, offset = r.position.rsplit(":", 2)
            tp = TopicPartition(topic, int(partition))
            offsets[tp] = max(offsets.get(tp, -1), int(offset) + 1)
        self._in_flight = max(0, self._in_flight - len(records))
        self._commits.durable(offsets)
        if self._consumer_or_none is not None:
            # A partition revoked meanwhile belongs to another member now; it redelivers these records.
            self._commits.pump(self._consumer, self.owned())

    @property
    def exhausted(self) -> bool:
        return self._stopped.is_set()

    def stop(self) -> None:
        self._stopped.set()

    def close(self) -> None:
        # With static membership close() does not leave the group: a restarted pod takes its
        # partitions back within the session timeout, without a rebalance.
        if self._consumer_or_none is not None:
            self._commits.flush(self._consumer_or_none, self._consumer_or_none.assignment())
            self._consumer_or_none.close(autocommit=False)

    # -- lag, backpressure, connection state (the pipeline's LagAware protocol) -------------

    def owned(self) -> set[TopicPartition]:
        """The partitions assigned to this member now (a copy: the IO thread may change it any time)."""
        return set(self._consumer.assignment()) if self._consumer_or_none is not None else set()

    def lag(self) -> int | None:
        return sum(self._lag.values()) if self._lag else None

    def keepalive(self) -> None:
        """Stay in the group while a sink write is retried: pause everything and poll for nothing.

        The poll may complete a rebalance on kafka-python's IO thread, so what was paused before it
        can be revoked after it: only partitions still assigned are resumed, and only those this
        call paused (backpressure's pauses stay).
        """
        if self._consumer_or_none is None:
            return
        consumer = self._consumer
        paused_here = self.owned() - consumer.paused()
        self._pause(paused_here)
        try:
            consumer.poll(timeout_ms=0, max_records=1)
        except KafkaError as exc:
            log.debug("keepalive poll failed: %s", exc)
        finally:
            self._resume(paused_here)
        self._apply_rebalances()
        self._commits.pump(consumer, self.owned())
        self._update_up()

    def _pause(self, partitions: set[TopicPartition]) -> None:
        for tp in partitions:
            # Revoked between the snapshot and this call (the IO thread does not wait for us).
            with contextlib.suppress(KeyError):
                self._consumer.pause(tp)

    def _resume(self, partitions: set[TopicPartition]) -> None:
        for tp in partitions:
            with contextlib.suppress(KeyError):
                self._consumer.resume(tp)

    def _backpressure(self) -> None:
        consumer = self._consumer
        if self._in_flight >= self.config.max_in_flight:
            # Every poll, not only on the transition: partitions assigned meanwhile arrive unpaused.
            self._pause(self.owned() - consumer.paused())
            self._paused = True
        elif self._paused:
            self._resume(consumer.paused())
            self._paused = False
        if self.metrics is not None:
            self.metrics.paused.set(len(consumer.paused()))
            self.metrics.assigned.set(len(self.owned()))

    def _apply_rebalances(self) -> None:
        while self._listener.events:
            kind, partitions = self._listener.events.popleft()
            log.info("partitions %s: %s", kind, ", ".join(f"{tp.topic}:{tp.partition}" for tp in partitions) or "-")
            if self.metrics is not None:
                self.metrics.rebalances.labels(kind).inc()
            if kind == "assigned":
                continue
            self._commits.forget(partitions)
            for tp in partitions:
                self._positions.pop(tp, None)
                self._lag.pop(tp, None)
                if self.metrics is not None:
                    with contextlib.suppress(KeyError):
                        self.metrics.lag.remove(tp.topic, str(tp.partition))

    def _update_lag(self) -> None:
        # On the poll thread (KafkaConsumer is not thread-safe): high watermark from the last fetch
        # minus the next offset this member will read.
        for tp in self.owned():
            try:
                high = self._consumer.highwater(tp)
            except IllegalStateError:
                continue  # revoked since the snapshot
            self._record_lag(tp, high)

    def _heard_from_broker(self) -> None:
        self._last_answer = time.monotonic()
        self._set_up(True)

    def _set_up(self, up: bool) -> None:
        if self.metrics is not None:
            self.metrics.up.set(1 if up else 0)
        if not up:
            self._resync_pending = True
        elif self._resync_pending:
            self._resync()

    def _update_up(self) -> None:
        """`biaswatch_kafka_up` from what the brokers answer, not from socket state.

        Records arriving are an answer. An idle member (no records for PROBE_AFTER seconds) asks
        for its partitions' end offsets, or, before it owns any, for fresh metadata; a broker
        error reply still counts as an answer, a timeout or a refused connection does not.
        """
        now = time.monotonic()
        if now - self._last_answer < PROBE_AFTER or now < self._next_probe:
            return
        self._next_probe = now + PROBE_AFTER
        consumer = self._consumer
        owned = self.owned()
        try:
            if owned:
                ends = consumer.end_offsets(sorted(owned), timeout_ms=PROBE_TIMEOUT_MS)
                self._idle_lag(ends)
            else:
                consumer.bootstrap(timeout_ms=PROBE_TIMEOUT_MS, refresh=True)
        except BrokerResponseError as exc:
            log.debug("kafka probe: the broker answered with an error: %s", exc)
        except KafkaError as exc:
            log.debug("kafka probe: no answer: %s", exc)
            self._set_up(False)
            return
        self._heard_from_broker()

    def _idle_lag(self, ends: dict[TopicPartition, int]) -> None:
        # Fetch responses carry the high watermark only while records flow; when idle, the probe's
        # end offsets keep the lag current (e.g. records produced to a partition we stopped fetching).
        for tp, end in ends.items():
            self._record_lag(tp, end)

    def _record_lag(self, tp: TopicPartition, end: int | None) -> None:
        """Lag = end offset − the next offset this member reads; unknown until both are known."""
        pos = self._positions.get(tp)
        if end is None or pos is None:
            return
        self._lag[tp] = max(0, end - pos)
        if self.metrics is not None:
            self.metrics.lag.labels(tp.topic, str(tp.partition)).set(self._lag[tp])

    def _resync(self) -> None:
        """After an outage, read from the committed offsets again instead of the in-memory positions.

        A broker that lost its log (or a cluster restored from backup) can hand out offsets again
        that this member already read past; continuing from memory would then skip records. The
        committed offset is always safe: everything before it is durable, and what comes again is
        deduplicated by sample id.
        """
        try:
            for tp in self.owned():
                # Bounded: a broker that accepted the connection may still not answer.
                committed = self._consumer.committed(tp, timeout_ms=int(self.config.commit_timeout_seconds * 1000))
                if committed is None:
                    if self.config.auto_offset_reset == "earliest":
                        self._consumer.seek_to_beginning(tp)
                    else:
                        self._consumer.seek_to_end(tp)
                else:
                    self._consumer.seek(tp, committed)
                self._positions.pop(tp, None)
        except KafkaError as exc:
            log.info("kafka: offsets not readable yet after reconnecting (%s); will retry", exc)
            return
        self._commits.reset()
        self._resync_pending = False
        log.info("kafka: reconnected; reading again from the committed offsets")
