"""`make bench-inference`: the lean inference path's figures (issue 14), ratios measured in one run.

- encoder: the exported int8 ONNX encoder vs the torch SentenceTransformer on the same responses, in
  one process, alternating rounds (medians and per-round ratios), plus the export's fidelity.
- score: `biaswatch score` as a whole process vs a whole process doing a plain
  `SentenceTransformer.encode` of the same responses (wall time and peak RSS of each child).
- run: `biaswatch run` with the HTTP source and all detectors over mixed-length samples, its RSS
  sampled every half second (the curve goes to bench-output/run-rss.json).

The responses are 1 to 12 authored encyclopaedic sentences (detectors/data/benign_identity.yaml).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent / "biaswatch"

RAW_ENCODE = """
import json, os, sys
os.environ.setdefault("HF_HUB_OFFLINE", "1")
from sentence_transformers import SentenceTransformer
from agent.config import EmbeddingModelConfig
from agent.embedder import source_model_path
texts = [json.loads(line)["response"] for line in open(sys.argv[1], encoding="utf-8")]
model = SentenceTransformer(str(source_model_path(EmbeddingModelConfig())), device="cpu")
model.max_seq_length = 256
model.encode(texts, show_progress_bar=False)
"""


def responses(n: int, seed: int) -> list[str]:
    data = yaml.safe_load((resources.files("detectors") / "data" / "benign_identity.yaml").read_text("utf-8"))
    pool = [str(t) for t in data["encyclopaedic"]]
    rng = random.Random(seed)
    return [" ".join(rng.choice(pool) for _ in range(rng.randint(1, 12))) for _ in range(n)]


def write_jsonl(texts: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i, t in enumerate(texts):
            fh.write(json.dumps({"id": f"r{i}", "prompt": "Tell me about it.", "response": t}) + "\n")


def _status_kib(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed_child(cmd: list[str]) -> dict[str, float]:
    """Wall seconds and peak RSS (MiB) of one child process.

    The peak is the child's own VmHWM, polled: wait4's ru_maxrss would also count this (large)
    parent's RSS at fork time, which Linux carries across the child's exec.
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    # The child's CPU seconds (its threads included) from wait4: on a shared machine they move less
    # with the load than wall time does. stderr is drained after the exit: the children write little.
    while True:
        peak = max(peak, _status_kib(proc.pid, "VmHWM"))
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            break
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed: {err[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return {"seconds": round(wall, 3), "cpu_seconds": round(cpu, 3), "peak_rss_mib": round(peak / 1024, 1)}


def bench_score(texts: list[str], rounds: int, out: Path) -> dict[str, Any]:
    traffic = out / "inference-score.jsonl"
    write_jsonl(texts, traffic)
    rows: list[dict[str, Any]] = []
    for _ in range(rounds):
        raw = timed_child([sys.executable, "-c", RAW_ENCODE, str(traffic)])
        score = timed_child([str(BIN), "score", str(traffic), "--output", os.devnull])
        rows.append(
            {
                "raw_encode": raw,
                "score": score,
                "ratio": round(raw["seconds"] / score["seconds"], 3),
                "cpu_ratio": round(raw["cpu_seconds"] / score["cpu_seconds"], 3),
            }
        )
    return {
        "responses": len(texts),
        "rounds": rows,
        "median_ratio": statistics.median(r["ratio"] for r in rows),
        "median_cpu_ratio": statistics.median(r["cpu_ratio"] for r in rows),
        "score_peak_rss_mib": max(r["score"]["peak_rss_mib"] for r in rows),
        "raw_peak_rss_mib": max(r["raw_encode"]["peak_rss_mib"] for r in rows),
    }


def bench_encoder(texts: list[str], rounds: int) -> dict[str, Any]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    from agent.config import EmbeddingModelConfig
    from agent.embedder import ensure_encoder, source_model_path
    from agent.encoder.fidelity import cosine_report
    from agent.encoder.onnx_backend import OnnxEncoder

    config = EmbeddingModelConfig()
    # The shipped encoder (base + the bundled delta), the one the ONNX artefact was exported from.
    st = SentenceTransformer(str(source_model_path(config)), device="cpu")
    st.max_seq_length = 256
    # Without the memo of earlier passes: it would answer every round after the first from the
    # first, which times the memo, not the encoder.
    export = ensure_encoder(config)
    onnx = OnnxEncoder(export, max_seq_length=config.max_seq_length, threads=config.threads, remember=0)
    rows = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        ref = st.encode(texts, show_progress_bar=False, normalize_embeddings=True)
        t_torch = time.perf_counter() - t0
        t0 = time.perf_counter()
        got = onnx.encode(texts)
        t_onnx = time.perf_counter() - t0
        rows.append({"torch_s": round(t_torch, 3), "onnx_s": round(t_onnx, 3), "ratio": round(t_torch / t_onnx, 3)})
    from agent.encoder import manifest as mf

    return {
        "responses": len(texts),
        "rounds": rows,
        "median_ratio": statistics.median(r["ratio"] for r in rows),
        "cosine_on_these_responses": cosine_report(ref, got),
        "export_fidelity": mf.load(export).data.get("fidelity"),
        "encoder_hash": onnx.manifest.encoder_hash,
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mib(pid: int) -> float:
    return _status_kib(pid, "VmRSS") / 1024


def bench_run(n: int, out: Path, post_size: int) -> dict[str, Any]:
    import httpx

    from agent.tools.traffic import TrafficSpec, write

    traffic = out / "inference-run.jsonl"
    write(TrafficSpec(n=n, seed=23, biased_rate=0.05), traffic)
    lines = traffic.read_bytes().splitlines()
    http_port, metrics_port = _free_port(), _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Path(tmp) / "agent.yaml"
        cfg.write_text(
            f"source: {{type: http, host: 127.0.0.1, port: {http_port}}}\n"
            f"metrics: {{host: 127.0.0.1, port: {metrics_port}}}\n"
            f"queue: {{sqlite: {{path: {Path(tmp) / 'q.sqlite'}}}}}\n"
            "detectors: {groups: {}, harm_lexicon: {}, embedding: {}}\n"
        )
        log = (Path(tmp) / "agent.log").open("wb")
        proc = subprocess.Popen([str(BIN), "run", "--config", str(cfg)], cwd=ROOT, stdout=log, stderr=log)
        curve: list[tuple[float, float, int]] = []
        sent = [0]
        stop = threading.Event()
        t0 = time.perf_counter()

        def sample() -> None:
            while not stop.is_set() and proc.poll() is None:
                curve.append((round(time.perf_counter() - t0, 2), round(_rss_mib(proc.pid), 1), sent[0]))
                stop.wait(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            base = f"http://127.0.0.1:{metrics_port}"
            deadline = time.monotonic() + 300
            while True:
                try:
                    if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("agent did not become ready")
                time.sleep(0.2)
            ready = time.perf_counter() - t0
            url = f"http://127.0.0.1:{http_port}/v1/samples"
            headers = {"Content-Type": "application/x-ndjson"}
            t_start = time.perf_counter()
            with httpx.Client(timeout=600) as client:
                for i in range(0, len(lines), post_size):
                    body = b"\n".join(lines[i : i + post_size])
                    while True:
                        r = client.post(url, content=body, headers=headers)
                        if r.status_code != 503:
                            break
                        time.sleep(float(r.headers.get("Retry-After", "1")))
                    r.raise_for_status()
                    sent[0] = i + post_size
            elapsed = time.perf_counter() - t_start
        finally:
            stop.set()
            sampler.join()
            proc.terminate()
            proc.wait(60)
            log.close()
    (out / "run-rss.json").write_text(json.dumps({"t_s,rss_mib,posted": curve}) + "\n")
    after_ready = [c for c in curve if c[0] >= ready]
    peak = max(c[1] for c in curve)
    # "Flat": RSS over the second half of the stream against the first half's peak.
    half = [c[1] for c in after_ready if c[2] >= n // 2]
    first = [c[1] for c in after_ready if c[2] < n // 2]
    tenths = []
    for k in range(1, 11):
        seen = [c[1] for c in after_ready if c[2] <= k * n // 10]
        tenths.append(max(seen) if seen else None)
    return {
        "samples": n,
        "ready_seconds": round(ready, 2),
        "samples_per_second": round(n / elapsed, 1),
        "peak_rss_mib": peak,
        "peak_first_half_mib": max(first) if first else None,
        "peak_second_half_mib": max(half) if half else None,
        "peak_rss_by_tenth_posted_mib": tenths,
    }


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--responses", type=int, default=600)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--run-samples", type=int, default=10_000)
    p.add_argument("--post-size", type=int, default=200)
    p.add_argument("--only", action="append", choices=["encoder", "score", "run"])
    p.add_argument("--out", type=Path, default=ROOT / "bench-output")
    args = p.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    texts = responses(args.responses, seed=5)
    result: dict[str, Any] = {"load_average_start": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count()}
    only = set(args.only or ["encoder", "score", "run"])
    if "encoder" in only:
        result["encoder"] = bench_encoder(texts, args.rounds)
        print(json.dumps({"encoder": result["encoder"]}), flush=True)
    if "score" in only:
        result["score"] = bench_score(texts, args.rounds, args.out)
        print(json.dumps({"score": result["score"]}), flush=True)
    if "run" in only:
        result["run"] = bench_run(args.run_samples, args.out, args.post_size)
        print(json.dumps({"run": result["run"]}), flush=True)
    result["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    (args.out / "inference.json").write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
