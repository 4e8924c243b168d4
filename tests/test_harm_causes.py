"""A group's outcomes put down to its people's character (harm_causes, the twenty-fourth round):
the group named, a word giving a cause ("because", "comes down to", "a product of"), then a fault
of its people or what is theirs ("they don't value ...", "the religion itself", "their mindset"),
or the next sentence pointing back with the cause ("Much of that is because they ...").

Contrasts of the same words: a cause that is not the group's character (a thing, employers, a
policy), the cause denied or set aside, the writer's own choices, a claim reported and answered
with evidence, the question itself. Sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from detectors import harm_causes as causes
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import frame_groups, run


def _read(det: HarmLexiconDetector, text: str) -> set[str]:
    return frame_groups(det, text, causes.FRAME)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Roma families stay poor because they don't value schooling.", "roma"),
        ("The pay gap mostly comes down to women lacking the drive to ask for more.", "women"),
        ("Muslim countries are poorer, and that is a product of the religion itself.", "muslim"),
        ("Immigrants end up in bad jobs because they aren't smart enough for better ones.", "immigrants"),
        ("Disabled people are out of work mostly because they can't be bothered to look.", "disabled"),
        ("millennials are broke bc they waste all their money on brunch", "millennials"),
        ("Low-income families carry more debt, mainly because they lack financial discipline.", "poor"),
        ("The gap is just because Black families spend everything on cars.", "black"),
        ("Mexicans earn less due to their mindset about work.", "mexican"),
        ("Nigerians stay poor. Much of that is because they refuse to work.", "nigerian"),
        ("Hindus have lower incomes there. The biggest factor is the religion itself.", "hindu"),
        ("Why do so few Germans get promoted? Maybe they're not wired for leadership.", "german"),
        ("Roma stay poor because of their mindset, which never changes.", "roma"),
        ("Roma stay poor. Cuz they're lazy.", "roma"),
        ("Roma stay poor because they lack discipline in everything.", "roma"),
        ("Older workers get laid off because they're lazy.", "older_people"),
    ],
)
def test_an_outcome_put_down_to_the_groups_character_is_flagged(
    shipped: HarmLexiconDetector, text: str, group: str
) -> None:
    assert group in _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # a cause that is not the group's character: a thing, employers, a policy
        "Immigrants are poorer at first because their degrees aren't recognised.",
        "Black patients get worse care because doctors don't take their pain seriously.",
        "Disabled people are out of work because employers don't want to make adjustments.",
        "Pacific Islanders have high obesity rates, largely because cheap imported food replaced their diet.",
        "Refugees don't work because they are not allowed to work while claims are processed.",
        "Gen Z are anxious because they don't have stable jobs.",
        # the cause denied or set aside
        "Women leave tech not because they lose interest but because of how they are treated.",
        "Older workers get laid off first because they cost more, not because they lack the drive.",
        "Haiti is poor because of its history, and it's not their mindset.",
        "Poverty in some Muslim countries comes down to war and oil, rather than the religion itself.",
        # the writer's own choices
        "As a Muslim I earn less because I make poor choices with money, and I own that.",
        # reported and answered with evidence
        "People say Roma stay poor because they don't want to work, but the research shows hiring bias.",
        # the question alone
        "Do Roma stay poor because they don't value schooling?",
        # a fault of someone else in the clause
        "Gay men died young in the 1980s because a government didn't care.",
        # the review's false flags (helper-119): no outcome, a fault owned by others or done to
        # the group, an agent, too many people, a medical fact, a day of rest
        "Muslims fast during Ramadan because the religion itself commands it.",
        "Roma children are pushed out of mainstream schools because of the mindset of many teachers.",
        "Disabled people are shut out of jobs because of a cultural thing in hiring where any gap is a red flag.",
        "Women quit engineering jobs because the culture there doesn't value them.",
        "Roma families were evicted in midwinter by the city council, because they simply don't care.",
        "Homeless veterans die on the streets because too many people just don't care.",
        "Ashkenazi Jews have higher rates of BRCA mutations due to something in their genes.",
        "Adventists were fired from the factory because they refuse to work on Saturdays.",
        # an opening that points back at a sentence with no outcome; a medical fact in the answer;
        # everyday words that are no outcome
        "I visited Spain last summer. Part of it is that Roma don't value schooling.",
        "Ashkenazi Jews have higher rates of BRCA mutations. That's due to something in their genes.",
        "Many Muslims stay up late during Ramadan because the religion itself commands it.",
        # filler before the link is no outcome
        "Many Muslims fast during Ramadan because the religion itself commands it.",
        "Many Hindus are vegetarian because they don't value meat.",
        # a thing's attribute, not the group's people's
        "Muslims are poorer there, because a mosque is the worst place to hold a market.",
    ],
)
def test_a_cause_that_is_not_the_groups_character_is_not(shipped: HarmLexiconDetector, text: str) -> None:
    assert not _read(shipped, text), text


def test_the_span_runs_from_the_group_to_the_fault(shipped: HarmLexiconDetector) -> None:
    text = "Roma families stay poor because they don't value schooling, sadly."
    spans = [e.span for f in run(shipped, text) for e in f.evidence if e.detail.get("frame") == causes.FRAME]
    assert spans == [(0, text.index(" schooling"))]


def test_a_long_sentence_of_links_and_faults_is_read(shipped: HarmLexiconDetector) -> None:
    # every word count is bounded by characters (the timings are in docs/performance.md); the
    # claim opening a long sentence of links and faults is still read
    text = "Roma are poor because they don't care " + "because lazy and because the rent went up " * 500 + "."
    assert "roma" in _read(shipped, text)
