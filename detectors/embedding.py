"""`embedding`: a calibrated linear head over MiniLM embeddings of the neutralised response.

Identity terms are replaced by one placeholder before embedding, so naming a group is not itself
evidence; the groups still come from the lexicon for routing, same-group exemplar margins and
per-axis thresholds. The head (detectors/data/embedding_head.json) is rebuilt by
`biaswatch train-detector`; its hash is the detector version and is recorded in every finding.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from detectors import head as head_io
from detectors.base import Batch, Embeddings, Evidence, Finding
from detectors.exemplars import Exemplar, exemplars_digest, load_exemplars
from detectors.features import ExemplarIndex, features
from detectors.harm import HarmLexiconDetector
from detectors.taxonomy import Taxonomy, neutralise

__all__ = ["EmbeddingDetector", "EmbeddingOptions", "Exemplar", "load_exemplars"]


class EmbeddingOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = Field(True, description="run this detector")
    threshold: float = Field(
        0.8,
        ge=0.0,
        le=1.0,
        description="calibrated probability at or above which a sample is flagged (a floor under the per-axis "
        "thresholds)",
    )
    per_axis_thresholds: bool = Field(
        True,
        description="also require the head's per-axis threshold (chosen on authored benign identity text) for "
        "every axis the sample names",
    )
    head_path: str | None = Field(
        None, description="trained head JSON from `biaswatch train-detector`; default: the bundled one"
    )
    require_group_mention: bool = Field(
        True, description="flag only when the prompt or response names an identity group"
    )


class EmbeddingDetector:
    name = "embedding"

    def __init__(
        self,
        taxonomy: Taxonomy,
        embed_fn: Callable[[list[str]], Embeddings],
        options: EmbeddingOptions | None = None,
        exemplars: list[Exemplar] | None = None,
        model_id: str = "all-MiniLM-L6-v2",
        head: head_io.Head | None = None,
    ) -> None:
        self.options = options or EmbeddingOptions()
        self.taxonomy = taxonomy
        self.head = head or head_io.load(self.options.head_path)
        self.exemplars = exemplars if exemplars is not None else load_exemplars()
        digest = exemplars_digest(self.exemplars)
        trained_on = self.head.data.get("training", {}).get("exemplars")
        if trained_on is not None and trained_on != digest:
            # Margin features against other exemplars than the head saw would shift every score.
            raise ValueError(
                f"embedding head was trained on exemplars {trained_on}, these are {digest}: "
                "rebuild it with `biaswatch train-detector`"
            )
        texts = [neutralise(e.text, taxonomy.match(e.text)) for e in self.exemplars]
        self.index = ExemplarIndex(self.exemplars, embed_fn(texts), int(self.head.data.get("top_k", 3)))
        self.harm = HarmLexiconDetector(taxonomy)
        self.model_id = model_id
        self.version = f"2+{model_id}+{self.head.version}"

    def probabilities(self, batch: Batch) -> np.ndarray:
        """Calibrated probability per sample (what `detect` thresholds), for evaluation."""
        return np.array([f.score for f in self.detect(batch)])

    def threshold_for(self, groups: tuple[str, ...]) -> float:
        t = self.options.threshold
        if self.options.per_axis_thresholds:
            per_axis = self.head.thresholds
            for g in groups:
                t = max(t, per_axis.get(self.taxonomy.group_axis.get(g, ""), t))
        return t

    def detect(self, batch: Batch) -> list[Finding]:
        if len(batch) == 0:
            return []
        responses = batch.mentions("response")
        prompts = batch.mentions("prompt")
        groups_all = [
            frozenset(m.group for m in r) | {m.group for m in p} for r, p in zip(responses, prompts, strict=True)
        ]
        texts = [s.response for s in batch.samples]
        x, nearest = features(self.index, self.harm, batch.embeddings(), texts, responses, groups_all)
        prob = np.clip(self.head.probability(x), 0.0, 1.0)
        n_extra = len(self.head.features)
        extra = x[:, -n_extra:]
        o = self.options
        findings = []
        for i, sample in enumerate(batch.samples):
            groups = tuple(sorted(groups_all[i]))
            s = float(prob[i])
            threshold = self.threshold_for(groups)
            eligible = bool(groups) or not o.require_group_mention
            biased = self.index.biased[int(nearest.biased[i])]
            benign = self.index.benign[int(nearest.benign[i])]
            detail = {name: round(float(v), 4) for name, v in zip(self.head.features, extra[i], strict=True)}
            evidence = (
                Evidence(
                    "probability",
                    f"{s:.3f}",
                    field="model",
                    detail={"threshold": round(threshold, 4), "head": self.head.version, **detail},
                ),
                Evidence(
                    "nearest_biased_exemplar",
                    biased.text,
                    field="exemplars",
                    detail={
                        "similarity": round(float(nearest.biased_similarity[i]), 4),
                        "category": biased.category,
                        "group": biased.group,
                    },
                ),
                Evidence(
                    "nearest_benign_exemplar",
                    benign.text,
                    field="exemplars",
                    detail={"similarity": round(float(nearest.benign_similarity[i]), 4), "group": benign.group},
                ),
                *(
                    Evidence("group_term", m.term, span=(m.start, m.end), detail={"axis": m.axis, "group": m.group})
                    for m in responses[i]
                ),
            )
            findings.append(
                Finding(self.name, sample.id, s, eligible and s >= threshold, biased.category, groups, evidence)
            )
        return findings
