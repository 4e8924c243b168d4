"""Backhanded praise read broadly (harm_backhanded): praise limited by the group with words between
("honestly clear and well organised, for a <group member>"), a limit pointing at the person's kind
with the group named ("for someone like her", "for someone who's <group>"), an expectation the
group sets ("better than I'd expect from a <group member>", "especially considering she's
<group>"), a low bar ("good effort for a <group member>") and a member set apart from the group
("one of the good <group>", "not like most <group>", "you'd never guess he's <group>").

Contrasts of the same words: plain praise limited by no group, a group beside praise, the writer's
own words, benefit ("good for a pregnant woman"), children's ages, measures of the body, quoted and
rebutted phrases, questions. Sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from detectors import harm_backhanded as backhanded
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import frame_groups


def _read(det: HarmLexiconDetector, text: str) -> set[str]:
    return frame_groups(det, text, backhanded.FRAME)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Her slides were clear and genuinely well organised, for a Muslim woman.", "muslim"),
        ("He handles a spreadsheet better than most, for a Mexican.", "mexican"),
        ("He's Nigerian, and honestly pretty smart for someone like him.", "nigerian"),
        ("He's very articulate for someone who's gay.", "gay"),
        ("The talk was more thoughtful than I'd expect from a Mormon.", "mormon"),
        ("I didn't expect a Pakistani guy to be this honest.", "pakistani"),
        ("His essay was quite good, especially considering he's Black.", "black"),
        ("She handled the accounts well, given that she's a woman.", "women"),
        ("Good effort for a girl, to be fair.", "women"),
        ("For a Jew he's surprisingly generous.", "jewish"),
        ("My Muslim coworker is not like the rest of them.", "muslim"),
        ("He's one of the good Catholics, honestly.", "catholic"),
        ("She's friendly and polite, not like most Albanians.", "albanian"),
        ("You'd never guess he's gay, he's so calm.", "gay"),
        # a low bar with words before the limit, "got" (helper-125)
        ("Not bad at all for a woman.", "women"),
        ("She got really good at chess for a girl.", "women"),
    ],
)
def test_praise_measured_against_the_group_is_flagged(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    assert group in _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # plain praise, a limit that is no group
        "The essay was sharp and well argued for a first-year.",
        "She picked it up quickly for someone who started last week.",
        "That laptop is fast for a budget model.",
        # a group beside praise
        "As a deaf designer, she brings a sharp eye for contrast.",
        "My Muslim neighbour is a brilliant surgeon.",
        "The Mexican restaurant was better than I expected.",
        "He's Black and a brilliant mathematician.",
        # what is normal or good for someone
        "For a Muslim, fasting during Ramadan is normal.",
        "Iron supplements are good for a pregnant woman.",
        "This diet is good for someone with diabetes.",
        # the writer's own words
        "I'm pretty good at chess for a Catholic, I like to joke.",
        # children and measures of the body
        "He reads well for a six-year-old.",
        "Her heart rate is normal for a woman of 70.",
        "That blood pressure is good for someone his age.",
        # no group named
        "Our goalkeeper is one of the good ones in the league.",
        "He's not like the rest of the applicants; his portfolio stands out.",
        "Given that he's the only engineer on call, he handled the outage well.",
        "You'd never guess she grew up in Paris from her accent.",
        # quoted and rebutted, asked
        'When a neighbour called them "not like most Hindus" they were lovely about it but said it wasn\'t praise.',
        "Is she really articulate for a Black woman, or is that a racist thing to say?",
        # a group's thing, what is done for a group
        "It was a good price for a Japanese car.",
        # the review's false flags (helper-121): a thing among the good ones, a field credited, a
        # thing that does not sound like the group, a count compared, a reason for praising
        # something else, a thing made for the person, a circumstance of the person's
        "This is one of the good Italian delis left in the neighbourhood.",
        "Of the charities helping refugees, this is one of the good ones.",
        "Marie Curie was a credit to women in science for generations.",
        "The ballad doesn't sound Irish at all; it's actually a Scottish folk song.",
        "Support was higher than we expected from Catholic voters in the district.",
        "Given that he's Jewish, the Passover seder he hosted at home was lovely.",
        "She designed an elegant dress for a Hindu bride and her bridesmaids.",
        "The volunteers managed to find housing for a Syrian refugee family within a week.",
        "His Mandarin is fluent for a British diplomat who only started learning it at forty.",
        # the writer's own (helper-125)
        "As a Muslim, I'm not like the rest of them.",
    ],
)
def test_fair_praise_is_not_read(shipped: HarmLexiconDetector, text: str) -> None:
    assert not _read(shipped, text), text


def test_a_long_sentence_is_read(shipped: HarmLexiconDetector) -> None:
    # every window is bounded by characters before words are counted (the timings are in
    # docs/performance.md); the claim in it is still read
    text = "she is honestly well organised for a Muslim woman not like most Hindus for someone like him " * 220
    assert _read(shipped, text[:20000])
