"""PublishOnce: a redelivered batch does not reach the flagged topic twice (real SQLite file, fake topic)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from agent.sinks.base import DeadLetter, FlagRecord, WriteResult
from agent.sinks.outbox import PublishOnce
from agent.sinks.sqlite_queue import FlagQueue
from tests.test_sqlite_queue import _dead, _flag


class _Topic:
    """In-memory stand-in for KafkaFlagSink: what was sent, and an optional failure to inject."""

    name = "kafka"
    topic = "flagged"
    transient: tuple[type[BaseException], ...] = (ConnectionError,)

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.dead: list[DeadLetter] = []
        self.fail = False
        self.ack_before_failing = 0  # with fail: the brokers take this many messages, then the write fails
        self.acknowledged: list[str] = []

    def write(self, flags: Sequence[FlagRecord], dead_letters: Sequence[DeadLetter] = ()) -> WriteResult:
        self.acknowledged = []
        if self.fail:
            taken = [f.sample.id for f in flags[: self.ack_before_failing]]
            self.sent += taken
            self.acknowledged = taken
            raise ConnectionError("broker away")
        self.sent += [f.sample.id for f in flags]
        self.dead += list(dead_letters)
        return WriteResult(len(flags), 0, len(dead_letters))

    def close(self) -> None:
        pass


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[FlagQueue]:
    q = FlagQueue(tmp_path / "queue.sqlite")
    try:
        yield q
    finally:
        q.close()


def test_redelivered_flags_are_not_published_again(queue: FlagQueue) -> None:
    topic = _Topic()
    sink = PublishOnce(topic, queue)
    batch = [_flag("a"), _flag("b")]
    queue.write(batch)
    assert sink.write(batch) == WriteResult(2, 0, 0)
    # The same records again, as after a crash before the offset commit, plus one new flag.
    redelivered = [*batch, _flag("c")]
    queue.write(redelivered)
    assert sink.write(redelivered) == WriteResult(1, 2, 0)
    assert topic.sent == ["a", "b", "c"]


def test_a_failed_send_is_not_recorded_so_the_retry_sends_it(queue: FlagQueue) -> None:
    topic = _Topic()
    sink = PublishOnce(topic, queue)
    batch = [_flag("a")]
    queue.write(batch)
    topic.fail = True
    with pytest.raises(ConnectionError):
        sink.write(batch)
    assert queue.published("kafka:flagged", ["a"]) == set()
    topic.fail = False
    sink.write(batch)
    assert topic.sent == ["a"] and queue.published("kafka:flagged", ["a"]) == {"a"}


def test_the_record_survives_a_restart_and_is_kept_per_sink(tmp_path: Path) -> None:
    path = tmp_path / "queue.sqlite"
    first = FlagQueue(path)
    first.write([_flag("a")])
    first.mark_published("kafka", ["a"])
    first.close()
    again = FlagQueue(path)
    try:
        assert again.published("kafka", ["a", "b"]) == {"a"}
        assert again.published("other-topic", ["a"]) == set()
    finally:
        again.close()


def test_many_ids_are_looked_up_past_the_parameter_limit(queue: FlagQueue) -> None:
    ids = [f"id-{i}" for i in range(1200)]
    queue.mark_published("kafka", ids[::2])
    assert queue.published("kafka", ids) == set(ids[::2])


def test_dead_letters_pass_through_and_retry_on_both_kinds_of_failure(queue: FlagQueue) -> None:
    topic = _Topic()
    sink = PublishOnce(topic, queue)
    dead = [_dead("t:0:1", b"\xff")]
    assert sink.write([], dead) == WriteResult(0, 0, 1)
    assert topic.dead == dead
    assert set(sink.transient) == {ConnectionError, *queue.transient}


def test_a_write_that_fails_part_way_records_what_the_brokers_took(queue: FlagQueue) -> None:
    topic = _Topic()
    sink = PublishOnce(topic, queue)
    batch = [_flag("a"), _flag("b"), _flag("c")]
    queue.write(batch)
    topic.fail, topic.ack_before_failing = True, 2
    with pytest.raises(ConnectionError):
        sink.write(batch)
    assert queue.published("kafka:flagged", ["a", "b", "c"]) == {"a", "b"}
    topic.fail = False
    assert sink.write(batch) == WriteResult(1, 2, 0)  # the retry sends only what was not taken
    assert topic.sent == ["a", "b", "c"]


def test_a_renamed_topic_gets_the_redelivered_flags(queue: FlagQueue) -> None:
    old, new = _Topic(), _Topic()
    new.topic = "flagged-v2"
    batch = [_flag("a")]
    queue.write(batch)
    PublishOnce(old, queue).write(batch)
    PublishOnce(new, queue).write(batch)  # the same records redelivered after the config changed
    assert old.sent == ["a"] and new.sent == ["a"]
