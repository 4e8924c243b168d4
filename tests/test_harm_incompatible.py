"""A group joked to be incompatible with a quality (harm_incompatible), and habits and motives
pinned on a group (the twenty-seventh round's `negative_behaviours`). Contrasts: idioms with no
group, two things that are no quality, children, the writer's own group, the joke rebutted or
reported, one person's habit or motive. Sentences are written for these tests."""

from __future__ import annotations

import pytest

from detectors import harm_incompatible as incompatible
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import frame_groups


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Swedes and a sense of humour don't mix.", "nordic"),
        ("Greeks and punctuality? Yeah right.", "greek"),
        ("Dutch people and modesty, name a worse duo 😂", "dutch"),
        ("Canadians? humour? pick one.", "canadian"),
        ("Pensioners and patience don't go together, trust me.", "older_people"),
        ("Lesbians and femininity, oil and water lol", "lesbian"),
        ("a Polish plumber with manners? never met one", "polish"),
        ("A Tory with a conscience is like a unicorn.", "conservatives"),
        ("You'll never meet a Mormon with a sense of humour.", "mormon"),
    ],
)
def test_a_group_joked_incompatible_with_a_quality_is_flagged(
    shipped: HarmLexiconDetector, text: str, group: str
) -> None:
    found = frame_groups(shipped, text, incompatible.FRAME)
    assert group in found, (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "Oil and water don't mix.",
        "Vegans? Manners? Pick one.",
        "Cats and baths don't mix.",
        "Alcohol and antibiotics don't mix, so skip the wine this week.",
        "Toddlers and patience don't mix.",
        "Diabetics and sugar don't mix.",
        "Me and maths don't mix lol",
        "Us Scots and generosity? Never in the same sentence 😂",
        "It's a myth that Nigerians and hygiene don't mix.",
        "People say Scots and generosity don't mix, which is nonsense.",
        "Italians and pasta, name a worse duo? Impossible, it's perfect.",
        "Greeks and punctuality are both on the meeting agenda; pick one topic to start.",
        "A Polish plumber with manners fixed our boiler yesterday.",
        "I've never met a Mormon with a sense of humour like my brother's.",
    ],
)
def test_idioms_without_a_group_and_rebutted_jokes_are_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert not any(f.flagged for f in shipped.score_text("t", text, shipped.taxonomy.match(text))), text


@pytest.mark.parametrize(
    "text",
    [
        "Half these migrants are only in it for the benefits.",
        "Had Polish builders in last month. They always drink on the job.",
        "Republicans never tip, ever.",
        "Irish lads are always starting fights on a night out.",
        "Those Albanians are always playing the victim.",
        "Roma kids always run wild in the shop.",
    ],
)
def test_habits_and_motives_pinned_on_a_group_are_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert any(f.flagged for f in shipped.score_text("t", text, shipped.taxonomy.match(text))), text


@pytest.mark.parametrize(
    "text",
    [
        "Dave always starts a fight after two pints.",
        "He's only in it for the money, that landlord.",
        "It's a myth that Irish people are always starting fights.",
        "Many migrants came for the visa lottery.",
        "Toddlers run wild at soft play, that's the point of it.",
    ],
)
def test_one_persons_habit_and_rebutted_habits_are_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert not any(f.flagged for f in shipped.score_text("t", text, shipped.taxonomy.match(text))), text
