"""Aggregates over a whole run: the `replay` report and the `demo` summary read from it."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from agent.analyse import BatchOutcome, SampleResult
from detectors.base import Finding

if TYPE_CHECKING:
    from agent.retraining.scrub import Scrubber

_TOP_EXAMPLES = 10


@dataclass
class _GroupStats:
    prompt_mentions: int = 0
    response_mentions: int = 0
    samples: int = 0
    flagged: int = 0
    score_sum: float = 0.0


@dataclass
class RunReport:
    started: float = field(default_factory=time.monotonic)
    records: int = 0
    samples: int = 0
    flagged: int = 0
    invalid: Counter[str] = field(default_factory=Counter)
    flags_by_detector: Counter[str] = field(default_factory=Counter)
    flags_by_category: Counter[str] = field(default_factory=Counter)
    flags_by_group: Counter[str] = field(default_factory=Counter)
    models: Counter[str] = field(default_factory=Counter)
    detector_seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    detector_errors: Counter[str] = field(default_factory=Counter)
    groups: defaultdict[str, _GroupStats] = field(default_factory=lambda: defaultdict(_GroupStats))
    top: list[tuple[float, str, tuple[SampleResult, list[Finding]]]] = field(default_factory=list)
    # Extra top-level keys computed at the end (e.g. "drift"), so other aggregates plug in here.
    sections: dict[str, Callable[[], Any]] = field(default_factory=dict)
    # Redacts the example texts and evidence written to the report (agent/retraining/scrub.py).
    scrubber: Scrubber | None = None

    def __call__(self, outcome: BatchOutcome) -> None:
        self.records += len(outcome.ordered)
        for inv in outcome.invalid:
            self.invalid[inv.invalid.reason] += 1
        for name, seconds in outcome.timings.items():
            self.detector_seconds[name] += seconds
        self.detector_errors.update(outcome.errors)
        for r in outcome.results:
            self._add(r)

    def _add(self, r: SampleResult) -> None:
        self.samples += 1
        self.models[r.sample.model] += 1
        for g in r.prompt_groups:
            self.groups[g].prompt_mentions += 1
        for g in r.response_groups:
            self.groups[g].response_mentions += 1
        for g in r.groups:
            st = self.groups[g]
            st.samples += 1
            st.score_sum += r.score
            st.flagged += r.flagged
        if not r.flagged:
            return
        self.flagged += 1
        flagged = [f for f in r.findings if f.flagged]
        self.flags_by_detector.update({f.detector for f in flagged})
        self.flags_by_category.update({f.category for f in flagged})
        self.flags_by_group.update(r.groups or ["(none)"])
        # The entry is built (and redacted) only for the examples that stay in the top: redacting
        # every flagged sample's text here cost more than the rest of the report together.
        self.top.append((r.score, r.sample.id, (r, flagged)))
        if len(self.top) > 4 * _TOP_EXAMPLES:
            self.top.sort(key=lambda t: (-t[0], t[1]))
            del self.top[_TOP_EXAMPLES:]

    def _entry(self, r: SampleResult, flagged: list[Finding]) -> dict[str, Any]:
        response = r.sample.response
        evidence = [(f, list(f.evidence[:2])) for f in flagged]
        if self.scrubber is not None and self.scrubber.enabled:
            redacted = self.scrubber.redactor.redact(response)
            maps = {"response": redacted, "prompt": self.scrubber.redactor.redact(r.sample.prompt_text)}
            response = redacted.text
            evidence = [(f, [self.scrubber.evidence(e, maps) for e in ev]) for f, ev in evidence]
        return {
            "id": r.sample.id,
            "model": r.sample.model,
            "score": round(r.score, 4),
            "groups": r.groups,
            "response": response[:300],
            "evidence": [
                {"detector": f.detector, "category": f.category, "evidence": [e.to_dict() for e in ev]}
                for f, ev in evidence
            ],
        }

    def to_dict(self) -> dict[str, Any]:
        elapsed = time.monotonic() - self.started
        self.top.sort(key=lambda t: (-t[0], t[1]))
        return {
            "records": self.records,
            "samples": self.samples,
            "invalid": sum(self.invalid.values()),
            "invalid_by_reason": dict(sorted(self.invalid.items())),
            "flagged": self.flagged,
            "flag_rate": round(self.flagged / self.samples, 6) if self.samples else 0.0,
            "flags_by_detector": dict(sorted(self.flags_by_detector.items())),
            "flags_by_category": dict(sorted(self.flags_by_category.items())),
            "flags_by_group": dict(sorted(self.flags_by_group.items())),
            "models": dict(sorted(self.models.items())),
            "groups": {
                g: {
                    "samples": st.samples,
                    "prompt_mentions": st.prompt_mentions,
                    "response_mentions": st.response_mentions,
                    "flagged": st.flagged,
                    "flag_rate": round(st.flagged / st.samples, 6) if st.samples else 0.0,
                    "mean_score": round(st.score_sum / st.samples, 6) if st.samples else 0.0,
                }
                for g, st in sorted(self.groups.items())
            },
            "timing": {
                "elapsed_seconds": round(elapsed, 3),
                "records_per_second": round(self.records / elapsed, 1) if elapsed > 0 else None,
                "seconds_by_stage": {k: round(v, 4) for k, v in sorted(self.detector_seconds.items())},
            },
            "detector_errors": dict(self.detector_errors),
            "top_flagged": [self._entry(*pending) for _, _, pending in self.top[:_TOP_EXAMPLES]],
            **{name: section() for name, section in self.sections.items()},
        }
