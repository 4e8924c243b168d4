"""Publish each flag to the flagged topic once, with the SQLite queue as the record of what was sent.

Offsets are committed after the sinks return, so a crash between the topic's ack and the commit
redelivers the batch. The SQLite queue absorbs that (idempotent on sample id); a topic cannot. This
wrapper asks the queue which flags of a redelivered batch the topic already acknowledged, sends only
the others, and records them once the broker acks. A duplicate on the topic is then left only for a
crash while a batch is in flight or in the milliseconds between the broker's ack and that record;
consumers still dedupe by key. A write that fails part-way records what the brokers did take.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from agent.sinks.base import DeadLetter, FlagRecord, Sink, WriteResult
from agent.sinks.sqlite_queue import FlagQueue


class TracksAcks(Sink, Protocol):
    topic: str
    # Sample ids the topic acknowledged before the last write raised (a write can fail part-way).
    acknowledged: list[str]


class PublishOnce:
    def __init__(self, inner: TracksAcks, queue: FlagQueue) -> None:
        self.inner = inner
        self.queue = queue
        self.name = inner.name
        self.transient = (*inner.transient, *queue.transient)
        # Per topic: after the flagged topic is renamed in the config, redelivered flags go to the new one.
        self._record = f"{inner.name}:{inner.topic}"

    def write(self, flags: Sequence[FlagRecord], dead_letters: Sequence[DeadLetter] = ()) -> WriteResult:
        # The queue is written before this sink (pipeline order), so every id here is already in it.
        done = self.queue.published(self._record, [f.sample.id for f in flags])
        todo = [f for f in flags if f.sample.id not in done]
        try:
            result = self.inner.write(todo, dead_letters)
        except self.inner.transient:
            if self.inner.acknowledged:
                self.queue.mark_published(self._record, self.inner.acknowledged)
            raise
        if todo:
            self.queue.mark_published(self._record, [f.sample.id for f in todo])
        return WriteResult(result.inserted, result.duplicates + len(flags) - len(todo), result.dead_letters)

    def close(self) -> None:
        self.inner.close()
