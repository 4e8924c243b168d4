"""Decode a batch of records and run every detector over it: the pure half of the pipeline."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from agent.decode import Decoder, Invalid, safe_text
from agent.sample import Sample
from agent.sampling import Sampler
from agent.sources.base import Record
from detectors.base import Batch, Detector, Embeddings, Finding, TextSample, printed_score, sample_score
from detectors.normalise import Normalised
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
    threshold: float = 0.5  # flagged == score >= threshold
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
            "threshold": round(self.threshold, 6),
            "groups": self.groups,
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.sample.repairs:
            out["repaired"] = list(self.sample.repairs)
        if self.errors:
            out["detector_errors"] = self.errors
        return out


@dataclass(slots=True)
class InvalidResult:
    record: Record
    invalid: Invalid

    def score_line(self) -> dict[str, Any]:
        error = {"reason": self.invalid.reason, "message": self.invalid.message}
        if self.invalid.reason == "poison":
            error["stage"] = self.invalid.stage
        return {"id": None, "error": error}


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
        threshold: float = 0.5,
    ) -> None:
        self.decoder = decoder
        self.threshold = round(threshold, 6)
        self.taxonomy = taxonomy
        self.detectors = list(detectors)
        self.embed_fn = embed_fn
        # Compute embeddings up front (timed as a feature) when any detector or window needs them.
        self.embeds = embeds and embed_fn is not None
        self.sampler = sampler
        # Detectors that read embeddings: under load shedding they see a subset, the rest see all.
        self.embedding_detectors = embedding_detectors

    def _decode(self, record: Record) -> Sample | Invalid:
        try:
            decoded = self.decoder.decode(record.payload, record.received_at)
        except Exception as exc:  # a decoder bug on one record must not stop the batch
            log.exception("decoding record %s raised", record.position)
            return _poison("decode", "decoding", exc)
        if isinstance(decoded, Sample) and record.headers:
            # Transport headers (trace ids) travel with the sample so a reviewer can follow a flag back.
            headers = {safe_text(k): safe_text(v) for k, v in record.headers.items()}
            decoded = dataclasses.replace(decoded, metadata={**decoded.metadata, "headers": headers})
        return decoded

    def analyse(self, records: Sequence[Record], embed_ratio: float = 1.0) -> BatchOutcome:
        """Decode and detect; with `embed_ratio` < 1 the embedding detectors see only that share.

        A record that makes a stage raise on its own (poison) becomes an InvalidResult with reason
        "poison" and the stage, so it is dead-lettered and the rest of the batch goes on.
        """
        return self.finish(self.prepare(records, embed_ratio))

    def prepare(self, records: Sequence[Record], embed_ratio: float = 1.0) -> Prepared:
        """The first half of `analyse`: decode, then the shared features (mentions, embeddings).

        It reads no detector state but the `prepare` hooks', so `score` runs it for the next batch
        while `finish` runs the detectors over this one (agent/lookahead.py): the encoder, which
        releases the GIL, then keeps the cores busy while the detectors' Python runs.
        """
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
        features = self._shared_features(samples, embed_ratio) if samples else None
        return Prepared(ordered, samples, sampled_out, embed_ratio, features)

    def finish(self, prepared: Prepared) -> BatchOutcome:
        """The second half of `analyse`: the detectors over a prepared batch, poison set aside."""
        ordered, samples, sampled_out = prepared.ordered, prepared.samples, prepared.sampled_out
        features = prepared.features
        if features is None or not samples:
            return BatchOutcome(ordered, {}, {}, sampled_out=sampled_out)
        while features.error is not None:
            poison = self._isolate_features(samples)
            if not poison or (len(poison) == len(samples) > 1):
                # Nothing fails alone, or everything does: the model or the machine is broken,
                # not a record. Raise so it is seen; the source is not committed, nothing is lost.
                raise features.error from None
            for k, invalid in poison.items():
                ordered[samples[k][0]] = InvalidResult(samples[k][1], invalid)
            samples = [item for k, item in enumerate(samples) if k not in poison]
            if not samples:
                return BatchOutcome(ordered, {}, {}, sampled_out=sampled_out)
            features = self._shared_features(samples, prepared.embed_ratio)
        outcome = self._detect(samples, ordered, features)
        outcome.sampled_out = sampled_out
        return outcome

    def _features(self, batch: Batch, embed_batch: Batch) -> None:
        batch.mentions("prompt")
        batch.mentions("response")
        if self.embeds and len(embed_batch):
            for det in self.detectors:
                # A detector may ask for more texts (sentences) to share the one encode call.
                prepare = getattr(det, "prepare", None)
                if prepare is not None and det.name in self.embedding_detectors:
                    prepare(embed_batch)
            embed_batch.embeddings()

    def _isolate_features(self, samples: list[tuple[int, Record, Sample]]) -> dict[int, Invalid]:
        """Compute each sample's features alone; those that still raise are poison."""
        poison: dict[int, Invalid] = {}
        for k, (_, record, sample) in enumerate(samples):
            one = self._batch([TextSample("0", sample.prompt_text, sample.response)])
            try:
                self._features(one, one)
            except Exception as exc:
                log.warning("record %s is poison for the shared features: %s", record.position, _describe(exc))
                poison[k] = _poison("features", "computing shared features", exc)
        return poison

    def _batch(self, texts: list[TextSample], normalised: dict[str, list[Normalised]] | None = None) -> Batch:
        return Batch(
            texts,
            mention_fn=self.taxonomy.match,
            embed_fn=self.embed_fn,
            neutralise_fn=neutralise,
            normalised=normalised,
        )

    def _run_detector(self, det: Detector, target: Batch) -> tuple[list[Finding], list[str], dict[str, Invalid]]:
        """Findings, ids the detector failed on (kept, not fully analysed), and ids that are poison.

        A detector that raises on a batch is run on each sample alone. If it fails on every sample of
        a batch of two or more, the detector is broken: it loses its findings for the batch and the
        samples go on without them. Otherwise the samples it fails on alone are poison.
        """
        try:
            return det.detect(target), [], {}
        except Exception as exc:
            first = exc
        found: list[Finding] = []
        poison: dict[str, Invalid] = {}
        for i in range(len(target)):
            try:
                found.extend(det.detect(target.subset([i])))
            except Exception as exc:
                poison[target.samples[i].id] = _poison("detector", f"detector {det.name}", exc)
        if len(poison) == len(target) > 1:
            log.error(
                "detector %s failed on a batch of %d: %s", det.name, len(target), _describe(first), exc_info=first
            )
            return [], [s.id for s in target.samples], {}
        for sid in poison:
            log.warning("a record is poison for detector %s: %s", det.name, poison[sid].message)
        return found, [], poison

    def _shared_features(self, samples: list[tuple[int, Record, Sample]], embed_ratio: float) -> _Features:
        """The batch (and the embedding detectors' sub-batch under shedding) with mentions and
        embeddings computed; a failure there is kept in `error` for `finish` to isolate."""
        timings: dict[str, float] = {}
        # Batch-local ids: two records may carry the same sample id, and findings must not mix.
        batch = self._batch([TextSample(str(i), s.prompt_text, s.response) for i, (_, _, s) in enumerate(samples)])
        # Under shedding the embedding detectors get a sub-batch; `to_full` maps its ids back.
        embed_batch, to_full = batch, None
        if embed_ratio < 1.0 and self.embedding_detectors:
            chosen = [i for i, (_, _, s) in enumerate(samples) if Sampler.embed(s.id, embed_ratio)]
            to_full = [str(i) for i in chosen]
            embed_batch = self._batch(
                [TextSample(str(j), batch.samples[i].prompt, batch.samples[i].response) for j, i in enumerate(chosen)],
                # The sub-batch reuses the parent's normalised texts: normalisation stays once per sample.
                normalised={w: [batch.normalised(w)[i] for i in chosen] for w in ("prompt", "response")},
            )
        features = _Features(batch, embed_batch, to_full, timings)
        t0 = time.perf_counter()
        try:
            batch.mentions("prompt")
            batch.mentions("response")
            timings["feature:mentions"] = time.perf_counter() - t0
            if self.embeds and len(embed_batch):
                t0 = time.perf_counter()
                self._features(batch, embed_batch)
                timings["feature:embeddings"] = time.perf_counter() - t0
        except Exception as exc:
            features.error = exc
        return features

    def _detect(
        self,
        samples: list[tuple[int, Record, Sample]],
        ordered: list[SampleResult | InvalidResult],
        features: _Features,
    ) -> BatchOutcome:
        batch, embed_batch, to_full = features.batch, features.embed_batch, features.to_full
        timings = dict(features.timings)
        errors: dict[str, int] = {}
        prompt_mentions = batch.mentions("prompt")
        response_mentions = batch.mentions("response")
        by_sample: dict[str, list[Finding]] = {}
        failed: dict[str, list[str]] = {}
        poisoned: dict[str, Invalid] = {}
        for det in self.detectors:
            target = embed_batch if det.name in self.embedding_detectors else batch
            if not len(target):
                continue
            t0 = time.perf_counter()
            try:
                found, failed_ids, poison = self._run_detector(det, target)
            finally:
                timings[det.name] = time.perf_counter() - t0
            if failed_ids or poison:
                errors[det.name] = errors.get(det.name, 0) + 1

            def full(sid: str, target: Batch = target) -> str:
                return sid if target is batch or to_full is None else to_full[int(sid)]

            for sid in failed_ids:
                failed.setdefault(full(sid), []).append(det.name)
            for sid, invalid in poison.items():
                poisoned.setdefault(full(sid), invalid)
            for f in found:
                if target is not batch and to_full is not None:
                    f = dataclasses.replace(f, sample_id=to_full[int(f.sample_id)])
                by_sample.setdefault(f.sample_id, []).append(f)
        embedded = None if to_full is None else set(to_full)
        for i, ((index, record, sample), p_m, r_m) in enumerate(
            zip(samples, prompt_mentions, response_mentions, strict=True)
        ):
            if str(i) in poisoned:
                ordered[index] = InvalidResult(record, poisoned[str(i)])
                continue
            findings = by_sample.get(str(i), [])
            p_groups = sorted({m.group for m in p_m})
            r_groups = sorted({m.group for m in r_m})
            # One scale: every finding mapped so its own threshold lands on the sample threshold.
            # Rounded for output without crossing the threshold, so the printed score and threshold
            # agree with `flagged` (a finding held just below its line must not round up onto it).
            raw = sample_score(findings, self.threshold)
            flagged = raw >= self.threshold
            score = printed_score(raw, self.threshold, flagged)
            ordered[index] = SampleResult(
                record=record,
                sample=sample,
                findings=findings,
                score=score,
                flagged=flagged,
                threshold=self.threshold,
                groups=sorted(set(p_groups) | set(r_groups)),
                prompt_groups=p_groups,
                response_groups=r_groups,
                errors=failed.get(str(i), []),
                shed=embedded is not None and str(i) not in embedded,
            )
        embeddings = batch.cached_embeddings if to_full is None else None
        if embeddings is not None and poisoned:
            # Row i must stay the embedding of results[i]: drop the rows of the poisoned samples.
            keep = [i for i in range(len(samples)) if str(i) not in poisoned]
            embeddings = embeddings[keep]
        return BatchOutcome(
            ordered,
            timings,
            errors,
            embeddings,
            shed=0
            if embedded is None
            else sum(1 for i in range(len(samples)) if str(i) not in poisoned.keys() | embedded),
        )


@dataclass
class _Features:
    batch: Batch
    embed_batch: Batch  # the batch itself, or under load shedding the embedding detectors' share
    to_full: list[str] | None  # embed_batch's ids in `batch`, when it is a share
    timings: dict[str, float]
    error: Exception | None = None  # what computing the features raised, for `finish` to isolate


@dataclass
class Prepared:
    """A batch decoded, with its shared features computed (`Analyser.prepare`), ready for `finish`."""

    ordered: list[SampleResult | InvalidResult]
    samples: list[tuple[int, Record, Sample]]
    sampled_out: int
    embed_ratio: float
    features: _Features | None  # None when no sample is left to analyse


def _describe(exc: BaseException) -> str:
    return safe_text(f"{type(exc).__name__}: {exc}")[:500]


def _poison(stage: str, what: str, exc: BaseException) -> Invalid:
    return Invalid("poison", f"{stage}: {what} raised {_describe(exc)}", stage)
