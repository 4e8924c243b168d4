"""Publish each flag to the flagged topic once, with the SQLite queue as the record of what was sent.

Offsets are committed after the sinks return, so a crash between the topic's ack and the commit
redelivers the batch. The SQLite queue absorbs that (idempotent on sample id); a topic cannot. This
wrapper asks the queue which flags of a redelivered batch the topic already acknowledged, sends only
the others, and records them once the broker acks. A duplicate on the topic is then left only for a
crash in the milliseconds between the broker's ack and that record; consumers still dedupe by key.
"""

from __future__ import annotations

from collections.abc import Sequence

from agent.sinks.base import DeadLetter, FlagRecord, Sink, WriteResult
from agent.sinks.sqlite_queue import FlagQueue


class PublishOnce:
    def __init__(self, inner: Sink, queue: FlagQueue) -> None:
        self.inner = inner
        self.queue = queue
        self.name = inner.name
        self.transient = (*inner.transient, *queue.transient)

    def write(self, flags: Sequence[FlagRecord], dead_letters: Sequence[DeadLetter] = ()) -> WriteResult:
        # The queue is written before this sink (pipeline order), so every id here is already in it.
        done = self.queue.published(self.name, [f.sample.id for f in flags])
        todo = [f for f in flags if f.sample.id not in done]
        result = self.inner.write(todo, dead_letters)
        if todo:
            self.queue.mark_published(self.name, [f.sample.id for f in todo])
        return WriteResult(result.inserted, result.duplicates + len(flags) - len(todo), result.dead_letters)

    def close(self) -> None:
        self.inner.close()
