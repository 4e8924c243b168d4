"""Adjective-like identity words counted as a mention only where they stand as a noun for a person."""

from __future__ import annotations

import pytest

from detectors.nominal import nominal_use
from detectors.taxonomy import Taxonomy


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return Taxonomy.default()


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to beat up the next liberal I see.",
        "Someone should hurt every conservative in this town.",
        "If you're a conservative, watch your back.",
        "Tom is a typical conservative: lazy and dishonest.",
        "Can I hire a progressive?",
        "The conservative who runs the shop is my neighbour.",
        "My neighbour is a leftist, and proud of it.",
    ],
)
def test_a_political_word_used_as_a_noun_names_the_group(taxonomy: Taxonomy, text: str) -> None:
    assert taxonomy.groups_in(taxonomy.match(text)) in (["conservatives"], ["liberals"])


@pytest.mark.parametrize(
    "text",
    [
        "A conservative estimate puts the cost at forty million.",
        "She took the conservative route and waited.",
        "He poured a liberal amount of olive oil on it.",
        "The progressive rock band played for three hours.",
        "It is a conservative and cautious plan.",
        "She has a liberal-arts degree.",
        "Pick the more conservative of the two options.",
        "Treatment was conservative.",
        "a progressive tax on income",
    ],
)
def test_the_same_word_as_a_modifier_or_predicate_names_nobody(taxonomy: Taxonomy, text: str) -> None:
    assert taxonomy.match(text) == []


def test_only_the_listed_words_get_the_noun_reading(taxonomy: Taxonomy) -> None:
    # "black" is a context term too, but "a black in the corner" is not read as a person.
    assert taxonomy.match("There was a black in the corner of the painting.") == []
    assert taxonomy.match("There was a conservative in the corner of the room.") != []


def test_the_noun_reading_needs_a_determiner_and_a_closed_class_word_after() -> None:
    low = "he is a liberal with the truth and liberal people agree"
    start = low.index("liberal")
    assert nominal_use(low, start, start + len("liberal"))
    second = low.index("liberal", start + 1)
    assert not nominal_use(low, second, second + len("liberal"))  # no determiner before it
    assert not nominal_use("the conservative-leaning paper", 4, 16)  # a hyphen continues a compound
    assert nominal_use("every conservative", 6, 18)  # the end of the text
