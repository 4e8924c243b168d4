"""A position said to be unearned because of the holder's group (harm_unearned, the twenty-second
round): "only" or "just", a gain of a position, "because" and the group ("she only got the role
because she's a <group>", "... just because the board wanted a <group>"), or a word of tokenism
said of the group's people ("token <group>", "<group> ... diversity hires", "... because
leadership wanted the team to look diverse").

Contrasts of the same words: a position lost or denied for the group (discrimination); a gain for
a skill; the slur reported, denied or suffered; tokens and boxes that are things. Sentences are
written for these tests.
"""

from __future__ import annotations

import pytest

from detectors import harm_unearned as unearned
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import flagged_by_category as flagged


def _read(det: HarmLexiconDetector, text: str) -> set[str]:
    """The groups of this reading's flagged evidence in the text."""
    found = flagged(det, text).get("implicit_derogation")
    if found is None or not any(e.detail.get("frame") == unearned.FRAME for e in found.evidence):
        return set()
    return set(found.groups)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("She only got the VP role because the board wanted a woman on the slide deck.", "women"),
        ("He only got into Stanford because he's Black.", "black"),
        ("That trans engineer got the job just because she's trans.", "transgender"),
        ("He was only promoted because he's gay.", "gay"),
        ("She only got the scholarship because she's disabled, not because she's smart.", "disabled"),
        ("They needed a token Muslim for the interfaith panel.", "muslim"),
        ("Half the women in management are diversity hires.", "women"),
        ("Every Latino on that team was hired to fill a quota.", "hispanic_latino"),
        ("The new Filipino guy is only here because leadership wanted the team to look global.", "filipino"),
        # a purpose of show as the only or likely reason, or merit denied
        ("The hijabi presenter was obviously picked so the channel could say it's inclusive.", "muslim"),
        ("Keep in mind the Black candidate was likely hired partly to meet diversity goals.", "black"),
        ("The plus-size model got the campaign to score points, not because she's any good.", "overweight"),
    ],
)
def test_a_position_said_to_be_held_for_the_group_is_flagged(
    shipped: HarmLexiconDetector, text: str, group: str
) -> None:
    assert group in _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # lost or denied for the group: discrimination, not a favour
        "She wasn't hired because she's Black, and the tribunal agreed it was discrimination.",
        "He was only passed over because he's gay.",
        # a gain for a skill; a gain that is no position
        "She only got the interpreter job because she's fluent in Deaf sign language.",
        "She only got sick because she's old and the flu hit the home.",
        # the slur reported, denied or suffered
        "People called her a diversity hire, which was cruel and untrue.",
        "She is not a diversity hire; she led three product launches.",
        "As a Black woman I've been called a token more times than I can count.",
        # things
        "Please tick a box on the form if you are a woman over 60.",
        "I bought a bus token for my Muslim neighbour's kid.",
        "Take this as a token of thanks from the Sikh community.",
        # asked
        "Was she only hired because she's a woman?",
        # a policy described, a purpose that is the role's, the writer's own place
        "The university admitted more Black students to meet its diversity goals, as the court allowed.",
        "The Deaf outreach worker was hired because the role supports Deaf families in their own language.",
        "I was hired partly to improve the team's diversity numbers, and I'm proud of what I did since.",
        # a bar, not a favour; the real reason after "and"; the role's own need; a thing after "token <group>"
        "Women were only elected to parliament after 1918 because they could not stand before then.",
        "She was only admitted because she was Jewish and on the Kindertransport list.",
        "He was only accepted because he is Deaf, since it is a school for Deaf children.",
        "The arcade sold token Japanese coins for the old machines.",
        "I was the token Black guy at my first job.",
        "Women in tech still hear the diversity hire insult.",
        "Muslim applicants had to tick a box on the form.",
        "Black officers were promoted not on merit but on seniority, under the old rules.",
        "Black players were picked because the numbers showed they scored more.",
        # the words quoted
        "Someone at work joked that I was the 'token gay' on the hiring panel.",
        'The "token trans hire" line is just a way to avoid admitting she was the best engineer.',
    ],
)
def test_the_same_words_for_a_loss_a_skill_a_report_or_a_thing_are_not(shipped: HarmLexiconDetector, text: str) -> None:
    assert not _read(shipped, text), text
