"""Source `file`: JSONL from a path or from stdin, one record per line."""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from agent.errors import ConfigError
from agent.sources.base import Record, drain

_EOF = object()


class FileSource:
    """Reads on a thread so a slow pipe still yields partial batches on the batch timeout."""

    name = "file"

    def __init__(self, path: str, buffer_records: int = 4096) -> None:
        self.path = path
        if path == "-":
            self._fh: BinaryIO = sys.stdin.buffer
            self._label = "stdin"
        else:
            try:
                self._fh = Path(path).open("rb")  # noqa: SIM115 - closed in close(); read on a thread
            except OSError as exc:
                raise ConfigError(f"source.path: cannot open {path}: {exc.strerror}") from None
            self._label = path
        self._queue: queue.Queue[Record | object] = queue.Queue(maxsize=buffer_records)
        self._exhausted = False
        self.read_error: str | None = None
        self.committed_line = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, name="file-source", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        line_no = 0
        try:
            for raw in self._fh:
                if self._stop.is_set():
                    return
                line_no += 1
                payload = raw[:-1] if raw.endswith(b"\n") else raw
                if payload.endswith(b"\r"):
                    payload = payload[:-1]
                self._queue.put(Record(payload, f"{self._label}:{line_no}", self.name, time.time()))
        except (OSError, ValueError) as exc:
            # ValueError is a read on a file close() already shut: a normal way to stop.
            if not self._stop.is_set():
                self.read_error = f"reading {self._label} failed: {exc}"
        finally:
            self._queue.put(_EOF)

    def poll(self, max_records: int, timeout: float) -> list[Record]:
        if self._exhausted:
            return []
        out: list[Record] = []
        for item in drain(self._queue, max_records, timeout):
            if item is _EOF:
                self._exhausted = True
                return out
            assert isinstance(item, Record)
            out.append(item)
        if len(out) < max_records and self._stop.is_set():
            self._exhausted = True  # the queue ran dry after stop(): nothing more will come
        return out

    def commit(self, records: Sequence[Record]) -> None:
        if records:
            self.committed_line = int(records[-1].position.rsplit(":", 1)[1])

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    def stop(self) -> None:
        # The reader may be blocked on a quiet pipe; poll() ends the stream once the buffer drains.
        self._stop.set()

    def close(self) -> None:
        self._stop.set()
        if self._fh is not sys.stdin.buffer:
            self._fh.close()
