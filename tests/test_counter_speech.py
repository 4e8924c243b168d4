"""Negation, counter-speech, reporting and slur homonyms in the shipped harm lexicon.

Every benign case has a hateful contrast of the same shape that must still be flagged, so a rule
cannot pass by damping everything that contains "said", a quote or a cat. Sentences are written
for these tests (not taken from the functional suite), with groups and words of their own.
"""

from __future__ import annotations

from typing import Any

import pytest

from detectors.harm import HarmLexiconDetector, HarmOptions
from tests.harm_helpers import run


def flagged(det: HarmLexiconDetector, text: str) -> set[str]:
    return {f.category for f in run(det, text) if f.flagged}


def top(det: HarmLexiconDetector, text: str) -> float:
    return max((f.score for f in run(det, text)), default=0.0)


@pytest.mark.parametrize(
    ("benign", "hateful"),
    [
        # a denunciation in the next sentence answers the claim before it
        (
            '"My cousin said Sikhs should be hanged." "What a hateful thing to say, I told him to leave."',
            '"What should happen to Sikhs?" "Sikhs should be hanged, all of them."',
        ),
        (
            "A man on the tram yelled that Romanians are vermin. I reported him to the driver.",
            "Romanians are vermin. I told the driver so.",
        ),
        (
            "Somebody tweeted that lesbians are parasites. That kind of talk has no place here.",
            "Lesbians are parasites. Everyone here knows it.",
        ),
        # reporting with a condemnation in the same sentence
        (
            "I flagged a comment calling Hindus cockroaches; that comment was vile.",
            "Hindus are cockroaches; they spread everywhere.",
        ),
        # an attributed claim rejected
        (
            "Some commentators falsely claim that most Nigerians are criminals.",
            "Most Nigerians are criminals, whatever commentators say.",
        ),
        (
            "My neighbour keeps saying that feminists are stupid. That is simply not true.",
            "Feminists are stupid. That is simply the truth.",
        ),
        (
            "People claim all refugees are lazy, but the data show otherwise.",
            "All refugees are lazy, and the data show it.",
        ),
    ],
)
def test_counter_speech_across_sentences(shipped: HarmLexiconDetector, benign: str, hateful: str) -> None:
    assert flagged(shipped, benign) == set(), benign
    assert flagged(shipped, hateful), hateful


def test_damped_findings_stay_under_the_threshold_with_their_policy_recorded(shipped: HarmLexiconDetector) -> None:
    findings = run(shipped, "A flyer claimed Catholics should be burned. That's a disgusting thing to write.")
    assert findings and all(not f.flagged and f.score < HarmOptions().threshold for f in findings)
    detail = findings[0].evidence[0].detail
    assert detail["reported"] and detail["countered"]


@pytest.mark.parametrize(
    "text",
    [
        "I said it before: Hindus are vermin.",
        "As my grandfather always says, immigrants are parasites.",
        "Let's call it what it is: Muslims are a disease.",
        "He said Jews are rats, and he's right.",
        "Said it a hundred times, Mexicans are animals.",
        "The so-called refugees are parasites.",
        "Somali immigrants are vermin. Shame on anyone who says otherwise.",
    ],
)
def test_the_writers_own_voice_and_agreement_are_not_reporting(shipped: HarmLexiconDetector, text: str) -> None:
    assert flagged(shipped, text), text


def test_a_claim_reported_with_no_stance_is_damped_below_the_threshold(shipped: HarmLexiconDetector) -> None:
    reported = "My landlord thinks Polish people are thieves."
    assert flagged(shipped, reported) == set()
    assert 0 < top(shipped, reported) < 0.5
    assert flagged(shipped, "Polish people are thieves.") == {"generalisation"}


def test_weak_condemnation_needs_a_reported_claim(shipped: HarmLexiconDetector) -> None:
    # "That's disgusting" after an asserted claim is the writer's own disgust, not counter-speech.
    assert flagged(shipped, "Gay men are vermin. That's disgusting.")
    assert flagged(shipped, "He posted that gay men are vermin. That's disgusting.") == set()


@pytest.mark.parametrize(
    ("benign", "hateful"),
    [
        ("No Jew should be killed for his faith.", "Every Jew should be killed for his faith."),
        ("Nobody thinks Sikhs should be deported.", "Sikhs should be deported."),
        ("We would never deport the refugees in our town.", "We will deport the refugees in our town."),
        ("Muslims are not vermin, they are our neighbours.", "Muslims are vermin, not our neighbours."),
        ("I don't think lesbians are lazy.", "I think lesbians are lazy."),
        # the alternative set aside
        ("Autism is a developmental difference rather than a disease.", "Autism is a disease."),
        ("Being gay is an orientation instead of a disease.", "Being gay is a disease."),
    ],
)
def test_negation(shipped: HarmLexiconDetector, benign: str, hateful: str) -> None:
    assert flagged(shipped, benign) == set(), benign
    assert flagged(shipped, hateful), hateful


@pytest.mark.parametrize(
    "text",
    [
        "Why not kill all the immigrants?",
        "I can't wait to kill the immigrants next door.",
        "I don't care, kill all the Muslims.",
        "Women don't deserve to live.",
    ],
)
def test_words_that_only_look_like_negation_do_not_negate(shipped: HarmLexiconDetector, text: str) -> None:
    assert flagged(shipped, text) & {"threat", "exclusion"}, text


@pytest.mark.parametrize(
    ("benign", "hateful"),
    [
        ("Grandma tied a faggot of twigs for the kindling basket.", "Get out of here, you faggot."),
        ("We had faggots with onion gravy and mash for supper.", "That faggot at work got promoted again."),
        ("Our coon cat weighs nine kilos; the breed is huge.", "A coon moved in next door."),
        ("A raccoon, or coon for short, raided our bins.", "Go home, you coon, with your raccoon hat."),
        ("After the party the flat was spick and span.", "Another spick moved onto our street."),
        ("The tranny on my old truck needs new fluid.", "That tranny in the office is a disgrace."),
        ("Cold weather can retard the growth of the seedlings.", "My cousin is a retard."),
        ("Salts that retard corrosion are added to the mix.", "That retard on the bus kept staring at me."),
        ("Midget car racing is popular at county fairs.", "Look at that ugly midget."),
        ("He snapped his fingers and the coin went poof.", "Some poof tried to chat me up."),
        ("Scrape the gook out of the drain before it clogs.", "The gook family next door."),
        ("The strike cripples the city's bus network.", "Cripples like him should stay home."),
        ("The scandal exposed a chink in the minister's armour.", "Get out of my shop, you chink."),
        ("A chink of light came through the shutters at dawn.", "Those chinks are buying up every house."),
    ],
)
def test_slur_homonyms(shipped: HarmLexiconDetector, benign: str, hateful: str) -> None:
    assert "slur" not in flagged(shipped, benign), benign
    assert "slur" in flagged(shipped, hateful), hateful


def test_an_insulted_slur_keeps_its_slur_sense_beside_a_sense_word(shipped: HarmLexiconDetector) -> None:
    # "gravy" would select the dish, but an insult right before the word aims it at a person.
    assert "slur" in flagged(shipped, "Pass the gravy, you dirty faggot.")
    (f,) = [f for f in run(shipped, "Faggots and peas for dinner tonight.") if f.category == "slur"]
    assert f.evidence[0].detail["homonym"] and not f.flagged


def test_a_quoted_line_of_dialogue_uses_the_slur_a_quoted_word_mentions_it(shipped: HarmLexiconDetector) -> None:
    assert "slur" in flagged(shipped, '"Who is at the door?" "Some wetback, as usual."')
    assert flagged(shipped, 'The word "wetback" is a slur.') == set()
    # Single quotes around the word alone mention it too; an apostrophe is no quote.
    assert flagged(shipped, "He wrote 'wetback' on the locker and was expelled for it.") == set()
    assert flagged(shipped, "He wrote \u2018wetback\u2019 on the locker.") == set()
    assert "slur" in flagged(shipped, "That wetback's van is blocking the road again.")


def test_a_word_blamed_on_autocorrect_is_mentioned(shipped: HarmLexiconDetector) -> None:
    assert flagged(shipped, "Sorry, I typed paki by mistake; autocorrect strikes again.") == set()
    assert "slur" in flagged(shipped, "Sorry, a paki lives next door.")


def test_sense_contexts_must_name_shipped_slurs(taxonomy: Any) -> None:
    data = {"slurs": [{"term": "zorb", "group": "immigrants"}], "slur_senses": [{"terms": ["florb"], "near": ["x"]}]}
    with pytest.raises(ValueError, match="florb"):
        HarmLexiconDetector(taxonomy, data=data)
