"""Symbols written for letters inside a word (detectors/letter_symbols.py), through the normaliser.

Each obfuscated spelling reads as its letters, with spans into what was written; each contrast
keeps the symbol's name: a symbol on its own, a brand's mark, emphasis, a flag. Sentences are
written for these tests.
"""

from __future__ import annotations

import pytest

from detectors import letter_symbols
from detectors.normalise import normalise_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("those tw🅰️ts again", "those twats again"),
        ("what a s🅿️🅰️z", "what a spaz"),
        ("🅺🅸🅺🅴🆂 everywhere", "kikes everywhere"),  # negative squared letters, a word of them alone
        ("🅚🅘🅚🅔 out", "kike out"),  # negative circled letters
        ("🇰 🇮 🇰 🇪", "kike"),  # lone regional letters, then joined as spaced letters
        ("C🅾️🅾️N", "CooN"),
        ("ter®️orists", "terrorists"),  # the registered sign with its emoji selector, inside a word
        ("Mu💲lims", "Muslims"),  # a picture read as a letter between letters
        ("this b1️⃣t©️h", "this bitch"),  # a keycap digit is its digit, then leetspeak
    ],
)
def test_symbols_inside_a_word_read_as_letters(text: str, expected: str) -> None:
    n = normalise_text(text)
    assert n.text == expected
    assert n.span(0, len(n.text)) == (0, len(text))


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("She got an 🅰️ in chemistry", "A button"),  # on its own: its name
        ("Acme® Paper", "registered"),  # a brand's mark, no emoji selector
        ("❌❌❌ not this one", "cross mark"),  # emphasis, one symbol repeated
        ("We cheered for 🇨🇦 today", "Canadians"),  # two regional letters are a flag
        ("Parking: 🅿️ level 2", "P button"),
        ("That answer is wrong❌", "cross mark"),  # a picture at a word's edge is itself
        ("Good night💤", "ZZ"),
    ],
)
def test_symbols_that_are_not_in_a_word_keep_their_names(text: str, kept: str) -> None:
    assert kept in normalise_text(text).text


def test_edits_point_at_each_symbol_with_its_selector() -> None:
    text = "f🅰️g"
    assert letter_symbols.edits(text) == [(1, 3, "a")]
    assert letter_symbols.edits("plain ascii text") == []
