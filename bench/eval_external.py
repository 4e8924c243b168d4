"""Held-out figures on the third-party training sets (issue 10): `make eval-external`.

Two measurements through the whole pipeline (`biaswatch score`'s scores and flags), and one of
the encoder alone:
- HatemojiBuild test split: the head is trained on the train split only (`train-detector --data`
  never reads the other splits), so the shipped head (or `--head`) is scored on the test split
  directly: accuracy at its threshold, ROC-AUC, and accuracy per hate type.
- RedditBias leave-one-group-out: for each of its five groups, a head is trained with that group's
  RedditBias rows removed (everything else as `train-detector --data` trains, with the reference
  head's C and third-party weight) on the frozen base encoder, and scored on them: ROC-AUC per group.
- HatemojiBuild in-domain (`--only hatemoji-in-domain`): a logistic regression on the encoder's
  embeddings of the train split alone, scored on the test split: how far a linear head on these
  features can go on that set, for the shipped fine-tuned encoder and the base model.
- HatemojiBuild by words (`--only hatemoji-words`): the same, on TF-IDF word and character n-grams
  instead of embeddings: whether a sparse lexical model, which no encoder limits, does better.

Needs the training sets (`--data`, default ../shared/data/train); never a test. Writes
bench/results/external.json.

    .venv/bin/python bench/eval_external.py [--only hatemoji|redditbias|hatemoji-in-domain|hatemoji-words]
        [--head H --encoder DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.config import AgentConfig  # noqa: E402
from agent.tools.evaluate import Row, roc_auc, score_rows  # noqa: E402

GROUPS = ("women", "lgbtq", "black", "jewish", "muslim")  # RedditBias's own group names


def _config(head: str | None, encoder: str | None, backend: str | None = None) -> AgentConfig:
    config = AgentConfig()
    if head:
        config = AgentConfig(detectors={"groups": {}, "harm_lexicon": {}, "embedding": {"head_path": head}})
    if encoder:
        model = {"finetuned": False} if encoder == "base" else {"path": encoder}
        config = config.model_copy(update={"embedding_model": config.embedding_model.model_copy(update=model)})
    if backend:
        chosen = config.embedding_model.model_copy(update={"backend": backend})
        config = config.model_copy(update={"embedding_model": chosen})
    return config


def _score(config: AgentConfig, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    from agent.assemble import build

    c = build(config)
    rows = [Row(i + 1, t, "", 0, ()) for i, t in enumerate(texts)]
    scored, bad = score_rows(c, rows, config.pipeline.batch_size)
    if bad:
        raise SystemExit(f"{len(bad)} rows could not be scored: {bad[:3]}")
    return np.array([s.score for s in scored]), np.array([s.flagged for s in scored], dtype=bool)


def _read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def hatemoji(data: Path, head: str | None, encoder: str | None, backend: str | None = None) -> dict[str, Any]:
    rows = [r for r in _read(data / "hatemojibuild.jsonl") if r.get("split") == "test"]
    y = np.array([int(r["label"]) for r in rows])
    score, flagged = _score(_config(head, encoder, backend), [str(r["text"]) for r in rows])
    correct = flagged == (y == 1)
    by_type: dict[str, list[bool]] = defaultdict(list)
    for r, ok in zip(rows, correct, strict=True):
        by_type[str(r.get("type") or "none")].append(bool(ok))
    return {
        "n": len(rows),
        "accuracy": round(float(correct.mean()), 4),
        "roc_auc": round(float(roc_auc(y, score) or 0.0), 4),
        "flagged": int(flagged.sum()),
        "positives": int(y.sum()),
        "accuracy_by_type": {
            t: {"n": len(v), "accuracy": round(sum(v) / len(v), 4)} for t, v in sorted(by_type.items())
        },
    }


def redditbias_logo(data: Path, seed: int, reference_head: str | None) -> dict[str, Any]:
    """Per group: a head fitted without that group's RedditBias rows, scored on them (whole pipeline).

    The encoder is the base model, frozen: a fine-tuned encoder would have seen the held-out group,
    and fine-tuning once per fold does not fit a CPU bench. The regularisation strength and the
    third-party weight are the reference head's (the bundled one), so each fold is one fit, not a search.
    """
    from agent.config import EmbeddingModelConfig
    from agent.embedder import Embedder
    from detectors import head as head_io
    from detectors.external import load_dirs
    from detectors.taxonomy import Taxonomy
    from detectors.training import TrainSpec, train, training_rows

    record = head_io.load(reference_head).data["training"]
    spec = TrainSpec(seed=seed, c_grid=(float(record["C"]),), external_weight=float(record.get("external_weight", 1.0)))
    embedder = Embedder(EmbeddingModelConfig(finetuned=False, backend="torch"))
    cache: dict[str, np.ndarray] = {}

    def embed(texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        if missing:
            cache.update(zip(missing, embedder.encode(missing), strict=True))
        return np.stack([cache[t] for t in texts])

    taxonomy = Taxonomy.default()
    sets = load_dirs([data])
    out: dict[str, Any] = {}
    for group in GROUPS:
        t0 = time.perf_counter()
        kept = [
            dataclasses.replace(s, rows=tuple(r for r in s.rows if not (s.source == "redditbias" and r.group == group)))
            for s in sets
        ]
        held = [r for s in sets if s.source == "redditbias" for r in s.rows if r.group == group]
        if not held:
            raise SystemExit(f"redditbias.jsonl has no rows of group {group!r}: is it the expected version?")
        rows = training_rows(spec, taxonomy, external=kept)
        fitted = train(
            embed,
            model_id=embedder.model_id,
            model_hash=embedder.model_hash,
            spec=spec,
            taxonomy=taxonomy,
            external=kept,
            rows=rows,
        )
        with tempfile.TemporaryDirectory() as tmp:
            head = Path(tmp) / "head.json"
            head.write_bytes(head_io.dump(fitted))
            y = np.array([r.label for r in held])
            score, flagged = _score(_config(str(head), "base"), [r.text for r in held])
        out[group] = {
            "n": len(held),
            "positives": int(y.sum()),
            "roc_auc": round(float(roc_auc(y, score) or 0.0), 4),
            "flagged": int(flagged.sum()),
            "seconds": round(time.perf_counter() - t0),
        }
        print(f"redditbias held out {group}: {out[group]}", flush=True)
    return {"encoder": "base, frozen", "C": spec.c_grid[0], "external_weight": spec.external_weight, "groups": out}


def fit_linear_head(x: np.ndarray, y: np.ndarray, seed: int) -> tuple[Any, float]:
    """A logistic regression with C chosen by 5-fold out-of-fold log loss, as `train-detector`
    chooses it, refitted on everything; returns it and its C."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    scores = {
        c: cross_val_score(LogisticRegression(C=c, max_iter=2000), x, y, cv=folds, scoring="neg_log_loss").mean()
        for c in (0.01, 0.1, 1.0, 10.0)
    }
    best = max(scores, key=lambda c: scores[c])
    return LogisticRegression(C=best, max_iter=2000).fit(x, y), best


def _test_split(c: float, y_test: np.ndarray, p: np.ndarray) -> dict[str, Any]:
    """Accuracy at 0.5 and ROC-AUC on the test split, with the C chosen on the train split."""
    return {
        "C": c,
        "accuracy": round(float(((p >= 0.5) == y_test).mean()), 4),
        "roc_auc": round(float(roc_auc(y_test, p) or 0.0), 4),
    }


def hatemoji_in_domain(data: Path, seed: int) -> dict[str, Any]:
    """What the encoder alone can do on HatemojiBuild: a logistic regression fitted on its train
    split's embeddings only (C by 5-fold out-of-fold log loss there), scored on its test split. No
    lexicon, no authored data, no threshold rule: a ceiling for a linear head on these features,
    not the shipped detector's figure. Texts are normalised as the agent normalises them (emoji
    become their names), once with the shipped fine-tuned encoder and once with the base model."""
    from agent.config import EmbeddingModelConfig
    from agent.embedder import Embedder
    from detectors.normalise import normalise_text

    rows = _read(data / "hatemojibuild.jsonl")
    train = [r for r in rows if r.get("split") == "train"]
    test = [r for r in rows if r.get("split") == "test"]
    out: dict[str, Any] = {"train": len(train), "test": len(test)}
    for name, finetuned in (("fine-tuned", True), ("base", False)):
        embedder = Embedder(EmbeddingModelConfig(finetuned=finetuned))
        x_train = embedder.encode([normalise_text(r["text"]).text for r in train])
        x_test = embedder.encode([normalise_text(r["text"]).text for r in test])
        y_train = np.array([int(r["label"]) for r in train])
        y_test = np.array([int(r["label"]) for r in test])
        model, c = fit_linear_head(x_train, y_train, seed)
        out[name] = _test_split(c, y_test, model.predict_proba(x_test)[:, 1])
        print(f"hatemoji in-domain, {name} encoder: {out[name]}", flush=True)
    return out


def hatemoji_words(data: Path, seed: int) -> dict[str, Any]:
    """A sparse lexical model on HatemojiBuild's train split alone (texts normalised as the agent
    does, emoji as their names), scored on its test split, with C chosen as `fit_linear_head` does:
    word 1-3-grams, character 2-5-grams within words, and both."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    from detectors.normalise import normalise_text

    rows = _read(data / "hatemojibuild.jsonl")
    train = [r for r in rows if r.get("split") == "train"]
    test = [r for r in rows if r.get("split") == "test"]
    x_train = [normalise_text(r["text"]).text.lower() for r in train]
    x_test = [normalise_text(r["text"]).text.lower() for r in test]
    y_train = np.array([int(r["label"]) for r in train])
    y_test = np.array([int(r["label"]) for r in test])
    kinds: dict[str, Callable[[], Any]] = {
        "words": lambda: TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True),
        "characters": lambda: TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        "both": lambda: make_union(
            TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        ),
    }
    out: dict[str, Any] = {"train": len(train), "test": len(test)}
    for name, make in kinds.items():
        vectoriser = make()
        model, c = fit_linear_head(vectoriser.fit_transform(x_train), y_train, seed)
        out[name] = _test_split(c, y_test, model.predict_proba(vectoriser.transform(x_test))[:, 1])
        print(f"hatemoji by words, {name}: {out[name]}", flush=True)
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default=os.environ.get("BIASWATCH_TRAIN", str(ROOT.parent / "shared" / "data" / "train")))
    p.add_argument("--out", default=str(ROOT / "bench" / "results"))
    p.add_argument("--only", choices=["hatemoji", "redditbias", "hatemoji-in-domain", "hatemoji-words"])
    p.add_argument("--head", help="head JSON to score on the HatemojiBuild test split (default: the bundled one)")
    p.add_argument("--encoder", help="its encoder folder (`base` = the bundled MiniLM without fine-tuned layers)")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--backend", choices=["onnx", "torch"], help="embedding_model.backend (default: the config's)")
    args = p.parse_args()
    data = Path(args.data)
    if not (data / "redditbias.jsonl").is_file() or not (data / "hatemojibuild.jsonl").is_file():
        print(
            f"training sets not found in {data}: point --data (or BIASWATCH_TRAIN) at the directory holding "
            "redditbias.jsonl and hatemojibuild.jsonl (README, 'Training data')"
        )
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    report: dict[str, Any] = {"load_average_start": [round(x, 2) for x in os.getloadavg()]}
    if args.only in (None, "hatemoji"):
        report["hatemoji_test"] = hatemoji(data, args.head, args.encoder, args.backend)
        print("hatemoji test split:", json.dumps(report["hatemoji_test"]), flush=True)
    if args.only in (None, "redditbias"):
        report["redditbias_leave_one_group_out"] = redditbias_logo(data, args.seed, args.head)
    if args.only in (None, "hatemoji-in-domain"):
        report["hatemoji_in_domain"] = hatemoji_in_domain(data, args.seed)
    if args.only in (None, "hatemoji-words"):
        report["hatemoji_words"] = hatemoji_words(data, args.seed)
    report["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "external.json").write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
