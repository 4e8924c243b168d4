"""Threats said to a group's members in the second person (detectors/harm_address.py).

Hateful sentences address the group (a vocative, "you <group>", "if you're a <group>") and then
threaten "you"; the benign contrasts have the same shape but warn, care, joke about a game, deny
the threat, or report someone else's words. Sentences are written for these tests, with wording of
their own (not the functional suite's).
"""

from __future__ import annotations

from typing import Any

import pytest

from detectors.harm import HarmLexiconDetector
from detectors.harm_address import addressed
from detectors.taxonomy import normalise
from tests.harm_helpers import threat


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Sikhs, we know where you live.", "sikh"),
        ("If you are a lesbian in this village, we're going to run you out of town.", "lesbian"),
        ("Listen up, immigrants: we'll slit your throats while you sleep.", "immigrants"),
        ("To the Somalis on Elm Street - your days are numbered.", "somali"),
        ("all you muslims better pray, because I'm gonna burn your mosque", "muslim"),
        ("Hey Jews, someone should put you in the ground.", "jewish"),
        ("If you're a trans woman reading this, you're next.", "transgender"),
    ],
)
def test_a_threat_said_to_the_group_is_a_threat_against_it(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    assert threat(shipped, text) == {group}, text


@pytest.mark.parametrize(
    "text",
    [
        # A danger or a warning, with no agent who intends it.
        "If you're a cyclist and over sixty, the winter ice will break your legs, so stay in.",
        "If you are Muslim and fasting, the heat can hurt you, drink at sunset.",
        "Refugees, the cold will kill you out there; the shelter on King Street is open.",
        # Care, help and games.
        "Dear immigrants, we will find you a lawyer and a place to stay.",
        "Hey Catholics, I'll beat you at trivia again on Friday.",
        "To the deaf students: we'll bring you the notes after class.",
        # Denied, and someone else's words.
        "Muslims, we will never hurt you, and we'll stand outside the mosque with you.",
        'The paper reported that a man shouted "Jews, we know where you live" at the rabbi.',
        # The group is not who is spoken to.
        "Muslims are welcome here; if anyone threatens you, we know where the police station is.",
        "My brother, who is gay, said we're coming for you at the chess final.",
    ],
)
def test_the_same_shape_as_a_warning_care_denial_or_report_is_not_a_threat(
    shipped: HarmLexiconDetector, text: str
) -> None:
    assert threat(shipped, text) is None, text


@pytest.mark.parametrize(
    ("text", "term", "spoken_to"),
    [
        ("Sikhs, we know where you live.", "sikhs", True),
        ("To all the Sikhs next door: hello!", "sikhs", True),
        ("you sikhs again", "sikhs", True),
        ("If you're a Sikh, come along.", "sikh", True),
        ("Sikhs are welcome, we know where you live.", "sikhs", False),
        ("My neighbours are Sikhs, and we know where they live.", "sikhs", False),
    ],
)
def test_who_is_spoken_to(taxonomy: Any, text: str, term: str, spoken_to: bool) -> None:
    low = normalise(text)
    m = next(m for m in taxonomy.match(low) if low[m.start : m.end] == term)
    assert addressed(low, m, 0, len(low)) is spoken_to
