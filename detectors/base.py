"""The detector contract: what a detector receives and what it returns."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from detectors.normalise import Normalised, normalise_text
from detectors.taxonomy import Mention

Embeddings = npt.NDArray[np.float32]

# Finding categories that may flag; bounded because they become metric labels.
FLAG_CATEGORIES = (
    "slur",
    "dehumanisation",
    "generalisation",
    "stereotype",
    "derogation",
    "exclusion",
    "threat",
)

# The group of a flag that names no group the taxonomy knows: a bounded metric label of its own.
UNKNOWN_GROUP = "unknown"


@dataclass(frozen=True, slots=True)
class TextSample:
    """The part of a sample a detector may read."""

    id: str
    prompt: str
    response: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """Something a reviewer can check: a matched span, a nearest exemplar, a probability."""

    kind: str
    text: str
    field: str = "response"
    span: tuple[int, int] | None = None
    detail: dict[str, Any] = dataclasses.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text, "field": self.field}
        if self.span is not None:
            out["span"] = list(self.span)
        if self.detail:
            out["detail"] = self.detail
        return out


@dataclass(frozen=True, slots=True)
class Finding:
    detector: str
    sample_id: str
    score: float
    flagged: bool
    category: str
    groups: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    # The threshold the score was compared with; when set, `flagged` is exactly score >= threshold,
    # which is what lets the agent put every detector's findings on one scale.
    threshold: float | None = None
    # True when `score` is a calibrated probability that the sample is biased (the embedding head's).
    # A rule's score is a weight, not a probability: below its own threshold it must not outrank a
    # calibrated probability of the same sample (sample_score).
    calibrated: bool = False

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"{self.detector}: score {self.score!r} is outside [0, 1]")
        if self.flagged and not self.evidence:
            raise ValueError(f"{self.detector}: a flagged finding needs evidence")
        if self.threshold is not None and self.flagged != (self.score >= self.threshold):
            raise ValueError(
                f"{self.detector}: flagged={self.flagged} but score {self.score} vs threshold {self.threshold}"
            )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "detector": self.detector,
            "score": printed_score(self.score, self.threshold, self.flagged),
            "flagged": self.flagged,
            "category": self.category,
            "groups": list(self.groups),
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.threshold is not None:
            out["threshold"] = self.threshold
        return out


@dataclass(frozen=True, slots=True)
class Pair:
    """One sample's prompt and response, normalised, with the group mentions of each."""

    sample: TextSample
    prompt: Normalised
    prompt_mentions: list[Mention]
    response: Normalised
    response_mentions: list[Mention]


class Batch:
    """Samples plus features computed at most once and shared by every detector.

    The agent supplies the feature functions so detectors stay free of model loading and I/O.
    """

    def __init__(
        self,
        samples: Sequence[TextSample],
        *,
        mention_fn: Callable[[Normalised], list[Mention]],
        embed_fn: Callable[[list[str]], Embeddings] | None = None,
        neutralise_fn: Callable[[Normalised, list[Mention]], str] | None = None,
        normalise_fn: Callable[[str], Normalised] = normalise_text,
        normalised: dict[str, list[Normalised]] | None = None,
    ) -> None:
        self.samples = samples
        self._normalise_fn = normalise_fn
        # A sub-batch (load shedding) reuses its parent's normalised texts instead of redoing them.
        self._normalised: dict[str, list[Normalised]] = dict(normalised or {})
        self._mention_fn = mention_fn
        self._embed_fn = embed_fn
        self._neutralise_fn = neutralise_fn
        self._mentions: dict[str, list[list[Mention]]] = {}
        self._embeddings: Embeddings | None = None
        self._extra_texts: dict[str, list[str]] = {}
        self._extra: dict[str, Embeddings] = {}
        self.embedded = False

    def __len__(self) -> int:
        return len(self.samples)

    def normalised(self, which: str) -> list[Normalised]:
        """Per sample, `which` ("prompt" or "response") with obfuscations undone (detectors/normalise.py).

        Computed once and read by the lexicons and the encoder alike; spans map back to the original.
        """
        cached = self._normalised.get(which)
        if cached is None:
            cached = [self._normalise_fn(getattr(s, which)) for s in self.samples]
            self._normalised[which] = cached
        return cached

    def mentions(self, which: str) -> list[list[Mention]]:
        """Identity-group mentions per sample in `which` ("prompt" or "response")."""
        cached = self._mentions.get(which)
        if cached is None:
            cached = [self._mention_fn(n) for n in self.normalised(which)]
            self._mentions[which] = cached
        return cached

    def pairs(self) -> list[Pair]:
        """Per sample, its prompt and response normalised with their mentions: what the detectors
        that read both walk over."""
        return [
            Pair(sample, prompt, p_mentions, response, r_mentions)
            for sample, prompt, p_mentions, response, r_mentions in zip(
                self.samples,
                self.normalised("prompt"),
                self.mentions("prompt"),
                self.normalised("response"),
                self.mentions("response"),
                strict=True,
            )
        ]

    def neutralised_responses(self) -> list[str]:
        """Normalised responses with identity terms replaced, so a group name alone carries no signal."""
        norms = self.normalised("response")
        if self._neutralise_fn is None:
            return [n.text for n in norms]
        fn = self._neutralise_fn
        return [fn(n, m) for n, m in zip(norms, self.mentions("response"), strict=True)]

    @property
    def cached_embeddings(self) -> Embeddings | None:
        """The embeddings if some detector (or the agent) already computed them, else None."""
        return self._embeddings

    def embeddings(self) -> Embeddings:
        """L2-normalised embeddings of the normalised, neutralised responses, one row per sample.

        Texts requested with `embed_also` before this first call go through the same encode call,
        so the model batches and length-sorts them together with the responses.
        """
        if self._embeddings is None:
            if self._embed_fn is None:
                raise RuntimeError("this batch has no embedding function; enable the embedding model")
            texts = self.neutralised_responses()
            pending = [(k, v) for k, v in self._extra_texts.items() if k not in self._extra]
            out = self._embed_fn(texts + [t for _, v in pending for t in v])
            self._embeddings = out[: len(texts)]
            at = len(texts)
            for key, extra in pending:
                self._extra[key] = out[at : at + len(extra)]
                at += len(extra)
            self.embedded = True
        return self._embeddings

    def subset(self, indices: Sequence[int]) -> Batch:
        """A batch of some of these samples (same ids) reusing the features already computed.

        Texts requested with `embed_also` are not carried over: a detector asks again.
        """
        sub = Batch(
            [self.samples[i] for i in indices],
            mention_fn=self._mention_fn,
            embed_fn=self._embed_fn,
            neutralise_fn=self._neutralise_fn,
            normalise_fn=self._normalise_fn,
            normalised={k: [v[i] for i in indices] for k, v in self._normalised.items()},
        )
        sub._mentions = {k: [v[i] for i in indices] for k, v in self._mentions.items()}
        if self._embeddings is not None:
            sub._embeddings = self._embeddings[list(indices)]
            sub.embedded = True
        return sub

    def embed_also(self, key: str, texts: list[str]) -> None:
        """Ask for more texts (say, single sentences) to be embedded with the responses."""
        if key in self._extra_texts:
            raise ValueError(f"extra texts {key!r} were already requested for this batch")
        self._extra_texts[key] = list(texts)

    def requested(self, key: str) -> bool:
        return key in self._extra_texts

    def extra_embeddings(self, key: str) -> Embeddings:
        """Embeddings of the texts requested under `key`; encoded now if asked for too late."""
        if key not in self._extra_texts:
            raise KeyError(key)
        if key not in self._extra:
            self.embeddings()
        if key not in self._extra:
            assert self._embed_fn is not None
            self._extra[key] = self._embed_fn(self._extra_texts[key])
        return self._extra[key]


@runtime_checkable
class Detector(Protocol):
    name: str
    version: str

    def detect(self, batch: Batch) -> list[Finding]: ...


def on_scale(score: float, threshold: float | None, common: float) -> float:
    """`score` mapped monotonically onto the scale whose threshold is `common` (its own maps there).

    Piecewise linear through (0, 0), (threshold, common), (1, 1), so a finding flagged by its own
    detector is flagged on the common scale and the order of scores within a detector is kept.
    """
    if threshold is None or threshold == common:
        return score
    if score >= threshold:
        return common + (1.0 - common) * (score - threshold) / max(1e-9, 1.0 - threshold)
    return common * score / max(1e-9, threshold)


# Version of the rule that combines a sample's findings into its score and flag (`sample_score`
# and the one sample threshold). Anything that keeps scores or flags (drift baselines) records it
# with the detector versions: bump it whenever the rule changes, even when no detector does.
#   1: the highest of all findings mapped onto the common scale.
#   2: with a calibrated finding present, an uncalibrated finding below its own threshold no
#      longer counts (commit ed6d339); which samples are flagged is unchanged, their scores are not.
SCORING_RULE = 2


def sample_score(findings: Sequence[Finding], common: float) -> float:
    """A sample's score on the common scale: the highest of its findings' scores mapped there.

    When a calibrated finding is present, an uncalibrated one counts only if it flagged (or has no
    threshold to say it did not): the calibrated head already reads the lexicon's evidence as
    features, so a rule's sub-threshold weight would only reorder samples by an uncalibrated number
    (on ToxiGen's seeds it lowered the ranking's ROC-AUC from 0.890 to 0.869). Which samples are
    flagged is unchanged: every flagged finding still counts.
    """
    if any(f.calibrated for f in findings):
        findings = [f for f in findings if f.calibrated or f.flagged or f.threshold is None]
    return max((on_scale(f.score, f.threshold, common) for f in findings), default=0.0)


def printed_score(score: float, threshold: float | None, flagged: bool, digits: int = 6) -> float:
    """`score` rounded for output without crossing `threshold`, so a reader comparing the printed
    score with the threshold reaches the verdict `flagged` states (0.7999999 would print as 0.8)."""
    r = round(score, digits)
    if threshold is None:
        return r
    q = float(10**digits)
    if not flagged and r >= threshold:
        return math.floor(score * q) / q
    if flagged and r < threshold:
        return math.ceil(score * q) / q
    return r
