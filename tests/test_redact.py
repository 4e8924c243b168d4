"""Redaction: every item of the authored PII corpus is replaced by its typed placeholder, ordinary text
is left alone, evidence spans move with the text or are dropped, and log lines are scrubbed."""

from __future__ import annotations

import logging
import re

import pytest

from agent.config import RedactionConfig
from agent.retraining.redact import Redactor
from agent.retraining.scrub import RedactingFilter, Scrubber
from agent.sample import Sample
from agent.sinks.base import DeadLetter, FlagRecord
from agent.sources.base import Record
from detectors.base import Evidence, Finding
from tests.pii_corpus import CUSTOM_PATTERNS, corpus, leaks


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor(RedactionConfig.model_validate({"custom": CUSTOM_PATTERNS}))


def test_the_corpus_is_large_and_varied() -> None:
    items = corpus()
    assert len(items) >= 300
    assert {it.kind for it, _ in items} >= {"EMAIL", "PHONE", "CARD", "IBAN", "IP", "URL", "SECRET", "EMPLOYEE_ID"}


def test_every_corpus_item_becomes_its_placeholder(redactor: Redactor) -> None:
    failures = []
    for item, written in corpus():
        text = f"Please write to {written} before Friday."
        red = redactor.redact(text)
        if leaks(red.text, [item]) or f"<{item.kind}>" not in red.text:
            failures.append((item.kind, written, red.text))
    assert failures == []


def test_ordinary_text_is_left_alone(redactor: Redactor) -> None:
    texts = [
        "In 2023 about 12,500 people attended; the venue holds 40000.",
        "Version 3.11.4 fixed the bug reported in issue #4521.",
        "Meet at 10:30 on 2024-05-17 near gate B12.",
        "The ratio was 0.75 and the p-value 0.003.",
        "Internationalisation and characterisation are long words.",
        "Run it with the id 123e4567-e89b-12d3-a456-426614174000 as a reference.",
        "See https://example.com/docs/page?lang=en for details.",
        "Search https://shop.example.com/find?keyword=shoes&sigma=2 now.",
        "Next wakeup is due at 2026-12-05 01:08:28.891724+00:00 (in 3599.848 seconds)",
        "Released on 12/05/2026 and 05.12.2026; it took 1234567.89 ms.",
    ]
    for t in texts:
        assert redactor.redact(t).text == t, t


def test_spans_move_with_the_text_and_never_point_at_removed_text(redactor: Redactor) -> None:
    text = "Mail bob@example.com: immigrants are criminals, call +44 20 7946 0958 now."
    red = redactor.redact(text)
    start = text.index("immigrants")
    moved = red.map_span(start, start + len("immigrants"))
    assert moved is not None and red.text[moved[0] : moved[1]] == "immigrants"
    end = text.index("now")
    moved = red.map_span(end, end + 3)
    assert moved is not None and red.text[moved[0] : moved[1]] == "now"
    at = text.index("example")
    assert red.map_span(at, at + 7) is None  # inside the email


def _flag(prompt: str, response: str) -> FlagRecord:
    sample = Sample("s1", 1.0, "m", response, prompt=prompt, metadata={"user": "ann@example.com", "n": 3})
    word = "criminals"
    at = response.index(word)
    pii_at = response.index("bob")
    findings = [
        Finding(
            "harm_lexicon",
            "s1",
            0.9,
            True,
            "generalisation",
            ("immigrants",),
            (
                Evidence("harm_term", word, span=(at, at + len(word))),
                Evidence("sentence", response[pii_at:], span=(pii_at, len(response))),
                Evidence("group_term", "immigrants", field="prompt", span=(0, 10)),
            ),
        )
    ]
    record = Record(b"{}", "file:1", "file", 1.0, headers={"x-user": "+1 212 736 5000"})
    return FlagRecord(sample, record, findings, 0.9, ["immigrants"])


def test_flags_are_scrubbed_everywhere_and_evidence_follows(redactor: Redactor) -> None:
    flag = _flag("immigrants, ask 10.1.2.3", "They are criminals: bob@example.com says so.")
    out = Scrubber(redactor).flag(flag)
    blob = repr(out)
    assert "bob@example.com" not in blob and "ann@example.com" not in blob and "212 736 5000" not in blob
    assert "10.1.2.3" not in blob
    ev = out.findings[0].evidence
    assert ev[0].span is not None and out.sample.response[ev[0].span[0] : ev[0].span[1]] == "criminals"
    # The sentence overlapped the email: its span is dropped, its text redacted.
    assert ev[1].span is None and "<EMAIL>" in ev[1].text
    assert ev[2].span == (0, 10)
    assert out.redaction == {"enabled": True, "counts": {"EMAIL": 2, "IP": 1, "PHONE": 1}}


def test_turning_redaction_off_is_recorded() -> None:
    off = Scrubber(Redactor(RedactionConfig(enabled=False)))
    flag = _flag("immigrants", "They are criminals: bob@example.com says so.")
    out = off.flag(flag)
    assert out.sample.response == flag.sample.response and out.redaction == {"enabled": False}


def test_dead_letters_keep_undecodable_bytes_and_lose_pii(redactor: Redactor) -> None:
    payload = b'{"response": "call 020 7946 0958", "broken": "\xff\xfe"'
    d = DeadLetter(Record(payload, "k:0:1", "kafka", 1.0), "invalid_json", "near 'bob@example.com'")
    out = Scrubber(redactor).dead_letter(d)
    assert b"7946" not in out.record.payload and b"\xff\xfe" in out.record.payload
    assert "bob@" not in out.message and out.redacted


def test_log_filter_rewrites_messages_and_tracebacks(redactor: Redactor, caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.redact")
    flt = RedactingFilter(redactor)
    caplog.handler.addFilter(flt)
    try:
        logger.warning("user %s sent card %s", "eve@example.org", "4111 1111 1111 1111")
        token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
        try:
            raise ValueError("token " + token)
        except ValueError:
            logger.exception("failed")
    finally:
        caplog.handler.removeFilter(flt)
    text = caplog.text
    assert "eve@example.org" not in text and "4111" not in text and token not in text
    assert "<EMAIL>" in text and "<CARD>" in text and "<SECRET>" in text
    assert re.search(r"ValueError", text)
