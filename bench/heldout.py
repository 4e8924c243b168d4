"""Does a change to the authored training data help on authored text the head has not seen?

Holds out every 5th exemplar (biased and neutral) and every 4th reference-register sentence of
benign_identity.yaml, trains two heads on the rest (seeded, as `train-detector` does) - one without
the reference-register negatives, one with them - and scores the held-out text with each. Only
our own data is used; the dev sets are measured separately by bench/eval_dev.py.

    .venv/bin/python bench/heldout.py
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.config import EmbeddingModelConfig  # noqa: E402
from agent.embedder import Embedder  # noqa: E402
from agent.intervals import wilson  # noqa: E402
from agent.tools.evaluate import roc_auc  # noqa: E402
from detectors import head as head_io  # noqa: E402
from detectors.base import Batch, TextSample  # noqa: E402
from detectors.embedding import EmbeddingDetector  # noqa: E402
from detectors.exemplars import load_exemplars  # noqa: E402
from detectors.taxonomy import Taxonomy, neutralise  # noqa: E402
from detectors.training import TrainSpec, _data, train  # noqa: E402


def _rate(flags: list[bool]) -> dict[str, Any]:
    k, n = sum(flags), len(flags)
    lo, hi = wilson(k, n)
    return {"flagged": k, "n": n, "rate": round(k / n, 4) if n else None, "ci95": [round(lo, 4), round(hi, 4)]}


def main() -> int:
    embedder = Embedder(EmbeddingModelConfig(threads=1))
    taxonomy = Taxonomy.default()
    exemplars = load_exemplars()
    train_ex = [e for i, e in enumerate(exemplars) if i % 5 != 0]
    held_ex = [e for i, e in enumerate(exemplars) if i % 5 == 0]
    reference = [str(t) for t in _data("benign_identity.yaml").get("encyclopaedic") or []]
    train_ref = [t for i, t in enumerate(reference) if i % 4 != 0]
    held_ref = [t for i, t in enumerate(reference) if i % 4 == 0]
    out: dict[str, Any] = {"held_out": {"exemplars": len(held_ex), "reference_sentences": len(held_ref)}}
    for name, extra in (("without_reference_negatives", []), ("with_reference_negatives", train_ref)):
        data = train(
            embedder.encode,
            model_id=embedder.model_id,
            model_hash=embedder.model_hash,
            spec=TrainSpec(),
            taxonomy=taxonomy,
            exemplars=train_ex,
            encyclopaedic=extra,
        )
        head = head_io.from_bytes(head_io.dump(data))
        det = EmbeddingDetector(taxonomy, embedder.encode, exemplars=train_ex, head=head)

        def score(texts: list[str], det: EmbeddingDetector = det) -> tuple[np.ndarray, list[bool]]:
            batch = Batch(
                [TextSample(str(i), "", t) for i, t in enumerate(texts)],
                mention_fn=taxonomy.match,
                embed_fn=embedder.encode,
                neutralise_fn=neutralise,
            )
            found = det.detect(batch)
            return np.array([f.score for f in found]), [f.flagged for f in found]

        s_ex, f_ex = score([e.text for e in held_ex])
        y = np.array([int(e.label == "biased") for e in held_ex])
        s_ref, f_ref = score(held_ref)
        out[name] = {
            "head": head.version,
            "held_out_exemplars_roc_auc": round(roc_auc(y, s_ex) or 0.0, 4),
            "held_out_biased_recall": _rate([f for f, t in zip(f_ex, y, strict=True) if t]),
            "held_out_neutral_flag_rate": _rate([f for f, t in zip(f_ex, y, strict=True) if not t]),
            "held_out_reference_flag_rate": _rate(f_ref),
            "held_out_reference_mean_probability": round(float(s_ref.mean()), 4),
            "held_out_reference_and_neutral_vs_biased_auc": round(
                roc_auc(np.r_[y, np.zeros(len(s_ref), int)], np.r_[s_ex, s_ref]) or 0.0, 4
            ),
        }
        print(name, json.dumps(out[name]), flush=True)
    out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
