"""`biaswatch run` with the Kafka source as a subprocess, and the offline truth it is checked against."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import BIASWATCH, ROOT, free_port, wait_until
from tests.kafka_fixtures import CONSUMER_TIMEOUTS, Broker

LEXICON = "{groups: {}, harm_lexicon: {}}"


def kafka_config(
    tmp: Path,
    broker: Broker,
    *,
    topic: str = "samples",
    detectors: str = LEXICON,
    extra: str = "",
    source_extra: str = "",
) -> Path:
    cfg = tmp / "agent.yaml"
    timeouts = ", ".join(f"{k}: {v}" for k, v in CONSUMER_TIMEOUTS.items())
    cfg.write_text(
        f"source: {{type: kafka, bootstrap_servers: ['{broker.bootstrap}'], topics: [{topic}], "
        f"group_id: bw-test, dead_letter_topic: dead, commit_timeout_seconds: 5, {timeouts}{source_extra}}}\n"
        f"queue: {{sqlite: {{path: {tmp / 'queue.sqlite'}}}, kafka: {{enabled: true, topic: flagged, "
        "delivery_timeout_seconds: 5}}\n"
        f"metrics: {{host: 127.0.0.1, port: {free_port()}}}\n"
        "pipeline: {batch_size: 256, batch_timeout_seconds: 0.2}\n"
        f"detectors: {detectors}\n{extra}"
    )
    return cfg


@dataclass
class KafkaAgent:
    cfg: Path
    tmp: Path
    proc: subprocess.Popen[bytes] | None = None
    metrics_port: int = 0
    env: dict[str, str] | None = None
    starts: int = 0

    @property
    def queue(self) -> Path:
        return self.tmp / "queue.sqlite"

    @property
    def metrics_url(self) -> str:
        return f"http://127.0.0.1:{self.metrics_port}"

    def start(self) -> KafkaAgent:
        import yaml

        self.metrics_port = int(yaml.safe_load(self.cfg.read_text())["metrics"]["port"])
        self.starts += 1
        log = (self.tmp / f"agent-{self.starts}.log").open("wb")
        self.proc = subprocess.Popen(
            [*BIASWATCH, "run", "--config", str(self.cfg)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "POD_NAME": "bw-0", **(self.env or {})},
        )
        log.close()
        wait_until(lambda: httpx.get(self.metrics_url + "/readyz").status_code == 200, timeout=120)
        return self

    def log(self) -> str:
        return "".join(p.read_text(errors="replace") for p in sorted(self.tmp.glob("agent-*.log")))

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> int:
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise

    def metric(self, name: str, **labels: str) -> float:
        text = httpx.get(self.metrics_url + "/metrics").text
        total = 0.0
        for family in text_string_to_metric_families(text):
            for s in family.samples:
                if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                    total += s.value
        return total

    def flagged_ids(self) -> list[str]:
        if not self.queue.exists():
            return []
        with sqlite3.connect(self.queue) as conn:
            return [r[0] for r in conn.execute("SELECT sample_id FROM flagged")]


def expected_flags(cfg: Path, payloads: list[bytes]) -> set[str]:
    """What the same detectors flag offline: the truth the live agent must reproduce exactly."""
    from agent.assemble import build
    from agent.config import load_config
    from agent.sources.base import Record

    analyser = build(load_config(cfg)).analyser
    records = [Record(p, f"x:0:{i}", "test", 0.0) for i, p in enumerate(payloads)]
    out: set[str] = set()
    for i in range(0, len(records), 512):
        out |= {r.sample.id for r in analyser.analyse(records[i : i + 512]).results if r.flagged}
    return out
