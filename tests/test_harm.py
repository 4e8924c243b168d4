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
    "dehumanising": ["subhuman"],
    "dehumanising_predicates": ["vermin", "parasites", "animals"],
    "dehumanising_verbs": ["infest"],
    "threats": ["should be killed"],
    "exclusion_phrases": ["should be deported", "ban all"],
    "negative_attributes": ["lazy", "stupid", "criminals", "filthy"],
    "capability_denials": ["can't"],
    "definitional_verbs": ["hear"],
    "quantifiers": ["all", "most", "so many", "the majority of"],
    "generalising_predicates": ["are", "are all", "can't"],
    "benign_predicates": ["equal"],
    "counter_cues": ["myth", "victims", "it is wrong to say", "treated like"],
    "title_cues": ["film", "novel"],
    "mention_cues": ["the word"],
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
    assert flagged(detector, "Immigrants are subhuman.") == {"dehumanisation"}
    assert flagged(detector, "We found vermin in the barn. Immigrants arrived later.") == set()


def test_predicate_dehumanisation_must_be_said_of_the_group(detector: HarmLexiconDetector) -> None:
    assert flagged(detector, "Immigrants are nothing but animals.") == {"dehumanisation"}
    assert flagged(detector, "Vermin like the immigrants.") == {"dehumanisation"}
    assert flagged(detector, "Immigrants infest the city.") == {"dehumanisation"}
    # The same words not predicated of the group: nothing.
    assert flagged(detector, "A woman who loves animals feeds them.") == set()
    assert flagged(detector, "The women kept the vermin out of the barn, but the farm suffered.") == set()


def test_capitalisation_does_not_change_the_verdict(detector: HarmLexiconDetector) -> None:
    assert flagged(detector, "Immigrants are Vermin") == {"dehumanisation"}
    assert flagged(detector, "IMMIGRANTS ARE VERMIN!") == {"dehumanisation"}
    assert flagged(detector, "All Women Are Lazy") == {"generalisation"}


def test_threat_and_exclusion_are_anchored_on_a_group(detector: HarmLexiconDetector) -> None:
    assert "threat" in flagged(detector, "Immigrants should be killed.")
    assert "exclusion" in flagged(detector, "Women should be deported.")
    assert "exclusion" in flagged(detector, "Ban all immigrants now.")
    assert flagged(detector, "The virus should be killed. Ban all cookies.") == set()


def test_derogation_is_an_insult_on_the_group_term(detector: HarmLexiconDetector) -> None:
    assert flagged(detector, "Filthy immigrants everywhere.") == {"derogation"}
    assert flagged(detector, "The filthy kitchen was cleaned by a woman.") == set()


def test_capability_denial_is_negative_unless_definitional(detector: HarmLexiconDetector) -> None:
    assert flagged(detector, "Women can't drive.") == {"generalisation"}
    (f,) = run(detector, "Women can't hear that frequency.")
    assert not f.flagged and f.score == pytest.approx(0.35)


def test_negated_attribute_is_not_negative(detector: HarmLexiconDetector) -> None:
    (f,) = run(detector, "Most women are not lazy.")
    assert not f.flagged and f.score == pytest.approx(0.35)


def test_title_and_fiction_frame_damps(detector: HarmLexiconDetector) -> None:
    findings = run(detector, "In the film, the villain shouts that all immigrants are vermin.")
    assert findings and not any(f.flagged for f in findings)
    assert all(e.detail["title_or_fiction"] for f in findings for e in f.evidence)


def test_slurs_in_quotes_names_or_talked_about_are_damped(detector: HarmLexiconDetector) -> None:
    assert flagged(detector, "They called them zorbs.") == {"slur"}
    assert flagged(detector, 'He wrote "zorbs" on the wall.') == set()
    assert flagged(detector, "The Springfield Zorbs won the game.") == set()
    assert flagged(detector, "She explained why the word zorbs hurts.") == set()
    assert flagged(detector, "Zorbs everywhere, said nobody.") == {"slur"}


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
    assert flagged(detector, "It is wrong to say that immigrants should be killed.") == set()
    assert flagged(detector, "Immigrants were treated like animals.") == set()
    assert flagged(detector, "All women are equal, never lazy.") == set()


def test_scores_are_in_range_and_findings_carry_evidence(detector: HarmLexiconDetector) -> None:
    for f in run(detector, "All women are lazy. Immigrants are vermin. zorbs!"):
        assert 0.0 <= f.score <= 1.0
        assert f.evidence


@pytest.fixture(scope="module")
def shipped() -> HarmLexiconDetector:
    return HarmLexiconDetector(Taxonomy.default())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Honestly, all immigrants are lazy criminals.", {"generalisation"}),
        ("Blind people can't drive.", {"generalisation"}),
        ("Black people are criminals.", {"generalisation"}),
        ("Immigrants are Vermin.", {"dehumanisation"}),
        ("All Muslims should be killed.", {"threat"}),
        ("Muslims should be deported.", {"exclusion"}),
        ("My Muslim neighbour helped me move.", set()),
        ("I am a gay man and my husband is a blind marathon runner.", set()),
        ("Most Canadians are bilingual.", set()),
        ("Not all immigrants are criminals.", set()),
        ("It is wrong to say that women are bad at math.", set()),
        ("Muslims were treated like animals in the camps.", set()),
        ("All cats are lazy.", set()),
        ("The Democratic senator visited the mosque and the synagogue.", set()),
        # one person someone has is no group (the twenty-seventh round's blind set); the plural is
        ("my dad can't drive lol", set()),
        ("My wife can't cook, bless her.", set()),
        ("My Muslim neighbours can't be trusted.", {"generalisation"}),
        # quoted words called a joke or a cliché are named, not said
        ("The 'dirty French' joke is old rivalry, not data.", set()),
        ("That 'lazy Mexican' caricature is tired.", set()),
        # what is described after "of" is the noun before it, unless that counts the group's people
        ("The living conditions of many refugees are filthy and dangerous.", set()),
        ("Age assessments of young asylum seekers are notoriously unreliable.", set()),
        ("A large portion of immigrants are criminals.", {"generalisation"}),
        ("Members of the Roma community are thieves.", {"generalisation"}),
    ],
)
def test_shipped_lexicons(shipped: HarmLexiconDetector, text: str, expected: set[str]) -> None:
    assert flagged(shipped, text) >= expected
    if not expected:
        assert flagged(shipped, text) == set()


def test_neutral_generalisation_is_evidence_only_with_the_shipped_lexicon(shipped: HarmLexiconDetector) -> None:
    (f,) = run(shipped, "Most Canadians are bilingual.")
    assert f.category == "generalisation" and f.groups == ("canadian",) and f.score < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "Women like dogs.",
        "Women are dog lovers.",
        "Immigrants all love animals.",
        "Refugees are animal rights activists.",
    ],
)
def test_animal_words_that_are_not_said_of_the_group(shipped: HarmLexiconDetector, text: str) -> None:
    assert "dehumanisation" not in {f.category for f in run(shipped, text)}
    assert flagged(shipped, text) == set()


@pytest.mark.parametrize(
    ("text", "negative"),
    [
        # conduct or a quality denied by comparison: the writer says the group is like everyone else
        ("Refugees are no more likely to commit crimes than anyone else.", False),
        ("Sikhs are not any more prone to violence than their neighbours.", False),
        ("Roma are no likelier to steal than other people.", False),
        ("Migrants are no more likely to be criminals than citizens.", False),
        # a favourable comparison denies it too, with a verb that only carries the attribute
        ("Refugees are less likely to commit crimes than people born here.", False),
        ("Sikhs are far less likely to be violent than their neighbours.", False),
        ("Roma are less likely to become thieves than other people.", False),
        ("Migrants are statistically less likely to commit violent crime.", False),
        # the same comparisons asserted
        ("Refugees are more likely to commit crimes than anyone else.", True),
        ("Roma are likely to steal from you.", True),
        ("No doubt migrants are more likely to be criminals.", True),
        # "less" itself negated or taken back: the attribute is asserted
        ("Refugees are no less likely to be thieves.", True),
        ("Sikhs are more, not less, likely to be violent.", True),
        # a negation further back is not about "less"
        ("No, refugees are less likely to commit crimes.", False),
        ("Migrants are not less likely to commit crimes.", True),
    ],
)
def test_a_comparison_that_denies_conduct_is_not_negative(
    shipped: HarmLexiconDetector, text: str, negative: bool
) -> None:
    assert ("generalisation" in flagged(shipped, text)) is negative, text


def test_what_a_comparison_denied_is_named_in_the_evidence(shipped: HarmLexiconDetector) -> None:
    text = "Refugees are less likely to commit crimes than people born here."
    (e,) = [e for f in run(shipped, text) if f.category == "generalisation" for e in f.evidence]
    assert e.detail["attributes"] == [] and e.detail["compared_away"] == ["commit crimes"]
    assert e.text == "Refugees are less likely to commit crimes"
    asserted = "Refugees are more likely to commit crimes than people born here."
    (e,) = [e for f in run(shipped, asserted) if f.category == "generalisation" for e in f.evidence]
    assert "compared_away" not in e.detail and e.detail["attributes"] == ["commit crimes"]
    # "less likely to" with a verb of its own says something else of the group: nothing is denied.
    other = "Sikhs are less likely to condemn terrorists than their neighbours."
    (e,) = [e for f in run(shipped, other) if f.category == "generalisation" for e in f.evidence]
    assert "compared_away" not in e.detail and e.detail["attributes"] == ["terrorists"]
