"""The harvest on a real queue: selection, deduplication, balance, counterfactual augmentation,
formats, manifest arithmetic, harvested marks and byte-for-byte reproducibility of a closed cycle."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from agent.config import HarvestConfig
from agent.retraining import labels
from agent.retraining.counterfactual import Counterfactuals
from agent.retraining.harvest import Row, dedup_near
from agent.retraining.labels import Label
from agent.retraining.store import connect
from agent.sample import Sample
from agent.sinks.base import FlagRecord
from agent.sinks.sqlite_queue import FlagQueue
from agent.sources.base import Record
from detectors.base import Evidence, Finding
from detectors.taxonomy import Taxonomy
from tests.conftest import run_cli
from tests.kafka_fixtures import Broker


@pytest.fixture(scope="module")
def cf() -> Counterfactuals:
    data = yaml.safe_load((resources.files("detectors") / "data" / "identity_terms.yaml").read_text(encoding="utf-8"))
    return Counterfactuals(Taxonomy.default(), data)


@pytest.mark.parametrize(
    ("text", "source", "target", "expected"),
    [
        (
            "Why are women worse drivers? My sister says she lost her keys and told her mother. I saw her.",
            "women",
            "men",
            "Why are men worse drivers? My brother says he lost his keys and told his father. I saw him.",
        ),
        ("He gave his book to him; the book is his.", "men", "women", "She gave her book to her; the book is hers."),
        ("An immigrant said immigrants are lazy.", "immigrants", "refugees", "A refugee said refugees are lazy."),
        ("Muslims are the same, a muslim said.", "muslim", "christian", "Christians are the same, a Christian said."),
        ("Why are old people so slow?", "older_people", "young_people", "Why are young people so slow?"),
        ("Are gay people bad parents?", "gay", "heterosexual", "Are straight people bad parents?"),
        ("Why are poor people lazy?", "poor", "rich", "Why are rich people lazy?"),
    ],
)  # fmt: skip
def test_swaps_keep_grammar(cf: Counterfactuals, text: str, source: str, target: str, expected: str) -> None:
    assert cf.swap(text, source, target) == expected


def _flag(sid: str, prompt: str, response: str, group: str, score: float, detector: str = "harm_lexicon") -> FlagRecord:
    finding = Finding(detector, sid, score, True, "generalisation", (group,), (Evidence("harm_term", "lazy"),))
    return FlagRecord(
        Sample(sid, 1_700_000_000.0, "m", response, prompt=prompt),
        Record(b"{}", f"f:{sid}", "file", 1.0),
        [finding],
        score,
        [group],
        redaction={"enabled": True, "counts": {"EMAIL": 1}},
    )


def _queue(tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "q.sqlite"
    flags = []
    # Skewed: 12 about immigrants, 3 about women, 2 about Muslims, plus duplicates and a pending flag.
    for i in range(12):
        flags.append(
            _flag(
                f"im{i:02d}",
                f"Why are immigrants so lazy, case {i} {'x' * i}?",
                f"Immigrants are lazy {i}.",
                "immigrants",
                0.6 - i / 100,
            )
        )
    flags.append(_flag("imz-dup", "Why are immigrants so lazy, case 0 ?", "Immigrants are lazy 0.", "immigrants", 0.4))
    for i in range(3):
        flags.append(
            _flag(
                f"wo{i}",
                f"Should my sister trust women at work {i}? She asked her boss.",
                f"Women are too emotional {i}.",
                "women",
                0.8,
            )
        )
    flags.append(
        _flag("mu0", "Are Muslims dangerous neighbours?", "Muslims are dangerous.", "muslim", 0.9, "embedding")
    )
    flags.append(
        _flag("mu1", "Tell me about Muslims at school.", "Muslims cannot be trusted.", "muslim", 0.7, "embedding")
    )
    flags.append(_flag("pend", "Why are immigrants loud?", "Immigrants are loud.", "immigrants", 0.95))
    flags.append(_flag("rej0", "Do immigrants pay taxes?", "Immigrants pay taxes like everyone.", "immigrants", 0.3))
    q = FlagQueue(path, config_hash="cfg-1", detector_versions={"harm_lexicon": "1+test", "embedding": "2+test"})
    q.write(flags)
    q.close()
    conn = connect(path)
    decided = [Label(f.sample.id, "ana", "accepted") for f in flags if f.sample.id not in ("pend", "rej0")]
    decided = [
        Label(d.sample_id, d.reviewer, d.status, corrected_response="Immigrants work as hard as anyone.")
        if d.sample_id == "im00"
        else Label(
            d.sample_id,
            d.reviewer,
            d.status,
            corrected_response="Women are as capable as anyone; she can ask her boss.",
        )
        if d.sample_id == "wo0"
        else d
        for d in decided
    ]
    labels.record(conn, [*decided, Label("rej0", "ana", "rejected")])
    conn.close()
    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        f"queue: {{sqlite: {{path: {path}}}}}\n"
        "detectors: {groups: {}, harm_lexicon: {}}\n"
        "retraining: {harvest: {max_group_share: 0.5, counterfactuals_per_sample: 2, matched_benign: 1}}\n"
    )
    return path, cfg


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_harvest_balances_augments_and_reproduces_byte_for_byte(tmp_path: Path) -> None:
    path, cfg = _queue(tmp_path)
    assert run_cli("cycle", "close", "--config", str(cfg)).returncode == 0
    out1 = tmp_path / "h1"
    res = run_cli("harvest", "--config", str(cfg), "--out", str(out1), "--cycle", "cycle-0001")
    assert res.returncode == 0, res.stderr.decode()
    m = json.loads((out1 / "manifest.json").read_text())
    samples = _read(out1 / "samples.jsonl")

    # Selection and dedup: 18 accepted, one exact duplicate, no pending, no rejected except matched benign.
    assert m["selection"]["selected"] == 18
    assert m["deduplication"]["exact_removed"] == 1
    assert "Jaccard" in m["deduplication"]["near_method"]
    originals = [s for s in samples if not s["augmented"] and s["status"] == "accepted"]
    assert "pend" not in {s["id"] for s in samples} and "imz-dup" not in {s["id"] for s in samples}
    # Balance: before, immigrants held 12 of 17 after dedup; after, no group above the cap.
    assert m["balance"]["before"] == {"immigrants": 12, "muslim": 2, "women": 3}
    assert m["balance"]["after"] == {"immigrants": 5, "muslim": 2, "women": 3}
    after = m["balance"]["after"]
    assert max(after.values()) <= 0.5 * sum(after.values())
    assert sum(after.values()) == len(originals) == m["counts"]["originals"]
    # Augmentation: linked, marked, the swap applied and grammatical pronouns for gender.
    variants = [s for s in samples if s["augmented"]]
    assert len(variants) == m["counts"]["augmented"] > 0
    by_id = {s["id"]: s for s in originals}
    for v in variants:
        src = by_id[v["source_id"]]
        assert v["swap"][0] in src["groups"] and v["swap"][1] in v["groups"] and v["prompt"] != src["prompt"]
    wo = next(v for v in variants if v["source_id"] == "wo0")
    assert wo["prompt"] == "Should my brother trust men at work 0? He asked his boss."
    assert wo["corrected_response"] == "Men are as capable as anyone; he can ask his boss."
    im = {v["swap"][1]: v["prompt"] for v in variants if v["source_id"] == "im00"}
    assert im == {
        "refugees": "Why are refugees so lazy, case 0 ?",
        "undocumented_immigrants": "Why are undocumented immigrants so lazy, case 0 ?",
    }
    # Matched benign: the rejected flag about immigrants, labelled benign.
    assert [s["id"] for s in samples if s["status"] == "rejected"] == ["rej0"]
    assert m["counts"]["rows"] == m["counts"]["originals"] + m["counts"]["augmented"] + m["matched_benign"]
    assert sum(m["counts"]["by_group"].values()) == m["counts"]["rows"] == len(samples)
    # Formats: SFT rows from corrections (and their variants) and benign rows; preference pairs.
    sft = _read(out1 / "sft.jsonl")
    assert all([t["role"] for t in r["messages"]] == ["user", "assistant"] for r in sft)
    assert {r["id"] for r in sft} >= {"im00", "wo0", "rej0"} and len(sft) == m["counts"]["sft"]
    prefs = _read(out1 / "preferences.jsonl")
    assert {p["id"] for p in prefs} >= {"im00", "wo0"} and all(p["chosen"] != p["rejected"] for p in prefs)
    assert next(p for p in prefs if p["id"] == "im00")["rejected"] == "Immigrants are lazy 0."
    # Manifest: hashes of every file, provenance, redaction summary.
    for name, digest in m["files"].items():
        assert hashlib.sha256((out1 / name).read_bytes()).hexdigest() == digest
    assert m["provenance"]["detector_versions"] == {"embedding": "2+test", "harm_lexicon": "1+test"}
    assert m["redaction"]["rows"] == {"on": m["counts"]["originals"] + 1}
    # Rows marked harvested; the cycle's rejected and pending rows are not.
    with sqlite3.connect(path) as conn:
        status = dict(conn.execute("SELECT sample_id, status FROM flagged").fetchall())
        marks = {r[0] for r in conn.execute("SELECT harvest_id FROM flagged WHERE status='harvested'")}
    assert {sid for sid, st in status.items() if st == "harvested"} == set(by_id)
    assert status["pend"] == "pending" and status["rej0"] == "rejected" and marks == {"cycle-0001:accepted"}

    # Again, for the closed cycle: the same bytes.
    out2 = tmp_path / "h2"
    assert run_cli("harvest", "--config", str(cfg), "--out", str(out2), "--cycle", "cycle-0001").returncode == 0
    for name in ("manifest.json", "samples.jsonl", "sft.jsonl", "preferences.jsonl"):
        assert (out1 / name).read_bytes() == (out2 / name).read_bytes(), name


def test_pending_flags_join_only_on_request(tmp_path: Path) -> None:
    _, cfg = _queue(tmp_path)
    res = run_cli("harvest", "--config", str(cfg), "--out", str(tmp_path / "h"), "--include-pending")
    assert res.returncode == 0, res.stderr.decode()
    ids = {s["id"] for s in _read(tmp_path / "h" / "samples.jsonl")}
    assert "pend" in ids


def test_near_duplicates_by_embedding_cosine() -> None:
    rows = [
        Row(f"r{i}", "accepted", p, "They are lazy.", None, ("immigrants",), ("harm_lexicon",), "x", 0.5)
        for i, p in enumerate(["a", "b", "c"])
    ]
    vectors = {"a": [1.0, 0.0], "b": [0.99, 0.141], "c": [0.0, 1.0]}

    def embed(texts: list[str]) -> Any:
        return [vectors[t.split("\n")[0]] for t in texts]

    kept, removed, method = dedup_near(rows, HarvestConfig(near_duplicate_cosine=0.95), embed)
    assert [r.sample_id for r in kept] == ["r0", "r2"] and removed == 1 and method.startswith("embedding")


def test_harvest_from_the_flagged_topic(tmp_path: Path, broker: Broker) -> None:
    broker.create_topic("flagged", partitions=2)
    docs = [
        {
            "sample_id": f"k{i}",
            "score": 0.8,
            "detectors": ["harm_lexicon"],
            "categories": ["generalisation"],
            "groups": ["immigrants"],
            "sample": {"id": f"k{i}", "prompt": f"Are immigrants lazy {i}?", "response": "Yes, immigrants are lazy."},
            "redaction": {"enabled": True, "counts": {}},
        }
        for i in range(4)
    ]
    broker.produce(
        "flagged", [json.dumps(d).encode() for d in docs + docs[:1]], key=lambda v: json.loads(v)["sample_id"].encode()
    )
    (tmp_path / "q.sqlite").touch()
    FlagQueue(tmp_path / "q.sqlite").close()
    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        f"queue: {{sqlite: {{path: {tmp_path / 'q.sqlite'}}}, kafka: {{enabled: true, topic: flagged, "
        f"bootstrap_servers: ['{broker.bootstrap}']}}}}\ndetectors: {{groups: {{}}, harm_lexicon: {{}}}}\n"
    )
    refused = run_cli("harvest", "--config", str(cfg), "--out", str(tmp_path / "h"), "--from-kafka")
    assert refused.returncode == 2 and b"--include-pending" in refused.stderr
    res = run_cli("harvest", "--config", str(cfg), "--out", str(tmp_path / "h"), "--from-kafka", "--include-pending")
    assert res.returncode == 0, res.stderr.decode()
    rows = _read(tmp_path / "h" / "samples.jsonl")
    assert sorted(r["id"] for r in rows if not r["augmented"]) == ["k0", "k1", "k2", "k3"]
    manifest = json.loads((tmp_path / "h" / "manifest.json").read_text())
    assert manifest["cycle"] == "topic:flagged" and manifest["source"] == "kafka"


@pytest.mark.embeddings
def test_near_duplicates_with_the_real_embedder(embedder: Any) -> None:
    texts = [
        ("Why are immigrants so lazy?", "Immigrants are lazy and never work."),
        ("Why are immigrants so lazy??", "Immigrants are lazy and never ever work."),
        ("Which recipes use lentils?", "Lentil soup and dal are classics."),
    ]
    rows = [
        Row(f"r{i}", "accepted", p, r, None, ("immigrants",), ("embedding",), "x", 0.5)
        for i, (p, r) in enumerate(texts)
    ]
    kept, removed, method = dedup_near(rows, HarvestConfig(near_duplicate_cosine=0.95), embedder.encode)
    assert [r.sample_id for r in kept] == ["r0", "r2"] and removed == 1 and method.startswith("embedding")
