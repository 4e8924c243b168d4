"""Redaction applied to what the pipeline stores: flags (sample, evidence) and dead letters, once per
batch before any sink sees them, and to log records through a logging filter.

Detectors have already run on the original text. Evidence spans over the prompt or response are moved
to the redacted text, or dropped (span removed, text redacted) when they overlap a replaced match, so
no stored span points at removed text. Every flag carries a redaction summary (enabled, counts per
type) that the sinks record beside the row.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from agent.retraining.redact import Redacted, Redactor
from agent.sample import Sample
from agent.sinks.base import DeadLetter, FlagRecord
from agent.sources.base import Record
from detectors.base import Evidence, Finding


def disabled_summary() -> dict[str, Any]:
    return {"enabled": False}


class Scrubber:
    """Redacts flags and dead letters and tallies what it replaced (for the metric and the harvest)."""

    def __init__(self, redactor: Redactor, on_counts: Callable[[Counter[str]], None] | None = None) -> None:
        self.redactor = redactor
        self.totals: Counter[str] = Counter()
        # Called with the counts of each batch (the Prometheus counter); None in offline tools.
        self.on_counts = on_counts

    @property
    def enabled(self) -> bool:
        return self.redactor.enabled

    def batch(
        self, flags: Sequence[FlagRecord], dead: Sequence[DeadLetter]
    ) -> tuple[list[FlagRecord], list[DeadLetter]]:
        counts: Counter[str] = Counter()
        out_flags = [self.flag(f, counts) for f in flags]
        out_dead = [self.dead_letter(d, counts) for d in dead]
        self.totals.update(counts)
        if self.on_counts is not None and counts:
            self.on_counts(counts)
        return out_flags, out_dead

    def flag(self, flag: FlagRecord, counts: Counter[str] | None = None) -> FlagRecord:
        if not self.enabled:
            return dataclasses.replace(flag, redaction=disabled_summary())
        mine: Counter[str] = Counter()
        s = flag.sample
        prompt_map: Redacted | None = None
        messages = None
        prompt = None
        if s.prompt is not None:
            prompt_map = self.redactor.redact(s.prompt)
            prompt = prompt_map.text
            mine.update(prompt_map.counts)
        if s.messages is not None:
            messages = [self._message(m, mine) for m in s.messages]
            if s.prompt is None:
                # Prompt spans index the joined non-assistant turns (Sample.prompt_text).
                prompt_map = self.redactor.redact(s.prompt_text)
        response = self.redactor.redact(s.response)
        mine.update(response.counts)
        metadata = self._value(s.metadata, mine)
        sample = Sample(
            id=s.id,
            ts=s.ts,
            model=s.model,
            response=response.text,
            prompt=prompt,
            messages=messages,
            metadata=metadata,
            truncated=s.truncated,
        )
        maps = {"response": response, "prompt": prompt_map}
        findings = [self._finding(f, maps) for f in flag.findings]
        record = self._record(flag.record, mine)
        if counts is not None:
            counts.update(mine)
        summary = {"enabled": True, "counts": dict(sorted(mine.items()))}
        return dataclasses.replace(flag, sample=sample, findings=findings, record=record, redaction=summary)

    def _message(self, message: dict[str, Any], counts: Counter[str]) -> dict[str, Any]:
        out: dict[str, Any] = self._value(message, counts)
        return out

    def _value(self, value: Any, counts: Counter[str]) -> Any:
        if isinstance(value, str):
            r = self.redactor.redact(value)
            counts.update(r.counts)
            return r.text
        if isinstance(value, dict):
            return {k: self._value(v, counts) for k, v in value.items()}
        if isinstance(value, list):
            return [self._value(v, counts) for v in value]
        return value

    def _finding(self, f: Finding, maps: Mapping[str, Redacted | None]) -> Finding:
        return dataclasses.replace(f, evidence=tuple(self.evidence(e, maps) for e in f.evidence))

    def evidence(self, e: Evidence, maps: Mapping[str, Redacted | None]) -> Evidence:
        # Counted once per field above; evidence repeats text already counted.
        scratch: Counter[str] = Counter()
        detail = self._value(e.detail, scratch)
        mapping = maps.get(e.field)
        if e.span is not None and mapping is not None:
            moved = mapping.map_span(*e.span)
            if moved is not None:
                return dataclasses.replace(e, text=mapping.text[moved[0] : moved[1]], span=moved, detail=detail)
            return dataclasses.replace(e, text=self.redactor.text(e.text), span=None, detail=detail)
        return dataclasses.replace(e, text=self.redactor.text(e.text), detail=detail)

    def _record(self, record: Record, counts: Counter[str]) -> Record:
        # Flags keep their source payload out of storage, but the headers travel (trace ids, user ids).
        headers = {k: self._value(v, counts) for k, v in record.headers.items()}
        key = record.key
        if key is not None:
            text = key.decode("utf-8", errors="surrogateescape")
            red = self.redactor.redact(text)
            if red.matches:
                counts.update(red.counts)
                key = red.text.encode("utf-8", errors="surrogateescape")
        return dataclasses.replace(record, headers=headers, key=key)

    def dead_letter(self, d: DeadLetter, counts: Counter[str] | None = None) -> DeadLetter:
        if not self.enabled:
            return dataclasses.replace(d, redaction=disabled_summary())
        mine: Counter[str] = Counter()
        # Undecodable bytes survive the round trip unchanged (surrogateescape); the rest is text to scrub.
        text = d.record.payload.decode("utf-8", errors="surrogateescape")
        red = self.redactor.redact(text)
        mine.update(red.counts)
        payload = red.text.encode("utf-8", errors="surrogateescape") if red.matches else d.record.payload
        record = dataclasses.replace(self._record(d.record, mine), payload=payload)
        message = self.redactor.redact(d.message)
        mine.update(message.counts)
        if counts is not None:
            counts.update(mine)
        summary = {"enabled": True, "counts": dict(sorted(mine.items()))}
        return DeadLetter(record, d.reason, message.text, d.stage, redaction=summary)


class RedactingFilter(logging.Filter):
    """Rewrites a log record's message (and formatted traceback) with PII replaced."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: leave it to the handler to report
            return True
        red = self.redactor.redact(message)
        if red.matches:
            record.msg = red.text
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redactor.text(record.exc_text)
        return True


def install_log_filter(redactor: Redactor) -> RedactingFilter | None:
    """On every handler of the root logger (filters on loggers do not see propagated records)."""
    if not redactor.enabled or not redactor.config.redact_logs:
        return None
    flt = RedactingFilter(redactor)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(flt)
    return flt
