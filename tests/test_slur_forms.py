"""Misspelt slurs (detectors/slur_forms.py) read as the slur they spell, and only where they are one.

Sentences are written for these tests. A misspelt slur must carry the plain slur's group and its
damping (mentioned, reported, everyday sense); words one letter from a slur must stay words.
"""

from __future__ import annotations

import pytest

from detectors import slur_forms
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import run


def _slur(det: HarmLexiconDetector, text: str) -> tuple[bool, tuple[str, ...], str] | None:
    found = [f for f in run(det, text) if f.category == "slur"]
    return (found[0].flagged, found[0].groups, found[0].evidence[0].text) if found else None


@pytest.mark.parametrize(
    ("text", "written", "group"),
    [
        ("You are a ngiger.", "ngiger", "black"),  # two letters swapped
        ("Shut up, you faggto.", "faggto", "gay"),
        ("Go home, you wetbakc.", "wetbakc", "mexican"),
        ("Go home, you towlhead.", "towlhead", "arab"),  # a letter dropped
        ("You are a niggerr.", "niggerr", "black"),  # a letter doubled
        ("You are a fa ggot.", "fa ggot", "gay"),  # a space inside
        ("Those kkies again.", "kkies", "jewish"),
    ],
)
def test_a_misspelt_slur_is_the_slur(shipped: HarmLexiconDetector, text: str, written: str, group: str) -> None:
    assert _slur(shipped, text) == (True, (group,), written)


@pytest.mark.parametrize(
    "text",
    [
        "You are a niger.",  # Niger is a country (and the English-word audit says so)
        "She brought a fagot of sticks for the fire.",  # an English spelling of the bundle
        "Polak to po polsku mieszkaniec Polski.",  # "polack" without its "c" is Polish for a Pole
        "Typical spci.",  # four-letter slurs get no forms: too many real words one letter away
        "You stupid nigge r.",  # a split that leaves one letter is a stray letter, not a form
    ],
)
def test_words_one_letter_from_a_slur_stay_words(shipped: HarmLexiconDetector, text: str) -> None:
    assert _slur(shipped, text) is None


def test_a_misspelt_slur_keeps_the_slurs_damping(shipped: HarmLexiconDetector) -> None:
    mentioned = _slur(shipped, 'He wrote "ngiger" on the wall and was expelled for it.')
    assert mentioned is not None and mentioned[0] is False
    everyday = _slur(shipped, "We had faggtos with onion gravy and mash for supper.")
    assert everyday is None or everyday[0] is False


def test_a_form_two_slurs_share_names_neither() -> None:
    forms = slur_forms.misspelt_slurs(["abcdef", "abddef"], taken=())
    assert "abdef" not in forms  # either slur with a letter dropped
    assert "abcdef" not in forms and "abddef" not in forms  # a slur keeps its own reading
    assert forms["acbdef"] == "abcdef" and forms["abdedf"] == "abddef"
