"""A group joked to be incompatible with a quality (harm_incompatible), motives imputed to a group's
acts (harm_motives), and habits pinned on a group (the twenty-seventh round's `negative_behaviours`).
Contrasts: idioms with no group, two things that are no quality, children and teenagers, the
writer's own group or family, the joke rebutted or told as someone else's, one person's habit or
motive, a rule of eligibility. Sentences are written for these tests."""

from __future__ import annotations

import pytest

from detectors import harm_incompatible as incompatible
from detectors import harm_motives as motives
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
        # helper-148's review: abilities, a plural with "a unicorn"
        ("Black people and swimming don't mix.", "black"),
        ("Nigerians with honesty? A unicorn.", "nigerian"),
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
        # helper-148's review: family, teenagers, a speaker named after the joke
        "My husband and good taste don't mix, look at that sofa.",
        "My dad and maths don't mix, so I do his taxes.",
        "Teenagers and punctuality don't mix, as every parent knows.",
        "Men and restraint don't mix at an open bar, my brother says.",
        "A Christian with modesty? Never met one, said the atheist in the sitcom.",
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
        "Chinese people eat dogs.",
        "Pensioners hog the self-checkout counting coins.",
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
        "Koreans eat kimchi with most meals.",
        "Single mothers raise their kids alone more often than they used to.",
        "My cousin, a proud Nigerian, jokes that Nigerians never tip, but he tips 25%.",
    ],
)
def test_one_persons_habit_and_rebutted_habits_are_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert not any(f.flagged for f in shipped.score_text("t", text, shipped.taxonomy.match(text))), text


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Latinos only have babies over here for the passport.", "hispanic_latino"),
        ("Jews only give to charity for the tax breaks and the good PR.", "jewish"),
        ("Those Iranian asylum seekers? They only convert for the food bank parcels.", "iranian"),
        ("Gay couples only adopt to make a political point.", "gay"),
        ("Black athletes only take a knee to get attention.", "black"),
    ],
)
def test_a_motive_imputed_to_a_groups_act_is_flagged(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    found = frame_groups(shipped, text, motives.FRAME)
    assert group in found, (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "He only took the job for the money, that landlord.",
        "Many migrants came for the visa lottery.",
        "Pensioners only qualify for the benefits at 66.",
        "Refugees only get the visa if a sponsor vouches for them.",
        "It's a myth that Latinos only have babies here for the passport.",
        "Students only join the society for the free stuff.",
    ],
)
def test_motives_of_one_person_rules_and_rebuttals_are_not_read(shipped: HarmLexiconDetector, text: str) -> None:
    assert not frame_groups(shipped, text, motives.FRAME), text
