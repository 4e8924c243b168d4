"""Generated traffic for the drift benchmark, run once through the real detectors and cached.

    python bench/drift_data.py [--analysed 20000] [--seed 21] [--max-seq-length 256]

Two sets of rows, both from the project's traffic generator: the stream (2% biased responses,
one model) and a pool of biased responses to inject. Each row keeps what the drift monitor reads:
score, flag, groups, and the response embedding. Encoding 20,000 responses takes ~10 minutes on
2 idle cores (an hour when the machine is shared), so the result is cached in bench-output/ and
every scenario reuses it. With `--analysed N` below the stream length the benchmark draws its
streams with replacement from the N analysed samples: still stationary (i.i.d. from one fixed
distribution), at the cost of repeated rows.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.assemble import build  # noqa: E402
from agent.config import AgentConfig, EmbeddingModelConfig  # noqa: E402
from agent.sources.base import Record  # noqa: E402
from agent.tools.traffic import TrafficSpec, generate  # noqa: E402

OUT = ROOT / "bench-output"
MODEL = "acme-chat-7b"
POOL_BIASED = 600  # biased responses to inject in the 5% scenario (drawn with replacement)
POOL_GROUP = 300  # biased responses about the group that turns negative


@dataclass
class Rows:
    score: np.ndarray
    flagged: np.ndarray
    groups: list[list[str]]
    embeddings: np.ndarray

    def __len__(self) -> int:
        return len(self.score)


@dataclass
class DriftData:
    """Stream rows first, then the pool's biased rows, then the pool's rows about `group`."""

    rows: Rows
    stream: int  # rows [0, stream) are the analysed stream samples
    biased: np.ndarray  # row indices of biased responses (any group)
    about_group: np.ndarray  # row indices of biased responses about `group`
    mentions_group: np.ndarray  # bool per stream row: its ground truth is about `group`
    group: str


def analyse(lines: list[bytes], cache: Path, max_seq_length: int) -> Rows:
    """Scores, flags, groups and embeddings per line, through groups + harm_lexicon + embedding."""
    if cache.exists():
        with np.load(cache) as z:
            return Rows(z["score"], z["flagged"], json.loads(str(z["groups"])), z["embeddings"])
    c = build(
        AgentConfig(
            detectors={"groups": {}, "harm_lexicon": {}, "embedding": {}},
            embedding_model=EmbeddingModelConfig(max_seq_length=max_seq_length),
        )
    )
    scores: list[float] = []
    flags: list[bool] = []
    groups: list[list[str]] = []
    embs = []
    t0 = time.perf_counter()
    for i in range(0, len(lines), 256):
        records = [Record(line, f"b:{i + j}", "bench", 0.0) for j, line in enumerate(lines[i : i + 256])]
        out = c.analyser.analyse(records)
        assert out.embeddings is not None and len(out.results) == len(records)
        scores += [r.score for r in out.results]
        flags += [r.flagged for r in out.results]
        groups += [r.groups for r in out.results]
        embs.append(out.embeddings)
        print(f"  {cache.name}: {i + len(records)}/{len(lines)} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    rows = Rows(np.array(scores), np.array(flags), groups, np.concatenate(embs))
    tmp = cache.with_name(cache.name + ".tmp.npz")
    np.savez(
        tmp, score=rows.score, flagged=rows.flagged, groups=np.array(json.dumps(groups)), embeddings=rows.embeddings
    )
    tmp.replace(cache)
    return rows


def load(samples: int = 20_000, seed: int = 21, max_seq_length: int = 256) -> DriftData:
    """`samples` generated stream samples through the detectors (the generator's draws are i.i.d.)."""
    OUT.mkdir(exist_ok=True)
    lines = list(generate(TrafficSpec(n=samples, seed=seed, biased_rate=0.02, models=(MODEL,))))
    truth = [json.loads(line)["metadata"]["synthetic"] for line in lines]
    # The group that turns negative: the stream's most frequent, so a window holds several of it.
    group = Counter(t["group"] for t in truth if t["group"]).most_common(1)[0][0]
    pool_lines = list(generate(TrafficSpec(n=12_000, seed=seed + 1, biased_rate=1.0, models=(MODEL,))))
    pool_truth: list[dict[str, Any]] = [json.loads(line)["metadata"]["synthetic"] for line in pool_lines]
    biased = [i for i, t in enumerate(pool_truth) if t["label"] == "biased"][:POOL_BIASED]
    about = [i for i, t in enumerate(pool_truth) if t["label"] == "biased" and t["group"] == group][:POOL_GROUP]
    stream = analyse(lines, OUT / f"drift-stream-{samples}-{seed}-{max_seq_length}.npz", max_seq_length)
    pool = analyse(
        [pool_lines[i] for i in biased + about], OUT / f"drift-pool-{seed}-{group}-{max_seq_length}.npz", max_seq_length
    )
    rows = Rows(
        np.concatenate([stream.score, pool.score]),
        np.concatenate([stream.flagged, pool.flagged]),
        stream.groups + pool.groups,
        np.concatenate([stream.embeddings, pool.embeddings]),
    )
    return DriftData(
        rows=rows,
        stream=samples,
        biased=np.arange(samples, samples + len(biased)),
        about_group=np.arange(samples + len(biased), samples + len(biased) + len(about)),
        mentions_group=np.array([t["group"] == group for t in truth]),
        group=group,
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--analysed", type=int, default=20_000, help="generated stream samples to analyse")
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--max-seq-length", type=int, default=256)
    args = ap.parse_args()
    d = load(args.analysed, args.seed, args.max_seq_length)
    stream_flags = d.rows.flagged[: d.stream]
    print(
        json.dumps(
            {
                "stream": d.stream,
                "stream_flag_rate": float(stream_flags.mean()),
                "group": d.group,
                "group_share": float(d.mentions_group.mean()),
                "pool_biased": len(d.biased),
                "pool_biased_flag_rate": float(d.rows.flagged[d.biased].mean()),
                "pool_about_group": len(d.about_group),
                "pool_about_group_flag_rate": float(d.rows.flagged[d.about_group].mean()),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
