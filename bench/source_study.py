"""Per-source effect of the third-party training sets, RedditBias leave-one-group-out, HatemojiBuild test.

A study, not the shipped pipeline: a logistic regression on the *frozen* MiniLM embeddings of the
normalised, neutralised text (no exemplar-margin or lexicon features, no fine-tuning), so each
question is answered in minutes on a shared CPU. Reads ../shared/data (or --data/--dev) and never
writes their text anywhere; embeddings are cached in --cache so reruns are instant.

- sources: authored only, + RedditBias, + HatemojiBuild (train split), + both; each scored on the
  ToxiGen seeds (ROC-AUC; neutral statements flagged) and on every 10th BOLD Wikipedia sentence
  (flagged), at a threshold chosen on authored benign identity text (its 99.5th percentile
  out-of-fold score + 0.05), never on dev data;
- RedditBias cross-group: trained on authored + RedditBias without group g, ROC-AUC on group g;
- HatemojiBuild: trained on authored + its train split only, accuracy on its test split at 0.5.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.config import EmbeddingModelConfig  # noqa: E402
from agent.embedder import Embedder  # noqa: E402
from detectors.taxonomy import Taxonomy, neutralise  # noqa: E402
from detectors.training import TrainSpec, training_rows  # noqa: E402


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def main() -> int:
    p = argparse.ArgumentParser()
    shared = ROOT.parent / "shared" / "data"
    p.add_argument("--data", default=os.environ.get("BIASWATCH_TRAIN", str(shared / "train")))
    p.add_argument("--dev", default=os.environ.get("BIASWATCH_DEV", str(shared / "dev")))
    p.add_argument("--cache", default=str(ROOT / "bench-output" / "source_study.npz"))
    p.add_argument("--out", default=str(ROOT / "bench-output" / "source_study.json"))
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    data, dev = Path(args.data), Path(args.dev)
    for f in (data / "redditbias.jsonl", data / "hatemojibuild.jsonl", dev / "toxigen_seeds.jsonl"):
        if not f.exists():
            print(f"{f} not found: point --data / --dev at the shared data (see README, Training data)")
            return 2
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    taxonomy = Taxonomy.default()
    rows = training_rows(TrainSpec(), taxonomy)
    authored = [(r.text, r.label, r.kind) for r in rows]
    rb = _jsonl(data / "redditbias.jsonl")
    hb = _jsonl(data / "hatemojibuild.jsonl")
    tg = _jsonl(dev / "toxigen_seeds.jsonl")
    bold = _jsonl(dev / "bold_wiki.jsonl")[::10]
    texts = {
        "authored": [t for t, _, _ in authored],
        "rb": [str(d["text"]) for d in rb],
        "hb": [str(d["text"]) for d in hb],
        "tg": [str(d["text"]) for d in tg],
        "bold": [str(d["text"]) for d in bold],
    }
    cache = Path(args.cache)
    emb: dict[str, np.ndarray] = {}
    if cache.exists():
        loaded = np.load(cache)
        emb = {k: loaded[k] for k in loaded.files if len(loaded[k]) == len(texts[k])}
    missing = [k for k in texts if k not in emb]
    if missing:
        embedder = Embedder(EmbeddingModelConfig(finetuned=False, threads=args.threads))
        for k in missing:
            t0 = time.perf_counter()
            emb[k] = embedder.encode([neutralise(t, taxonomy.match(t)) for t in texts[k]])
            print(f"embedded {k}: {len(texts[k])} in {time.perf_counter() - t0:.0f} s", flush=True)
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, **emb)  # type: ignore[arg-type]

    y_auth = np.array([y for _, y, _ in authored])
    train_auth = np.array([k != "benign_check" for _, _, k in authored])
    benign_identity = np.array([k in ("benign_check", "benign_template", "self") and y == 0 for _, y, k in authored])
    y_rb = np.array([int(d["label"]) for d in rb])
    g_rb = np.array([str(d["group"]) for d in rb])
    y_hb = np.array([int(d["label"]) for d in hb])
    s_hb = np.array([str(d["split"]) for d in hb])
    y_tg = np.array([int(d["label"] == "hate") for d in tg])

    def fit(x: np.ndarray, y: np.ndarray) -> Any:
        return LogisticRegression(C=1.0, class_weight="balanced", max_iter=3000, random_state=13).fit(x, y)

    def threshold(extra_x: np.ndarray, extra_y: np.ndarray) -> float:
        """Out-of-fold (2 folds over the authored rows) 99.5th percentile on benign identity text + 0.05."""
        idx = np.arange(len(authored))
        fold = idx % 2
        scores = np.zeros(len(authored))
        for k in (0, 1):
            m = fit(
                np.vstack([emb["authored"][train_auth & (fold != k)], extra_x]),
                np.concatenate([y_auth[train_auth & (fold != k)], extra_y]),
            )
            scores[fold == k] = m.predict_proba(emb["authored"][fold == k])[:, 1]
        return float(min(0.95, max(0.5, np.quantile(scores[benign_identity], 0.995) + 0.05)))

    report: dict[str, Any] = {"load_average": [round(v, 2) for v in os.getloadavg()], "sources": {}}
    hb_train = s_hb == "train"
    combos = {
        "authored": (np.zeros((0, emb["authored"].shape[1])), np.zeros(0)),
        "authored+redditbias": (emb["rb"], y_rb),
        "authored+hatemojibuild": (emb["hb"][hb_train], y_hb[hb_train]),
        "authored+both": (np.vstack([emb["rb"], emb["hb"][hb_train]]), np.concatenate([y_rb, y_hb[hb_train]])),
    }
    for name, (ex, ey) in combos.items():
        m = fit(np.vstack([emb["authored"][train_auth], ex]), np.concatenate([y_auth[train_auth], ey]))
        t = threshold(ex, ey)
        p_tg = m.predict_proba(emb["tg"])[:, 1]
        p_bold = m.predict_proba(emb["bold"])[:, 1]
        report["sources"][name] = {
            "threshold": round(t, 4),
            "toxigen_roc_auc": round(float(roc_auc_score(y_tg, p_tg)), 4),
            "toxigen_neutral_flagged": round(float((p_tg[y_tg == 0] >= t).mean()), 4),
            "toxigen_hate_recall": round(float((p_tg[y_tg == 1] >= t).mean()), 4),
            "bold_flagged": round(float((p_bold >= t).mean()), 4),
        }
        print(name, report["sources"][name], flush=True)
    logo: dict[str, float] = {}
    for g in sorted(set(g_rb)):
        keep = g_rb != g
        m = fit(
            np.vstack([emb["authored"][train_auth], emb["rb"][keep]]), np.concatenate([y_auth[train_auth], y_rb[keep]])
        )
        logo[g] = round(float(roc_auc_score(y_rb[~keep], m.predict_proba(emb["rb"][~keep])[:, 1])), 4)
    report["redditbias_leave_one_group_out_roc_auc"] = logo
    print("redditbias leave-one-group-out", logo, flush=True)
    m = fit(
        np.vstack([emb["authored"][train_auth], emb["hb"][hb_train]]),
        np.concatenate([y_auth[train_auth], y_hb[hb_train]]),
    )
    test = s_hb == "test"
    acc = float(((m.predict_proba(emb["hb"][test])[:, 1] >= 0.5) == (y_hb[test] == 1)).mean())
    report["hatemojibuild_test_accuracy"] = round(acc, 4)
    print("hatemojibuild test accuracy", report["hatemojibuild_test_accuracy"])
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
