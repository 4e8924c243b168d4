"""A group said to be better off kept to its own (harm_apart, the twenty-third round): a comparison
of comfort then "their own" and a place of their own ("<group> would be happier in their own
countries"), advice to keep to such a place or out of a shared one ("<group> should stick to their
own churches", "should stay out of local politics", "should leave the tech startups to the young"),
or "<group> don't really belong on the PTA".

Contrasts of the same words: a comparison with no place of their own, the group's own choice
described, a home in a storm, trouble or drugs kept away from, negated or asked, one person,
children. Sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from detectors import harm_apart as segregation
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import frame_groups


def _read(det: HarmLexiconDetector, text: str) -> set[str]:
    return frame_groups(det, text, segregation.FRAME)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Muslims would be happier in their own countries.", "muslim"),
        ("Honestly, Asian families would be happier in their own enclaves than in our association.", "asian"),
        ("Black people would be better off with their own kind.", "black"),
        ("Mormons would be more comfortable with people like them.", "mormon"),
        ("Hindus should really stick to their own neighbourhoods.", "hindu"),
        ("Liberals should stay in their cities and stop moving to our small towns.", "liberals"),
        ("Immigrants on temporary visas should keep to themselves.", "immigrants"),
        ("Immigrants should stay out of local politics.", "immigrants"),
        ("Older folks should leave the tech startups to the young.", "older_people"),
        ("Atheists don't really belong on the PTA in a town like this.", "atheist"),
        ("Roma should stick to their own camps.", "roma"),
        ("Black people would be happier living among their own.", "black"),
    ],
)
def test_a_group_said_to_be_better_off_kept_apart_is_flagged(
    shipped: HarmLexiconDetector, text: str, group: str
) -> None:
    assert group in _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # no place of their own; a home; trouble kept away from
        "Refugees would be happier with better pay and faster paperwork.",
        "Liberals should stay in their homes tonight until the storm passes.",
        "Immigrants should stay out of trouble with the new landlord by reading the lease.",
        "Sikhs should stay away from the flooded road.",
        # the group's own choice, described
        "Many Hindus prefer their own temples.",
        "Deaf people often say they are happier in their own community, and that choice is theirs.",
        # negated or asked
        "Black people wouldn't be happier in their own neighborhoods.",
        "Muslims should not have to stick to their own neighborhoods.",
        "Would Muslims be happier in their own countries?",
        # one person; children; a thing left to someone
        "My Jewish neighbour would be happier in her own flat.",
        "Kids would be happier in their own rooms.",
        "Older folks should leave the keys to the cleaner.",
        # belonging affirmed
        "Trans kids belong on every team.",
        # the review's false flags (helper-109): a condition, a time or a reason after the claim,
        # a conditional not advice, experts, advocacy, a finding reported
        "Immigrants would be happier if they could visit their own countries more often.",
        "Elderly people should stay out of public places during the flu peak, the NHS advised.",
        "Refugees would go back to their own countries in a heartbeat if the war ended.",
        "Women should leave the negotiation to experts if they're unsure.",
        "Catholics should go back to their own churches now that the restrictions have lifted.",
        "Deaf people should stick with their own community if that's where they feel at home; it's their choice.",
        "Immigrants don't belong in cages.",
        "Women don't belong in the kitchen, they belong in the House and the Senate.",
        "LGBTQ people are happier when they can be open in their own communities, a survey found.",
    ],
)
def test_the_same_words_without_a_place_of_their_own_or_negated_are_not(
    shipped: HarmLexiconDetector, text: str
) -> None:
    assert not _read(shipped, text), text
