"""Starred-out words ("n*gger", "k*kes") read as the taboo word they hide, and nothing else.

Sentences are written for these tests. The reading is checked on the normaliser (spans point
into what the user sent) and through the harm lexicon, where a starred-out slur must count as
the slur it spells, and a reported or mentioned one must stay as unflagged as its plain spelling.
"""

from __future__ import annotations

import pytest

from detectors.harm import HarmLexiconDetector
from detectors.masked import MaskedWords
from detectors.normalise import normalise_text
from tests.harm_helpers import run


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("All k*kes should leave.", "All kikes should leave."),
        ("Shut up, you f*ggot.", "Shut up, you faggot."),
        ("You are a n****r to me.", "You are a nigger to me."),  # heavily masked, still one fit
        ("sp*cs everywhere", "spics everywhere"),
        ("m*slims are", "muslims are"),  # a group's name starred out to slip past a filter
    ],
)
def test_a_starred_out_taboo_word_reads_as_the_word(raw: str, expected: str) -> None:
    out = normalise_text(raw)
    assert out.text == expected
    assert len(out.text) == len(raw)
    # Every star maps back to itself: evidence spans point at what was written.
    star = raw.index("*")
    assert out.original_slice(star, star + 1) == "*"


@pytest.mark.parametrize(
    "raw",
    [
        "**Muslims** are *great* neighbours.",  # Markdown emphasis
        "See the footnote* below, and the women* too.",  # a footnote mark after a word
        "2*3 = 6 and x*y = z",  # arithmetic
        "what the f*ck",  # profanity is not one of the lexicons' taboo words
        "n*****",  # one letter shown
        "ab*cd and xy**z",  # no taboo word of that shape
    ],
)
def test_other_stars_stay_as_written(raw: str) -> None:
    assert normalise_text(raw).text == raw


def test_two_fits_are_left_unread() -> None:
    words = MaskedWords(["spic", "spec", "kikes"])
    assert words.read("sp*c") is None
    assert words.read("k*kes") == "kikes"
    assert words.read("K*KES") == "kikes"


def _slur(det: HarmLexiconDetector, text: str) -> tuple[bool, str] | None:
    found = [f for f in run(det, text) if f.category == "slur"]
    return (found[0].flagged, found[0].evidence[0].text) if found else None


def test_a_starred_out_slur_is_a_slur_and_its_evidence_is_what_was_written(shipped: HarmLexiconDetector) -> None:
    assert _slur(shipped, "Get out of my shop, you n*gger.") == (True, "n*gger")
    assert _slur(shipped, "those tr*nn*es again") == (True, "tr*nn*es")


@pytest.mark.parametrize(
    "text",
    [
        "He called me a n****r and walked off, so I reported him.",
        "The word f****t should never be used.",
    ],
)
def test_a_reported_or_mentioned_starred_out_slur_is_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    found = _slur(shipped, text)
    assert found is not None and found[0] is False
