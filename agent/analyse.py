"""Decode a batch of records and run every detector over it: the pure half of the pipeline."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from agent.decode import Decoder, Invalid
from agent.sample import Sample
from agent.sampling import Sampler
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
    shed: bool = False  # the embedding detectors skipped it to keep up with the source

    @property
    def fully_analysed(self) -> bool:
        return not self.errors and not self.shed

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
    # Row i is the (neutralised-response) embedding of results[i]; None when nothing embedded or when
    # load shedding embedded only some samples. Drift windows read it here so a sample is never encoded twice.
    embeddings: Embeddings | None = None
    sampled_out: int = 0  # valid samples left out by the deterministic sampling rate
    shed: int = 0  # analysed samples the embedding detectors skipped

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
        sampler: Sampler | None = None,
        embedding_detectors: frozenset[str] = frozenset(),
    ) -> None:
        self.decoder = decoder
        self.taxonomy = taxonomy
        self.detectors = list(detectors)
        self.embed_fn = embed_fn
        # Compute embeddings up front (timed as a feature) when any detector or window needs them.
        self.embeds = embeds and embed_fn is not None
        self.sampler = sampler
        # Detectors that read embeddings: under load shedding they see a subset, the rest see all.
        self.embedding_detectors = embedding_detectors

    def _decode(self, record: Record) -> Sample | Invalid:
        decoded = self.decoder.decode(record.payload, record.received_at)
        if isinstance(decoded, Sample) and record.headers:
            # Transport headers (trace ids) travel with the sample so a reviewer can follow a flag back.
            decoded = dataclasses.replace(decoded, metadata={**decoded.metadata, "headers": dict(record.headers)})
        return decoded

    def analyse(self, records: Sequence[Record], embed_ratio: float = 1.0) -> BatchOutcome:
        """Decode and detect; with `embed_ratio` < 1 the embedding detectors see only that share."""
        ordered: list[SampleResult | InvalidResult] = []
        samples: list[tuple[int, Record, Sample]] = []
        sampled_out = 0
        for record in records:
            decoded = self._decode(record)
            if isinstance(decoded, Invalid):
                ordered.append(InvalidResult(record, decoded))
            elif self.sampler is not None and not self.sampler.keep(decoded.id):
                sampled_out += 1
            else:
                samples.append((len(ordered), record, decoded))
                ordered.append(InvalidResult(record, Invalid("", "")))  # placeholder, replaced below
        timings: dict[str, float] = {}
        errors: dict[str, int] = {}
        if not samples:
            return BatchOutcome(ordered, timings, errors, sampled_out=sampled_out)
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
        # Under shedding the embedding detectors get a sub-batch; `to_full` maps its ids back.
        embed_batch, to_full = batch, None
        if embed_ratio < 1.0 and self.embedding_detectors:
            chosen = [i for i, (_, _, s) in enumerate(samples) if Sampler.embed(s.id, embed_ratio)]
            to_full = [str(i) for i in chosen]
            embed_batch = Batch(
                [TextSample(str(j), batch.samples[i].prompt, batch.samples[i].response) for j, i in enumerate(chosen)],
                mention_fn=self.taxonomy.match,
                embed_fn=self.embed_fn,
                neutralise_fn=neutralise,
                normalised={w: [batch.normalised(w)[i] for i in chosen] for w in ("prompt", "response")},
            )
        if self.embeds and len(embed_batch):
            t0 = time.perf_counter()
            for det in self.detectors:
                # A detector may ask for more texts (sentences) to share the one encode call.
                prepare = getattr(det, "prepare", None)
                if prepare is not None and det.name in self.embedding_detectors:
                    prepare(embed_batch)
            embed_batch.embeddings()
            timings["feature:embeddings"] = time.perf_counter() - t0
        by_sample: dict[str, list[Finding]] = {}
        failed: dict[str, list[str]] = {}
        for det in self.detectors:
            target = embed_batch if det.name in self.embedding_detectors else batch
            if not len(target):
                continue
            t0 = time.perf_counter()
            try:
                found = det.detect(target)
            except Exception:
                # A detector bug costs that detector's findings for this batch, not the samples.
                log.exception("detector %s failed on a batch of %d", det.name, len(target))
                errors[det.name] = errors.get(det.name, 0) + 1
                for s in target.samples:
                    full_id = s.id if target is batch or to_full is None else to_full[int(s.id)]
                    failed.setdefault(full_id, []).append(det.name)
                continue
            finally:
                timings[det.name] = time.perf_counter() - t0
            for f in found:
                if target is not batch and to_full is not None:
                    f = dataclasses.replace(f, sample_id=to_full[int(f.sample_id)])
                by_sample.setdefault(f.sample_id, []).append(f)
        embedded = None if to_full is None else set(to_full)
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
                shed=embedded is not None and str(i) not in embedded,
            )
        return BatchOutcome(
            ordered,
            timings,
            errors,
            batch.cached_embeddings if to_full is None else None,
            sampled_out=sampled_out,
            shed=0 if embedded is None else len(samples) - len(embedded),
        )
