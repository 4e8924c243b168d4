"""Features the embedding head sees: the neutralised embedding, exemplar margins, lexicon cues.

Shared by training (detectors/training.py) and detection (detectors/embedding.py) so both compute
exactly the same columns in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from detectors.base import Embeddings, Finding
from detectors.exemplars import Exemplar
from detectors.harm import HarmLexiconDetector
from detectors.normalise import Normalised
from detectors.taxonomy import Mention

# Appended after the embedding columns; the artefact records these names and refuses a mismatch.
EXTRA_FEATURES = (
    "margin_all",
    "margin_group",
    "harm_slur",
    "harm_dehumanisation",
    "harm_generalisation",
)
_HARM_COLUMNS = {"slur": 0, "dehumanisation": 1, "generalisation": 2}

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]


@dataclass(frozen=True, slots=True)
class Nearest:
    biased: Ints  # index into ExemplarIndex.biased, per row
    benign: Ints
    biased_similarity: Floats
    benign_similarity: Floats


class ExemplarIndex:
    """Embedded exemplars split by label, with the group of each, for margin features."""

    def __init__(self, exemplars: Sequence[Exemplar], matrix: Embeddings, top_k: int) -> None:
        self.biased = [e for e in exemplars if e.label == "biased"]
        self.benign = [e for e in exemplars if e.label == "benign"]
        b_idx = [i for i, e in enumerate(exemplars) if e.label == "biased"]
        n_idx = [i for i, e in enumerate(exemplars) if e.label == "benign"]
        self._b = np.ascontiguousarray(matrix[b_idx].T)
        self._n = np.ascontiguousarray(matrix[n_idx].T)
        self._b_groups = np.array([e.group for e in self.biased])
        self._n_groups = np.array([e.group for e in self.benign])
        self.top_k = top_k

    def margins(
        self,
        embeddings: Embeddings,
        groups: Sequence[frozenset[str]],
        exclude: Sequence[str | None] | None = None,
    ) -> tuple[Floats, Floats, Nearest]:
        """Top-k mean similarity to biased minus benign exemplars, over all and over the row's groups.

        `exclude` (training only) names an exemplar text per row to leave out, so an exemplar's own
        margin is not computed against itself.
        """
        sb = (embeddings @ self._b).astype(np.float64)
        sn = (embeddings @ self._n).astype(np.float64)
        if exclude is not None:
            b_text = np.array([e.text for e in self.biased])
            n_text = np.array([e.text for e in self.benign])
            for i, text in enumerate(exclude):
                if text is not None:
                    sb[i, b_text == text] = -np.inf
                    sn[i, n_text == text] = -np.inf
        margin_all = _top_mean(sb, self.top_k) - _top_mean(sn, self.top_k)
        # Same-group margin: nearest harmful minus nearest neutral exemplar about the groups named;
        # falls back to the overall margin when the exemplars say nothing about those groups.
        margin_group = margin_all.copy()
        # Rows naming the same groups share their exemplar masks (a batch names few distinct sets).
        masks: dict[frozenset[str], tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]] = {}
        for i, gs in enumerate(groups):
            if not gs:
                continue
            pair = masks.get(gs)
            if pair is None:
                pair = masks[gs] = (np.isin(self._b_groups, list(gs)), np.isin(self._n_groups, list(gs)))
            bm, nm = pair
            if bm.any() and nm.any():
                bmax, nmax = sb[i, bm].max(), sn[i, nm].max()
                if np.isfinite(bmax) and np.isfinite(nmax):
                    margin_group[i] = bmax - nmax
        nb = sb.argmax(axis=1)
        nn = sn.argmax(axis=1)
        rows = np.arange(len(embeddings))
        return margin_all, margin_group, Nearest(nb, nn, sb[rows, nb], sn[rows, nn])


def _top_mean(sims: Floats, k: int) -> Floats:
    k = min(k, sims.shape[1])
    top = np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:]
    top = np.where(np.isfinite(top), top, np.nan)
    out: Floats = np.nan_to_num(np.nanmean(top, axis=1), nan=0.0)
    return out


def harm_findings(
    harm: HarmLexiconDetector, texts: Sequence[str | Normalised], mentions: Sequence[list[Mention]]
) -> list[list[Finding]]:
    """Per row, the harm lexicon's findings (the cues below read them; so does the protective stance)."""
    return [harm.score_text(str(i), text, ms) for i, (text, ms) in enumerate(zip(texts, mentions, strict=True))]


def lexicon_cues(findings: Sequence[Sequence[Finding]]) -> Floats:
    """Per row, the harm lexicon's strongest score per category (generalisation cues, slurs...)."""
    out = np.zeros((len(findings), len(_HARM_COLUMNS)), dtype=np.float64)
    for i, row in enumerate(findings):
        for f in row:
            col = _HARM_COLUMNS.get(f.category)
            if col is not None:
                out[i, col] = max(out[i, col], f.score)
    return out


def features(
    index: ExemplarIndex,
    harm: HarmLexiconDetector,
    embeddings: Embeddings,
    texts: Sequence[str | Normalised],
    mentions: Sequence[list[Mention]],
    groups: Sequence[frozenset[str]],
    exclude: Sequence[str | None] | None = None,
    findings: Sequence[Sequence[Finding]] | None = None,
) -> tuple[Floats, Nearest]:
    """The head's input matrix (embedding columns, then EXTRA_FEATURES) and the nearest exemplars.

    `findings` are the harm lexicon's on these rows when the caller has them already."""
    margin_all, margin_group, nearest = index.margins(embeddings, groups, exclude)
    cues = lexicon_cues(findings if findings is not None else harm_findings(harm, texts, mentions))
    x = np.hstack([embeddings.astype(np.float64), margin_all[:, None], margin_group[:, None], cues])
    return x, nearest
