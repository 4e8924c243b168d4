"""Contempt shown with an emoji reaction (detectors/harm_reaction.py), the equals sign, and the struck-through "≠".

The hateful lines put a disgust or rejection emoji right after a group; the contrasts keep the
emoji but react to something else (the haters, a meal, the news of an attack), deny the equation,
type the emoji's name as words, or keep the group with a fond emoji. Written for these tests.
"""

from __future__ import annotations

import pytest

from detectors.harm import HarmLexiconDetector
from detectors.normalise import normalise_text
from tests.harm_helpers import run


def reacted(det: HarmLexiconDetector, text: str) -> set[str] | None:
    """The groups of a flagged derogation read from an emoji reaction, or None."""
    for f in run(det, text):
        by_emoji = any(e.detail.get("frame") == "emoji_reaction" for e in f.evidence)
        if f.category == "derogation" and f.flagged and by_emoji:
            return set(f.groups)
    return None


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("lesbians = 🤮", "lesbian"),
        ("honestly Somalis make me 🤢🤢", "somali"),
        ("all these Roma 👎👎", "roma"),
        ("Sikhs 🖕", "sikh"),
        ("catholics are literally 🤡", "catholic"),
        ("feminists 🚮", "feminists"),
    ],
)
def test_a_contempt_emoji_said_of_a_group_derogates_it(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    groups = reacted(shipped, text)
    assert groups is not None, text
    assert group in groups


@pytest.mark.parametrize(
    "text",
    [
        "lesbians = 😍",
        "Somalis make me 🥰",
        "people who hate Sikhs 🤮",
        "the Ethiopian buffet last night 🤢 too much food",
        "Muslims are facing abuse online again 😡",
        "hate toward Roma = 👎",
        "catholics ≠ 🤡",
        "feminists /= 🚮",
        "My Nigerian colleague gave the plan a thumbs down.",
        "broccoli = 🤮",
    ],
)
def test_the_same_emoji_about_something_else_is_not(shipped: HarmLexiconDetector, text: str) -> None:
    assert reacted(shipped, text) is None, text


def test_an_inequality_sign_is_not_an_equation_for_dehumanising_emoji(shipped: HarmLexiconDetector) -> None:
    said = {f.category for f in run(shipped, "immigrants = 🐀") if f.flagged}
    denied = {f.category for f in run(shipped, "immigrants ≠ 🐀") if f.flagged}
    assert "dehumanisation" in said
    assert "dehumanisation" not in denied


def test_a_struck_through_symbol_keeps_its_negation() -> None:
    """NFKD splits "≠" into "=" and a combining stroke; folding drops marks, but not this one's meaning."""
    norm = normalise_text("a ≠ b")
    assert norm.text == "a != b"
    assert norm.original_slice(2, 4) == "≠"


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("black people = thugs", True),  # the equals sign said the way "are" is
        ("gays = pedos", True),
        ("immigrants = criminals, every single one", True),
        ("immigrants != criminals", False),
        ("immigrants ≠ criminals", False),
        ("refugees = welcome here", False),  # an equation with nothing negative after it
    ],
)
def test_an_equals_sign_generalises_like_are(shipped: HarmLexiconDetector, text: str, flagged: bool) -> None:
    found = {f.category for f in run(shipped, text) if f.flagged}
    assert ("generalisation" in found) is flagged, text
