"""The fixed authored sample the export is checked on, and the cosine statistics reported for it.

The sample is the project's own authored text (exemplar statements, encyclopaedic sentences) plus
multi-sentence responses built from them, so short phrases, single sentences and texts past the
256-token truncation are all covered. Nothing here comes from the dev or train sets.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import numpy as np
import yaml

from detectors.base import Embeddings
from detectors.exemplars import load_exemplars

_SHORT = ("ok", "Thanks!", "No.", "Here is the summary you asked for.", "I cannot help with that request.")


def sample() -> list[str]:
    """About 450 texts, always the same ones in the same order."""
    data = yaml.safe_load((resources.files("detectors") / "data" / "benign_identity.yaml").read_text(encoding="utf-8"))
    encyclopaedic = [str(t) for t in data.get("encyclopaedic") or []]
    texts = list(_SHORT)
    texts += [e.text for e in load_exemplars()]
    texts += encyclopaedic
    # Responses of 2 to 12 sentences, taken in a fixed stride so every sentence appears in some.
    at = 0
    for n in range(60):
        k = 2 + n % 11
        texts.append(" ".join(encyclopaedic[(at + j) % len(encyclopaedic)] for j in range(k)))
        at += 7
    return texts


def cosine_report(reference: Embeddings, candidate: Embeddings, texts: list[str] | None = None) -> dict[str, Any]:
    """Row-wise cosine of two embedding matrices: mean, 1st percentile, minimum, count (and the worst texts)."""
    a = reference / np.maximum(np.linalg.norm(reference, axis=1, keepdims=True), 1e-12)
    b = candidate / np.maximum(np.linalg.norm(candidate, axis=1, keepdims=True), 1e-12)
    cos = (a * b).sum(axis=1).astype(np.float64)
    out: dict[str, Any] = {
        "texts": len(cos),
        "mean": round(float(cos.mean()), 5),
        "p01": round(float(np.percentile(cos, 1)), 5),
        "min": round(float(cos.min()), 5),
    }
    if texts is not None:
        out["worst"] = [[texts[i][:80], round(float(cos[i]), 4)] for i in np.argsort(cos)[:5]]
    return out
