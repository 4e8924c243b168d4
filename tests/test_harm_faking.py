"""A group's people said to fake or inflate what they claim (harm_faking, the twenty-third round):
"<group> who claim chronic pain are mostly faking it", "<group> always have a sob story", "<group>
always say their pain is a ten. They exaggerate to get the strong stuff."

Contrasts of the same words: narrowed by a deed rather than a claim, negated, someone else's
charge, asked, one person, a next sentence about something else. Sentences are written for these
tests.
"""

from __future__ import annotations

import pytest

from detectors import harm_faking as faking
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import flagged_by_category as flagged
from tests.harm_helpers import frame_groups


def _read(det: HarmLexiconDetector, text: str) -> set[str]:
    return frame_groups(det, text, faking.FRAME)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Men who claim abuse are usually making it up.", "men"),
        ("Honestly, Greeks claiming disability allowances are mostly faking it.", "greek"),
        ("Obese people asking for wider bus seats are inventing a problem.", "overweight"),
        ("Welfare recipients who say they can't find work are just gaming the system.", "welfare_recipients"),
        ("Gay guys always have some sob story about coming out.", "gay"),
        ("Asylum seekers all tell the same sob story.", "refugees"),
        ("Black patients always say their pain is a ten. They exaggerate to get the strong stuff.", "black"),
    ],
)
def test_a_groups_claims_said_to_be_faked_are_flagged(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    assert group in _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # narrowed by a deed; negated; someone else's charge
        "Immigrants who commit fraud are lying on their forms, and they should be prosecuted.",
        "Women who say period pain is crippling are not faking it.",
        "Disabled people who claim benefits are often accused of faking it, which is cruel.",
        # asked; one person; another sentence about something else
        "Are refugees who tell their stories exaggerating?",
        "My Muslim neighbour who says she is ill is faking it to skip the meeting.",
        "Black patients always say their pain is a ten. They are rarely believed, the study found.",
        "Refugees often have a hard story to tell, and aid workers listen.",
        # the review's false flags (helper-110): lying down, someone else lying or faking, done
        # to them, a rate, a neutral story, the media's framing, the writer's own group
        "Older people who say they were lying on the floor for hours after a fall need an alarm.",
        "Black patients who say their doctors were lying about the side effects have won damages.",
        "Older people who say callers are scamming them should hang up and ring the bank.",
        "Women who report sexual assault are lying in only 2 to 8 percent of cases, studies estimate.",
        "Ukrainian refugees told their hardship stories to MPs on Tuesday.",
        "In the tabloids, immigrants always have a sob story or a crime story, never an ordinary one.",
        "As disabled people who claim PIP, we are constantly assumed to be faking it.",
        "Autistic women who find social events exhausting are often pretending to be fine.",
        "Right, immigrants always have a sob story. Like fleeing a war, you mean.",
    ],
)
def test_the_same_words_for_a_deed_a_denial_or_one_person_are_not(shipped: HarmLexiconDetector, text: str) -> None:
    assert not _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # "fake" and "inflate" are no generalisation cues (tried in the round, taken out at review)
        "Japanese fake food displays are an art form.",
        "Swedes inflate their bike tyres before the spring thaw.",
    ],
)
def test_the_words_of_fakery_in_other_senses_flag_nothing(shipped: HarmLexiconDetector, text: str) -> None:
    assert not flagged(shipped, text), text
