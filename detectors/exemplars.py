"""Authored exemplar statements (detectors/data/exemplars.yaml): the embedding head's training data."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from detectors import yamlload


@dataclass(frozen=True, slots=True)
class Exemplar:
    text: str
    group: str
    label: str  # "biased" | "benign"
    category: str


def load_exemplars(data: dict[str, Any] | None = None) -> list[Exemplar]:
    if data is None:
        ref = resources.files("detectors") / "data" / "exemplars.yaml"
        data = yamlload.safe_load(ref.read_text(encoding="utf-8"))
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


def exemplars_digest(exemplars: list[Exemplar]) -> str:
    text = "\n".join(f"{e.label}\t{e.group}\t{e.category}\t{e.text}" for e in exemplars)
    return hashlib.sha256(text.encode()).hexdigest()[:12]
