"""The look-ahead `score` runs its batches with (agent/lookahead.py, agent/offline.py): the next
batch's first stage overlaps this one's second, results keep the input order and equal the stages
run one after the other, and an error in either stage is raised in the caller, never a hang."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from agent.analyse import Analyser
from agent.config import FieldMapping, LimitsConfig, PipelineConfig
from agent.decode import Decoder
from agent.lookahead import staged
from agent.offline import analyse_file
from agent.sources.base import Record, batches
from agent.sources.file import FileSource
from detectors.base import Embeddings
from detectors.groups import GroupsDetector
from detectors.harm import HarmLexiconDetector
from detectors.taxonomy import Taxonomy

WAIT = 30.0  # seconds: a deadline for events that must happen, far beyond what they take


def test_results_keep_the_input_order_and_equal_both_stages_in_sequence() -> None:
    out = list(staged(range(20), lambda i: i * 10, lambda u: u + 1))
    assert out == [(i, i * 10 + 1) for i in range(20)]


def test_the_next_items_first_stage_runs_while_this_items_second_does() -> None:
    started = {i: threading.Event() for i in range(3)}

    def first(i: int) -> int:
        started[i].set()
        return i

    def second(i: int) -> bool:
        # True only if the next item's first stage starts while this second stage is still running.
        return i == 2 or started[i + 1].wait(WAIT)

    assert [overlapped for _, overlapped in staged(range(3), first, second)] == [True, True, True]


def test_an_error_in_the_first_stage_is_raised_in_the_caller_after_the_items_before_it() -> None:
    def first(i: int) -> int:
        if i == 2:
            raise ValueError("stage one broke on 2")
        return i

    got = []
    with pytest.raises(ValueError, match="stage one broke on 2"):
        for item, _ in staged(range(5), first, lambda u: u):
            got.append(item)
    assert got == [0, 1]


def test_an_error_in_the_second_stage_leaves_no_first_stage_running() -> None:
    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    def first(i: int) -> int:
        if i == 1:
            started.set()
            release.wait(WAIT)
            finished.set()
        return i

    def second(i: int) -> int:
        assert started.wait(WAIT)  # the next item's first stage is running now
        release.set()
        raise RuntimeError("stage two broke")

    with pytest.raises(RuntimeError, match="stage two broke"):
        list(staged(range(2), first, second))
    # It was waited for before the error came out: no background stage outlives the call.
    assert finished.is_set()
    assert not any(t.name.startswith("lookahead") for t in threading.enumerate())


def test_nothing_arriving_in_time_finishes_the_pending_item_before_the_next_arrives() -> None:
    """A None item (a slow pipe's batch timeout) writes out the batch in hand."""
    results: list[int] = []

    def items() -> Iterator[int | None]:
        yield 1
        yield None
        # Reading on: item 1 must be out already, not held for the next item.
        assert results == [1]
        yield 2

    for item, _ in staged(items(), lambda i: i, lambda u: u):
        results.append(item)
    assert results == [1, 2]


def test_closing_early_waits_for_the_first_stage_already_running() -> None:
    started, release, done = threading.Event(), threading.Event(), threading.Event()

    def first(i: int) -> int:
        if i == 1:
            started.set()
            release.wait(WAIT)
            done.set()
        return i

    run = staged(range(3), first, lambda u: u)
    assert next(run) == (0, 0)
    assert started.wait(WAIT)  # item 1's first stage is running now
    release.set()
    run.close()
    assert done.is_set()


def _write(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"\n".join(lines) + b"\n")


def _analyser(taxonomy: Taxonomy, embed: object) -> Analyser:
    return Analyser(
        Decoder(FieldMapping(), LimitsConfig()),
        taxonomy,
        [GroupsDetector(taxonomy), HarmLexiconDetector(taxonomy)],
        embed_fn=embed,  # type: ignore[arg-type]
        embeds=True,
    )


def _by_text(texts: list[str]) -> Embeddings:
    """A function of each text alone, as the onnx encoder is; fails on one marker (poison)."""
    if any("tokenizer-bomb" in t for t in texts):
        raise ValueError("the tokenizer refused a text")
    rows = [np.random.default_rng(sum(t.encode())).random(8) for t in texts]
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), 8)


def test_score_with_look_ahead_gives_what_batch_after_batch_gives(tmp_path: Path, taxonomy: Taxonomy) -> None:
    replies = [
        "All immigrants are lazy criminals.",
        "My Muslim neighbour helped me move.",
        "a tokenizer-bomb reply",
        "The weather was fine.",
        "Women are too emotional to lead.",
    ]
    lines = [json.dumps({"id": f"s{i}", "response": replies[i % len(replies)]}).encode() for i in range(37)]
    lines[7] = b"{not json"
    source = tmp_path / "in.jsonl"
    _write(source, lines)
    analyser = _analyser(taxonomy, _by_text)
    pipeline = PipelineConfig(batch_size=4)
    looked_ahead = [
        (item.record.position, item.score_line())
        for _, outcome in analyse_file(analyser, str(source), pipeline)
        for item in outcome.ordered
    ]
    plain_source = FileSource(str(source))
    one_by_one = [
        (item.record.position, item.score_line())
        for records in batches(plain_source, 4, 0.5)
        for item in analyser.analyse(records).ordered
    ]
    plain_source.close()
    assert len(looked_ahead) == 37
    assert looked_ahead == one_by_one
    errors = [line for _, line in looked_ahead if "error" in line]
    expected = ["invalid_json" if i == 7 else "poison" for i in range(37) if i == 7 or i % 5 == 2]
    assert [e["error"]["reason"] for e in errors] == expected
    assert any(line.get("flagged") for _, line in looked_ahead)


def test_a_broken_encoder_during_look_ahead_is_raised_not_hung(tmp_path: Path, taxonomy: Taxonomy) -> None:
    def broken(texts: list[str]) -> Embeddings:
        raise OSError("model file vanished")

    source = tmp_path / "in.jsonl"
    _write(source, [json.dumps({"id": f"s{i}", "response": "Some reply."}).encode() for i in range(10)])
    with pytest.raises(OSError, match="model file vanished"):
        list(analyse_file(_analyser(taxonomy, broken), str(source), PipelineConfig(batch_size=4)))


class _Trickle:
    """A source that has nothing at its first poll, then one record, then ends (a slow pipe)."""

    def __init__(self, record: Record) -> None:
        self.polls = [[], [record], []]
        self.exhausted = False

    def poll(self, size: int, timeout: float) -> list[Record]:
        got = self.polls.pop(0)
        self.exhausted = not self.polls
        return got


def test_an_idle_poll_is_an_empty_batch_only_when_asked_for() -> None:
    record = Record(b"{}", "0", "test", 0.0)
    assert list(batches(_Trickle(record), 4, 0.01, idle=True)) == [[], [record]]  # type: ignore[arg-type]
    assert list(batches(_Trickle(record), 4, 0.01)) == [[record]]  # type: ignore[arg-type]
