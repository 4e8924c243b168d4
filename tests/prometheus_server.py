"""A real Prometheus server (Debian's package) for tests: own config, own free port, own TSDB."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

from tests.conftest import free_port, wait_until


@dataclass
class Prometheus:
    binary: str
    tmp: Path
    targets: list[str]
    rule_files: list[Path]
    job: str = "biaswatch"
    labels: dict[str, str] | None = None
    proc: subprocess.Popen[bytes] | None = None
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Prometheus:
        self.port = free_port()
        config = {
            "global": {"scrape_interval": "1s", "scrape_timeout": "900ms", "evaluation_interval": "1s"},
            "rule_files": [str(p) for p in self.rule_files],
            "scrape_configs": [
                {
                    "job_name": self.job,
                    "static_configs": [{"targets": self.targets, "labels": self.labels or {}}],
                }
            ],
        }
        cfg = self.tmp / "prometheus.yml"
        cfg.write_text(yaml.safe_dump(config))
        log = (self.tmp / "prometheus.log").open("wb")
        self.proc = subprocess.Popen(
            [
                self.binary,
                f"--config.file={cfg}",
                f"--storage.tsdb.path={self.tmp / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{self.port}",
                # The lookback is the staleness window; AgentDown needs `up` to flip, not to vanish.
                "--query.lookback-delta=30s",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        wait_until(lambda: httpx.get(self.url + "/-/ready").status_code == 200, timeout=60)
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)

    def query(self, expr: str) -> dict[str, Any]:
        """The /api/v1/query answer; a parse error is an HTTP 400 with status "error"."""
        r = httpx.get(self.url + "/api/v1/query", params={"query": expr}, timeout=30)
        body: dict[str, Any] = r.json()
        return body

    def alerts(self) -> list[dict[str, Any]]:
        r = httpx.get(self.url + "/api/v1/alerts", timeout=30)
        alerts: list[dict[str, Any]] = r.json()["data"]["alerts"]
        return alerts

    def firing(self, name: str) -> list[dict[str, Any]]:
        return [a for a in self.alerts() if a["labels"]["alertname"] == name and a["state"] == "firing"]

    def targets_up(self) -> bool:
        r = httpx.get(self.url + "/api/v1/targets", timeout=30)
        active = r.json()["data"]["activeTargets"]
        return bool(active) and all(t["health"] == "up" for t in active)
