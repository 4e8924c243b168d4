"""Groups named by a description (detectors/described.py): an age as a number or a decade, a
nationality as the country people come from; and what the twenty-eighth round reads of them: a
place between a group and what is said of it, "keep <group> off <a duty>", tags that hold a claim of
the whole group. Contrasts: numbers that count something, things from a country, a country that is
a name, what keeps people safe, praise, customs. Sentences are written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from detectors import described
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import flagged_by_category, run


def _groups(taxonomy: Any, text: str) -> dict[str, set[str]]:
    """Each mention's words -> the groups it names."""
    out: dict[str, set[str]] = {}
    for m in taxonomy.match(text):
        out.setdefault(m.term, set()).add(m.group)
    return out


@pytest.mark.parametrize(
    ("text", "term", "group"),
    [
        ("Candidates over 50 usually can't keep up.", "Candidates over 50", "older_people"),
        ("Staff aged 55 and over get an extra day off.", "Staff aged 55 and over", "older_people"),
        ("Applicants in their late fifties rarely apply.", "Applicants in their late fifties", "older_people"),
        ("People in their 60s vote more often.", "People in their 60s", "older_people"),
        ("Sixty-year-olds remember the moon landing.", "Sixty-year-olds", "older_people"),
        ("70 year old workers are rare on site.", "70 year old workers", "older_people"),
        ("The over-40s league meets on Sundays.", "over-40s", "older_people"),
        ("Anyone past 55 can join.", "Anyone past 55", "older_people"),
        ("Employees north of 50 were surveyed.", "Employees north of 50", "older_people"),
        ("Those over 60 years old ride free.", "Those over 60 years old", "older_people"),
        ("Fifty-somethings are the new gym crowd.", "Fifty-somethings", "older_people"),
        ("Renters under 25 pay more for insurance.", "Renters under 25", "young_people"),
        ("16-year-olds can't vote here.", "16-year-olds", "teenagers"),
        ("People from Nigeria make up a big share of the intake.", "People from Nigeria", "nigerian"),
        ("Families who fled from Syria arrived in May.", "Families who fled from Syria", "syrian"),
        ("Anyone born in Romania needs a visa.", "Anyone born in Romania", "romanian"),
        ("Guys from the UK queue properly.", "Guys from the UK", "british"),
        ("People from Ghana and Nigeria met.", "People from Ghana and Nigeria", "nigerian"),  # a list
        ("People from Ivory Coast met.", "People from Ivory Coast", "african"),
        ("The over 50's league meets here.", "over 50's", "older_people"),
        ("Over-50 workers were surveyed.", "Over-50 workers", "older_people"),
        ("The 50+ crowd loves it.", "50+ crowd", "older_people"),
        ("People 65 and older ride free.", "People 65 and older", "older_people"),
        ("Staff over sixty-five retire.", "Staff over sixty-five", "older_people"),
        ("That lot from Albania are loud.", "lot from Albania", "albanian"),
        ("Students from Lebanon won the prize.", "Students from Lebanon", "lebanese"),
        ("When an employee over 55 asks, say yes.", "employee over 55", "older_people"),  # any one of them
        ("Women in hijabs run the stall.", "Women in hijabs", "muslim"),
        ("Guys with yarmulkes were at the match.", "Guys with yarmulkes", "jewish"),
        ("Anyone wearing a niqab may enter.", "Anyone wearing a niqab", "muslim"),
        ("People with dyslexia read differently.", "People with dyslexia", "neurodivergent"),
        ("Anyone living with schizophrenia can apply.", "Anyone living with schizophrenia", "mentally_ill"),
        ("Families who keep kosher shop here.", "Families who keep kosher", "jewish"),
        ("People that fast for Ramadan start work early.", "People that fast for Ramadan", "muslim"),
    ],
)
def test_a_group_named_by_its_description_is_a_mention_of_the_whole_phrase(
    taxonomy: Any, text: str, term: str, group: str
) -> None:
    assert group in _groups(taxonomy, text).get(term, set()), (text, _groups(taxonomy, text))


@pytest.mark.parametrize(
    "text",
    [
        "Over 50 candidates applied for the role.",  # a count before the noun
        "Players over 50 games get a medal.",  # a number that counts games
        "Users over 50 GB pay extra.",
        "Applicants over 60% of the time withdraw.",
        "Drivers over 70 mph will be fined.",
        "Customers over 18 years of age may enter.",  # an age, but no older group
        "Workers over 40 hours a week get overtime.",
        "A parcel from Nigeria arrived today.",  # no person from the country
        "We import a lot from China.",  # an amount, not "that lot"
        "My friend Jordan came from Jordan Street.",  # lowercase-safe names need a capital
        "Shipments from us to the warehouse are late.",  # "us", the pronoun
        "Kids under 5 go free.",  # young children are no group of the taxonomy
        "My colleague from Poland starts Monday.",  # one person
        "Members over 50 years of service are honoured.",  # years of service, no age
        "Patients over 40 BMI need a review.",
        "The guys from Chad's team won.",  # a name
        "Women in the UK are paid less than men.",  # where people live, not their nationality
        "The woman from Nigeria won.",
    ],
)
def test_a_number_or_a_country_that_names_no_group_is_no_mention(taxonomy: Any, text: str) -> None:
    found = {g for gs in _groups(taxonomy, text).values() for g in gs}
    assert not found & {
        "older_people",
        "young_people",
        "teenagers",
        "nigerian",
        "chinese",
        "polish",
        "american",
        "african",
        "british",
    }, (
        text,
        found,
    )


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("People with disabled kids need support.", {"disabled": {"disabled"}}),  # the kids have it
        ("Parents with autistic children are tired.", {"autistic children": {"autistic"}}),
        ("A man in a kippah and his son.", {"man": {"men"}, "son": {"men"}}),  # one person: no faith named
        ("A man in his twenties and a man in his seventies.", {"man": {"men"}}),  # two people, no groups
        ("I keep kosher at home.", {}),  # the writer, no group
    ],
)
def test_a_description_of_one_person_or_of_someone_else_is_not_joined(
    taxonomy: Any, text: str, mentions: dict[str, set[str]]
) -> None:
    assert _groups(taxonomy, text) == mentions


def test_a_listed_mention_inside_a_described_one_keeps_both_groups(taxonomy: Any) -> None:
    found = _groups(taxonomy, "Immigrants from Mexico opened the bakery.")
    assert found == {"Immigrants from Mexico": {"immigrants", "mexican"}}


@pytest.mark.parametrize(
    ("word", "value"), [("55", 55), ("sixty", 60), ("sixty-five", 65), ("seventy two", 72), ("lots", None)]
)
def test_written_ages_are_read_as_numbers(word: str, value: int | None) -> None:
    assert described.number(word) == value


def test_countries_come_from_the_flags_and_their_aliases(taxonomy: Any) -> None:
    assert taxonomy.countries["nigeria"] == "nigerian"
    assert taxonomy.countries["uk"] == taxonomy.countries["united kingdom"] == "british"
    assert "rainbow flag" not in taxonomy.countries  # an emoji for a group, not a country


@pytest.mark.parametrize(
    ("text", "category", "group"),
    [
        ("Workers over 55 are slow and set in their ways.", "generalisation", "older_people"),
        ("People from Nigeria will scam you, never trust them.", "generalisation", "nigerian"),
        ("Young people at work are useless.", "generalisation", "young_people"),
        ("Muslims in the office are lazy.", "generalisation", "muslim"),
        ("Mexicans on my street are thieves.", "generalisation", "mexican"),
        ("Keep Romanians off the stockroom shift, things go missing.", "exclusion", "romanian"),
        ("Keep anyone over 60 off the rota.", "exclusion", "older_people"),
        (
            "Tenants under 25 always skip on rent, they're all the same.",
            "generalisation",
            "young_people",
        ),
        (
            "The ones from Albania run every drug line in this town, you know what they're like.",
            "generalisation",
            "albanian",
        ),
        # helper-153's review
        ("Keep Muslims out of this country.", "exclusion", "muslim"),
        ("Keep women off company boards.", "exclusion", "women"),
        ("Anyone born in Romania is a thief.", "generalisation", "romanian"),
        ("People from Ghana and Nigeria are all criminals.", "generalisation", "nigerian"),
        ("Workers over fifty are slow and useless.", "generalisation", "older_people"),
        ("Over-50 workers are slow and lazy.", "generalisation", "older_people"),
    ],
)
def test_what_is_said_of_a_described_group_is_read(
    shipped: HarmLexiconDetector, text: str, category: str, group: str
) -> None:
    found = flagged_by_category(shipped, text)
    assert category in found and group in found[category].groups, (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "Workers over 55 are eligible for the phased retirement scheme.",
        "People from Nigeria make up the largest group of African-born doctors here.",
        "Women in tech are underrepresented on boards.",
        "Muslims in the office are fasting this month.",
        "Keep teenagers off the streets at night with more youth clubs.",
        "Keep toddlers off the ice, it's thin.",
        "Nigerians are the kindest people I know, they're all like that.",  # praise
        "Older people vote more often, look it up.",  # an appeal to evidence is no tag
        "Japanese people bow when they greet, it's their culture.",  # a custom
        "My friends from Poland drink tea all day.",
        "Keep people from Nigeria out of this, they did nothing wrong.",  # "out of this": no place
        "Workers out of Poland built this bridge.",  # not "<group> out"
        "Anyone over 65 gets a free bus pass.",
        # helper-153's review
        "Grandparents over 70 always have time for you, that's just how they are.",
        "Women over 50 make up most of the NHS workforce. Don't be naive.",
        "Keep elderly patients off the stairs at night.",
        "People with dyslexia often get extra time in exams.",
    ],
)
def test_fair_text_about_a_described_group_is_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    found = flagged_by_category(shipped, text)
    assert not found, (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "Us old-timers at the chess club still beat the teenagers.",
        "Keep in mind that Jews in the group may have dietary needs.",
        "Women in tech are here to stay.",
    ],
)
def test_past_a_place_only_what_is_negative_is_read(shipped: HarmLexiconDetector, text: str) -> None:
    """Not even an unflagged generalisation: the head reads the harm lexicon's scores as features."""
    assert not [f for f in run(shipped, text) if f.category == "generalisation"], text
