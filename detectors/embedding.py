"""`embedding`: is the response closer to authored biased statements than to benign ones?

Both the response and the exemplars are neutralised (identity terms replaced by one placeholder)
before they are embedded, so naming a group is not itself evidence; the groups still come from
the lexicon for routing and metrics.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field

from detectors.base import Batch, Embeddings, Evidence, Finding
from detectors.taxonomy import Taxonomy, neutralise


class EmbeddingOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = Field(True, description="run this detector")
    threshold: float = Field(0.8, ge=0.0, le=1.0, description="score at or above which a sample is flagged")
    top_k: int = Field(3, ge=1, le=50, description="exemplars averaged on each side")
    scale: float = Field(25.0, gt=0.0, description="logistic slope applied to the similarity margin")
    offset: float = Field(0.02, description="margin at which the score is 0.5")
    require_group_mention: bool = Field(
        True, description="flag only when the prompt or response names an identity group"
    )


@dataclass(frozen=True, slots=True)
class Exemplar:
    text: str
    group: str
    label: str  # "biased" | "benign"
    category: str


def load_exemplars(data: dict[str, Any] | None = None) -> list[Exemplar]:
    if data is None:
        ref = resources.files("detectors") / "data" / "exemplars.yaml"
        data = yaml.safe_load(ref.read_text(encoding="utf-8"))
    out = [
        Exemplar(str(e["text"]), str(e["group"]), "biased", str(e.get("category", "stereotype")))
        for e in data.get("biased") or []
    ]
    out += [
        Exemplar(str(e["text"]), str(e["group"]), "benign", str(e.get("kind", "neutral")))
        for e in data.get("neutral") or []
    ]
    if not any(e.label == "biased" for e in out) or not any(e.label == "benign" for e in out):
        raise ValueError("exemplars: need both biased and neutral statements")
    return out


def _top_k_mean(sims: Embeddings, k: int) -> tuple[Embeddings, np.ndarray]:
    k = min(k, sims.shape[1])
    top = np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:]
    return top.mean(axis=1), sims.argmax(axis=1)


class EmbeddingDetector:
    name = "embedding"

    def __init__(
        self,
        taxonomy: Taxonomy,
        embed_fn: Callable[[list[str]], Embeddings],
        options: EmbeddingOptions | None = None,
        exemplars: list[Exemplar] | None = None,
        model_id: str = "all-MiniLM-L6-v2",
    ) -> None:
        self.options = options or EmbeddingOptions()
        self.exemplars = exemplars if exemplars is not None else load_exemplars()
        texts = [neutralise(e.text, taxonomy.match(e.text)) for e in self.exemplars]
        matrix = embed_fn(texts)
        biased_idx = [i for i, e in enumerate(self.exemplars) if e.label == "biased"]
        benign_idx = [i for i, e in enumerate(self.exemplars) if e.label == "benign"]
        self._biased = [self.exemplars[i] for i in biased_idx]
        self._benign = [self.exemplars[i] for i in benign_idx]
        self._biased_m = np.ascontiguousarray(matrix[biased_idx].T)
        self._benign_m = np.ascontiguousarray(matrix[benign_idx].T)
        digest = hashlib.sha256("\n".join(f"{e.label}\t{e.text}" for e in self.exemplars).encode())
        self.version = f"1+{model_id}+exemplars.{digest.hexdigest()[:12]}"

    def scores(self, embeddings: Embeddings) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Probability-like score, margin, and nearest biased/benign exemplar per row."""
        o = self.options
        sb_all = embeddings @ self._biased_m
        sn_all = embeddings @ self._benign_m
        sb, nb = _top_k_mean(sb_all, o.top_k)
        sn, nn = _top_k_mean(sn_all, o.top_k)
        margin = sb - sn
        score = 1.0 / (1.0 + np.exp(-o.scale * (margin - o.offset)))
        rows = np.arange(len(embeddings))
        return score, margin, nb, nn, np.stack([sb_all[rows, nb], sn_all[rows, nn]], axis=1)

    def detect(self, batch: Batch) -> list[Finding]:
        if len(batch) == 0:
            return []
        score, margin, nb, nn, nearest = self.scores(batch.embeddings())
        o = self.options
        findings = []
        prompts = batch.mentions("prompt")
        responses = batch.mentions("response")
        for i, sample in enumerate(batch.samples):
            groups = tuple(sorted({m.group for m in responses[i]} | {m.group for m in prompts[i]}))
            s = float(np.clip(score[i], 0.0, 1.0))
            eligible = bool(groups) or not o.require_group_mention
            biased = self._biased[int(nb[i])]
            benign = self._benign[int(nn[i])]
            evidence = (
                Evidence(
                    "nearest_biased_exemplar",
                    biased.text,
                    field="exemplars",
                    detail={
                        "similarity": round(float(nearest[i, 0]), 4),
                        "category": biased.category,
                        "group": biased.group,
                    },
                ),
                Evidence(
                    "nearest_benign_exemplar",
                    benign.text,
                    field="exemplars",
                    detail={"similarity": round(float(nearest[i, 1]), 4), "group": benign.group},
                ),
                Evidence(
                    "probability",
                    f"{s:.3f}",
                    field="model",
                    detail={"margin": round(float(margin[i]), 4), "threshold": o.threshold},
                ),
            )
            findings.append(
                Finding(
                    self.name,
                    sample.id,
                    s,
                    eligible and s >= o.threshold,
                    biased.category,
                    groups,
                    evidence,
                )
            )
        return findings
