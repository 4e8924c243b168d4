"""Names, pronouns and titles ruled by birth sex, and singular "they" derided for one person
(harm_sex_rules). Contrasts: the rule set aside, sex recorded without naming anyone by it, papers
for an errand, singular "they" defended or asked about, a manager's view reported and answered.
Sentences are written for these tests."""

from __future__ import annotations

import pytest

from detectors import harm_sex_rules as sex_rules
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import frame_groups


@pytest.mark.parametrize(
    "text",
    [
        "Calling her 'he' is just biology.",
        "Grammar matters: 'they' for one person is simply incorrect.",
        "I'm sorry, madam, our policy is to address customers by their sex at birth.",
        "One person is a he or a she, end of discussion.",
        "Please refer to her by her biological sex in the minutes.",
        "Careful editors describe each person with the pronoun that matches their sex.",
    ],
)
def test_naming_ruled_by_sex_is_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert frame_groups(shipped, text, sex_rules.FRAME), text


@pytest.mark.parametrize(
    "text",
    [
        "Is 'they' for one person incorrect? Most style guides say no.",
        "My manager grumbles that 'they' for one person is bad grammar, but our style guide disagrees.",
        "Singular 'they' for one person is perfectly grammatical.",
        "The clinic records sex at birth and gender identity separately.",
        "Use the name on your birth certificate for the passport application.",
        "Use the pronouns a person asks for, not the ones that match their sex at birth.",
        "Dosing charts list doses by biological sex and weight.",
        # helper-144's review: no gender said, singular they defended, a stereotype refused
        "She says her favourite class at school is biology.",
        "Table 1 lists patients by their sex, age and diagnosis.",
        "For her kidney test, the lab used her biological sex to set the reference range.",
        "They argued for hours, but only one of them is right.",
        "Using 'they' for one person is correct.",
        "Hair after chemo doesn't make you a woman; you always were one.",
        "Cosmetic surgery doesn't change your DNA.",
    ],
)
def test_rules_set_aside_and_sex_recorded_are_not_read(shipped: HarmLexiconDetector, text: str) -> None:
    assert not frame_groups(shipped, text, sex_rules.FRAME), text
