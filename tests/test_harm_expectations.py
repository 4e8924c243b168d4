"""Advice to expect little of a group's people (harm_expectations, the twenty-third round): "don't
expect much from <group> workers", "For <group> students, keep the goals modest", "don't expect
punctuality from <group> contractors".

Contrasts of the same words: a thing, one person, what is expected, the advice negated or asked,
the old and disabled (an adjustment as often as a stereotype), the group's own first week. Sentences
are written for these tests.
"""

from __future__ import annotations

import pytest

from detectors import harm_expectations as expectations
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import frame_groups


def _read(det: HarmLexiconDetector, text: str) -> set[str]:
    return frame_groups(det, text, expectations.FRAME, "discrimination_advice")


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Don't expect much from Mexican workers.", "mexican"),
        ("Honestly, I wouldn't expect much from the Somali kids in that class.", "somali"),
        ("If you're tutoring Hispanic kids in the after-school program, don't expect much.", "hispanic_latino"),
        ("For nonbinary students, keep the academic goals modest.", "nonbinary"),
        ("With Roma tenants, keep your expectations low about how they'll keep the place.", "roma"),
        ("For the Black kids in my class, I keep the reading goals modest so nobody gets discouraged.", "black"),
        ("Don't expect punctuality or precision from Italian contractors.", "italian"),
        ("Don't expect much critical thinking from MAGA voters.", "conservatives"),
        ("You shouldn't expect punctuality or precision from men.", "men"),
        ("For disabled people in your tutoring group, keep the goals modest; a pass is a good result.", "disabled"),
    ],
)
def test_advice_to_expect_little_of_a_group_is_flagged(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    assert group in _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # a thing of theirs, or nobody's
        "Don't expect much from the Mexican restaurant.",
        "Don't expect a reply from the Japanese office before Monday.",
        "Don't expect much from the first draft.",
        # what is expected, not of whom
        "If you're hiring Mexican workers, don't expect much paperwork.",
        "If you're hosting Muslim guests, don't expect them to eat pork.",
        # negated or asked
        "Never lower your expectations for Black students.",
        "Should I keep my expectations low for the Somali kids?",
        # one person
        "If your new hire is a devout Pentecostal, keep your expectations low for the first week.",
        # an adjustment for a while
        "With older patients, keep the goals modest for the first week after surgery.",
        "For students with ADHD, keep the goals modest during exam week.",
        # the review's false flags (helper-109): the group advised, a harm not expected, a time
        # of adjustment, irony, someone else's warning
        "For Black women, don't expect much from the healthcare system; advocate for yourself.",
        "For disabled travellers, keep your expectations low about step-free access on the Tube.",
        "Don't expect hostility from Muslim neighbours; most will bring you food.",
        "Never expect unpaid overtime from migrant workers; it's illegal.",
        "For newly arrived immigrant students, keep the reading goals modest for the first term.",
        "Oh sure, don't expect much from immigrant workers, they only built this country.",
        "Don't expect much from these Polish builders, she warned, but they did a superb job.",
        "Don't expect a quick answer from the Republicans on the committee.",
    ],
)
def test_the_same_advice_about_a_thing_one_person_or_negated_is_not(shipped: HarmLexiconDetector, text: str) -> None:
    assert not _read(shipped, text), text
