"""The drift monitor: fed by a pipeline observer, evaluated by the record index (replay) or a scheduler.

The observer only copies a batch's scores, flags, groups and (already computed) embeddings into
bounded windows; every statistic runs at evaluation time, outside the lock the observer takes.
A reference scored by another scorer than the agent's is never compared with: its stale parts are
re-learned from the stream while the tests that only read embeddings keep running.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np

from agent.analyse import BatchOutcome, SampleResult
from agent.config import DriftConfig
from agent.disparity import rate_ratio
from agent.drift import stats
from agent.drift.baseline import Baseline, Reference, ReferenceBuilder, Stale, staleness
from agent.drift.classifier import classifier_test
from agent.drift.mmd import mmd_permutation
from agent.drift.windows import Window, WindowData
from agent.metrics.drift import DriftMetrics
from agent.scorer import Scorer

log = logging.getLogger(__name__)

POOLED = "all"
Clock = Literal["records", "scheduler"]
_LIVE_HISTORY = 1000  # evaluations kept for the report when running live
Outcome = tuple[stats.TestResult, int, int, dict[str, Any]]  # result, window size, reference size, detail
# Tests that read the reference's scores or flags; the others read only its embeddings.
SCORE_TESTS = frozenset({"ks", "tail", "flag_rate", "cusum", "group_disparity"})


@dataclass(frozen=True, slots=True)
class Evaluation:
    model: str
    test: str
    end_index: int
    window: int
    reference: int
    statistic: float
    p_value: float
    drift: bool  # this window: p < alpha
    alert: bool  # `consecutive` windows in a row
    evaluated_at: float
    detail: dict[str, Any] = field(default_factory=dict)


class DriftMonitor:
    def __init__(
        self,
        config: DriftConfig,
        model_hash: str,
        *,
        clock: Clock = "records",
        metrics: DriftMetrics | None = None,
        label: Callable[[str], str] = lambda m: m,
        baseline: Baseline | None = None,
        on_baseline: Callable[[Baseline], None] | None = None,
        group_axis: dict[str, str] | None = None,
        scorer: Scorer | None = None,
    ) -> None:
        """`scorer`: what scores this agent's samples; references scored otherwise are re-learned.
        None only where the caller builds its baseline in the same process (unit tests, benchmarks)."""
        self.config = config
        self.scorer = scorer
        self.model_hash = model_hash
        self.clock = clock
        self.metrics = metrics
        self.label = label
        self.baseline = baseline or Baseline(model_hash, {}, origin="stream")
        self.on_baseline = on_baseline
        self.tests: list[str] = list(dict.fromkeys(config.tests))
        self.group_axis = group_axis or {}
        if config.by_axis:
            self.tests.append("mmd_by_axis")
        # Two generators: reservoirs draw on the pipeline thread, permutations on the scheduler's.
        self._rng = np.random.default_rng(config.seed)
        self._test_rng = np.random.default_rng(config.seed + 1)
        self._lock = threading.Lock()
        self._windows: dict[str, Window] = {}
        self._builders: dict[str, ReferenceBuilder] = {}
        self._streak: dict[tuple[str, str], int] = {}
        self._index = 0
        # Keys whose reference is being rebuilt after a retraining boundary; empty when idle.
        self.refreshing: set[str] = set()
        # Keys whose loaded reference another scorer built: what is re-learned and why. With "scores",
        # a builder re-learns the score and flag references while the embedding tests keep running.
        self.relearning: dict[str, tuple[Stale, str]] = {}
        self.stale_at_start: dict[str, tuple[Stale, str]] = {}  # for the report, after re-learning ends
        self._score_builders: dict[str, ReferenceBuilder] = {}
        # Windows closed by the record clock, evaluated once the observer has released the lock.
        self._due: list[tuple[str, WindowData, bool]] = []  # key, window, score references valid
        self.history: deque[Evaluation] = deque(maxlen=None if clock == "records" else _LIVE_HISTORY)
        self.evaluations = 0
        self._check_scorer()
        for key in self.baseline.references:
            self._on_reference(key)
        for key, (part, _) in self.relearning.items():
            if part == "all" and self.metrics is not None:
                self.metrics.precreate(key, self.tests)
            self._publish_learning(key)

    def _check_scorer(self) -> None:
        if self.scorer is None:
            return
        cap = self.config.baseline.reference_size
        origin = self.baseline.origin
        fix = (
            f" To compare with {origin.removeprefix('file:')} itself, rebuild it with `biaswatch baseline build`."
            if origin.startswith("file:")
            else ""
        )
        for key, ref in list(self.baseline.references.items()):
            part, why = staleness(ref, self.scorer)
            if not part:
                continue
            self.relearning[key] = (part, why)
            if part == "all":
                del self.baseline.references[key]
                log.warning(
                    "drift: the baseline reference for %s was %s. The whole reference (embeddings too) is re-learned "
                    "from its next %d samples; no drift test runs for it until then.%s",
                    key,
                    why,
                    cap,
                    fix,
                )
            else:
                self._score_builders[key] = ReferenceBuilder(cap, self._rng, limit=cap)
                log.warning(
                    "drift: the baseline reference for %s was %s. Its score and flag references are re-learned from "
                    "its next %d samples (%s wait until then); the embedding tests keep running.%s",
                    key,
                    why,
                    cap,
                    ", ".join(t for t in self.tests if t in SCORE_TESTS) or "no test",
                    fix,
                )
        if self.relearning:
            self.baseline.revision += 1
        self.stale_at_start = dict(self.relearning)

    # -- feeding (pipeline thread) -----------------------------------------------------------------

    def observe(self, outcome: BatchOutcome) -> None:
        embeddings = outcome.embeddings
        row = 0
        per_key: dict[str, list[tuple[int, SampleResult, Any]]] = {}
        for item in outcome.ordered:
            self._index += 1
            if not isinstance(item, SampleResult):
                continue
            emb = embeddings[row] if embeddings is not None and row < len(embeddings) else None
            row += 1
            key = self.label(item.sample.model) if self.config.by_model else POOLED
            per_key.setdefault(key, []).append((self._index - 1, item, emb))
        with self._lock:
            for key, items in per_key.items():
                self._add(key, items)
            due, self._due = self._due, []
        for key, data, scores_valid in due:
            self._evaluate(key, data, scores_valid)

    def _add(self, key: str, items: list[tuple[int, SampleResult, Any]]) -> None:
        """Add samples to the key's reference (while it is being built) or to its window."""
        size = self.config.window_size
        at = 0
        while at < len(items):
            if key not in self.baseline.references:
                builder = self._builders.get(key)
                if builder is None:
                    cap = self.config.baseline.reference_size
                    builder = self._builders[key] = ReferenceBuilder(cap, self._rng, limit=cap)
                    self._publish_learning(key)
                while at < len(items) and not builder.full:
                    _, r, emb = items[at]
                    at += 1
                    builder.add(r.score, r.flagged, tuple(r.groups), emb)
                if builder.full:
                    self._freeze(key, builder.build(self.scorer))
                continue
            window = self._windows[key]
            end = min(len(items), at + size - window.fresh) if self.clock == "records" else len(items)
            scores = self._score_builders.get(key)
            if scores is not None:
                # Stop where the score reference fills: the samples after it go to a fresh window.
                assert scores.limit is not None
                end = min(end, at + scores.limit - scores.seen)
                for _, r, _ in items[at:end]:
                    scores.add(r.score, r.flagged, tuple(r.groups), None)
            take = items[at:end]
            at = end
            emb_rows = [e for _, _, e in take if e is not None]
            window.add(
                [r.score for _, r, _ in take],
                [r.flagged for _, r, _ in take],
                [tuple(r.groups) for _, r, _ in take],
                np.stack(emb_rows) if emb_rows else None,
                take[-1][0],
            )
            if self.clock == "records" and window.fresh >= size:
                # Closed now, before later samples enter: the window ends exactly here.
                self._due.append((key, window.snapshot(), scores is None))
                window.fresh = 0
            if scores is not None and scores.full:
                self._relearned(key, scores)

    def _relearned(self, key: str, builder: ReferenceBuilder) -> None:
        """The score and flag references are re-learned: join them with the embeddings kept."""
        del self._score_builders[key]
        self.relearning.pop(key, None)
        old = self.baseline.references[key]
        # The score rows and the embedding rows are now different subsamples; row groups stay
        # with the embeddings (per-axis MMD reads them together).
        new = builder.build(self.scorer)
        self.baseline.references[key] = dataclasses.replace(new, embeddings=old.embeddings, row_groups=old.row_groups)
        self.baseline.created = time.time()
        log.info("drift: score and flag references for %s re-learned from %d samples", key, new.samples)
        # A fresh window: the current one holds the samples the new reference was learned from.
        self._on_reference(key)
        if self.on_baseline is not None:
            self.on_baseline(self.baseline)

    def _freeze(self, key: str, ref: Reference) -> None:
        del self._builders[key]
        self.refreshing.discard(key)
        self.relearning.pop(key, None)
        self.baseline.references[key] = ref
        self.baseline.created = time.time()
        log.info("drift: reference for %s built from %d samples", key, ref.samples)
        self._on_reference(key)
        if self.on_baseline is not None:
            self.on_baseline(self.baseline)

    def _on_reference(self, key: str) -> None:
        self._windows[key] = Window(self.config.window_size)
        if self.metrics is not None:
            self.metrics.precreate(key, self.tests)
            self.metrics.baseline_revision.labels(key).set(self.baseline.revision)
        self._publish_learning(key)

    def _publish_learning(self, key: str) -> None:
        if self.metrics is None:
            return
        building = key not in self.baseline.references
        scores = key in self._score_builders
        for test in self.tests:
            self.metrics.learning.labels(key, test).set(int(building or (scores and test in SCORE_TESTS)))

    # -- evaluating (replay: pipeline thread; run: scheduler thread) --------------------------------

    def evaluate_due(self) -> list[Evaluation]:
        """Scheduler job: evaluate every key whose window filled up since its last evaluation."""
        out = []
        for key in list(self._windows):
            out.extend(self.evaluate(key, only_if_full=True))
        return out

    def evaluate(self, key: str, only_if_full: bool = False) -> list[Evaluation]:
        with self._lock:
            window = self._windows.get(key)
            if window is None or window.scores.size == 0:
                return []
            if only_if_full and window.fresh < self.config.window_size:
                return []
            data = window.snapshot()
            window.fresh = 0
            scores_valid = key not in self._score_builders
        return self._evaluate(key, data, scores_valid)

    def _evaluate(self, key: str, data: WindowData, scores_valid: bool = True) -> list[Evaluation]:
        """`scores_valid` False: the score and flag references are being re-learned, so only the
        embedding tests run (the window closed before the new references existed)."""
        ref = self.baseline.references.get(key)
        if ref is None:
            return []
        results = []
        for test in self.tests:
            if not scores_valid and test in SCORE_TESTS:
                continue
            try:
                r = self._run(test, data, ref)
            except Exception:
                log.exception("drift test %s failed for %s", test, key)
                continue
            if r is not None:
                results.append(self._record(key, test, data, ref, *r))
        return results

    def _run(self, test: str, data: WindowData, ref: Reference) -> Outcome | None:
        n = len(data.scores)
        if test == "mmd":
            if data.embeddings is None or ref.embeddings is None or len(data.embeddings) < 2:
                return None
            m = mmd_permutation(data.embeddings, ref.embeddings, self.config.permutations, self._test_rng)
            detail = {"bandwidth": round(m.bandwidth, 6)}
            return stats.TestResult(m.statistic, m.p_value), len(data.embeddings), len(ref.embeddings), detail
        if test == "ks":
            r = stats.ks(data.scores, ref.scores)
            return r, n, len(ref.scores), {"psi": round(stats.psi(data.scores, ref.scores), 6)}
        if test == "tail":
            r, detail = stats.upper_tail(data.scores, ref.scores, self.config.tail_quantiles)
            return r, n, len(ref.scores), detail
        if test == "flag_rate":
            k = int(data.flags.sum())
            r = stats.fisher_greater(k, n, ref.flagged, ref.samples)
            return r, n, ref.samples, {"window_rate": k / n, "reference_rate": ref.flag_rate}
        if test == "cusum":
            r = stats.cusum_window(data.flags, ref.flagged, ref.samples, self.config.cusum_shift, rng=self._test_rng)
            return r, n, ref.samples, {"reference_rate": ref.flag_rate}
        if test == "classifier":
            if data.embeddings is None or ref.embeddings is None:
                return None
            r, detail = classifier_test(data.embeddings, ref.embeddings, self.config.seed)
            return r, len(data.embeddings), len(ref.embeddings), detail
        if test == "group_disparity":
            return self._disparity(data, ref)
        if test == "mmd_by_axis":
            return self._mmd_by_axis(data, ref)
        raise ValueError(f"unknown drift test {test!r}")

    def _disparity(self, data: WindowData, ref: Reference) -> Outcome:
        """Each group's flag count in the window against its own baseline rate (exact, one-sided).

        Groups are tested once the window holds `min_group_samples` of them and the baseline has
        some; the family is corrected by Tarone's Bonferroni, which leaves out groups whose counts
        could not reach significance anyway (e.g. no flags in window or baseline), so fifty quiet
        groups do not dilute the one that turned. Statistic: the worst group's rate ratio.
        """
        seen, flagged = data.group_counts()
        n = len(data.flags)
        tables = {}
        for g, ng in seen.items():
            nr = ref.group_samples.get(g, 0)
            if ng >= self.config.min_group_samples and nr >= 1:
                tables[g] = (flagged[g], ng, ref.group_flagged.get(g, 0), nr)
        family = stats.tarone_family(tables, self.config.alpha)
        if not family:
            return stats.TestResult(1.0, 1.0), n, ref.samples, {"groups_eligible": len(tables), "groups_tested": 0}
        results = {g: stats.fisher_greater(*tables[g]) for g in family}
        worst = min(results, key=lambda g: (results[g].p_value, -results[g].statistic))
        groups = {}
        for g in sorted(results, key=lambda g: results[g].p_value)[:10]:
            k, ng, kr, nr = tables[g]
            ratio, lower, upper = rate_ratio(k, ng, kr, nr)
            groups[g] = {
                "window": [k, ng],
                "reference": [kr, nr],
                "ratio": round(ratio, 4),
                "lower95": round(lower, 4),
                "upper95": round(upper, 4),
                "p_value": results[g].p_value,
            }
        detail = {"groups_eligible": len(tables), "groups_tested": len(family), "worst_group": worst, "groups": groups}
        p = min(1.0, results[worst].p_value * len(family))
        return stats.TestResult(results[worst].statistic, p), n, ref.samples, detail

    def _mmd_by_axis(self, data: WindowData, ref: Reference) -> Outcome | None:
        """MMD on the rows about each identity axis; Bonferroni over the axes with enough rows."""
        emb, remb = data.embeddings, ref.embeddings
        if emb is None or remb is None or len(emb) != len(data.groups) or len(ref.row_groups) != len(remb):
            return None
        axes = sorted({self.group_axis[g] for gs in data.groups for g in gs if g in self.group_axis})
        per_axis: dict[str, dict[str, Any]] = {}
        for axis in axes:
            w = [i for i, gs in enumerate(data.groups) if any(self.group_axis.get(g) == axis for g in gs)]
            r = [i for i, gs in enumerate(ref.row_groups) if any(self.group_axis.get(g) == axis for g in gs)]
            if min(len(w), len(r)) < self.config.min_axis_samples:
                continue
            m = mmd_permutation(emb[w], remb[r], self.config.permutations, self._test_rng)
            per_axis[axis] = {"window": len(w), "reference": len(r), "statistic": m.statistic, "p_value": m.p_value}
        n = len(data.groups)
        if not per_axis:
            return stats.TestResult(0.0, 1.0), n, len(remb), {"axes_tested": 0}
        worst = min(per_axis, key=lambda a: per_axis[a]["p_value"])
        p = min(1.0, per_axis[worst]["p_value"] * len(per_axis))
        detail = {"axes_tested": len(per_axis), "worst_axis": worst, "axes": per_axis}
        return stats.TestResult(per_axis[worst]["statistic"], p), n, len(remb), detail

    def _record(
        self,
        key: str,
        test: str,
        data: WindowData,
        ref: Reference,
        r: stats.TestResult,
        n: int,
        n_ref: int,
        detail: dict[str, Any],
    ) -> Evaluation:
        drift = r.p_value < self.config.alpha
        streak = self._streak.get((key, test), 0) + 1 if drift else 0
        self._streak[(key, test)] = streak
        ev = Evaluation(
            model=key,
            test=test,
            end_index=data.end_index,
            window=n,
            reference=n_ref,
            statistic=r.statistic,
            p_value=r.p_value,
            drift=drift,
            alert=streak >= self.config.consecutive,
            evaluated_at=time.time(),
            detail=detail,
        )
        self.history.append(ev)
        self.evaluations += 1
        if drift:
            log.warning("drift: %s %s p=%.3g at record %d", key, test, r.p_value, data.end_index)
        m = self.metrics
        if m is not None:
            m.statistic.labels(key, test).set(r.statistic)
            m.p_value.labels(key, test).set(r.p_value)
            m.detected.labels(key, test).set(int(drift))
            m.alert.labels(key, test).set(int(ev.alert))
            m.last_evaluation.labels(key, test).set(ev.evaluated_at)
            m.window_samples.labels(key, test).set(n)
            m.reference_samples.labels(key, test).set(n_ref)
            m.evaluations.labels(key, test, "drift" if drift else "no_drift").inc()
        return ev

    # -- baseline lifecycle ------------------------------------------------------------------------

    def refresh_from_windows(self) -> None:
        """Scheduled refresh: recent traffic becomes the reference (a new revision)."""
        with self._lock:
            for key, window in self._windows.items():
                data = window.snapshot()
                if len(data.scores) < self.config.window_size:
                    continue
                builder = ReferenceBuilder(self.config.baseline.reference_size, self._rng)
                for i in range(len(data.scores)):
                    emb = data.embeddings[i] if data.embeddings is not None and i < len(data.embeddings) else None
                    builder.add(float(data.scores[i]), bool(data.flags[i]), data.groups[i], emb)
                self.baseline.references[key] = builder.build(self.scorer)
                self._score_builders.pop(key, None)
                self.relearning.pop(key, None)
            self.baseline.revision += 1
            self.baseline.created = time.time()
            for key in list(self._windows):
                self._on_reference(key)
        if self.on_baseline is not None:
            self.on_baseline(self.baseline)

    def retraining_boundary(self) -> bool:
        """The model was retrained: rebuild each reference from the next samples of the stream.

        Returns False, changing nothing, while the previous boundary's references are still being
        built: a second boundary would throw away a half-built reference for no gain.
        """
        with self._lock:
            if self.refreshing:
                return False
            self.refreshing = set(self.baseline.references) | set(self._windows) | set(self.relearning)
            self.baseline.references.clear()
            self.baseline.revision += 1
            self._windows.clear()
            self._builders.clear()
            self._score_builders.clear()
            self.relearning.clear()
            self._due.clear()
            for key in self.refreshing:
                self._publish_learning(key)
        log.info("drift: retraining boundary; references rebuild from the next samples")
        return True

    # -- output ------------------------------------------------------------------------------------

    def report(self) -> dict[str, Any]:
        evals = [asdict(e) for e in self.history]
        by_test: dict[str, dict[str, int]] = {}
        for e in self.history:
            t = by_test.setdefault(e.test, {"evaluations": 0, "drift": 0, "alerts": 0})
            t["evaluations"] += 1
            t["drift"] += e.drift
            t["alerts"] += e.alert
        return {
            "clock": self.clock,
            "alpha": self.config.alpha,
            "window_size": self.config.window_size,
            "consecutive": self.config.consecutive,
            "baseline": {
                "model_hash": self.baseline.model_hash,
                "revision": self.baseline.revision,
                "origin": self.baseline.origin,
                "scorer": self.scorer.to_json() | {"digest": self.scorer.digest} if self.scorer is not None else None,
                "models": {
                    k: {
                        "samples": r.samples,
                        "flag_rate": r.flag_rate,
                        "scorer": r.scorer.digest if r.scorer is not None else None,
                    }
                    for k, r in self.baseline.references.items()
                },
                # References another scorer produced: what was re-learned, why, and whether it is done.
                "relearned": {
                    k: {"part": part, "reason": why, "done": k not in self.relearning}
                    for k, (part, why) in self.stale_at_start.items()
                },
            },
            "summary": by_test,
            "evaluations": evals,
        }
