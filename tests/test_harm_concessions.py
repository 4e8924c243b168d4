"""Praise or a precaution conceded against a person's group (the twelfth round).

"He's <group> but he's nice" says, without an insult word, that the group is not; "she's a <group>,
but I always double-check her work" says the group is not to be trusted; the same concession can
come in the answer to a question that names the group. Each hateful sentence has benign contrasts
of the same shape: "and" instead of "but", a "but" that concedes no praise, the writer's own
group, a thing rather than a person, praise negated, age and disability, and the same words
reported or denounced. Sentences are written for these tests, with wording of their own.
"""

from __future__ import annotations

import pytest

from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import flagged_by_category as flagged


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("My new flatmate is Pakistani but he's really clean.", "pakistani"),
        ("She's a Roma woman, but she's honest.", "roma"),
        ("He's Arab but still a decent guy.", "arab"),
        ("The couple next door are gay but they're lovely.", "gay"),
        ("Our intern is trans but genuinely competent.", "transgender"),
        ("Yeah he's Haitian, but a friendly one.", "haitian"),
        ("Although she's Moroccan, she's really kind.", "moroccan"),
        ("He's Romanian but he's not a thief, to be fair.", "romanian"),
        ("The new guy is Albanian but he isn't a crook.", "albanian"),
        ("This one is a Mexican but honest.", "mexican"),
        ("My landlady is Chinese but she's nice to us.", "chinese"),
        ("He's Somali. But he's actually very polite.", "somali"),
    ],
)
def test_praise_conceded_against_a_group_is_implicit_derogation(
    shipped: HarmLexiconDetector, text: str, group: str
) -> None:
    found = flagged(shipped, text)
    assert "implicit_derogation" in found, text
    assert group in found["implicit_derogation"].groups


@pytest.mark.parametrize(
    "text",
    [
        "My sister-in-law is Nigerian, but I still check her work twice.",
        "The new cashier is Gypsy, so naturally I count my change.",
        '"Your landlord is Jewish?" "Yep, but I keep an eye on the books myself."',
        "Our plumber is Albanian, but we watch him closely while he works.",
        "The courier was Nigerian, so I double-checked the receipt.",
        "The new receptionist is Roma, so I keep an eye on my handbag.",
        "My accountant is Nigerian, so I double-check everything he does.",
        "My partner at work is Ghanaian, so I double-check his figures.",
    ],
)
def test_precaution_conceded_against_a_group(shipped: HarmLexiconDetector, text: str) -> None:
    assert "implicit_derogation" in flagged(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # "and", not "but"; "so" gives a reason for a precaution, never concedes praise
        "My new flatmate is Pakistani and he's really clean.",
        "She's Nigerian, so she's probably friendly with the new family from Lagos.",
        # "but" that concedes no praise
        "She's Lebanese but she's lived in Paris since she was two.",
        "He's Sikh but he's shaved his beard for the role.",
        "He is Muslim but he's not very religious.",
        # the writer's own group
        "I'm Filipino but I'm honest.",
        "I was a Muslim but I was kind to everyone.",
        "We're Mexican but we're very punctual.",
        # a thing the group word describes
        "The bakery is Turkish but very friendly.",
        # praise negated
        "He's Polish but he's not nice to anyone.",
        # age and disability
        "My grandmother is elderly but still very sharp.",
        "My son is autistic, but I keep an eye on him at the beach like any parent.",
        # honest about one matter
        "She's Cuban but she's honest about never having been there.",
        # reported and denounced
        "My uncle keeps saying \"she's Black but she's smart\" as if that were a compliment.",
        # a precaution that is care of one's family, has a purpose of its own, or guards something else
        "My daughter is gay so I keep an eye on her at parties, people can be cruel.",
        "Our guest is Hindu, so I checked the bill to make sure there was no beef on it.",
        "My neighbour is Syrian so I kept an eye on her garden while she was away.",
        "The translator is Ukrainian, so I watch him work to pick up some phrases.",
        # asked back, or someone else's words
        "She's Mexican but she's so hard-working? Who talks like that?",
        "He's Kenyan but he's decent, my dad said, which made us all cringe.",
        # the question answered without a concession
        '"Your boss is a woman?" "Yes, and she runs the place brilliantly."',
        '"Your surgeon is Korean?" "Yes, but she trained in Seoul and Boston."',
    ],
)
def test_concession_benign_contrasts(shipped: HarmLexiconDetector, text: str) -> None:
    assert "implicit_derogation" not in flagged(shipped, text), text
