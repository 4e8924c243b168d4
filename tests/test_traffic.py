"""Tests for the synthetic traffic generator (agent/traffic.py)."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from agent.tools.traffic import (
    INVALID_KINDS,
    OVERSIZED_BYTES,
    TOO_DEEP_LEVELS,
    TrafficSpec,
    generate,
    load_library,
    write,
)
from tests.conftest import BIASWATCH

REPO = Path(__file__).resolve().parents[1]


def _classify(line: bytes) -> tuple[str, dict[str, Any] | None]:
    """Independently classify a line as 'valid' or one of INVALID_KINDS."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return "invalid_utf8", None
    try:
        obj = json.loads(text)
    except RecursionError:  # pragma: no cover - not expected at depth 200
        return "too_deep", None
    except json.JSONDecodeError:
        return "invalid_json", None
    if not isinstance(obj, dict):
        return "not_an_object", None
    if "response" not in obj:
        return "missing_response", obj
    if not isinstance(obj["response"], str):
        return "non_string_response", obj
    if not obj["response"].strip():
        return "empty_response", obj
    if len(obj["response"].encode("utf-8")) > 70 * 1024:
        return "oversized", obj
    if _depth(obj) > 64:
        return "too_deep", obj
    return "valid", obj


def _depth(obj: Any) -> int:
    depth = 0
    stack: list[tuple[Any, int]] = [(obj, 1)]
    while stack:
        cur, d = stack.pop()
        if isinstance(cur, dict):
            depth = max(depth, d)
            stack.extend((v, d + 1) for v in cur.values())
        elif isinstance(cur, list):
            depth = max(depth, d)
            stack.extend((v, d + 1) for v in cur)
    return depth


@pytest.fixture(scope="module")
def big() -> list[bytes]:
    return list(generate(TrafficSpec(n=6000, seed=11, biased_rate=0.1, invalid_rate=0.04)))


@pytest.fixture(scope="module")
def big_valid(big: list[bytes]) -> list[dict[str, Any]]:
    out = []
    for line in big:
        kind, obj = _classify(line)
        if kind == "valid":
            assert obj is not None
            out.append(obj)
    return out


def test_library_loads_with_enough_variety() -> None:
    lib = load_library()
    assert len(lib.topic) >= 40
    assert len(lib.benign_group) >= 40
    assert len(lib.biased) >= 30
    kinds = Counter(t.id.split(".")[0] for t in lib.biased)
    assert set(kinds) == {"stereotype", "derogation", "exclusion", "dehumanisation"}
    assert len(lib.groups) >= 35
    for key in ("women", "transgender", "muslim", "deaf", "older_people", "homeless", "liberals"):
        assert key in lib.groups


def test_deterministic_same_spec() -> None:
    spec = TrafficSpec(n=400, seed=5, biased_rate=0.2, invalid_rate=0.1)
    assert list(generate(spec)) == list(generate(spec))


def test_different_seed_differs() -> None:
    a = list(generate(TrafficSpec(n=200, seed=1)))
    b = list(generate(TrafficSpec(n=200, seed=2)))
    assert a != b
    assert sum(x == y for x, y in zip(a, b, strict=True)) < 5


def test_lines_have_no_newlines(big: list[bytes]) -> None:
    assert len(big) == 6000
    assert all(b"\n" not in line for line in big)


def test_counts_match_spec(tmp_path: Path) -> None:
    spec = TrafficSpec(n=2003, seed=3, biased_rate=0.07, invalid_rate=0.05)
    path = tmp_path / "t.jsonl"
    stats = write(spec, path)
    data = path.read_bytes()
    assert data.endswith(b"\n")
    lines = data[:-1].split(b"\n")
    assert lines == list(generate(spec))
    assert stats.total == 2003 == len(lines)
    assert stats.invalid_total == round(2003 * 0.05) == spec.n_invalid
    assert stats.valid == 2003 - stats.invalid_total
    assert stats.biased == spec.n_biased
    assert abs(stats.biased - stats.valid * 0.07) <= 1
    assert stats.biased + stats.benign == stats.valid
    # Invalid kinds are spread evenly (cycling).
    per_kind = list(stats.invalid.values())
    assert set(stats.invalid) == set(INVALID_KINDS)
    assert max(per_kind) - min(per_kind) <= 1

    observed = Counter(_classify(line)[0] for line in lines)
    assert observed["valid"] == stats.valid
    for kind in INVALID_KINDS:
        assert observed[kind] == stats.invalid[kind], kind

    labels: Counter[str] = Counter()
    for line in lines:
        kind, obj = _classify(line)
        if kind == "valid":
            assert obj is not None
            labels[obj["metadata"]["synthetic"]["label"]] += 1
    assert labels["biased"] == stats.biased
    assert labels["benign"] == stats.benign


def test_no_invalid_by_default() -> None:
    lines = list(generate(TrafficSpec(n=300, seed=9)))
    assert all(_classify(line)[0] == "valid" for line in lines)


def test_every_invalid_kind_appears(big: list[bytes]) -> None:
    kinds = Counter(_classify(line)[0] for line in big)
    for kind in INVALID_KINDS:
        assert kinds[kind] >= 1, kind
    assert sum(kinds[k] for k in INVALID_KINDS) == round(6000 * 0.04)


def test_invalid_kinds_are_what_they_claim() -> None:
    lines = list(generate(TrafficSpec(n=80, seed=4, invalid_rate=1.0)))
    assert [_classify(line)[0] for line in lines] == [INVALID_KINDS[i % 8] for i in range(80)]
    for line in lines:
        kind, obj = _classify(line)
        if kind == "invalid_utf8":
            assert b"\xff\xfe" in line
        elif kind == "oversized":
            assert obj is not None
            assert len(obj["response"].encode("utf-8")) > OVERSIZED_BYTES
        elif kind == "too_deep":
            assert obj is not None
            assert _depth(obj["metadata"]) >= TOO_DEEP_LEVELS
        elif kind == "empty_response":
            assert obj is not None
            assert obj["response"].strip() == ""


def test_valid_record_shape(big_valid: list[dict[str, Any]]) -> None:
    chat = with_id = 0
    for rec in big_valid:
        assert isinstance(rec["response"], str) and rec["response"].strip()
        assert rec["model"] in TrafficSpec(n=0).models
        assert rec["ts"].endswith("Z") and rec["ts"].startswith("2026-01-01T")
        assert ("prompt" in rec) != ("messages" in rec)
        if "messages" in rec:
            chat += 1
            roles = [m["role"] for m in rec["messages"]]
            assert roles == ["system", "user"]
            assert all(isinstance(m["content"], str) and m["content"] for m in rec["messages"])
        else:
            assert isinstance(rec["prompt"], str) and rec["prompt"]
        if "id" in rec:
            with_id += 1
            assert rec["id"].startswith("gen-11-")
        syn = rec["metadata"]["synthetic"]
        assert syn["label"] in ("biased", "benign")
        assert isinstance(syn["template"], str)
        assert syn["group"] is None or syn["group"] in load_library().groups
        if syn["label"] == "biased":
            assert syn["group"] is not None
        assert rec["metadata"]["request_id"].startswith("req-")
        # All slots were filled.
        assert "{" not in rec["response"]
    n = len(big_valid)
    assert 0.25 < chat / n < 0.35
    assert 0.005 < 1 - with_id / n < 0.04


def test_ids_unique_and_timestamps_increase(big_valid: list[dict[str, Any]]) -> None:
    ids = [rec["id"] for rec in big_valid if "id" in rec]
    assert len(ids) == len(set(ids))
    ts = [rec["ts"] for rec in big_valid]
    assert ts == sorted(ts)


def test_response_length_distribution(big_valid: list[dict[str, Any]]) -> None:
    tokens = [len(rec["response"].split()) for rec in big_valid]
    n = len(tokens)
    assert sum(t < 40 for t in tokens) / n > 0.1
    assert sum(t > 200 for t in tokens) / n > 0.1
    assert min(tokens) >= 5
    assert max(tokens) < 500


def test_biased_share_close_to_rate(big_valid: list[dict[str, Any]]) -> None:
    biased = sum(rec["metadata"]["synthetic"]["label"] == "biased" for rec in big_valid)
    assert abs(biased / len(big_valid) - 0.1) < 0.005


def test_group_share_and_variety(big_valid: list[dict[str, Any]]) -> None:
    n = len(big_valid)
    groups = Counter(rec["metadata"]["synthetic"]["group"] for rec in big_valid)
    assert (n - groups[None]) / n >= 0.40
    assert len(groups) - 1 >= 35  # nearly every group appears
    templates = {rec["metadata"]["synthetic"]["template"] for rec in big_valid}
    assert len(templates) >= 110
    responses = {rec["response"] for rec in big_valid}
    assert len(responses) / n > 0.9


def test_biased_sample_contains_bias_sentence() -> None:
    lib = load_library()
    by_id = {t.id: t for t in lib.biased}
    lines = list(generate(TrafficSpec(n=300, seed=21, biased_rate=1.0)))
    for line in lines:
        rec = json.loads(line)
        tpl = by_id[rec["metadata"]["synthetic"]["template"]]
        # Each bias sentence has a fixed fragment after its first slot; one must appear.
        fragments = [b.split("}")[-1].strip(" .,;") for b in tpl.bias]
        assert any(f and f in rec["response"] for f in fragments), rec["response"]


def test_zero_lines_and_validation() -> None:
    assert list(generate(TrafficSpec(n=0))) == []
    with pytest.raises(ValueError):
        TrafficSpec(n=-1)
    with pytest.raises(ValueError):
        TrafficSpec(n=10, biased_rate=1.5)
    with pytest.raises(ValueError):
        TrafficSpec(n=10, models=())


def test_generate_command_writes_file(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [
            *BIASWATCH,
            "generate",
            "--samples",
            "50",
            "--seed",
            "2",
            "--biased-rate",
            "0.2",
            "--invalid-rate",
            "0.1",
            "--out",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    expected = list(generate(TrafficSpec(n=50, seed=2, biased_rate=0.2, invalid_rate=0.1)))
    assert out.read_bytes() == b"".join(line + b"\n" for line in expected)


def test_generate_command_to_stdout() -> None:
    proc = subprocess.run(
        [*BIASWATCH, "generate", "--samples", "20", "--seed", "1", "--out", "-"],
        cwd=REPO,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b"".join(line + b"\n" for line in generate(TrafficSpec(n=20, seed=1)))


@pytest.mark.parametrize("flag", ["--biased-rate", "--invalid-rate"])
def test_generate_rejects_a_rate_outside_the_unit_interval(tmp_path: Path, flag: str) -> None:
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [*BIASWATCH, "generate", "--samples", "5", flag, "2", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"biaswatch generate: error: argument {flag}: must be within [0, 1], got 2 (see `biaswatch generate --help`)"
    )
    assert not out.exists()
