"""A swear word on a group's name (the twelfth round), and two exclusion and conduct phrases.

"You're just a fucking <group>" makes the name the insult. Swearing alone is not hate, so each
hateful sentence has benign contrasts: swearing in praise or joy, on the group's side, on a thing
the group's adjective names, about the writer's own group, as an adjective's intensifier, and an
interjection. Sentences are written for these tests, with wording of their own.
"""

from __future__ import annotations

import pytest

from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import flagged_by_category as flagged


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Typical, another fucking Albanian.", "albanian"),
        ("Bloody foreigners should learn to drive.", "immigrants"),
        ("Kick those goddamn Somalis out of the estate.", "somali"),
        ("Shut up, you damn Nigerian.", "nigerian"),
        ("fkn Somalis shld all go home", "somali"),
        ("Another boat of f**king migrants landed today.", "immigrants"),
        ("Sodding Romanians have ruined the market.", "romanian"),
        ("Honestly I can't stand these bloody Albanians.", "albanian"),
    ],
)
def test_a_swear_word_on_a_groups_name_is_derogation(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    found = flagged(shipped, text)
    assert "derogation" in found, text
    assert group in found["derogation"].groups


@pytest.mark.parametrize(
    "text",
    [
        "Those fucking Lebanese pastries were amazing.",
        "Free the fucking Uyghurs already, it's been years.",
        "I stand with the bloody Kurds, whatever the government says.",
        "I'm a fucking Catholic and I'll pray where I like.",
        "My mate is so fucking gay for that band, it's adorable.",
        "Damn man, that Polish goalkeeper saved everything tonight.",
        "We love our bloody Irish neighbours, best craic on the street.",
        # an interjection before a comma, the writer across a comma, someone's words cited
        "Damn, Kenyans can run.",
        "Me, a bloody Catholic, at a Pride parade, who knew.",
        'He yelled "bloody foreigners" at the bus driver and got arrested.',
        # a language, a team, a movement named with the group's word
        "This fucking Japanese is impossible to learn.",
        "The bloody Aussies are 350 for 3 at lunch.",
        "These fucking white nationalists are marching again.",
    ],
)
def test_swearing_near_a_group_benign_contrasts(shipped: HarmLexiconDetector, text: str) -> None:
    assert "derogation" not in flagged(shipped, text), text


def test_nobody_wants_you_is_exclusion_and_making_everything_about_themselves_is_conduct(
    shipped: HarmLexiconDetector,
) -> None:
    assert "exclusion" in flagged(shipped, "Honestly nobody wants you Romanians in this town.")
    assert "generalisation" in flagged(shipped, "Why do Christians always make everything about themselves?")
    assert flagged(shipped, "Why does my brother always make everything about himself?") == {}
