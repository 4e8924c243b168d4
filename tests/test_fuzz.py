"""Fuzzing decode, analysis (what `score` prints) and the HTTP source with hostile input.

CI runs a derandomised slice (fixed seed, a few hundred examples per target); `make fuzz` runs
10,000 per target (BIASWATCH_FUZZ_EXAMPLES). Targets: nothing raises, nothing logs an error, every
input line gives exactly one result, and whatever is kept is valid UTF-8. Every input that ever
crashed something is in tests/fuzz_regressions.jsonl and replayed here.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.analyse import Analyser, InvalidResult, SampleResult
from agent.config import FieldMapping, HttpSourceConfig, LimitsConfig
from agent.decode import Decoder, Invalid
from agent.sample import Sample
from agent.sources.base import Record
from agent.sources.http import PATH, HttpSource
from detectors.groups import GroupsDetector
from detectors.harm import HarmLexiconDetector
from detectors.taxonomy import Taxonomy
from tests.hostile import http_bodies, lines

EXAMPLES = int(os.environ.get("BIASWATCH_FUZZ_EXAMPLES", "150"))
REGRESSIONS = Path(__file__).with_name("fuzz_regressions.jsonl")

# derandomize: CI sees the same examples on every run, so a failure there is reproducible.
# Health checks: huge strings and deep nesting are the point here, so slow or large data is expected.
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=EXAMPLES <= 1000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

DECODER = Decoder(FieldMapping(), LimitsConfig())
TAXONOMY = Taxonomy.default()
ANALYSER = Analyser(DECODER, TAXONOMY, [GroupsDetector(TAXONOMY), HarmLexiconDetector(TAXONOMY)])


class _Errors(logging.Handler):
    """Collects ERROR records (a logged traceback is a failure even when nothing raised)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def errors() -> Iterator[_Errors]:
    handler = _Errors()
    logging.getLogger().addHandler(handler)
    try:
        yield handler
    finally:
        logging.getLogger().removeHandler(handler)


def _encodable(value: Any) -> None:
    json.dumps(value, ensure_ascii=False).encode("utf-8")  # raises on a lone surrogate


def check_decode(raw: bytes) -> None:
    result = DECODER.decode(raw, 0.0)
    assert isinstance(result, Sample | Invalid)
    if isinstance(result, Sample):
        _encodable(result.to_dict())
    else:
        _encodable(result.message)


def check_score(raws: list[bytes]) -> None:
    records = [Record(r, f"fuzz:{i + 1}", "file", 0.0) for i, r in enumerate(raws)]
    ordered = ANALYSER.analyse(records).ordered
    assert [item.record.position for item in ordered] == [r.position for r in records]  # one out per in
    for item in ordered:
        assert isinstance(item, SampleResult | InvalidResult)
        _encodable(item.score_line())


@FUZZ
@given(lines())
def test_decode_never_raises_and_keeps_only_valid_unicode(raw: bytes) -> None:
    check_decode(raw)


@FUZZ
@given(st.lists(lines(), min_size=1, max_size=8))
def test_score_gives_one_encodable_line_per_input_line(batch: list[bytes]) -> None:
    check_score(batch)


@dataclass
class LiveSource:
    """A running http source, the consumer's failures, and one keep-alive client for every case."""

    source: HttpSource
    client: httpx.Client
    failures: list[BaseException] = field(default_factory=list)


@pytest.fixture(scope="module")
def http_source() -> Iterator[LiveSource]:
    """A live source whose records are analysed and committed by a consumer thread, as in `run`."""
    config = HttpSourceConfig(port=0, respond_after="durable", ack_timeout_seconds=20, queue_capacity=500)
    source = HttpSource(config, DECODER).start()
    # One client: a new httpx.Client per case loads the system CA bundle each time, which was most
    # of a case's cost. A body the server refuses by closing the connection makes it reconnect.
    live = LiveSource(source, httpx.Client(base_url=f"http://127.0.0.1:{source.port}", timeout=30))
    stop = threading.Event()

    def consume() -> None:
        while not stop.is_set():
            # A short wait: each durable POST waits for this loop, so the wait is every case's floor.
            records = source.poll(64, 0.005)
            if not records:
                continue
            try:
                check_score([r.payload for r in records])
            except BaseException as exc:  # reported by the test below, not lost in a thread
                live.failures.append(exc)
            source.commit(records)

    worker = threading.Thread(target=consume, daemon=True)
    worker.start()
    try:
        yield live
    finally:
        stop.set()
        worker.join(5)
        live.client.close()
        source.close()


def check_http(live: LiveSource, errors: _Errors, body: tuple[str, bytes]) -> None:
    ctype, content = body
    r = live.client.post(PATH, content=content, headers={"Content-Type": ctype})
    assert r.status_code in (202, 400, 413, 415, 503), (r.status_code, r.text)
    assert isinstance(r.json(), dict)
    assert not live.failures, live.failures
    assert not [e for e in errors.records if e.name.startswith(("agent", "waitress"))]


@FUZZ
@given(http_bodies())
def test_http_source_answers_every_hostile_body_cleanly(
    http_source: LiveSource, errors: _Errors, body: tuple[str, bytes]
) -> None:
    check_http(http_source, errors, body)


# --- every input that ever crashed something ------------------------------------------------------


def _regressions() -> list[dict[str, Any]]:
    return [json.loads(line) for line in REGRESSIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", _regressions(), ids=lambda c: c["name"])
def test_regressions_stay_fixed(case: dict[str, Any], request: pytest.FixtureRequest) -> None:
    """Each line: name, target (decode | score | http), note, input_b64, and content_type for http."""
    raw = base64.b64decode(case["input_b64"])
    if case["target"] == "decode":
        check_decode(raw)
    elif case["target"] == "score":
        check_score(raw.split(b"\n"))
    else:
        assert case["target"] == "http", case
        # Only http cases start the live source (the decode/score replay stays a unit test).
        live: LiveSource = request.getfixturevalue("http_source")
        errors: _Errors = request.getfixturevalue("errors")
        check_http(live, errors, (case["content_type"], raw))
