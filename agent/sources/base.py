"""The source contract the pipeline depends on (file, HTTP, Kafka, in-memory), and the helpers the
sources share: the deadline-bounded queue drain behind poll() and the batch loop offline commands use."""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Record:
    payload: bytes
    position: str  # opaque to the pipeline; stored with the flag so a reviewer can find the original
    source: str
    received_at: float
    headers: dict[str, str] = field(default_factory=dict)
    key: bytes | None = None  # the message key where the transport has one (Kafka), kept for dead letters


class Source(Protocol):
    name: str

    def poll(self, max_records: int, timeout: float) -> list[Record]:
        """Up to `max_records`, waiting at most `timeout` seconds for the first one."""
        ...

    def commit(self, records: Sequence[Record]) -> None:
        """These records are processed and every flag among them is durable in the sinks."""
        ...

    @property
    def exhausted(self) -> bool:
        """No record will ever arrive again (end of file); a live source never is."""
        ...

    def stop(self) -> None:
        """Take no new records; those already taken still arrive through poll()."""
        ...

    def close(self) -> None: ...


def batches(source: Source, size: int, timeout: float, idle: bool = False) -> Iterator[list[Record]]:
    """Drain a finite source batch by batch (offline commands); live sources never end. With `idle`,
    an empty batch each time `timeout` passes with nothing read (a slow pipe), so a caller holding
    work back can finish it rather than wait for the next record."""
    while True:
        records = source.poll(size, timeout)
        if records:
            yield records
        elif source.exhausted:
            return
        elif idle:
            yield records


def drain(q: queue.Queue[T], max_items: int, timeout: float) -> Iterator[T]:
    """Items from `q` until `max_items` or `timeout` seconds, whichever comes first; once the deadline
    has passed it still takes what is already queued without waiting, so a zero timeout is a cheap poll."""
    deadline = time.monotonic() + timeout
    for _ in range(max_items):
        remaining = deadline - time.monotonic()
        try:
            yield q.get(timeout=remaining) if remaining > 0 else q.get_nowait()
        except queue.Empty:
            return
