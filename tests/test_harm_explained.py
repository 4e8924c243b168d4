"""A person's fault explained by their group (the twelfth round).

"She's stingy because she's <group>", "of course he cheated me, he's <group>" and "she's lazy like
all <group>" each give the group as the cause of one person's fault: a stereotype said without "all
<group> are". Each hateful sentence has benign contrasts of the same shape: another cause, a cause
denied, a fault someone else claims, a question, an idiom, no fault at all, age and disability, and
the same words reported. Sentences are written for these tests, with wording of their own.
"""

from __future__ import annotations

import pytest

from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import flagged_by_category as flagged


@pytest.mark.parametrize(
    ("text", "group", "link"),
    [
        ("My landlord is so greedy because he's Jewish.", "jewish", "because"),
        ("The neighbours are filthy since they're Roma.", "roma", "because"),
        ("He cheated me at cards, but then he's Romanian, what do you expect.", "romanian", "expected"),
        ("Naturally she was rude to the staff, she's Russian.", "russian", "expected"),
        ("Of course he ripped me off. He's Nigerian after all.", "nigerian", "expected"),
        ("He is aggressive like most Somalis.", "somali", "like"),
        ("She's a liar, as all Pakistanis are.", "pakistani", "like"),
        ("He's Iraqi, so of course he's violent.", "iraqi", "therefore"),
        ("You're so rude because you're French.", "french", "because"),
        ("No surprise the guy's a crook, he's Lebanese.", "lebanese", "expected"),
        ("Naturally she's sneaky, she's Iranian, what did you expect?", "iranian", "expected"),
        ("My landlord is crooked because he's Jewish.", "jewish", "because"),
        ("She's so bossy because she's a girl.", "women", "because"),
        ("Of course he's a liar, he's Pakistani, what else would you expect?", "pakistani", "expected"),
    ],
)
def test_a_fault_explained_by_the_group_is_a_generalisation(
    shipped: HarmLexiconDetector, text: str, group: str, link: str
) -> None:
    found = flagged(shipped, text)
    assert "generalisation" in found, text
    finding = found["generalisation"]
    assert group in finding.groups
    explained = [e for e in finding.evidence if (e.detail or {}).get("frame") == "explained_by_group"]
    assert explained and explained[0].detail["link"] == link, finding.evidence


@pytest.mark.parametrize(
    "text",
    [
        # a fault idiom with "the"; a holder before the subject's noun phrase; the group first, then
        # another person's fault
        "Of course he smells the roses, he's French.",
        "Everyone thinks the neighbour is a thief because he's Albanian.",
        "She's Nigerian, so of course he stole it.",
        # another cause, or the group's cause denied
        "He's grumpy because he's hungry.",
        "She's rude because she's exhausted, not because she's Polish.",
        # a fault someone else claims, or a question
        "They called her dirty because she's Roma.",
        "Everyone assumed he was a thief because he's Albanian.",
        "Why do people think she's lazy because she's Mexican?",
        # no fault at all, or a fault idiom
        "Of course he speaks Arabic, he's Egyptian.",
        "Of course she's brilliant at chess, she's Russian and trained in Moscow.",
        "He stole the match in the last minute. Of course, he's Brazilian.",
        "She smells the bread every morning, she's French.",
        # not side by side: the group clause goes on
        "He was rude to the waiter, he's Turkish and had just landed after a long flight.",
        "The suspect stole a van. He's Romanian, police said.",
        # age and disability
        "Of course he's slow. He's elderly.",
        # nor an older reading's "slow elderly" across a new clause (derogation)
        "Of course he's slow, he's elderly.",
        "Obviously they're cheap, they're Chinese knockoffs.",
        "She's slow at reading because she's dyslexic.",
        # a victim, a fault in a setting, and echoes that reject the claim
        "She was scammed because she's a refugee.",
        "They're aggressive on the court, they're Nigerians after all.",
        "Summary of his post: she's lazy because she's Mexican. Embarrassing.",
        "He's a criminal because he's Black. That's the entire argument? Wow.",
        # positive, and "like all" of a non-group
        "She's generous like all Sikhs I know.",
        "He's greedy like all bankers.",
    ],
)
def test_explanation_benign_contrasts(shipped: HarmLexiconDetector, text: str) -> None:
    assert flagged(shipped, text) == {}, text
