"""Context terms said of a person after a copula name the group (detectors/predicative.py).

Each case is a sentence written for this test; the benign neighbours use the same words in other
senses (a complement, an idiom, a thing as the subject) and must not name a group.
"""

from __future__ import annotations

from typing import Any

import pytest

from detectors.taxonomy import Taxonomy


def groups(taxonomy: Taxonomy, text: str) -> set[str]:
    return {m.group for m in taxonomy.match(text)}


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Her fiance is Middle Eastern.", "middle_eastern"),
        ("My closest friend is Black, and so is her sister.", "black"),
        ("I'm deaf and I teach sign language.", "deaf"),
        ("My nephew's deaf.", "deaf"),
        ("The witness is legally blind.", "blind"),
        ("Is he trans?", "transgender"),
        ("Honestly, I am not white.", "white"),
        ("My grandmother is old, but she still swims.", "older_people"),
        ("We were young once.", "young_people"),
        ("I'm bi, for what it's worth.", "bisexual"),
    ],
)
def test_a_context_term_said_of_a_person_names_the_group(taxonomy: Taxonomy, text: str, group: str) -> None:
    assert group in groups(taxonomy, text), text


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("The committee was blind to the costs.", "blind"),
        ("This orchid is native to Borneo.", "indigenous"),
        ("I'm old enough to remember dial-up.", "older_people"),
        ("Sorry, I'm short on cash this week.", "short_people"),
        ("I'll be straight with you about the budget.", "heterosexual"),
        ("He was blind drunk at the wedding.", "blind"),
        ("She turned white as a sheet.", "white"),
        ("The kettle is black.", "black"),
        ("They are black with a red stripe.", "black"),
        ("It's old and the battery is weak.", "older_people"),
        ("I'm white-knuckling the steering wheel.", "white"),
        ("The room was dark and the screen is white.", "white"),
        # The normaliser writes "imaging" as "im aging"; "im" is not taken for "I'm".
        ("Medical imaging has improved.", "older_people"),
    ],
)
def test_the_same_words_in_other_senses_do_not(taxonomy: Taxonomy, text: str, group: str) -> None:
    assert group not in groups(taxonomy, text), text


def test_the_mention_spans_the_word_in_the_original_text(taxonomy: Any) -> None:
    text = "My  wife is   Middle Eastern!"
    m = next(m for m in taxonomy.match(text) if m.group == "middle_eastern")
    assert text[m.start : m.end] == "Middle Eastern"
