"""Whether other poolings of the encoder's layers rank better than the shipped mean of the last one.

The head reads the sentence embedding: the mean of the last layer's token vectors. A linear head on
more of what one encoder pass computes (the mean of earlier layers, the max or the first token of
the last) costs no extra inference, so before asking for a larger model this measures, for the
shipped fine-tuned encoder (or `--base`), logistic regressions on each pooling:
- HatemojiBuild in-domain: fitted on its train split, accuracy at 0.5 and ROC-AUC on its test split;
- ToxiGen seeds: fitted on RedditBias and HatemojiBuild's train split (no authored data, no
  lexicon features), ROC-AUC and the worst group's BPSN AUC on the dev seeds (measuring only).
Texts are normalised as the agent does. Nothing here is shipped.

    .venv/bin/python bench/pooling_study.py [--train DIR] [--dev DIR] [--base]

Needs the `train` extra and ../shared/data (README, "Training data"); about five minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POOLINGS = {
    "mean of layer 6 (shipped)": ["m6"],
    "mean of layer 5": ["m5"],
    "mean of layer 4": ["m4"],
    "mean of layers 4-6": ["m4", "m5", "m6"],
    "mean of layers 3-6": ["m3", "m4", "m5", "m6"],
    "mean and max of layer 6": ["m6", "max6"],
    "mean and first token of layer 6": ["m6", "cls6"],
}


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def poolings(texts: list[str], model_dir: Path) -> dict[str, np.ndarray]:
    """Each pooling of one encoder pass per text, keyed as in POOLINGS."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModel.from_pretrained(str(model_dir)).eval()
    keys = [f"m{i}" for i in range(1, 7)] + ["max6", "cls6"]
    out = {k: np.zeros((len(texts), model.config.hidden_size), np.float32) for k in keys}
    order = np.argsort([len(t) for t in texts])
    with torch.inference_mode():
        for lo in range(0, len(texts), 64):
            rows = order[lo : lo + 64]
            batch = tok([texts[i] for i in rows], padding=True, truncation=True, max_length=256, return_tensors="pt")
            hidden = model(**batch, output_hidden_states=True).hidden_states
            mask = batch["attention_mask"].unsqueeze(-1).float()
            for layer in range(1, 7):
                out[f"m{layer}"][rows] = ((hidden[layer] * mask).sum(1) / mask.sum(1)).numpy()
            out["max6"][rows] = hidden[6].masked_fill(mask == 0, -1e4).max(1).values.numpy()
            out["cls6"][rows] = hidden[6][:, 0].numpy()
    return out


def bpsn_worst(y: np.ndarray, p: np.ndarray, groups: np.ndarray) -> tuple[float, str]:
    from agent.tools.evaluate import roc_auc

    worst = (1.0, "")
    for g in sorted(set(groups)):
        rows = ((groups == g) & (y == 0)) | ((groups != g) & (y == 1))
        worst = min(worst, (float(roc_auc(y[rows], p[rows]) or 0.0), str(g)))
    return worst


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    shared = ROOT.parent / "shared" / "data"
    p.add_argument("--train", default=os.environ.get("BIASWATCH_TRAIN", str(shared / "train")))
    p.add_argument("--dev", default=str(shared / "dev"))
    p.add_argument("--base", action="store_true", help="the bundled base model, not the fine-tuned encoder")
    args = p.parse_args()
    train_dir, dev_dir = Path(args.train), Path(args.dev)
    needed = [train_dir / "redditbias.jsonl", train_dir / "hatemojibuild.jsonl", dev_dir / "toxigen_seeds.jsonl"]
    missing = [str(f) for f in needed if not f.is_file()]
    if missing:
        print(f"not found: {', '.join(missing)} (README, 'Training data')")
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sklearn.linear_model import LogisticRegression

    from agent.embedder import bundled_model_path
    from agent.tools.evaluate import roc_auc
    from detectors.encoder import finetuned_model_dir
    from detectors.normalise import normalise_text

    reddit, hatemoji, toxigen = (_read(f) for f in needed)
    texts = [normalise_text(r["text"]).text for r in (*reddit, *hatemoji, *toxigen)]
    model_dir = bundled_model_path() if args.base else finetuned_model_dir()
    feats = poolings(texts, Path(model_dir))
    n_r, n_h = len(reddit), len(hatemoji)
    y_r = np.array([int(r["label"]) for r in reddit])
    y_h = np.array([int(r["label"]) for r in hatemoji])
    h_train = np.array([r.get("split") == "train" for r in hatemoji])
    h_test = np.array([r.get("split") == "test" for r in hatemoji])
    y_t = np.array([int(r["label"] == "hate") for r in toxigen])
    g_t = np.array([r["group"] for r in toxigen])
    print(f"encoder: {'base' if args.base else 'fine-tuned'} ({model_dir})")
    for name, keys in POOLINGS.items():
        x = np.hstack([feats[k] / np.linalg.norm(feats[k], axis=1, keepdims=True) for k in keys])
        x_r, x_h, x_t = x[:n_r], x[n_r : n_r + n_h], x[n_r + n_h :]
        cells = []
        for c in (0.1, 1.0):
            head = LogisticRegression(C=c, max_iter=3000).fit(x_h[h_train], y_h[h_train])
            p_h = head.predict_proba(x_h[h_test])[:, 1]
            acc = float(((p_h >= 0.5) == y_h[h_test]).mean())
            auc_h = float(roc_auc(y_h[h_test], p_h) or 0.0)
            both = LogisticRegression(C=c, max_iter=3000).fit(
                np.vstack([x_r, x_h[h_train]]), np.concatenate([y_r, y_h[h_train]])
            )
            p_t = both.predict_proba(x_t)[:, 1]
            worst, group = bpsn_worst(y_t, p_t, g_t)
            cells.append(
                f"C={c}: HatemojiBuild acc {acc:.3f} AUC {auc_h:.3f}; "
                f"ToxiGen AUC {float(roc_auc(y_t, p_t) or 0.0):.3f} BPSN {worst:.3f} {group}"
            )
        print(f"{name:34s} " + " | ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
