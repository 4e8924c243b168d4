"""`biaswatch review` driven through textual's Pilot on a real queue file: decisions, relabels,
corrected responses and notes are stored with the reviewer and time; a new session resumes; filters."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from agent.retraining.review import ReviewApp
from agent.retraining.review_queue import Filters, pending
from agent.retraining.store import connect
from agent.sample import Sample
from agent.sinks.base import FlagRecord
from agent.sinks.sqlite_queue import FlagQueue
from agent.sources.base import Record
from detectors.base import Evidence, Finding

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"ctrl+a", "ctrl+k", "ctrl+s", "f7", "enter", "escape", "backspace"}


def _flag(i: int, group: str, detector: str, score: float) -> FlagRecord:
    response = f"All {group} are lazy and should not be hired, case {i}."
    at = response.index(group)
    lazy = response.index("lazy")
    sample = Sample(f"r{i}", 1_700_000_000.0 + i, "chat-1", response, prompt=f"What about {group} at work?")
    findings = [
        Finding(
            detector,
            sample.id,
            score,
            True,
            "generalisation",
            (group,),
            (
                Evidence("harm_term", "lazy", span=(lazy, lazy + 4)),
                Evidence("group_term", group, span=(at, at + len(group)), detail={"group": group}),
            ),
        )
    ]
    record = Record(b"{}", f"f:{i}", "file", 1.0)
    return FlagRecord(sample, record, findings, score, [group], redaction={"enabled": True, "counts": {}})


def _queue(tmp_path: Path) -> Path:
    path = tmp_path / "q.sqlite"
    q = FlagQueue(path)
    q.write(
        [
            _flag(0, "immigrants", "harm_lexicon", 0.9),
            _flag(1, "women", "embedding", 0.7),
            _flag(2, "muslims", "harm_lexicon", 0.8),
            _flag(3, "immigrants", "embedding", 0.4),
        ]
    )
    q.close()
    return path


async def _session(path: Path, reviewer: str, keys: list[str], shot: Path | None = None) -> int:
    conn = connect(path)
    app = ReviewApp(conn, reviewer)
    try:
        async with app.run_test(size=(110, 34)) as pilot:
            await pilot.pause()
            if shot is not None:
                app.save_screenshot(str(shot.name), str(shot.parent))
            for key in keys:
                if key not in KEYS and len(key) > 1:
                    await pilot.press(*key)  # typed text, one key per character
                else:
                    await pilot.press(key)
                await pilot.pause()
            await pilot.press("q")
            await pilot.pause()
    finally:
        conn.close()
    return int(app.return_value or 0)


def test_a_scripted_review_session_stores_decisions_and_edits(tmp_path: Path) -> None:
    path = _queue(tmp_path)
    shot = tmp_path / "review.svg"
    keys = [
        # r0: relabel category and groups, write a note, accept.
        "c", "ctrl+a", "ctrl+k", "stereotype", "enter",
        "g", "ctrl+a", "ctrl+k", "immigrants, poor", "enter",
        "n", "hiring bias", "enter",
        "a",
        # r1: a false positive.
        "r",
        # r2: a corrected response (text area, ctrl+s saves), then accept.
        "e", "f7", "People of any faith can be hard workers.", "ctrl+s",
        "a",
    ]  # fmt: skip
    decided = asyncio.run(_session(path, "ana", keys, shot))
    assert decided == 3
    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        rows = {r["sample_id"]: r for r in conn.execute("SELECT * FROM labels")}
        status = dict(conn.execute("SELECT sample_id, status FROM flagged").fetchall())
    assert status == {"r0": "accepted", "r1": "rejected", "r2": "accepted", "r3": "pending"}
    assert rows["r0"]["category"] == "stereotype" and json.loads(rows["r0"]["groups"]) == ["immigrants", "poor"]
    assert rows["r0"]["note"] == "hiring bias" and rows["r0"]["reviewer"] == "ana"
    assert rows["r1"]["category"] is None and rows["r1"]["status"] == "rejected"
    assert rows["r2"]["corrected_response"] == "People of any faith can be hard workers."
    assert all(r["labelled_at"] > 1_700_000_000 for r in rows.values())
    svg = shot.read_text()
    assert all(word in svg for word in ("biaswatch", "review", "r0", "lazy", "immigrants", "harm_lexicon"))
    if os.environ.get("BIASWATCH_WRITE_SCREENSHOT") == "1":
        (ROOT / "docs" / "images").mkdir(exist_ok=True)
        (ROOT / "docs" / "images" / "review.svg").write_text(svg)

    # A new session resumes with what is left; skipping leaves a flag pending.
    conn = connect(path)
    assert pending(conn, Filters(), "ana") == ["r3"]
    conn.close()
    assert asyncio.run(_session(path, "ana", ["s"])) == 0


def test_filters_narrow_the_pending_flags(tmp_path: Path) -> None:
    path = _queue(tmp_path)
    asyncio.run(_session(path, "ana", ["a"]))  # r0 accepted by ana
    conn = connect(path)
    # r0 is decided; the filters pick among the rest.
    assert pending(conn, Filters(group="immigrants"), "ben") == ["r3"]
    assert pending(conn, Filters(detector="embedding"), "ben") == ["r1", "r3"]
    assert pending(conn, Filters(min_score=0.75), "ben") == ["r2"]
    assert pending(conn, Filters(max_score=0.5, cycle="cycle-0001"), "ben") == ["r3"]
    assert pending(conn, Filters(cycle="cycle-0009"), "ben") == []
    conn.close()


def test_review_without_its_extra_names_the_extra_and_leaves_the_queue_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The runtime install (the sidecar image) has no textual: `review` must say what to install."""
    from agent.cli import main

    queue = _queue(tmp_path)
    config = tmp_path / "agent.yaml"
    config.write_text(f"queue:\n  sqlite:\n    path: {queue}\n", encoding="utf-8")
    before = queue.read_bytes()
    # What an absent package looks like to import: its submodules already loaded must go too, or
    # `from textual.app import ...` is answered from sys.modules.
    for name in [m for m in sys.modules if m == "textual" or m.startswith("textual.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, "agent.retraining.review")
    assert main(["review", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "pip install 'biaswatch[review]'" in err and "textual" in err
    assert queue.read_bytes() == before
