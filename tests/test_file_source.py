"""Tests for agent/sources/file.py: JSONL from a path, one record per line, read on a thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.errors import ConfigError
from agent.sources.base import Record
from agent.sources.file import FileSource

TIMEOUT = 5.0


def _drain(source: FileSource) -> list[Record]:
    """Poll until the source is exhausted (or the deadline passes)."""
    out: list[Record] = []
    deadline = time.monotonic() + TIMEOUT
    while not source.exhausted and time.monotonic() < deadline:
        out.extend(source.poll(100, 0.2))
    return out


@pytest.fixture
def opened() -> Iterator[list[FileSource]]:
    sources: list[FileSource] = []
    try:
        yield sources
    finally:
        for s in sources:
            s.close()


def _open(opened: list[FileSource], path: Path, **kwargs: int) -> FileSource:
    source = FileSource(str(path), **kwargs)
    opened.append(source)
    return source


def test_positions_are_path_and_line_number(tmp_path: Path, opened: list[FileSource]) -> None:
    path = tmp_path / "samples.jsonl"
    path.write_bytes(b'{"response": "a"}\n{"response": "b"}\n{"response": "c"}\n')
    source = _open(opened, path)
    records = _drain(source)
    assert [r.position for r in records] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert [r.payload for r in records] == [b'{"response": "a"}', b'{"response": "b"}', b'{"response": "c"}']
    assert all(r.source == "file" for r in records)
    assert all(r.received_at > 0 for r in records)
    assert source.exhausted is True


def test_blank_lines_yield_empty_payloads(tmp_path: Path, opened: list[FileSource]) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_bytes(b'{"response": "a"}\n\n   \n{"response": "b"}\n')
    records = _drain(_open(opened, path))
    assert [r.payload for r in records] == [b'{"response": "a"}', b"", b"   ", b'{"response": "b"}']
    assert [r.position.rsplit(":", 1)[1] for r in records] == ["1", "2", "3", "4"]


def test_crlf_line_endings_are_stripped(tmp_path: Path, opened: list[FileSource]) -> None:
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(b'{"response": "a"}\r\n\r\n{"response": "b\\r"}\r\n')
    records = _drain(_open(opened, path))
    assert [r.payload for r in records] == [b'{"response": "a"}', b"", b'{"response": "b\\r"}']


def test_last_line_without_newline_is_read(tmp_path: Path, opened: list[FileSource]) -> None:
    path = tmp_path / "tail.jsonl"
    path.write_bytes(b'{"response": "a"}\n{"response": "no newline"}')
    records = _drain(_open(opened, path))
    assert [r.payload for r in records] == [b'{"response": "a"}', b'{"response": "no newline"}']


def test_raw_bytes_are_passed_through(tmp_path: Path, opened: list[FileSource]) -> None:
    path = tmp_path / "binary.jsonl"
    path.write_bytes(b"\xff\xfe not utf-8\n")
    assert [r.payload for r in _drain(_open(opened, path))] == [b"\xff\xfe not utf-8"]


def test_exhausted_only_after_eof(tmp_path: Path, opened: list[FileSource]) -> None:
    path = tmp_path / "three.jsonl"
    path.write_bytes(b"1\n2\n3\n")
    source = _open(opened, path)
    assert source.exhausted is False
    first: list[Record] = []
    deadline = time.monotonic() + TIMEOUT
    while not first and time.monotonic() < deadline:
        first = source.poll(1, 0.2)
    assert [r.payload for r in first] == [b"1"]
    assert source.exhausted is False
    rest = _drain(source)
    assert [r.payload for r in rest] == [b"2", b"3"]
    assert source.exhausted is True
    assert source.poll(10, 0.1) == []


def test_empty_file_is_exhausted_with_no_records(tmp_path: Path, opened: list[FileSource]) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    source = _open(opened, path)
    assert _drain(source) == []
    assert source.exhausted is True


def test_more_lines_than_the_buffer(tmp_path: Path, opened: list[FileSource]) -> None:
    path = tmp_path / "many.jsonl"
    path.write_bytes(b"".join(b"%d\n" % i for i in range(50)))
    records = _drain(_open(opened, path, buffer_records=4))
    assert [r.payload for r in records] == [b"%d" % i for i in range(50)]


def test_commit_records_the_last_committed_line(tmp_path: Path, opened: list[FileSource]) -> None:
    path = tmp_path / "commit.jsonl"
    path.write_bytes(b"a\nb\nc\nd\n")
    source = _open(opened, path)
    assert source.committed_line == 0
    records = _drain(source)
    assert len(records) == 4
    source.commit(records[:2])
    assert source.committed_line == 2
    source.commit([])
    assert source.committed_line == 2
    source.commit(records[2:])
    assert source.committed_line == 4


def test_commit_handles_a_path_containing_colons(tmp_path: Path, opened: list[FileSource]) -> None:
    path = tmp_path / "a:b:c.jsonl"
    path.write_bytes(b"x\ny\n")
    source = _open(opened, path)
    records = _drain(source)
    assert records[-1].position == f"{path}:2"
    source.commit(records)
    assert source.committed_line == 2


def test_missing_file_raises_config_error(tmp_path: Path) -> None:
    missing = tmp_path / "absent.jsonl"
    with pytest.raises(ConfigError) as info:
        FileSource(str(missing))
    assert "source.path" in str(info.value)
    assert str(missing) in str(info.value)


def test_directory_raises_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        FileSource(str(tmp_path))


def test_stop_ends_the_stream_once_the_buffer_drains(tmp_path: Path, opened: list[FileSource]) -> None:
    path = tmp_path / "stop.jsonl"
    path.write_bytes(b"".join(b"%d\n" % i for i in range(100)))
    source = _open(opened, path, buffer_records=2)
    source.stop()
    records = _drain(source)
    assert source.exhausted is True
    assert len(records) < 100  # the reader stopped taking lines
    assert [r.payload for r in records] == [b"%d" % i for i in range(len(records))]


def test_close_mid_file_ends_the_reader_cleanly(
    tmp_path: Path, opened: list[FileSource], monkeypatch: pytest.MonkeyPatch
) -> None:
    """close() while the reader thread is mid-file must not crash that thread with an exception."""
    crashes: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: crashes.append(args.exc_value))
    path = tmp_path / "close.jsonl"
    path.write_bytes(b"1\n2\n3\n4\n")
    before = set(threading.enumerate())
    source = FileSource(str(path), buffer_records=1)  # the reader blocks after one line
    opened.append(source)
    reader = next(t for t in set(threading.enumerate()) - before if t.name == "file-source")
    # Wait (with a deadline) until the reader has filled the buffer and is mid-file.
    deadline = time.monotonic() + TIMEOUT
    while not source._queue.full() and time.monotonic() < deadline:
        reader.join(0.001)
    assert source._queue.full()
    source.close()
    _drain(source)  # unblocks the reader, which then finds its file closed
    reader.join(TIMEOUT)
    assert not reader.is_alive()
    assert crashes == [], crashes
