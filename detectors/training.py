"""`biaswatch train-detector`: fit the embedding head on the authored data, reproducibly.

Training rows, all authored in detectors/data/:
- exemplars.yaml: biased statements (1) and neutral/positive statements about the same groups (0);
- counterfactual twins: a neutral exemplar with its group term swapped for another group on the
  same axis (0), added until every group has at least as many neutral rows as biased ones, so
  that naming a group carries no signal in the same-group margin feature either;
- benign_identity.yaml: ordinary sentences naming each group (0), one group per axis per
  template for training; every group for threshold selection; group-free background sentences
  and reference-register ("encyclopaedic") sentences naming groups, both as negatives only.
Probabilities are Platt-calibrated on out-of-fold decision values (folds grouped by source text,
so a twin never sits in a different fold from its original). Per-axis thresholds are chosen on
out-of-fold probabilities of the benign identity sentences, never on evaluation data.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

from detectors.base import Embeddings
from detectors.exemplars import Exemplar, exemplars_digest, load_exemplars
from detectors.external import SOURCES, ExternalRow, ExternalSet
from detectors.features import EXTRA_FEATURES, ExemplarIndex, features
from detectors.harm import HarmLexiconDetector
from detectors.head import FORMAT, FORMAT_VERSION
from detectors.pairs import PairRow, expand, load_pairs_data, pairs_digest
from detectors.taxonomy import Mention, Taxonomy, neutralise

C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
FOLDS = 5
TOP_K = 3


@dataclass(frozen=True, slots=True)
class Row:
    text: str
    label: int
    source: str  # rows sharing a source stay in one fold
    kind: str  # "exemplar" | "twin" | "benign_template" | "benign_check" | "pair" | "self" | an external source
    axis: str = ""
    exemplar: str | None = None  # the exemplar's own text, left out of its margin


@dataclass(frozen=True)
class TrainSpec:
    seed: int = 13
    # The quantile rule below cannot see false flags on a fine-tuned encoder: the layers were
    # trained on the same authored benign text (the check rows differ only in the group term,
    # which neutralisation removes), so its out-of-fold scores sit near 0 and the rule lands on
    # the floor. 0.8 is the threshold biaswatch shipped before fine-tuning: 4:1 odds on the
    # class-balanced scale, where deployed traffic is mostly benign. Not chosen on dev data.
    threshold_floor: float = 0.8
    threshold_margin: float = 0.05
    threshold_cap: float = 0.95
    twin_ratio: float = 1.5  # neutral rows per biased row each group is topped up to
    # The per-axis threshold sits above this quantile of the out-of-fold scores of authored benign
    # identity text (plus the margin): the max lets one odd sentence set the threshold.
    threshold_quantile: float = 0.995
    # Share of the (template x every group) threshold-check sentences kept: a third is ~2,000,
    # plenty for a quantile, and embedding all 6,000 dominated the training time.
    check_fraction: float = 0.35
    # Weight of each third-party or reviewed row (`--data`, `--reviewed`) against an authored one in
    # the head's fit: the sets are large, noisy and unlike LLM output, and at 1.0 RedditBias alone
    # outweighs all the authored rows.
    external_weight: float = 1.0
    c_grid: tuple[float, ...] = C_GRID  # regularisation strengths tried; the best out-of-fold log-loss wins


def group_terms(identity_data: dict[str, Any]) -> dict[str, str]:
    """One plain surface term per group (the first listed), for twins and templates."""
    out: dict[str, str] = {}
    for axis_data in (identity_data.get("axes") or {}).values():
        for group, gdata in (axis_data.get("groups") or {}).items():
            terms = list(gdata.get("terms") or []) + list(gdata.get("context_terms") or [])
            if terms:
                out[group] = str(terms[0])
    return out


def swap_group(text: str, mentions: list[Mention], term: str) -> str:
    """Replace every identity mention with `term` (the counterfactual twin's text)."""
    parts, last = [], 0
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start < last:
            continue
        parts += [text[last : m.start], term]
        last = m.end
    return "".join([*parts, text[last:]])


def build_rows(
    taxonomy: Taxonomy,
    exemplars: list[Exemplar],
    templates: list[str],
    terms: dict[str, str],
    seed: int,
    background: Sequence[str] = (),
    twin_ratio: float = 1.5,
    encyclopaedic: Sequence[str] = (),
    pairs: Sequence[PairRow] = (),
    external: Sequence[ExternalRow] = (),
    check_fraction: float = 1.0,
) -> list[Row]:
    rng = random.Random(seed)
    rows = [
        Row(e.text, int(e.label == "biased"), f"ex:{e.text}", "exemplar", taxonomy.group_axis.get(e.group, ""), e.text)
        for e in exemplars
    ]
    biased = Counter(e.group for e in exemplars if e.label == "biased")
    benign = Counter(e.group for e in exemplars if e.label == "benign")
    by_axis: dict[str, list[Exemplar]] = defaultdict(list)
    for e in exemplars:
        if e.label == "benign" and e.group in taxonomy.group_axis:
            by_axis[taxonomy.group_axis[e.group]].append(e)
    for group in sorted(biased):
        axis = taxonomy.group_axis.get(group)
        if axis is None or group not in terms:
            continue
        pool = [e for e in by_axis[axis] if e.group != group]
        rng.shuffle(pool)
        for e in pool[: max(0, round(twin_ratio * biased[group]) - benign[group])]:
            mentions = taxonomy.match(e.text)
            if mentions:
                twin = swap_group(e.text, mentions, terms[group])
                rows.append(Row(twin, 0, f"ex:{e.text}", "twin", axis, e.text))
    rows += [Row(text, 0, f"bg:{i}", "background") for i, text in enumerate(background)]
    rows += [Row(text, 0, f"enc:{i}", "encyclopaedic") for i, text in enumerate(encyclopaedic)]
    # Minimal pairs: one fold unit per family, so a pair is never split between train and held-out.
    rows += [
        Row(
            p.text,
            p.label,
            f"pair:{p.pair}",
            "self" if p.kind == "self" else "pair",
            taxonomy.group_axis.get(p.group, ""),
        )
        for p in pairs
    ]
    rows += [Row(e.text, e.label, e.pair, e.source) for e in external]
    for t_index, template in enumerate(templates):
        for axis, groups in taxonomy.axes.items():
            usable = [g for g in groups if g in terms]
            if not usable:
                continue
            chosen = rng.choice(usable)
            for g in usable:
                if g != chosen and rng.random() >= check_fraction:
                    continue
                kind = "benign_template" if g == chosen else "benign_check"
                rows.append(Row(template.format(g=terms[g]), 0, f"tpl:{t_index}", kind, axis))
    return rows


def _folds(rows: list[Row], seed: int) -> npt.NDArray[np.intp]:
    """Fold per row, grouped by source (a twin stays with its original), roughly label-stratified."""
    sources = sorted({r.source for r in rows})
    label_of = {r.source: r.label for r in rows}
    rng = random.Random(seed)
    fold_of: dict[str, int] = {}
    for label in (0, 1):
        group = [s for s in sources if label_of[s] == label]
        rng.shuffle(group)
        for i, s in enumerate(group):
            fold_of[s] = i % FOLDS
    return np.array([fold_of[r.source] for r in rows], dtype=np.intp)


def training_rows(
    spec: TrainSpec,
    taxonomy: Taxonomy,
    exemplars: list[Exemplar] | None = None,
    templates: list[str] | None = None,
    identity_data: dict[str, Any] | None = None,
    encyclopaedic: list[str] | None = None,
    pairs: Sequence[PairRow] | None = None,
    external: Sequence[ExternalSet] = (),
) -> list[Row]:
    """Every training row: authored exemplars, twins, templates, minimal pairs, external sets."""
    exemplars, templates, background, encyclopaedic = _authored(exemplars, templates, encyclopaedic)
    identity_data = identity_data or _data("identity_terms.yaml")
    if pairs is None:
        pairs = expand(load_pairs_data(), spec.seed)
    return build_rows(
        taxonomy,
        exemplars,
        templates,
        group_terms(identity_data),
        spec.seed,
        background,
        spec.twin_ratio,
        encyclopaedic,
        pairs,
        [r for s in external for r in s.rows],
        spec.check_fraction,
    )


def _authored(
    exemplars: list[Exemplar] | None, templates: list[str] | None, encyclopaedic: list[str] | None
) -> tuple[list[Exemplar], list[str], list[str], list[str]]:
    """The shipped authored data for whatever the caller did not pass: exemplars, templates,
    background sentences (always the shipped ones) and encyclopaedic sentences."""
    benign_data = _data("benign_identity.yaml")
    return (
        exemplars if exemplars is not None else load_exemplars(),
        templates if templates is not None else [str(t) for t in benign_data["templates"]],
        [str(t) for t in benign_data.get("background") or []],
        encyclopaedic if encyclopaedic is not None else [str(t) for t in benign_data.get("encyclopaedic") or []],
    )


def train(
    embed_fn: Callable[[list[str]], Embeddings],
    *,
    model_id: str,
    model_hash: str,
    spec: TrainSpec | None = None,
    taxonomy: Taxonomy | None = None,
    exemplars: list[Exemplar] | None = None,
    templates: list[str] | None = None,
    identity_data: dict[str, Any] | None = None,
    encyclopaedic: list[str] | None = None,
    pairs: Sequence[PairRow] | None = None,
    external: Sequence[ExternalSet] = (),
    rows: list[Row] | None = None,
    encoder: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Fit the head and return the artefact's content (see detectors/head.py for the format).

    `rows` (from `training_rows`) skips rebuilding them; `encoder` describes a fine-tuned encoder
    delta for the training record.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss, roc_auc_score

    spec = spec or TrainSpec()
    taxonomy = taxonomy or Taxonomy.default()
    exemplars, templates, background, encyclopaedic = _authored(exemplars, templates, encyclopaedic)
    pairs_data = load_pairs_data()
    if rows is None:
        rows = training_rows(spec, taxonomy, exemplars, templates, identity_data, encyclopaedic, pairs, external)
    harm = HarmLexiconDetector(taxonomy)

    texts = [r.text for r in rows]
    mentions = [taxonomy.match(t) for t in texts]
    neutral = [neutralise(t, m) for t, m in zip(texts, mentions, strict=True)]
    unique = sorted(set(neutral) | {neutralise(e.text, taxonomy.match(e.text)) for e in exemplars})
    emb_unique = embed_fn(unique)
    at = {t: i for i, t in enumerate(unique)}
    emb = emb_unique[[at[t] for t in neutral]]
    ex_emb = emb_unique[[at[neutralise(e.text, taxonomy.match(e.text))] for e in exemplars]]
    index = ExemplarIndex(exemplars, ex_emb, TOP_K)
    groups = [frozenset(m.group for m in ms) for ms in mentions]
    x, _ = features(index, harm, emb, texts, mentions, groups, [r.exemplar for r in rows])
    y = np.array([r.label for r in rows])
    external_kinds = {*SOURCES, *(s.source for s in external)}  # an external row's kind is its source
    weight = np.array([spec.external_weight if r.kind in external_kinds else 1.0 for r in rows])
    train_mask = np.array([r.kind != "benign_check" for r in rows])
    folds = _folds(rows, spec.seed)

    mean = x[train_mask].mean(axis=0)
    scale = x[train_mask].std(axis=0)
    # Embedding columns keep their raw scale: standardising them would amplify near-constant
    # directions, which then swing the score on text unlike the training sentences.
    scale[: emb.shape[1]] = 1.0 / np.sqrt(emb.shape[1])
    scale[scale < 1e-9] = 1.0
    xs = (x - mean) / scale

    def fit(c: float, mask: npt.NDArray[np.bool_]) -> Any:
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=spec.seed)
        return model.fit(xs[mask], y[mask], sample_weight=weight[mask])

    def out_of_fold(c: float) -> npt.NDArray[np.float64]:
        z = np.zeros(len(rows))
        for k in range(FOLDS):
            model = fit(c, train_mask & (folds != k))
            held = folds == k
            z[held] = model.decision_function(xs[held])
        return z

    scored = train_mask  # the balanced set: exemplars, twins, one template per axis
    best: tuple[float, float, npt.NDArray[np.float64]] | None = None
    for c in spec.c_grid:
        z = out_of_fold(c)
        loss = float(log_loss(y[scored], 1 / (1 + np.exp(-z[scored])), sample_weight=weight[scored]))
        if best is None or loss < best[0]:
            best = (loss, c, z)
    assert best is not None
    _, c_best, z_oof = best
    platt = LogisticRegression(C=1e4, max_iter=5000).fit(z_oof[scored, None], y[scored], sample_weight=weight[scored])
    a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
    p_oof = 1 / (1 + np.exp(-(a * z_oof + b)))
    final = fit(c_best, train_mask)

    thresholds: dict[str, float] = {}
    benign_rates: dict[str, float] = {}
    benign_identity = ("benign_template", "benign_check", "self")
    for axis in taxonomy.axes:
        sel = np.array([r.kind in benign_identity and r.label == 0 and r.axis == axis for r in rows])
        if not sel.any():
            continue
        worst = float(np.quantile(p_oof[sel], spec.threshold_quantile))
        thresholds[axis] = float(min(spec.threshold_cap, max(spec.threshold_floor, worst + spec.threshold_margin)))
        benign_rates[axis] = float((p_oof[sel] >= thresholds[axis]).mean())

    sel = np.array([r.kind in benign_identity and r.label == 0 for r in rows])
    threshold = float(
        min(
            spec.threshold_cap,
            max(spec.threshold_floor, float(np.quantile(p_oof[sel], spec.threshold_quantile)) + spec.threshold_margin),
        )
    )
    counts = Counter(r.kind if r.kind != "exemplar" else ("biased" if r.label else "benign") for r in rows)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "embedding_model": model_id,
        "embedding_model_hash": model_hash,
        "dimension": int(emb.shape[1]),
        "features": list(EXTRA_FEATURES),
        "top_k": TOP_K,
        "scaler": {"mean": mean.tolist(), "scale": scale.tolist()},
        "coef": final.coef_[0].tolist(),
        "intercept": float(final.intercept_[0]),
        "calibration": {"method": "platt", "a": a, "b": b},
        "threshold": threshold,
        "thresholds": thresholds,
        "training": {
            "seed": spec.seed,
            "C": c_best,
            "external_weight": spec.external_weight,
            "folds": FOLDS,
            "rows": dict(sorted(counts.items())),
            "out_of_fold_roc_auc": float(roc_auc_score(y[scored], z_oof[scored])),
            "out_of_fold_benign_template_flag_rate": benign_rates,
            "out_of_fold_benign_identity_flag_rate": float((p_oof[sel] >= threshold).mean()),
            "out_of_fold_biased_recall": float((p_oof[y == 1] >= threshold).mean()),
            "exemplars": exemplars_digest(exemplars),
            "benign_templates": hashlib.sha256(
                "\n".join([*templates, *background, *encyclopaedic]).encode()
            ).hexdigest()[:12],
            "taxonomy": taxonomy.digest,
            "harm_lexicon": harm.version,
            "pairs": pairs_digest(pairs_data),
            "sources": {
                "authored": len([r for r in rows if r.kind not in {s.source for s in external}]),
                **{s.source: {"rows": len(s.rows), "sha256": s.sha256, "file": s.path.name} for s in external},
            },
            **({"encoder": encoder} if encoder else {}),
        },
    }


def _data(name: str) -> dict[str, Any]:
    ref = resources.files("detectors") / "data" / name
    loaded: dict[str, Any] = yaml.safe_load(ref.read_text(encoding="utf-8"))
    return loaded
