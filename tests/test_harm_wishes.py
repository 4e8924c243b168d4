"""Death wished on a group, a world better without it, hatred or disgust felt for a group, denied
humanity, "every one of them", health words said of a group, hate quoted as an example of speech,
exclusion from a place and the negative question (the tenth round and its reviews).

Each hateful sentence has benign contrasts with the same words and shape: the wish denied or aimed
at no death, the group narrowed by a relative clause or read as a thing, a single person, the same
words reported or denounced. Sentences are written for these tests, with wording of their own.
"""

from __future__ import annotations

import pytest

from detectors.harm import HarmLexiconDetector
from detectors.harm_wishes import rhetorical
from tests.harm_helpers import flagged_by_category as flagged
from tests.harm_helpers import threat


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("I hope every Nigerian in this city drops dead.", "nigerian"),
        ("Honestly I wish the Kurds would all just disappear.", "middle_eastern"),
        ("I'd be glad if those lesbians got cancer.", "lesbian"),
        ("Can't wait until the Amish die out for good.", "christian"),  # the taxonomy files the Amish under it
        ("Praying that all of the refugees drown at sea.", "refugees"),
        ("It would be great if trans people killed themselves.", "transgender"),
        ("We'd celebrate if the Chinese were wiped out.", "chinese"),
    ],
)
def test_a_wish_for_a_groups_death_is_a_threat(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    found = flagged(shipped, text)
    assert "threat" in found, text
    assert group in found["threat"].groups
    assert any(e.detail.get("frame") == "death_wish" for e in found["threat"].evidence)


@pytest.mark.parametrize(
    "text",
    [
        "I would never wish that Nigerians drop dead.",  # denied
        "I hope fewer refugees drown at sea this year.",  # a wish for fewer deaths
        "I pray the refugees don't drown.",  # the death negated
        "I hope the old man dies.",  # one person
        "I wish the Kurds who died in the attack were remembered.",  # a relative clause, no wish for death
        "I hope the Amish language dies out.",  # the group's adjective names a thing
        "I hope Nigerians win the final.",  # no death
        'My uncle wrote: "I hope all the refugees drown." Monstrous.',  # someone else\'s words
    ],
)
def test_death_wish_contrasts_are_not_threats(shipped: HarmLexiconDetector, text: str) -> None:
    assert threat(shipped, text) is None, text


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Europe would be far better off without Muslims.", "muslim"),
        ("Wouldn't this town be a better place without the Roma?", "roma"),
        ("Don't you think offices would be better without women?", "women"),
        ("Our schools would be safer without immigrants in them.", "immigrants"),
    ],
)
def test_better_without_a_group_is_exclusion(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    found = flagged(shipped, text)
    assert "exclusion" in found, text
    assert group in found["exclusion"].groups
    evidence = [e for e in found["exclusion"].evidence if e.detail.get("frame") == "better_without"]
    assert evidence and evidence[0].text in text


@pytest.mark.parametrize(
    "text",
    [
        "Europe would not be better off without Muslims.",  # denied
        "The film would be better without the Mexican accent.",  # a thing the adjective names
        "The league is better without Russian doping.",  # a thing
        "Muslims would be better off without extremist leaders.",  # the group is the subject
        "Our schools are better without immigrants who skip class.",  # narrowed by a relative clause
        "The bakery would be nicer without the Italians' noisy mixer.",  # a possessive
        "After independence, India was better off without the British.",  # history
        "The team plays better without the Americans, honestly.",  # a game
        "She is happier without the Mormons in her life.",  # one person's life
        "Would the world really be better without Muslims? Of course not.",  # a plain question
        "Ireland would be better off without English landlords.",  # a subgroup by what they do
        "Wouldn't you say Britain would not be better off without immigrants?",  # denied inside
    ],
)
def test_better_without_contrasts(shipped: HarmLexiconDetector, text: str) -> None:
    assert "exclusion" not in flagged(shipped, text), text


def test_only_a_negative_question_is_rhetorical() -> None:
    low = "wouldn't the world be better without them? would it be better? isn't it."
    assert rhetorical(low, 0, 42)
    assert not rhetorical(low, 43, 62)  # a plain question
    assert not rhetorical(low, 63, len(low))  # not a question


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Gay men can all rot in hell.", "gay"),
        ("Those Hindus should burn in hell.", "hindu"),
    ],
)
def test_consigning_a_group_to_hell_is_a_threat(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    groups = threat(shipped, text)
    assert groups is not None and group in groups, text


def test_a_doctrine_about_hell_is_not_a_threat(shipped: HarmLexiconDetector) -> None:
    assert threat(shipped, "Many Christians believe that sinners will burn in hell.") is None


@pytest.mark.parametrize(
    "text",
    [
        "Sikhs are not real humans.",
        "Honestly, Haitians aren't human.",
        "Deaf people are not even people.",
        "Roma are not human beings.",
    ],
)
def test_denied_humanity_is_dehumanisation(shipped: HarmLexiconDetector, text: str) -> None:
    assert "dehumanisation" in flagged(shipped, text), text


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("I dated a few Brazilians and every one of them was a cheat and a liar.", "brazilian"),
        ("I've met many Pakistanis. Each of them was dishonest.", "pakistani"),
        ("We hired some Romanians, and all of them were lazy.", "romanian"),
    ],
)
def test_a_quantified_anaphor_generalises(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    found = flagged(shipped, text)
    assert "generalisation" in found, text
    assert group in found["generalisation"].groups


@pytest.mark.parametrize(
    "text",
    [
        "I dated a few Brazilians and every one of them was a great cook.",
        "I've met many Pakistanis. Each of them was generous.",
        "We hired some Romanians, and all of them were hard-working.",
    ],
)
def test_a_quantified_anaphor_with_no_negative_attribute_is_not_flagged(
    shipped: HarmLexiconDetector, text: str
) -> None:
    assert "generalisation" not in flagged(shipped, text), text


@pytest.mark.parametrize(
    ("negative", "benign"),
    [
        ("Bisexuals are all mentally ill.", "Bisexuals are often misdiagnosed as mentally ill."),
        ("Lesbians are sick in the head.", "Lesbians are not sick in the head."),
        ("Gay men are mentally disturbed.", "Gay men were classified as mentally disturbed until 1973."),
    ],
)
def test_health_words_said_of_a_group(shipped: HarmLexiconDetector, negative: str, benign: str) -> None:
    assert "generalisation" in flagged(shipped, negative), negative
    assert "generalisation" not in flagged(shipped, benign), benign


def test_a_health_word_before_a_group_noun_describes_people(shipped: HarmLexiconDetector) -> None:
    assert not flagged(shipped, "The clinic supports mentally ill women and their children.")


@pytest.mark.parametrize(
    ("quoted", "own"),
    [
        (
            "Comments like 'Jews are parasites' get you banned here.",
            "I love comments like 'Jews are parasites'.",
        ),
        (
            "Remarks such as 'refugees are vermin' are reported to the moderators.",
            "My view is simple: refugees are vermin.",
        ),
    ],
)
def test_hate_quoted_as_an_example_of_speech_is_reported(shipped: HarmLexiconDetector, quoted: str, own: str) -> None:
    assert not flagged(shipped, quoted), quoted
    assert flagged(shipped, own), own


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("We honestly can't stand Albanians.", "albanian"),
        ("I really loathe the Dutch.", "dutch"),
        ("Vegans aside, I hate every Hindu I meet.", "hindu"),
        ("Bisexual people all make my skin crawl.", "bisexual"),
        ("I worked with some Filipinos and they sicken me.", "filipino"),
    ],
)
def test_hatred_or_disgust_felt_for_a_group_is_derogation(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    found = flagged(shipped, text)
    assert "derogation" in found, text
    assert group in found["derogation"].groups
    assert any(e.detail.get("frame") == "contempt" for e in found["derogation"].evidence)


@pytest.mark.parametrize(
    "text",
    [
        "I don't hate Albanians.",  # denied
        "I hate Hindu temples.",  # a thing the group has
        "I hate Hindus who gossip about me.",  # narrowed by a relative clause
        "I hate the old man next door.",  # one person
        "I hate it when Filipinos are mocked.",  # the object is "it"
        "I hate being bisexual in a small town.",  # not the group as an object
        "Attacks on Albanians disgust me.",  # the group is a preposition's object
        "People who mock the Dutch make me sick.",  # inside a relative clause
        "My cousin says he hates Hindus, and I told him that's bigotry.",  # someone else's, denounced
    ],
)
def test_contempt_contrasts_are_not_derogation(shipped: HarmLexiconDetector, text: str) -> None:
    assert "derogation" not in flagged(shipped, text), text


@pytest.mark.parametrize(
    ("excluding", "benign"),
    [
        ("Catholics are not welcome in this pub.", "You are not welcome here 🇮🇪"),
        ("Gay couples aren't welcome at our hotel.", "Dogs aren't welcome in Muslim homes."),
    ],
)
def test_exclusion_names_who_is_excluded_not_where(shipped: HarmLexiconDetector, excluding: str, benign: str) -> None:
    """'welcome' inside "not welcome" is no counter cue, and a group after "here" / "in" is a place."""
    assert "exclusion" in flagged(shipped, excluding), excluding
    assert "exclusion" not in flagged(shipped, benign), benign


def test_a_negative_question_to_you_is_the_writers_claim(shipped: HarmLexiconDetector) -> None:
    asked = flagged(shipped, "Don't you think Somalis are lazy thieves?")
    assert "generalisation" in asked
    assert not asked["generalisation"].evidence[0].detail["reported"]
    assert "generalisation" not in flagged(shipped, "My uncle thinks Somalis are lazy thieves.")


@pytest.mark.parametrize(
    "text",
    [
        # someone else's wish, or a question about it
        "Some bigots hope every Sikh drowns.",
        "Do you honestly hope all Sikhs die?",
        "Folks who wish the Roma would die out are monsters.",
        # a hope about a death already past, or a gentle or natural one
        "I can only hope the Haitians on that ferry died quickly.",
        "I hope all the old people in the hospice die peacefully.",
        "We pray that all Catholics die in a state of grace.",
        # idioms, transitive senses, games
        "I hope the Welsh drown their sorrows after the defeat.",
        "I hope the Scots die laughing at this.",
        "Hopefully the Sikhs burn off the jet lag.",
        "I hope the Dutch get killed in the scrum tonight.",
    ],
)
def test_wishes_that_are_not_death_wished_on_a_group(shipped: HarmLexiconDetector, text: str) -> None:
    assert threat(shipped, text) is None, text


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("I hope one day each and every Sikh is dead.", "sikh"),
        ("Can't wait for all the Sikhs to die.", "sikh"),
        ("Yeah, I hope every last one of the Roma gets shot.", "roma"),
    ],
)
def test_death_wish_variants(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    groups = threat(shipped, text)
    assert groups is not None and group in groups, text


@pytest.mark.parametrize(
    "text",
    [
        "I hate white supremacists.",  # a movement, not the group
        "Hindu nationalists disgust me.",
        "Do I hate Albanians? Of course not.",  # a question
        "I hate Hindus like my cousin who lecture everyone.",  # narrowed
        "The way people treat Filipinos disgusts me.",  # the group is an object
        "Headlines about murdered Black women make me sick.",
    ],
)
def test_contempt_for_something_else(shipped: HarmLexiconDetector, text: str) -> None:
    assert "derogation" not in flagged(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        "I'm so sick of Albanians.",
        "I cant stand Hindus.",
        "Sikhs really do disgust me.",
    ],
)
def test_contempt_variants(shipped: HarmLexiconDetector, text: str) -> None:
    assert "derogation" in flagged(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        "I dated a few Brazilians and not every one of them was a liar.",  # denied
        "Police held three Romanian men; all of them were thieves known to officers.",  # a counted set
        "These Haitian accounts aren't real people, they're bots.",  # a thing the adjective names
        "The Japanese robot in the lab isn't human.",
        "Homeless people are disproportionately mentally ill.",  # a rate
        "Many homeless veterans are mentally ill and need care.",  # some of them
        "Didn't you say Somalis are lazy thieves in your speech, Senator?",  # what the addressee said
    ],
)
def test_generalisations_and_denials_the_review_found(shipped: HarmLexiconDetector, text: str) -> None:
    assert not {"generalisation", "dehumanisation"} & flagged(shipped, text).keys(), text


@pytest.mark.parametrize(
    "text",
    [
        'Claims like "Somalis are thieves" are just the plain truth.',
        'Comments like "Haitians are animals" deserve a medal.',
    ],
)
def test_quoted_example_endorsed_by_the_writer_is_not_reported(shipped: HarmLexiconDetector, text: str) -> None:
    assert flagged(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        "I hope every Sikh dies a slow painful death.",  # a death named, not a gentle one
        "I hope the Kurds all die off.",  # "die off" is "die out"
        "I hope all Haitians die together in a fire.",
        "I hope every Sikh dies in the coming race war.",  # "race" is no contest here
    ],
)
def test_death_wishes_the_second_review_found_missed(shipped: HarmLexiconDetector, text: str) -> None:
    assert threat(shipped, text) is not None, text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I can't stand Albanians, they ruin every game.", "derogation"),  # a game word is no rivalry
        ("I hate Hindus, radical or not.", "derogation"),  # a movement word across a comma
        ("The world would be better without Sikhs, and the election proves it.", "exclusion"),
    ],
)
def test_findings_a_contest_or_movement_word_elsewhere_does_not_stop(
    shipped: HarmLexiconDetector, text: str, category: str
) -> None:
    assert category in flagged(shipped, text), text


def test_burning_to_death_is_a_death_wished(shipped: HarmLexiconDetector) -> None:
    assert threat(shipped, "I hope the Kurds burn to death.") is not None  # "to death" is no cause


def test_better_without_one_person_is_no_exclusion(shipped: HarmLexiconDetector) -> None:
    assert "exclusion" not in flagged(shipped, "The office would be better without the old man.")


def test_a_health_word_before_people_is_no_insult(shipped: HarmLexiconDetector) -> None:
    """ "unstable" inside "mentally unstable" is the health word's."""
    assert not flagged(shipped, "The clinic supports mentally unstable women.")


def test_a_quoted_example_the_sentence_denies_stays_reported(shipped: HarmLexiconDetector) -> None:
    assert "generalisation" not in flagged(shipped, 'None of the claims like "Somalis are thieves" are true.')
