"""`train-detector`: seeded and reproducible; the committed head matches the authored data."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from detectors import head as head_io
from detectors.exemplars import Exemplar, exemplars_digest, load_exemplars
from detectors.taxonomy import Taxonomy
from detectors.training import build_rows, swap_group, train


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


@pytest.mark.embeddings
def test_training_is_reproducible_and_the_bundled_head_is_current(torch_embedder: Any, taxonomy: Taxonomy) -> None:
    embedder = torch_embedder  # the head is fitted on the torch encoder (agent/train.py)
    kwargs: dict[str, Any] = {"model_id": "all-MiniLM-L6-v2", "model_hash": embedder.model_hash, "taxonomy": taxonomy}
    first = head_io.dump(train(embedder.encode, **kwargs))
    second = head_io.dump(train(embedder.encode, **kwargs))
    assert first == second
    fresh = head_io.from_bytes(first)
    bundled = head_io.load()
    # Same data in, same head out (up to float noise from thread count): rebuild after editing data.
    assert bundled.data["training"] == fresh.data["training"] | {
        "out_of_fold_roc_auc": bundled.data["training"]["out_of_fold_roc_auc"],
        "out_of_fold_benign_template_flag_rate": bundled.data["training"]["out_of_fold_benign_template_flag_rate"],
    }
    assert bundled.data["training"]["exemplars"] == exemplars_digest(load_exemplars())
    np.testing.assert_allclose(bundled.coef, fresh.coef, atol=1e-3)
    assert fresh.platt_a > 0


def test_reference_register_sentences_are_negatives_outside_the_exemplar_index(taxonomy: Taxonomy) -> None:
    exemplars = [Exemplar("Sikhs are all fanatics.", "sikh", "biased", "stereotype")]
    reference = ["Sikhism was founded in the Punjab region by Guru Nanak.", "Atheism rejects belief in gods."]
    rows = build_rows(taxonomy, exemplars, [], {}, seed=1, encyclopaedic=reference)
    ref = [r for r in rows if r.kind == "encyclopaedic"]
    assert [r.text for r in ref] == reference
    assert all(r.label == 0 and r.exemplar is None for r in ref)
    assert len({r.source for r in ref}) == 2  # each its own fold unit
