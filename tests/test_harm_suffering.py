"""Violence a group suffered, approved by the writer (detectors/harm_suffering.py).

The hateful sentences approve the violence right after reporting it; the contrasts are the same
reports with no approval, an approval of someone else or of something else, a denial, a report of
someone's approval, a relative clause, one person, people named by what they do, and the contest,
defeat and critique senses of "beaten", "shot" and "attacked". Written for these tests, with wording of
their own (neither bench/probes' nor the functional suite's).
"""

from __future__ import annotations

import pytest

from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import run, threat


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Kurds were tortured in those prisons and they deserved it.", "middle_eastern"),
        ("Those Haitians got beaten up last week and they had it coming.", "haitian"),
        ("Lesbians are often attacked on that street, and frankly they deserve it.", "lesbian"),
        ("Hindus have been massacred there for years, which they richly deserved.", "hindu"),
        ("Yeah, Albanians were stabbed at the festival, served them right.", "albanian"),
        ("The Dutch were shot at the border - they got what they deserved.", "dutch"),
        ("The Irish were stabbed and they deserved it.", "irish"),  # "the" makes the demonym plural
        ("Kurds were beaten up by so-called fans and they deserved it.", "middle_eastern"),  # not a dash
    ],
)
def test_approved_suffering_is_a_threat(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    groups = threat(shipped, text)
    assert groups is not None and group in groups, text
    found = [f for f in run(shipped, text) if f.category == "threat"]
    assert any(e.detail.get("frame") == "approved_suffering" for e in found[0].evidence)


@pytest.mark.parametrize(
    "text",
    [
        "Kurds were tortured in those prisons for decades.",  # reported, no approval
        "Those Haitians got beaten up last week and they deserve justice.",  # no approval
        "Lesbians are often attacked on that street, and their attackers had it coming.",  # of others
        "Hindus were massacred there, and none of them deserved it.",  # denied
        "Albanians were stabbed at the festival and nobody thinks they had it coming.",
        "The guards who tortured Kurds were rightly jailed.",  # the group inside a relative clause
        "My aunt was beaten up for being Haitian, and she never forgot it.",  # not the subject
        "The Dutch were beaten in the quarter-final and honestly they deserved it.",  # a contest
        "The French were beaten at Waterloo and they deserved it.",  # bare "beaten": a defeat
        "Feminists were attacked by critics and they had it coming.",  # a critique
        "Hindus were wrongly jailed after the riots.",  # disapproved
        # the approval is someone else's, or said of something else
        "Women get assaulted and people act like they asked for it.",
        "Kurds were tortured and the guards joked they deserved it.",
        "Haitians were attacked by thugs and the thugs got jailed, which they deserved.",
        "Kurds were tortured and they deserved it, the defendant wrote in his manifesto.",
        "Sikhs were attacked and they deserved it according to this vile post.",
        "Sikhs were attacked and they deserved it?",
        # one person, or people named by what they do
        "The Haitian was stabbed and he had it coming, the jury heard.",
        "The Haitian man was stabbed and they had it coming.",  # one person, whoever "they" are
        "The Albanian suspects were shot by police and they had it coming.",
        "The Japanese negotiators were shot down and they had it coming.",
    ],
)
def test_suffering_reported_or_not_approved_is_no_threat(shipped: HarmLexiconDetector, text: str) -> None:
    assert threat(shipped, text) is None, text


def test_a_reported_approval_is_reported(shipped: HarmLexiconDetector) -> None:
    found = [
        f
        for f in run(shipped, 'The witness said, "Kurds were tortured and they deserved it."')
        if f.category == "threat"
    ]
    assert found and not found[0].flagged
    assert found[0].evidence[0].detail["reported"]
