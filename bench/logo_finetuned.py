"""RedditBias leave-one-group-out with the encoder fine-tuned per fold (issue 10).

`bench/eval_external.py --only redditbias` holds a group out of the head only, on the frozen
encoder. The shipped encoder was itself trained on RedditBias, so its held-out figure must hold the
group out of the fine-tuning too. For each group: the encoder is reset to the base weights and
fine-tuned with the shipped recipe (classification objective, six layers, one epoch, learning rate
5e-5, seed 13) on every `train-detector --data` row except that group's RedditBias rows; a logistic
regression on the tuned embeddings (no lexicon features: a study, not the pipeline) is fitted on
the same rows and ranks the held-out group (ROC-AUC). `--frozen` runs the same protocol on the
frozen base encoder, the baseline for the same head. About 12 min per fold on 2 idle cores.

Needs the training sets (`--data`, default ../shared/data/train); never a test. Writes --out.

    .venv/bin/python bench/logo_finetuned.py [--frozen] [--group black ...] [--out F.json]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from detectors.external import load_dirs  # noqa: E402
from detectors.finetune import Finetuner, FinetuneSpec  # noqa: E402
from detectors.normalise import normalise_text  # noqa: E402
from detectors.taxonomy import Taxonomy, neutralise  # noqa: E402
from detectors.training import TrainSpec, training_rows  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--data", default=os.environ.get("BIASWATCH_TRAIN", str(ROOT.parent / "shared" / "data" / "train")))
    p.add_argument("--out", type=Path, default=ROOT / "bench-output" / "logo_finetuned.json")
    p.add_argument("--group", action="append", help="only these RedditBias groups (default: all five)")
    p.add_argument("--frozen", action="store_true", help="the same protocol on the frozen base encoder")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    if not (Path(args.data) / "redditbias.jsonl").is_file():
        print(f"{args.data}/redditbias.jsonl not found: point --data at the training sets (README, Training data)")
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    from agent.embedder import bundled_model_path

    torch.set_num_threads(args.threads)
    taxonomy = Taxonomy.default()
    external = load_dirs([args.data])
    group_of = {r.pair: r.group for s in external for r in s.rows if r.source == "redditbias"}
    rows = [r for r in training_rows(TrainSpec(), taxonomy, external=external) if r.kind != "benign_check"]
    texts = []
    for r in rows:
        normalised = normalise_text(r.text)
        texts.append(neutralise(normalised, taxonomy.match(normalised)))
    model = SentenceTransformer(str(bundled_model_path()), device="cpu")
    spec = FinetuneSpec(train_layers=6, learning_rate=5e-5, objective="classify", threads=args.threads)
    tuner = Finetuner(model, texts, spec)
    base = copy.deepcopy(tuner.bert.state_dict())
    frozen = tuner.embed(texts) if args.frozen else None
    labels = np.array([r.label for r in rows])
    report: dict[str, Any] = {"encoder": "frozen" if args.frozen else "fine-tuned per fold", "groups": {}}
    for group in args.group or sorted(set(group_of.values())):
        started = time.monotonic()
        held = [i for i, r in enumerate(rows) if r.kind == "redditbias" and group_of.get(r.source) == group]
        if not held:
            print(f"{group}: no RedditBias rows")
            continue
        skip = set(held)
        fit = [i for i in range(len(rows)) if i not in skip]
        if frozen is None:
            tuner.bert.load_state_dict(base)
            tuner.train([texts[i] for i in fit], labels[fit].tolist(), [rows[i].source for i in fit])
            emb = tuner.embed(texts)
        else:
            emb = frozen
        head = LogisticRegression(C=0.01, class_weight="balanced", max_iter=3000).fit(emb[fit], labels[fit])
        auc = float(roc_auc_score(labels[held], head.decision_function(emb[held])))
        report["groups"][group] = {
            "rows": len(held),
            "positives": int(labels[held].sum()),
            "roc_auc": round(auc, 4),
            "seconds": round(time.monotonic() - started),
        }
        print(group, report["groups"][group], flush=True)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
