"""The identity of what turns a sample into a score and a flag, for anything that keeps scores.

A drift baseline's score and flag references describe the scorer that produced them: the
detectors' versions (the embedding head's and the lexicons' digests are in them), the identity
lexicon (it decides the groups and what the embeddings neutralise), the detectors' options
(thresholds, rule weights), the sample threshold and the rule that combines findings
(`detectors.base.SCORING_RULE`). Two scorers with the same identity give the same score to the
same text; with another identity, scores and flags are on another scale and must not be compared.
The embedding half (encoder input and identity lexicon) is split out because embedding
references stay comparable when only the detectors or the rule changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any


class ScorerFormatError(ValueError):
    pass


@dataclass(frozen=True)
class Scorer:
    rule: int
    detectors: dict[str, str] = field(hash=False)  # detector name -> its version
    taxonomy: str  # identity lexicon digest
    encoder: str  # embedding model hash and tokens kept per text, or "none"
    threshold: float  # the one sample threshold flags are decided at
    options: str  # digest of every enabled detector's options

    @property
    def digest(self) -> str:
        """Short stable id of the whole identity (shown by `biaswatch baseline inspect`, logs)."""
        text = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def embeddings_comparable(self, other: Scorer) -> bool:
        """Embeddings are of the neutralised response: same encoder input and same identity lexicon."""
        return self.encoder == other.encoder and self.taxonomy == other.taxonomy

    def differences(self, other: Scorer) -> list[str]:
        """What changed from `self` to `other`, one short phrase per component."""
        out = []
        if self.rule != other.rule:
            out.append(f"scoring rule {self.rule} -> {other.rule}")
        for name in sorted(self.detectors.keys() | other.detectors.keys()):
            a, b = self.detectors.get(name, "absent"), other.detectors.get(name, "absent")
            if a != b:
                out.append(f"{name} {a} -> {b}")
        if self.taxonomy != other.taxonomy:
            out.append(f"identity lexicon {self.taxonomy} -> {other.taxonomy}")
        if self.encoder != other.encoder:
            out.append(f"encoder input {self.encoder} -> {other.encoder}")
        if self.threshold != other.threshold:
            out.append(f"sample threshold {self.threshold:g} -> {other.threshold:g}")
        if self.options != other.options:
            out.append(f"detector options {self.options} -> {other.options}")
        return out

    def describe(self) -> str:
        versions = ", ".join(f"{k} {v}" for k, v in sorted(self.detectors.items()))
        return (
            f"scorer {self.digest}: rule {self.rule}, threshold {self.threshold:g}, identity lexicon "
            f"{self.taxonomy}, options {self.options}, encoder {self.encoder}, detectors [{versions}]"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "detectors": dict(sorted(self.detectors.items())),
            "taxonomy": self.taxonomy,
            "encoder": self.encoder,
            "threshold": self.threshold,
            "options": self.options,
        }

    @classmethod
    def from_json(cls, data: Any) -> Scorer:
        try:
            return cls(
                rule=int(data["rule"]),
                detectors={str(k): str(v) for k, v in dict(data["detectors"]).items()},
                taxonomy=str(data["taxonomy"]),
                encoder=str(data["encoder"]),
                threshold=float(data["threshold"]),
                options=str(data["options"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ScorerFormatError(f"malformed scorer record ({exc!r})") from None


def options_digest(options: dict[str, Any]) -> str:
    """Digest of the detectors' options (JSON-able values), without file locations.

    Paths are left out: what they point at is identified by content elsewhere (the embedding
    detector's version carries its head's digest), and moving a file must not read as a new scorer.
    """
    kept = {name: {k: v for k, v in sorted(opts.items()) if not k.endswith("path")} for name, opts in options.items()}
    text = json.dumps(kept, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]
