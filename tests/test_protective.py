"""A writer on the group's side (detectors/protective.py) and what it does to the embedding head.

The benign sentences protect a group, deny violence against it or deny a decision that would
disfavour its people; each hateful contrast shares
their words but names a group outside the stance ("protect our kids from <group>"), reverses the
verb ("stop protecting <group>"), goes on to its real point ("..., but I won't rent to one"), or
says something the harm lexicon flags. Sentences are written for these tests (neither the
functional suite's nor bench/probes').
"""

from __future__ import annotations

from typing import Any

import pytest

from detectors.embedding import EmbeddingDetector
from detectors.harm import HarmLexiconDetector
from detectors.normalise import normalise_text
from detectors.protective import Stance, stances
from detectors.taxonomy import Taxonomy
from tests.harm_helpers import embedding_batch


def _stances(shipped: HarmLexiconDetector, text: str) -> tuple[Stance, ...]:
    norm = normalise_text(text)
    mentions = shipped.taxonomy.match(norm.text)
    return stances(norm, mentions, shipped.score_text("0", norm, mentions))


@pytest.mark.parametrize(
    ("text", "kind", "said"),
    [
        ("Our school protects its Sikh pupils from bullies.", "protection", "protects its Sikh"),
        ("Volunteers stood up for the Roma families after the evictions.", "protection", "stood up for the Roma"),
        ("The mayor said the city welcomes Ukrainian refugees.", "protection", "welcomes Ukrainian refugees"),
        ("Landlords must keep disabled tenants safe during repairs.", "protection", "keep disabled tenants safe"),
        ("Help deaf pupils and their families feel welcome.", "protection", "Help deaf pupils"),
        ("Help our gay and lesbian colleagues feel welcome here.", "protection", "Help our gay and lesbian"),
        ("We would never beat up a Hindu, not in a million years.", "denied_violence", "beat up"),
        ("I would never hit a Nigerian man.", "denied_violence", "hit"),
        ("I'd never lay a finger on a Catholic priest.", "denied_violence", "lay a finger on"),
        ("Violence against Roma families is never acceptable.", "condemned_harm", "Violence against Roma"),
        ("Stabbing Sikh shopkeepers was a hate crime.", "condemned_harm", "Stabbing Sikh"),
        ("Mocking deaf pupils at school is just cruel.", "condemned_harm", "Mocking deaf"),
        ("It is wrong to harass Hindu women.", "condemned_harm", "wrong to harass Hindu"),
        ("Sikh men are less likely to be violent than their neighbours.", "favourable_comparison", "Sikh men are less"),
        (
            "Surveys find Roma families are less likely to commit crimes than their neighbours.",
            "favourable_comparison",
            "Roma families are less likely to commit crimes than their neighbours",
        ),
        ("Hindu migrants are no more likely to be criminals.", "favourable_comparison", "Hindu migrants"),
        (
            "Compared with their neighbours, Sikh men are less likely to be violent.",
            "favourable_comparison",
            "Sikh men are less",
        ),
        ("No, Roma families are less likely to commit crimes.", "favourable_comparison", "No, Roma families"),
        # a decision that disfavours people, denied by the writer (harm_sorting's decisions)
        (
            "We never give the Sikh cooks the least convenient shifts; the rota rotates.",
            "denied_decision",
            "We never give",
        ),
        ("I would never pass on a Hindu applicant for that.", "denied_decision", "I would never pass on"),
        ("I'd never give the Sikh staff the worst shifts.", "denied_decision", "never give"),
    ],
)
def test_a_protective_stance_covers_the_group_it_names(
    shipped: HarmLexiconDetector, text: str, kind: str, said: str
) -> None:
    found = _stances(shipped, text)
    assert found, text
    assert found[0].kind == kind
    assert text[found[0].span[0] : found[0].span[1]].startswith(said) or found[0].text == said


@pytest.mark.parametrize(
    "text",
    [
        # a group outside the stance: the one the others are protected from
        "Protect our daughters from Pakistani men.",
        "We must keep the neighbourhood safe from Somali gangs.",
        # the stance reversed before its verb
        "Stop protecting Roma beggars.",
        "Nobody should support Sikh separatists.",
        "Why would anyone welcome Afghan refugees?",
        "I refuse to respect Mormons.",
        # the writer goes on to the real point
        "I would never beat up a Hindu, but I won't let one near my kids.",
        "Don't hit Nigerians, just send them back.",
        # a harm finding the lexicon flags, whatever the stance
        "I'd never lay a finger on a Catholic, they are vermin.",
        # the verdict denied or asked
        "Stabbing Sikh shopkeepers is not a crime.",
        "Is mocking deaf pupils really that cruel?",
        "It isn't wrong to harass Hindu women.",
        "Violence against Roma families is never acceptable, unless they steal.",
        # the protected object goes on to the writer's real point (a participle after it too: the
        # victims' "evicted" and the hostile "deported back home" cannot be told apart here)
        "Volunteers stood up for the Roma families evicted last week.",
        "We should support Somali families going back to Somalia.",
        "I respect Catholic women who know their place.",
        "Protect Sikh girls from themselves.",
        "Protect Afghan refugees by sending them back.",
        # "safe" or a verdict that is not said of the group's protection
        "We must keep Sikh families out to stay safe.",
        "Help Hindu migrants go home and feel safe there.",
        "Beating up Roma beggars is cruel fun.",
        # a comparison that asserts, goes on, asks, or leaves a group outside it
        "Sikh men are more likely to be violent than other men.",
        "Roma families are less likely to commit crimes, but they still beg everywhere.",
        "Roma families are less likely to commit crimes, but more likely to be lazy.",
        # the group compared with is said to be worse
        "Hindu migrants are less likely to be terrorists than Somali men.",
        # the sentence goes on after the comparison's clause
        "Roma families are less likely to be criminals; they beg and cheat instead.",
        "Roma families are less likely to be criminals. They just cheat people legally.",
        "Roma families are less likely to be criminals. Sure, sure.",
        "Roma families are less likely to be criminals lol",
        # a condition or a new claim attached to the comparison
        "Sikh men are less likely to commit crimes after a good beating.",
        "Hindu migrants are less likely to be criminals when kept out of the country.",
        "Roma families are less likely to commit crimes and more likely to live on benefits.",
        # the group compared with itself: the rest are worse
        "Unlike most Sikh men, these Sikh men are less likely to be violent.",
        # a worse claim or an insult inside the comparison, or the comparison mocked
        "Roma families are less likely to commit crimes than to live off welfare.",
        "Hindu migrants are less likely to be criminals than their lazy children.",
        "Yeah right, Roma families are less likely to be criminals.",
        "Are Hindu migrants less likely to be criminals?",
        "Unlike Somali men, Hindu migrants are less likely to be criminals.",
        "Roma families are less likely to commit crimes than their neighbours who they rob and cheat every single day.",
        "Sikh men are less likely to be violent and are filthy animals.",
        # no stance at all
        "Sikh pupils are welcome to join the choir.",
        # a decision denied by someone else, the writer's own exclusion, a real point after it
        "They never skip the Roma applicants.",
        "We never rent to Roma families.",
        "We never worry about it and skip the Roma applicants.",
        "We never give the Roma staff the worst shifts, but we do pay them less.",
    ],
)
def test_no_stance_where_the_group_is_not_protected(shipped: HarmLexiconDetector, text: str) -> None:
    assert _stances(shipped, text) == (), text


def test_a_quoted_remark_after_the_stance_is_not_a_contrast(shipped: HarmLexiconDetector) -> None:
    # "just" intensifies here; it opens a new point only at a clause start ("..., just send them back").
    assert _stances(shipped, "I would never hit a Nigerian man, that's just wrong.")


def test_a_stance_span_points_into_the_original_text(shipped: HarmLexiconDetector) -> None:
    text = "We  \u200bshould PROTECT  tr4ns people."  # zero-width space, leetspeak, doubled spaces
    (found,) = _stances(shipped, text)
    assert text[found.span[0] : found.span[1]] == found.text
    assert found.text.lower().startswith("protect")


def test_the_head_is_lowered_by_the_counter_speech_factor_with_evidence(embedder: Any, taxonomy: Taxonomy) -> None:
    detector = EmbeddingDetector(taxonomy, embedder.encode)
    texts = ["I would never hit a Nigerian man.", "I would hit a Nigerian man."]
    protected, threat = detector.detect(embedding_batch(texts, taxonomy, embedder.encode))
    evidence = [e for e in protected.evidence if e.kind == "protective_stance"]
    assert [e.detail["kind"] for e in evidence] == ["denied_violence"]
    assert evidence[0].detail["factor"] == detector.harm.options.countered_factor
    assert not [e for e in threat.evidence if e.kind == "protective_stance"]
    # The factor is what lowers it: the same sentence without the stance's reading scores higher.
    assert protected.score <= detector.harm.options.countered_factor
    assert not protected.flagged


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("I don't believe for a second that Sikhs control the banks.", "Sikhs control the banks"),
        ("I'd never claim that Hindu women are less intelligent than men.", "women are less intelligent"),
        ("It's not true that Somali migrants are criminals.", "Somali migrants are criminals"),
        ("Nobody believes that deaf people are stupid.", "deaf people are stupid"),
    ],
)
def test_a_claim_the_writer_rejects_is_a_stance(shipped: HarmLexiconDetector, text: str, said: str) -> None:
    """The rejection comes first and covers the whole clause it rejects, the group compared with too."""
    found = _stances(shipped, text)
    assert [s.kind for s in found] == ["rejected_claim"] * len(found) and found, text
    assert any(said in s.text for s in found), (text, found)


@pytest.mark.parametrize(
    "text",
    [
        # a virtue denied is no rejection of hate
        "I don't believe that Sikhs are peaceful.",
        # a rejection after the claim may be a verdict on something else
        "Sikhs control the banks, I don't think that's controversial.",
        # the writer goes on to the real point
        "I don't believe Sikhs control the banks, but they do own them.",
        # a rejection the writer turns away from, even with another after the claim
        "That doesn't mean much, but Hindus are liars.",
        "It doesn't mean much, but Hindus are liars, I don't think that's controversial.",
    ],
)
def test_no_stance_where_the_rejection_does_not_hold(shipped: HarmLexiconDetector, text: str) -> None:
    assert _stances(shipped, text) == (), text
