"""The head artefact: strict loading, calibrated probabilities in [0, 1], monotone, canonical bytes."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from detectors import head as head_io
from detectors.features import EXTRA_FEATURES


def _data(dim: int = 3, a: float = 2.0) -> dict[str, Any]:
    n = dim + len(EXTRA_FEATURES)
    return {
        "format": head_io.FORMAT,
        "format_version": head_io.FORMAT_VERSION,
        "dimension": dim,
        "features": list(EXTRA_FEATURES),
        "scaler": {"mean": [0.0] * n, "scale": [1.0] * n},
        "coef": [0.5] * n,
        "intercept": -1.0,
        "calibration": {"method": "platt", "a": a, "b": 0.25},
        "thresholds": {"gender": 0.7},
    }


def test_probabilities_are_in_range_and_monotone_in_the_decision() -> None:
    head = head_io.from_bytes(head_io.dump(_data()))
    rng = np.random.default_rng(0)
    x = rng.normal(scale=30.0, size=(500, head.coef.shape[0]))
    p = head.probability(x)
    assert np.all((p >= 0.0) & (p <= 1.0))
    order = np.argsort(head.decision(x))
    assert np.all(np.diff(p[order]) >= 0.0)
    assert p.min() < 0.01 and p.max() > 0.99  # the range is used, not squashed


def test_dump_is_canonical_and_the_digest_names_the_bytes() -> None:
    a = head_io.dump(_data())
    b = head_io.dump(json.loads(a))
    assert a == b
    assert head_io.from_bytes(a).digest != head_io.from_bytes(head_io.dump(_data(a=3.0))).digest


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="pickle"), "not a biaswatch embedding head"),
        (lambda d: d.update(format_version=99), "head format 99"),
        (lambda d: d.update(coef=[1.0]), "lengths do not match"),
        (lambda d: d["calibration"].update(a=-1.0), "must be positive"),
        (lambda d: d.pop("intercept"), "missing or has a bad field"),
    ],
)
def test_bad_artefacts_are_refused_with_a_clear_message(mutate: Any, message: str) -> None:
    d = _data()
    mutate(d)
    with pytest.raises(ValueError, match=message):
        head_io.from_bytes(head_io.dump(d), "h.json")


def test_not_json_is_refused() -> None:
    with pytest.raises(ValueError, match="not a JSON embedding head"):
        head_io.from_bytes(b"\x80\x04garbage", "h.json")


def test_wrong_feature_width_names_the_fix() -> None:
    head = head_io.from_bytes(head_io.dump(_data()))
    with pytest.raises(ValueError, match="train-detector"):
        head.probability(np.zeros((1, 99)))


def test_bundled_head_is_small_and_describes_itself() -> None:
    head = head_io.load()
    assert head.dimension == 384 and head.features == EXTRA_FEATURES
    assert set(head.thresholds) >= {"gender", "religion", "sexual_orientation", "race_ethnicity"}
    assert all(0.5 <= t <= 0.95 for t in head.thresholds.values())
    assert head.data["training"]["out_of_fold_roc_auc"] > 0.9
