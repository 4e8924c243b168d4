"""Harm tripwires: slurs, dehumanising terms and generalisations anchored on a group mention."""

from __future__ import annotations

from typing import Any

import pytest

from detectors.base import Batch, Finding, TextSample
from detectors.harm import HarmLexiconDetector
from detectors.taxonomy import Taxonomy

TAXONOMY: dict[str, Any] = {
    "person_nouns": ["people"],
    "axes": {
        "gender": {"groups": {"women": {"terms": ["woman", "women"]}}},
        "immigration_status": {"groups": {"immigrants": {"terms": ["immigrant"]}}},
    },
}
HARM: dict[str, Any] = {
    "slurs": [{"term": "zorbs", "group": "immigrants"}],  # a made-up stand-in for a real slur
    "dehumanising": ["vermin", "parasites"],
    "negative_attributes": ["lazy", "stupid", "criminals"],
    "quantifiers": ["all", "most", "so many", "the majority of"],
    "generalising_predicates": ["are", "are all", "can't"],
    "exclusions": ["equal"],
    "counter_cues": ["myth", "victims"],
}


@pytest.fixture
def detector() -> HarmLexiconDetector:
    tax = Taxonomy(TAXONOMY)
    return HarmLexiconDetector(tax, data=HARM)


def run(det: HarmLexiconDetector, text: str) -> list[Finding]:
    batch = Batch([TextSample("0", "", text)], mention_fn=det.taxonomy.match)
    return det.detect(batch)


def flagged(det: HarmLexiconDetector, text: str) -> set[str]:
    return {f.category for f in run(det, text) if f.flagged}


def test_slur_fires_with_its_span(detector: HarmLexiconDetector) -> None:
    text = "They called them zorbs."
    (f,) = run(detector, text)
    assert f.flagged and f.category == "slur" and f.groups == ("immigrants",)
    start = text.index("zorbs")
    assert f.evidence[0].span == (start, start + 5)


def test_dehumanising_term_needs_a_group_in_the_sentence(detector: HarmLexiconDetector) -> None:
    assert flagged(detector, "Immigrants are vermin.") == {"dehumanisation"}
    assert flagged(detector, "We found vermin in the barn. Immigrants arrived later.") == set()


def test_generalisation_with_a_negative_attribute_flags(detector: HarmLexiconDetector) -> None:
    assert flagged(detector, "All women are lazy.") == {"generalisation"}
    assert flagged(detector, "So many immigrants are criminals.") == {"generalisation"}
    assert flagged(detector, "The majority of women are stupid") == {"generalisation"}


def test_generalisation_about_a_non_group_does_not_fire(detector: HarmLexiconDetector) -> None:
    assert run(detector, "All cats are lazy.") == []


def test_generalisation_without_negative_attribute_is_evidence_only(detector: HarmLexiconDetector) -> None:
    findings = run(detector, "All women are welcome to apply.")
    assert [f.category for f in findings] == ["generalisation"]
    assert not findings[0].flagged and 0 < findings[0].score < 0.5


def test_countered_claims_are_scored_down(detector: HarmLexiconDetector) -> None:
    assert flagged(detector, "The myth that all women are lazy is wrong.") == set()
    assert flagged(detector, "Immigrants are victims of parasites, not parasites.") == set()


def test_scores_are_in_range_and_findings_carry_evidence(detector: HarmLexiconDetector) -> None:
    for f in run(detector, "All women are lazy. Immigrants are vermin. zorbs!"):
        assert 0.0 <= f.score <= 1.0
        assert f.evidence


def test_shipped_lexicons_load_and_fire() -> None:
    det = HarmLexiconDetector(Taxonomy.default())
    assert flagged(det, "Honestly, all immigrants are lazy criminals.") == {"generalisation"}
    assert flagged(det, "My Muslim neighbour helped me move.") == set()
