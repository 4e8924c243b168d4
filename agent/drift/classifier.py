"""Classifier two-sample test on embeddings: can a model tell the window from the reference?

Opt-in (`drift.tests: [..., classifier]`): it fits five logistic regressions per evaluation and
needs scikit-learn (the `embeddings` extra), which the other tests do not.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from agent.drift.stats import TestResult, mann_whitney_greater, roc_auc

FOLDS = 5


def classifier_test(
    window: NDArray[np.float32], reference: NDArray[np.float32], seed: int = 0
) -> tuple[TestResult, dict[str, Any]]:
    """Out-of-fold AUC of window-vs-reference, with a p-value that is valid, not approximate.

    Folds are stratified, so each holds a fixed number of window and reference points. In fold j
    the classifier was fitted on the other folds only; under "no drift" the labels inside fold j
    are then a uniformly random assignment given everything the classifier saw, so a one-sided
    Mann–Whitney test of its held-out scores is exact for that fold. The folds share training data
    and are dependent, so the five p-values are combined by Bonferroni (valid under any
    dependence). The statistic reported is the pooled out-of-fold AUC.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    x = np.concatenate([window, reference]).astype(np.float32)
    y = np.concatenate([np.ones(len(window), np.int8), np.zeros(len(reference), np.int8)])
    if min(len(window), len(reference)) < FOLDS * 2:
        raise ValueError(f"the classifier test needs at least {FOLDS * 2} samples on each side")
    out = np.zeros(len(x))
    fold_p = []
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(x, y):
        # class_weight balances 500 vs 1,000 so the AUC is not pulled by the prior.
        model = LogisticRegression(C=1.0, max_iter=200, class_weight="balanced")
        model.fit(x[train], y[train])
        out[test] = model.decision_function(x[test])
        held = out[test]
        fold_p.append(mann_whitney_greater(held[y[test] == 1], held[y[test] == 0]).p_value)
    auc = roc_auc(y, out)
    assert auc is not None  # both classes are present by construction
    p = min(1.0, min(fold_p) * FOLDS)
    return TestResult(auc, p), {"fold_p_values": [round(v, 6) for v in fold_p]}
