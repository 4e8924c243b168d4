"""`train-detector`: seeded and reproducible; the committed head matches the authored data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from detectors import head as head_io
from detectors.exemplars import Exemplar, exemplars_digest, load_exemplars
from detectors.taxonomy import Taxonomy
from detectors.training import build_rows, swap_group


def test_twins_swap_the_group_and_top_up_neutral_rows(taxonomy: Taxonomy) -> None:
    exemplars = [
        Exemplar("Muslims are all terrorists.", "muslim", "biased", "stereotype"),
        Exemplar("Muslims should be banned from office.", "muslim", "biased", "exclusion"),
        Exemplar("My Christian neighbour fixed my fence.", "christian", "benign", "positive"),
    ]
    rows = build_rows(taxonomy, exemplars, [], {"muslim": "Muslim", "christian": "Christian"}, seed=1, twin_ratio=1.0)
    twins = [r for r in rows if r.kind == "twin"]
    assert [r.text for r in twins] == ["My Muslim neighbour fixed my fence."]
    assert twins[0].label == 0 and twins[0].exemplar == exemplars[2].text  # kept out of its own margin


def test_swap_group_replaces_every_mention(taxonomy: Taxonomy) -> None:
    text = "Catholic priests and Catholic nuns ran the school."
    assert swap_group(text, taxonomy.match(text), "Sikh") == "Sikh priests and Sikh nuns ran the school."


# A small authored fixture: minimal pairs (same frame, the predicate decides), two families each.
FIXTURE = [
    ("Someone are lazy and steal from their neighbours.", 1, "a"),
    ("Someone are hardworking and help their neighbours.", 0, "a"),
    ("Someone are not lazy and never steal from anyone.", 0, "a"),
    ("Honestly, someone are vermin and should be wiped out.", 1, "b"),
    ("Honestly, someone are neighbours and should be welcomed.", 0, "b"),
    ("Nobody should ever say someone are vermin.", 0, "b"),
    ("lol someone are too stupid to do maths", 1, "c"),
    ("lol someone are great at maths", 0, "c"),
    ("Sure! Avoid hiring someone, they are unreliable.", 1, "d"),
    ("Sure! Judge someone on their record like anyone.", 0, "d"),
    ("I would love to hurt someone.", 1, "e"),
    ("I would love to meet someone.", 0, "e"),
]


def _fixture_run(seed: int, objective: str = "classify") -> tuple[dict[str, Any], float]:
    from sentence_transformers import SentenceTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    from agent.embedder import bundled_model_path
    from detectors.encoder import rounded
    from detectors.finetune import Finetuner, FinetuneSpec

    texts = [t for t, _, _ in FIXTURE]
    labels = [y for _, y, _ in FIXTURE]
    model = SentenceTransformer(str(bundled_model_path()), device="cpu")
    tuner = Finetuner(model, texts, FinetuneSpec(seed=seed, batch_size=6, max_steps=3, threads=1, objective=objective))
    tensors = rounded(tuner.train(texts, labels, [f for _, _, f in FIXTURE]))
    tuner.load(tensors)
    emb = tuner.embed(texts)
    head = LogisticRegression(C=1.0, random_state=seed, max_iter=2000).fit(emb, labels)
    return tensors, float(roc_auc_score(labels, head.decision_function(emb)))


@pytest.mark.embeddings
@pytest.mark.parametrize("objective", ["classify", "contrastive"])
def test_finetuning_is_reproducible_on_a_small_fixture(objective: str) -> None:
    first, auc_first = _fixture_run(13, objective)
    second, auc_second = _fixture_run(13, objective)
    assert first.keys() == second.keys() and len(first) > 10  # the top layers, not the whole model
    for name in first:
        np.testing.assert_allclose(first[name].numpy(), second[name].numpy(), atol=1e-6)
    assert abs(auc_first - auc_second) <= 0.005


@pytest.mark.embeddings
def test_finetuning_moves_only_the_top_layers_and_the_cached_path_matches_the_model() -> None:
    from sentence_transformers import SentenceTransformer

    from agent.embedder import bundled_model_path
    from detectors.finetune import Finetuner, FinetuneSpec

    texts = [t for t, _, _ in FIXTURE]
    model = SentenceTransformer(str(bundled_model_path()), device="cpu")
    tuner = Finetuner(model, texts, FinetuneSpec(seed=1, max_steps=0, threads=1))  # checks the cached path
    want = model.encode(texts, normalize_embeddings=True)
    np.testing.assert_allclose(tuner.embed(texts), want, atol=2e-2)
    assert all(".layer.4." in n or ".layer.5." in n for n in tuner.train(texts, [y for _, y, _ in FIXTURE], ["f"] * 12))


def test_the_bundled_head_matches_the_authored_data_it_records() -> None:
    """Rebuilding the real head fine-tunes for minutes, so this checks the record, honestly:
    every digest the head stores must be the digest of the data in the tree (rebuild after editing)."""
    from detectors.harm import HarmLexiconDetector
    from detectors.pairs import load_pairs_data, pairs_digest

    bundled = head_io.load()
    record = bundled.data["training"]
    taxonomy = Taxonomy.default()
    assert record["exemplars"] == exemplars_digest(load_exemplars())  # the margin features' exemplars
    if "pairs" in record:
        # A head trained since the minimal pairs records every input; the frozen-encoder head kept
        # as the default (docs/detection.md: it ranks ToxiGen better) predates them.
        assert record["pairs"] == pairs_digest(load_pairs_data())
        assert record["taxonomy"] == taxonomy.digest
        assert record["harm_lexicon"] == HarmLexiconDetector(taxonomy).version
    assert bundled.platt_a > 0 and 0.5 <= bundled.data.get("threshold", 0.8) <= 0.95


def test_the_bundled_encoder_delta_is_the_one_the_head_was_fitted_on() -> None:
    from detectors.encoder import bundled_delta, delta_metadata, file_hash

    encoder = head_io.load().data["training"].get("encoder")
    delta = bundled_delta()
    if encoder is None:
        assert delta is None  # a frozen-encoder head ships no delta
        return
    assert delta is not None and file_hash(delta) == encoder["delta"]
    assert delta.stat().st_size < 24 * 2**20  # six layers in fp16: 21 MB
    assert delta_metadata(delta)["base_sha256_16"] == encoder["base"]


def test_reference_register_sentences_are_negatives_outside_the_exemplar_index(taxonomy: Taxonomy) -> None:
    exemplars = [Exemplar("Sikhs are all fanatics.", "sikh", "biased", "stereotype")]
    reference = ["Sikhism was founded in the Punjab region by Guru Nanak.", "Atheism rejects belief in gods."]
    rows = build_rows(taxonomy, exemplars, [], {}, seed=1, encyclopaedic=reference)
    ref = [r for r in rows if r.kind == "encyclopaedic"]
    assert [r.text for r in ref] == reference
    assert all(r.label == 0 and r.exemplar is None for r in ref)
    assert len({r.source for r in ref}) == 2  # each its own fold unit


def _hash_embed(texts: list[str]) -> np.ndarray:
    """A deterministic stand-in encoder: 16 numbers per text from its hash (no model needed)."""
    import hashlib

    out = np.array([np.frombuffer(hashlib.sha256(t.encode()).digest()[:16], dtype=np.uint8) for t in texts], float)
    out -= 127.5
    normed: np.ndarray = out / np.linalg.norm(out, axis=1, keepdims=True)
    return normed


def test_external_weight_scales_the_third_party_rows_in_the_fit(taxonomy: Taxonomy) -> None:
    from pathlib import Path

    from detectors.external import ExternalRow, ExternalSet
    from detectors.training import TrainSpec, train

    exemplars = [
        Exemplar("Muslims are vermin.", "muslim", "biased", "dehumanisation"),
        Exemplar("Women are lazy.", "women", "biased", "stereotype"),
        Exemplar("Muslims run a bakery.", "muslim", "benign", "neutral"),
        Exemplar("Women went hiking.", "women", "benign", "neutral"),
    ]
    ext_rows = tuple(
        ExternalRow(f"comment number {i} about things", i % 2, "redditbias", "", f"redditbias:{i}") for i in range(60)
    )
    external = [ExternalSet("redditbias", Path("redditbias.jsonl"), "0" * 64, ext_rows)]

    def fit(weight: float) -> dict[str, Any]:
        return train(
            _hash_embed,
            model_id="stand-in",
            model_hash="0" * 16,
            spec=TrainSpec(external_weight=weight),
            taxonomy=taxonomy,
            exemplars=exemplars,
            templates=["I met {g} at the market."],
            encyclopaedic=[],
            pairs=[],
            external=external,
        )

    full, none = fit(1.0), fit(0.0)
    assert full["training"]["external_weight"] == 1.0 and none["training"]["external_weight"] == 0.0
    assert full["training"]["sources"]["redditbias"]["rows"] == 60
    # Weight 0 leaves the random-label third-party rows out of the fit, so the coefficients differ.
    assert not np.allclose(full["coef"], none["coef"])


def test_the_classification_loss_balances_the_classes_and_honours_row_weights() -> None:
    import torch

    from detectors.finetune import FinetuneSpec, _ClassifyLoss

    loss = _ClassifyLoss([1, 0, 0, 0], [1.0, 1.0, 1.0, 0.0], 4, FinetuneSpec())
    # Weighted totals 1 biased vs 2 benign: each class carries half of the loss.
    assert loss.w.tolist() == pytest.approx([1.5, 0.75, 0.75, 0.0])
    emb = torch.nn.functional.normalize(torch.randn(4, 4), dim=-1)
    with torch.no_grad():
        changed = emb.clone()
        changed[3] = -changed[3]
        assert float(loss(emb, [0, 1, 2, 3])) == pytest.approx(float(loss(changed, [0, 1, 2, 3])))  # weight 0 row
        assert float(loss(emb[3:], [3])) == 0.0
    with pytest.raises(ValueError, match="both labels"):
        _ClassifyLoss([1, 0], [1.0, 0.0], 4, FinetuneSpec())
    with pytest.raises(ValueError, match="non-negative"):
        _ClassifyLoss([1, 0], [1.0, -1.0], 4, FinetuneSpec())


def test_an_unwritable_output_is_refused_before_any_training(tmp_path: Path) -> None:
    from agent.errors import UsageError
    from agent.tools.train import train_detector

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the head's folder should be")
    with pytest.raises(UsageError, match=r"cannot create .*not-a-dir/heads for the trained head: Not a directory"):
        train_detector(str(blocker / "heads" / "embedding_head.json"), seed=13)
