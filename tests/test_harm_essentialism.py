"""Stereotypes put politely (the fifteenth round): a trait put down to the group's nature, conduct
called notorious, verdicts with their copula, a second predicate after "but", a group named by a
role behind modifiers, praise called surprising, advice to scrutinise a group more, and what a
group is at risk of.

Hateful readings: "<group> are naturally ...", "have a natural knack for ...", "they're just
wired for ..." (essentialism, whatever the trait, praise included), "are notorious for", "rely on
welfare", "are terrible", "are good at X but lack Y", "<group> business partners tend to be ...",
"your <group> colleague is surprisingly punctual", "screen <group> applicants more carefully".
Benign contrasts of the same words: the trait denied, called a myth or refused as the explanation
("not because <group> are inherently ..."), "naturally" meaning "of course", an age group's
development, a shop praised, care for the old, scrutiny of everyone, and a disease named as a risk
("are at higher risk of Tay-Sachs disease"), which is medicine, not a dehumanising metaphor.
Sentences are written for these tests, with wording of their own.
"""

from __future__ import annotations

import pytest

from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import assert_read_as
from tests.harm_helpers import flagged_by_category as flagged


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # a trait put down to the group's nature, praise included
        ("Filipinos are naturally cheerful, so they make great nurses.", "filipino"),
        ("Jewish accountants often have a natural knack for money.", "jewish"),
        ("Men are naturally better at managing money than women.", "men"),
        ("Lesbians are just naturally more aggressive.", "lesbian"),
        ("Mexicans are by nature cheerful.", "mexican"),
        ("Kenyans are naturally suited to long-distance running.", "kenyan"),
        ("Women are hard-wired to be nurturing.", "women"),
        # conduct called notorious, and conduct a stereotype names
        ("Albanians are notorious for petty theft.", "albanian"),
        ("Somalis mostly come for the benefits.", "somali"),
        ("Roma live off welfare.", "roma"),
        ("Older workers generally lack the drive to learn.", "older_people"),
        # verdicts with their copula, and a second predicate after "but"
        ("Women drivers are terrible.", "women"),
        ("Polish builders are the worst.", "polish"),
        ("Muslims are incompatible with Western values.", "muslim"),
        ("Chinese students are good at exams but lack creativity.", "chinese"),
        # a role behind modifiers, a quality denied, a pronoun's contracted copula
        ("Korean software engineers tend to be pushy.", "korean"),
        ("Somali cab drivers are usually quite superstitious.", "somali"),
        ("Conservatives tend to be less creative.", "conservatives"),
        ("I hired a Kenyan once. They're naturally obedient.", "kenyan"),
        ("Koreans are top of the class because they're just wired for numbers.", "korean"),
        # doubt cast on what the group's people say of themselves
        ("Nigerians often inflate their credentials.", "nigerian"),
        ("Liberals are usually faking it.", "liberals"),
        # a quality denied with the contracted copula, and an older age group's nature
        ("Women aren't smart enough to lead.", "women"),
        ("Black people aren't natural leaders.", "black"),
        ("Old people are naturally bad at technology.", "older_people"),
    ],
)
def test_a_stereotype_put_politely_is_read(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    assert_read_as(shipped, text, "generalisation", group)


@pytest.mark.parametrize(
    "text",
    [
        # the trait denied, or rejected as a myth
        "Women are not naturally worse at maths.",
        "It's a myth that Kenyans are innately suited to running.",
        # "naturally" meaning "of course", and an age group's development
        "Immigrants naturally want the best for their children.",
        "Toddlers are naturally curious about everything.",
        # "notorious" said of someone else, and a verdict on what the group suffers
        "Refugees often face terrible conditions in the camps.",
        "The landlord was notorious for ignoring Somali tenants.",
        # a disease as a risk, not a metaphor, and nature named with a disease
        "Ashkenazi Jews are at higher risk of Tay-Sachs disease.",
        "Women are naturally more likely to develop osteoporosis after menopause.",
        "Black Americans are more often affected by sickle cell disease.",
        # "but" starting a clause of its own
        "Chinese students work hard, but teachers lack patience with them.",
        # an explanation refused, and a modifier that names no role
        "Nurses from Kenya are common abroad because of training schemes, not because Kenyans are naturally caring.",
        "Black Friday shoppers are terrible.",
        # a fault denied with the contracted copula, and children's nature
        "Immigrants aren't criminals.",
        "Immigrants aren't the ones taking our jobs.",
        "Young children are naturally better at learning accents than adults.",
        # nature named without a trait, a feeling, or everyone's nature
        "Men are naturally taller than women on average.",
        "Deaf people are naturally fluent in sign language.",
        "Immigrants are naturally worried about their visas.",
        "Muslims are peaceful by nature, like most people.",
        # a quality denied of something else, and conduct compared favourably or explained
        "Muslims are not motivated by hate.",
        "Immigrants live off welfare less than natives do.",
        "Refugees rely on welfare because they are banned from working.",
    ],
)
def test_the_same_words_without_a_stereotype_are_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert flagged(shipped, text) == {}, text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Roma are a disease on this town.", "dehumanisation"),
        ("Roma are a pack of rats.", "dehumanisation"),
        # a refused explanation leaves the claim before it standing
        ("Roma are violent, not because of poverty, but because of who they are.", "generalisation"),
    ],
)
def test_claims_around_the_new_guards_still_flag(shipped: HarmLexiconDetector, text: str, category: str) -> None:
    """Only a word of risk makes a disease medicine, and only the claim right after "not because"
    is a refused explanation."""
    assert category in flagged(shipped, text), text


@pytest.mark.parametrize(
    ("text", "category", "group"),
    [
        # praise called surprising presupposes the group is not so
        ("Your Nigerian landlord sounds surprisingly honest.", "implicit_derogation", "nigerian"),
        ("Sikhs are surprisingly friendly once you get to know them.", "implicit_derogation", "sikh"),
        ("Her essay was impressive, especially for a Roma girl.", "implicit_derogation", "roma"),
        # scrutiny advised for a group's people, more than for others
        ("You may want to vet Pakistani applicants more carefully.", "discrimination_advice", "pakistani"),
        ("I'd suggest keeping a closer eye on Roma customers.", "discrimination_advice", "roma"),
        ("It helps to ask Albanian tenants for extra references.", "discrimination_advice", "albanian"),
        # advice to keep a group out, whatever benign word describes them
        ("It's best to avoid hiring Russians altogether, even naturalised citizens.", "exclusion", "russian"),
        # the group told to keep to itself
        ("Conservative students would be happier with their own kind.", "exclusion", "conservatives"),
        ("Somalis should stick with their own community.", "exclusion", "somali"),
    ],
)
def test_backhanded_praise_and_unequal_scrutiny_are_read(
    shipped: HarmLexiconDetector, text: str, category: str, group: str
) -> None:
    assert_read_as(shipped, text, category, group)


@pytest.mark.parametrize(
    "text",
    [
        # praise of a thing, or surprise at a number
        "The Ethiopian restaurant was surprisingly good.",
        "The price is good for a Japanese car.",
        "It is surprisingly common for Sikhs to cook for strangers.",
        # the same scrutiny for everyone, care for the old, and scrutiny refused
        "Screen all applicants carefully.",
        "Keep a closer eye on elderly patients after surgery.",
        "Screen South Asian patients more closely for diabetes.",
        "Keep a closer eye on gay teenagers, they are at higher risk of bullying.",
        "Don't screen Pakistani applicants more carefully than anyone else.",
        # keeping to one's own said of a person's friends, and making it up in a game
        "My Somali neighbour likes to stick with his own friends.",
        "The Sikh kids were making it up as they went along in the game.",
        # asking without an extra, and a thing watched
        "Ask Sikh colleagues what they need for the festival.",
        "Watch Korean films more closely for the subtitles.",
    ],
)
def test_praise_of_things_and_equal_scrutiny_are_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert flagged(shipped, text) == {}, text
