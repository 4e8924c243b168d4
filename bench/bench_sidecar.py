"""Resource figures for the Kubernetes requests/limits in deploy/: `biaswatch run` with the sidecar
configuration of deploy/base/agent.yaml (HTTP source, all detectors, one torch thread), fed by real
HTTP posts at a steady rate and then as fast as it accepts them. Reads RSS and CPU from the agent's
own /metrics (process_resident_memory_bytes, process_cpu_seconds_total).

Run: `.venv/bin/python bench/bench_sidecar.py` (about two minutes); results go to stdout and
bench-output/sidecar-resources.json. Cited in docs/deploy.md.
"""

from __future__ import annotations

import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.tools.traffic import TrafficSpec, write  # noqa: E402

STEADY_RATE = 10.0  # samples/s a busy sidecar samples from its model server
PHASE_SECONDS = 40.0


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _scrape(url: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in httpx.get(url + "/metrics", timeout=10).text.splitlines():
        if line.startswith(("process_resident_memory_bytes", "process_cpu_seconds_total", "biaswatch_samples_total")):
            name, value = line.rsplit(" ", 1)
            key = name.split("{")[0]
            out[key] = out.get(key, 0.0) + float(value)
    return out


def _phase(http: str, metrics: str, records: list[dict[str, Any]], rate: float | None) -> dict[str, float]:
    """Post records (batches of 8) at `rate` samples/s, or back to back; sample RSS every 0.5 s."""
    before = _scrape(metrics)
    start = time.monotonic()
    peak = before["process_resident_memory_bytes"]
    last_probe = start
    sent = 0
    headers = {"Authorization": "Bearer bench-token"}
    with httpx.Client(timeout=120) as client:
        while time.monotonic() - start < PHASE_SECONDS and sent < len(records):
            batch = records[sent : sent + 8]
            r = client.post(http + "/v1/samples", json=batch, headers=headers)
            if r.status_code == 202:
                sent += len(batch)
            if rate is not None:
                delay = start + sent / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            if time.monotonic() - last_probe > 0.5:
                peak = max(peak, _scrape(metrics)["process_resident_memory_bytes"])
                last_probe = time.monotonic()
    wall = time.monotonic() - start
    after = _scrape(metrics)
    peak = max(peak, after["process_resident_memory_bytes"])
    done = after.get("biaswatch_samples_total", 0.0) - before.get("biaswatch_samples_total", 0.0)
    return {
        "seconds": round(wall, 1),
        "samples": done,
        "samples_per_second": round(done / wall, 1),
        "cpu_cores": round((after["process_cpu_seconds_total"] - before["process_cpu_seconds_total"]) / wall, 3),
        "rss_end_mib": round(after["process_resident_memory_bytes"] / 2**20),
        "rss_peak_mib": round(peak / 2**20),
    }


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="bw-sidecar-"))
    http_port, metrics_port = _port(), _port()
    (tmp / "token").write_text("bench-token\n")
    cfg = (ROOT / "deploy/base/agent.yaml").read_text()
    cfg = cfg.replace("${file:/var/run/secrets/biaswatch/token}", f"${{file:{tmp / 'token'}}}")
    cfg = cfg.replace("port: 8787", f"port: {http_port}").replace("port: 9464", f"port: {metrics_port}")
    cfg = cfg.replace("host: 0.0.0.0", "host: 127.0.0.1").replace(
        "/var/lib/biaswatch/queue.sqlite", str(tmp / "q.sqlite")
    )
    (tmp / "agent.yaml").write_text(cfg)
    traffic = tmp / "traffic.jsonl"
    write(TrafficSpec(n=6000, seed=3), traffic)
    records = [json.loads(line) for line in traffic.read_text().splitlines()]
    http, metrics = f"http://127.0.0.1:{http_port}", f"http://127.0.0.1:{metrics_port}"
    log = (tmp / "agent.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "agent.cli", "run", "--config", str(tmp / "agent.yaml")],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    try:
        t0 = time.monotonic()
        while True:
            try:
                if httpx.get(metrics + "/readyz").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() - t0 > 300:
                raise SystemExit(f"agent did not become ready; log in {tmp / 'agent.log'}")
            time.sleep(0.2)
        ready = {
            "seconds_to_ready": round(time.monotonic() - t0, 1),
            "rss_ready_mib": round(_scrape(metrics)["process_resident_memory_bytes"] / 2**20),
        }
        steady = _phase(http, metrics, records[:3000], STEADY_RATE)
        saturated = _phase(http, metrics, records[3000:], None)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    load = os.getloadavg()
    result = {
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
        "load_average_at_end": [round(x, 2) for x in load],
        "config": "deploy/base/agent.yaml (http source, groups + harm_lexicon + embedding, embedding_model.threads 1)",
        "ready": ready,
        f"steady_{STEADY_RATE:g}_per_s": steady,
        "saturated": saturated,
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "bench-output"
    out.mkdir(exist_ok=True)
    (out / "sidecar-resources.json").write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
