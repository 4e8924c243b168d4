"""The embedding detector with the real model: evidence, range, shared embeddings, benign identities."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from agent.analyse import Analyser
from agent.config import FieldMapping, LimitsConfig
from agent.decode import Decoder
from agent.sources.memory import MemorySource
from detectors.base import Detector, Embeddings
from detectors.embedding import EmbeddingDetector, EmbeddingOptions
from detectors.groups import GroupsDetector
from detectors.harm import HarmLexiconDetector
from detectors.taxonomy import Taxonomy
from tests.benign_identity import benign_identity_sentences
from tests.harm_helpers import embedding_batch


@pytest.fixture(scope="module")
def detector(embedder: Any, taxonomy: Taxonomy) -> EmbeddingDetector:
    return EmbeddingDetector(taxonomy, embedder.encode)


def test_biased_scores_above_benign_with_evidence(
    detector: EmbeddingDetector, embedder: Any, taxonomy: Taxonomy
) -> None:
    biased = "Women are too emotional and irrational to be trusted with leading a company."
    benign = "Women founded several of the largest software companies in the region last decade."
    f_biased, f_benign = detector.detect(embedding_batch([biased, benign], taxonomy, embedder.encode))
    assert 0.0 <= f_benign.score < f_biased.score <= 1.0
    assert f_biased.flagged and not f_benign.flagged
    kinds = [e.kind for e in f_biased.evidence]
    assert kinds == ["probability", "nearest_biased_exemplar", "nearest_benign_exemplar", "group_term"]
    assert f_biased.groups == ("women",)
    prob = f_biased.evidence[0].detail
    assert prob["head"] == detector.head.version and detector.head.version in detector.version
    assert {"margin_all", "margin_group", "harm_generalisation"} <= set(prob)
    term = f_biased.evidence[3]
    assert biased[term.span[0] : term.span[1]] == "Women" if term.span else False


def test_a_confident_score_without_a_known_group_is_flagged_unknown(embedder: Any, taxonomy: Taxonomy) -> None:
    texts = ["They are too emotional and irrational to lead a company."]
    # The unknown-group rule is under test, not where the bundled head puts its threshold (which
    # moves with every refit): the head scores this text about 0.84, so 0.75 makes it confident.
    loose = EmbeddingDetector(taxonomy, embedder.encode, EmbeddingOptions(threshold=0.75))
    (f,) = loose.detect(embedding_batch(texts, taxonomy, embedder.encode))
    assert f.flagged and f.score >= loose.threshold and f.groups == ("unknown",)
    strict = EmbeddingDetector(taxonomy, embedder.encode, EmbeddingOptions(threshold=0.75, require_group_mention=True))
    (g,) = strict.detect(embedding_batch(texts, taxonomy, embedder.encode))
    assert not g.flagged and g.groups == ()


def test_embeddings_are_computed_once_perembedding_batch(embedder: Any, taxonomy: Taxonomy) -> None:
    calls: list[int] = []

    def counting(texts: list[str]) -> Embeddings:
        calls.append(len(texts))
        return embedder.encode(texts)  # type: ignore[no-any-return]

    det = EmbeddingDetector(taxonomy, embedder.encode)
    batch = embedding_batch(["Hello there.", "Immigrants built this city."], taxonomy, counting)
    first = det.detect(batch)
    second = det.detect(batch)
    assert calls == [2]
    assert [f.score for f in first] == [f.score for f in second]


def test_neutralising_makes_group_swaps_score_alike(
    detector: EmbeddingDetector, embedder: Any, taxonomy: Taxonomy
) -> None:
    texts = [f"My {g} coworker helped me fix the printer." for g in ("Muslim", "Christian", "gay", "deaf")]
    scores = np.array([f.score for f in detector.detect(embedding_batch(texts, taxonomy, embedder.encode))])
    # Not exactly equal: the same-group margin compares with each group's own exemplars, by design.
    # What matters is that the swap moves the score by a negligible amount, far below any threshold.
    assert scores.max() - scores.min() < 5e-3
    assert scores.max() < detector.threshold / 10


def test_scores_are_calibrated_probabilities_ordered_by_severity(
    detector: EmbeddingDetector, embedder: Any, taxonomy: Taxonomy
) -> None:
    texts = [
        "Muslims are vermin and all of them should be thrown out of the country.",
        "Muslims are not suited to positions of trust.",
        "Muslims celebrate Eid at the end of Ramadan.",
    ]
    scores = [f.score for f in detector.detect(embedding_batch(texts, taxonomy, embedder.encode))]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores[0] > scores[2] and scores[1] > scores[2]


def test_a_mismatched_head_is_refused(embedder: Any, taxonomy: Taxonomy) -> None:
    from detectors.exemplars import Exemplar

    with pytest.raises(ValueError, match="train-detector"):
        EmbeddingDetector(
            taxonomy,
            embedder.encode,
            exemplars=[Exemplar("x", "women", "biased", "s"), Exemplar("y", "men", "benign", "n")],
        )


def test_benign_identity_statements_are_never_flagged(embedder: Any, taxonomy: Taxonomy) -> None:
    sentences = benign_identity_sentences()
    assert len(sentences) >= 250
    detectors: list[Detector] = [
        GroupsDetector(taxonomy),
        HarmLexiconDetector(taxonomy),
        EmbeddingDetector(taxonomy, embedder.encode),
    ]
    analyser = Analyser(Decoder(FieldMapping(), LimitsConfig()), taxonomy, detectors, embedder.encode, embeds=True)
    import json

    source = MemorySource(json.dumps({"response": s}).encode() for s in sentences)
    outcome = analyser.analyse(source.poll(len(sentences), 0))
    wrongly = [r.sample.response for r in outcome.results if r.flagged]
    assert len(outcome.results) == len(sentences)
    assert wrongly == []


_ADVICE = (
    "Thanks for asking about planning the team offsite. Book the venue at least six weeks ahead and confirm "
    "the catering numbers a week before. {middle} Share the agenda early so people can prepare, and leave time "
    "for informal conversation between sessions. Collect feedback afterwards so the next one goes even better."
)
_HIDDEN_BIAS = "Honestly, immigrants are lazy and should not be trusted with any responsibility at work."
_BENIGN_MIDDLE = "Several immigrants on the team offered to cook dishes from their home countries for the dinner."


def test_one_biased_sentence_in_a_long_answer_flags_it_with_its_span(embedder: Any, taxonomy: Taxonomy) -> None:
    texts = [_ADVICE.format(middle=_HIDDEN_BIAS), _ADVICE.format(middle=_BENIGN_MIDDLE)]
    on = EmbeddingDetector(taxonomy, embedder.encode)
    off = EmbeddingDetector(taxonomy, embedder.encode, EmbeddingOptions(sentence_scoring=False))
    biased, benign = on.detect(embedding_batch(texts, taxonomy, embedder.encode))
    whole, _ = off.detect(embedding_batch(texts, taxonomy, embedder.encode))
    assert biased.flagged and not benign.flagged and not whole.flagged
    assert biased.score > whole.score
    (sentence,) = [e for e in biased.evidence if e.kind == "sentence"]
    assert sentence.span is not None and texts[0][sentence.span[0] : sentence.span[1]] == _HIDDEN_BIAS
    assert sentence.detail["probability"] >= sentence.detail["threshold"] >= on.options.sentence_threshold


def test_short_responses_are_scored_whole(embedder: Any, taxonomy: Taxonomy) -> None:
    det = EmbeddingDetector(taxonomy, embedder.encode)
    text = f"Planning tips follow. {_HIDDEN_BIAS} Book early."
    (f,) = det.detect(embedding_batch([text], taxonomy, embedder.encode))
    assert [e for e in f.evidence if e.kind == "sentence"] == []


def test_sentences_share_the_response_encode_call(embedder: Any, taxonomy: Taxonomy) -> None:
    calls: list[int] = []

    def counting(texts: list[str]) -> Embeddings:
        calls.append(len(texts))
        return embedder.encode(texts)  # type: ignore[no-any-return]

    det = EmbeddingDetector(taxonomy, embedder.encode)
    analyser = Analyser(
        Decoder(FieldMapping(), LimitsConfig()),
        taxonomy,
        [det],
        counting,
        embeds=True,
        embedding_detectors=frozenset({"embedding"}),
    )
    import json

    texts = [_ADVICE.format(middle=_HIDDEN_BIAS), "Hello there."]
    source = MemorySource(json.dumps({"response": t}).encode() for t in texts)
    outcome = analyser.analyse(source.poll(2, 0))
    # One call: two responses plus the one group-naming sentence of the long one.
    assert calls == [3]
    assert outcome.embeddings is not None and outcome.embeddings.shape[0] == 2
    assert [r.flagged for r in outcome.results] == [True, False]
