"""Decode a batch of records and run every detector over it: the pure half of the pipeline."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from agent.decode import Decoder, Invalid
from agent.sample import Sample
from agent.sources.base import Record
from detectors.base import Batch, Detector, Embeddings, Finding, TextSample
from detectors.taxonomy import Taxonomy, neutralise

log = logging.getLogger(__name__)


@dataclass(slots=True)
class SampleResult:
    record: Record
    sample: Sample
    findings: list[Finding]
    score: float
    flagged: bool
    groups: list[str]
    prompt_groups: list[str]
    response_groups: list[str]
    errors: list[str] = field(default_factory=list)

    @property
    def fully_analysed(self) -> bool:
        return not self.errors

    def score_line(self) -> dict[str, Any]:
        """One line of `biaswatch score` output (a public contract: docs/score-format.md)."""
        out: dict[str, Any] = {
            "id": self.sample.id,
            "score": round(self.score, 6),
            "flagged": self.flagged,
            "groups": self.groups,
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.errors:
            out["detector_errors"] = self.errors
        return out


@dataclass(slots=True)
class InvalidResult:
    record: Record
    invalid: Invalid

    def score_line(self) -> dict[str, Any]:
        return {"id": None, "error": {"reason": self.invalid.reason, "message": self.invalid.message}}


@dataclass
class BatchOutcome:
    ordered: list[SampleResult | InvalidResult]
    timings: dict[str, float]  # detector name or "feature:<name>" -> seconds for this batch
    errors: dict[str, int]
    # Row i is the (neutralised-response) embedding of results[i]; None when nothing embedded.
    # Drift windows read it here so a sample is never encoded twice.
    embeddings: Embeddings | None = None

    @property
    def results(self) -> list[SampleResult]:
        return [r for r in self.ordered if isinstance(r, SampleResult)]

    @property
    def invalid(self) -> list[InvalidResult]:
        return [r for r in self.ordered if isinstance(r, InvalidResult)]


class Analyser:
    def __init__(
        self,
        decoder: Decoder,
        taxonomy: Taxonomy,
        detectors: Sequence[Detector],
        embed_fn: Callable[[list[str]], Embeddings] | None = None,
        embeds: bool = False,
    ) -> None:
        self.decoder = decoder
        self.taxonomy = taxonomy
        self.detectors = list(detectors)
        self.embed_fn = embed_fn
        # Compute embeddings up front (timed as a feature) when any detector or window needs them.
        self.embeds = embeds and embed_fn is not None

    def analyse(self, records: Sequence[Record]) -> BatchOutcome:
        ordered: list[SampleResult | InvalidResult] = []
        samples: list[tuple[int, Record, Sample]] = []
        for record in records:
            decoded = self.decoder.decode(record.payload, record.received_at)
            if isinstance(decoded, Invalid):
                ordered.append(InvalidResult(record, decoded))
            else:
                samples.append((len(ordered), record, decoded))
                ordered.append(InvalidResult(record, Invalid("", "")))  # placeholder, replaced below
        timings: dict[str, float] = {}
        errors: dict[str, int] = {}
        if not samples:
            return BatchOutcome(ordered, timings, errors)
        batch = Batch(
            # Batch-local ids: two records may carry the same sample id, and findings must not mix.
            [TextSample(str(i), s.prompt_text, s.response) for i, (_, _, s) in enumerate(samples)],
            mention_fn=self.taxonomy.match,
            embed_fn=self.embed_fn,
            neutralise_fn=neutralise,
        )
        t0 = time.perf_counter()
        prompt_mentions = batch.mentions("prompt")
        response_mentions = batch.mentions("response")
        timings["feature:mentions"] = time.perf_counter() - t0
        if self.embeds:
            t0 = time.perf_counter()
            batch.embeddings()
            timings["feature:embeddings"] = time.perf_counter() - t0
        by_sample: dict[str, list[Finding]] = {}
        failed: dict[str, list[str]] = {}
        for det in self.detectors:
            t0 = time.perf_counter()
            try:
                found = det.detect(batch)
            except Exception:
                # A detector bug costs that detector's findings for this batch, not the samples.
                log.exception("detector %s failed on a batch of %d", det.name, len(batch))
                errors[det.name] = errors.get(det.name, 0) + 1
                for i in range(len(samples)):
                    failed.setdefault(str(i), []).append(det.name)
                continue
            finally:
                timings[det.name] = time.perf_counter() - t0
            for f in found:
                by_sample.setdefault(f.sample_id, []).append(f)
        for i, ((index, record, sample), p_m, r_m) in enumerate(
            zip(samples, prompt_mentions, response_mentions, strict=True)
        ):
            findings = by_sample.get(str(i), [])
            p_groups = sorted({m.group for m in p_m})
            r_groups = sorted({m.group for m in r_m})
            ordered[index] = SampleResult(
                record=record,
                sample=sample,
                findings=findings,
                score=max((f.score for f in findings), default=0.0),
                flagged=any(f.flagged for f in findings),
                groups=sorted(set(p_groups) | set(r_groups)),
                prompt_groups=p_groups,
                response_groups=r_groups,
                errors=failed.get(str(i), []),
            )
        return BatchOutcome(ordered, timings, errors, batch.cached_embeddings)
