"""What people say should be done to a group (the sixteenth round): violence called for with a
passive or a death verb, death wished by wanting to see it, a group told to leave, sent back or kept
out, service refused, hatred called for, and the emoji written in those places.

Hateful readings: "<group> need to be bombed", "<group> should burn", "<group> deserve to ⚰️", "I
want to see <group> burn", "<group> go home!", "go home, <group>", "<group> should leave", "send
the <group> back", "keep <group> out of our schools", "<group> ✈️✈️ back where you came from", "🚫
<group> at my pool", "<group> aren't allowed here", "never rent to <group>", "everyone should hate
<group>". Benign contrasts of the same words: negated or refused, aimed at things or chores
("about to 🔪 this lasagna", "burn incense", "leave abusive relationships"), a time or purpose
after the departure ("go home for Christmas"), protection ("out of the rain"), a report of
someone else's words ("someone commented '<group> = burden'"), and a harm wished smaller ("suffer
less"). Sentences are written for these tests, with wording of their own.
"""

from __future__ import annotations

import pytest

from detectors.harm import HarmLexiconDetector
from detectors.taxonomy import Taxonomy
from tests.harm_helpers import assert_read_as
from tests.harm_helpers import flagged_by_category as flagged


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # a violent passive after a modal, words and emoji
        ("Immigrants need to be bombed.", "immigrants"),
        ("Migrants should all be nuked.", "immigrants"),
        ("Old people should be culled.", "older_people"),
        ("Fat people should be gunned down.", "overweight"),
        ("Muslims should be 🔪", "muslim"),
        ("gays deserve to be ⚰️", "gay"),
        # a death called for with no passive, and a death emoji in its place
        ("refugees should burn", "refugees"),
        ("Muslims deserve to rot.", "muslim"),
        ("the Roma can all just disappear", "roma"),
        ("All Jews deserve to ⚰️", "jewish"),
        ("fatties deserve to ⚰️, good riddance", "overweight"),
        ("Refugees should burn 🔥", "refugees"),
        # a death wished by wanting to see it, or wanting it
        ("I want to see refugees burn.", "refugees"),
        ("I want all Jews dead.", "jewish"),
        ("I'd love to watch the refugees burn", "refugees"),
        ("I pray to the devil and want to see refugees burn", "refugees"),
        ("I want to see the rich hang, every single one of them.", "rich"),
        ("I want to see every trans person suffer for what they're doing.", "transgender"),
        ("I hope the homeless freeze to death this winter.", "homeless"),
        ("Hope the Latinos in my building all get hit by a truck lol", "hispanic_latino"),
        # a group named by its adjective alone
        ("We should gas the disabled.", "disabled"),
    ],
)
def test_violence_and_death_called_for_are_threats(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    assert_read_as(shipped, text, "threat", group)


@pytest.mark.parametrize(
    "text",
    [
        # negated, or someone else's call denied
        "No immigrants need to be bombed.",
        "Nobody thinks Muslims should burn.",
        "I hope no refugees suffer this winter.",
        # a thing, a chore or a fact after the same verbs
        "as a mom of three im about to 🔪 this lasagna",
        "Christians should burn incense on Sundays.",
        "Pale Irish kids can burn easily in the sun.",
        # a harm wished smaller, an election, a phrasal verb
        "I hope women suffer less in the future.",
        "I hope the Tories suffer at the polls.",
        "I hope the Tories hang on to power.",
        "I'd love to see refugees thrive here.",
        # one person, not the group
        "I hope the old man dies peacefully.",
        # a guess, praise, a faith, a study, a phrasal verb, sport and a game
        "Gay fans must be hurt by the club's silence.",
        "Black women deserve to 🔥 too!",
        "Christians must suffer for their faith, as Christ did.",
        "Women can just disappear from the workforce after 40, a study finds.",
        "I wanna see trans women hang their art at the gallery.",
        "I'd love to see the Irish suffer through another rainy summer lol.",
        "The French deserve to be eliminated after that performance.",
        "We're going to start killing Germans in the next Call of Duty mission.",
    ],
)
def test_the_same_words_without_a_call_for_violence_are_not_threats(shipped: HarmLexiconDetector, text: str) -> None:
    assert "threat" not in flagged(shipped, text), text


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # slogans, and the departure said to the group
        ("Muslims go home!", "muslim"),
        ("Poles out", "polish"),
        ("Go home, Mexicans", "mexican"),
        ("Women out of the army. Now.", "women"),
        ("socialists out 👋👋 we don't want your kind here", "socialists"),
        ("immigrants ✈️✈️ back where you came from", "immigrants"),
        ("turks ✈️✈️ out of germany", "turkish"),
        # a departure called for with a modal
        ("Refugees should leave.", "refugees"),
        ("Muslims should leave France.", "muslim"),
        ("Immigrants can all go home.", "immigrants"),
        ("Somalis must get out of our country.", "somali"),
        ("Pakistanis need to go back to where they came from.", "pakistani"),
        ("Refugees need to be rounded up.", "refugees"),
        ("The homeless need to be cleared out.", "homeless"),
        # removal with the group inside it
        ("Send the Poles back where they came from.", "polish"),
        ("we should send the refugees back", "refugees"),
        ("Get the homeless out of our town.", "homeless"),
        ("keep Asians out of our neighborhood and our schools", "asian"),
        # a sign, a rule, refused service
        ("🚫 fat people at my pool, go home 👋", "overweight"),
        ("Mexicans aren't allowed here.", "mexican"),
        ("gays not allowed", "gay"),
        ("Ban autistic kids from normal schools.", "autistic"),
        ("never rent to Indians", "indian"),
        ("Don't let your kids near the Mormons, ever.", "mormon"),
    ],
)
def test_a_group_sent_away_or_kept_out_is_exclusion(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    assert_read_as(shipped, text, "exclusion", group)


@pytest.mark.parametrize(
    "text",
    [
        # the same verbs with an object, a time or a purpose
        "Women should leave abusive relationships early.",
        "WOMEN SHOULD LEAVE ABUSIVE PARTNERS EARLY",
        "Refugees can go home for the holidays.",
        "Mexicans go home for Christmas every year.",
        "Christians should leave you alone if you say no.",
        "Refugees need to go back once their countries are safe.",
        "Ukrainian refugees should go back home when the war ends.",
        "Jews should move back to Israel.",
        "Gay athletes out in professional sports: a history.",
        "Do Muslims need to leave?",
        "Ladies night at the gym tonight 🚫♂️",
        "Ban teenagers from buying energy drinks.",
        "Women should be sent home within a day of giving birth, the report recommends.",
        "Immigrants leave the UK as Brexit bites.",
        "Refugees go back home as the war ends.",
        "🇵🇱 must ✈️ here",
        # protection and rescue
        "Keep the Syrian kids out of the rain.",
        "Get the Syrian children out of the rubble.",
        # someone else's practice reported, a thing banned, a policy of one space
        "My landlord would never rent to Indians, which is illegal.",
        "They keep Black people out of these clubs, a study found.",
        "We should ban the burqa in courtrooms.",
        "Men aren't allowed in the women's changing room.",
        # negated and welcoming
        "Nobody should tell Muslims to go home.",
        "Refugees should be welcomed, not sent back.",
    ],
)
def test_the_same_words_without_exclusion_are_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert "exclusion" not in flagged(shipped, text), text


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Everyone should hate the Jews.", "jewish"),
        ("Keep hating the foreigners, they're taking everything from us.", "immigrants"),
        ("teach your kids to hate Jews", "jewish"),
        ("we must hate the Roma", "roma"),
        ("everyone should despise gays", "gay"),
    ],
)
def test_hatred_called_for_is_derogation(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    found = flagged(shipped, text)
    assert_read_as(shipped, text, "derogation", group)
    assert any(e.detail.get("frame") == "call_to_hate" for e in found["derogation"].evidence), text


@pytest.mark.parametrize(
    "text",
    [
        "We should stop hating the Jews.",
        "Nobody should hate gays.",
        "Teach your kids not to hate anyone, Muslims included.",
        "Everyone should hate racism, not Muslims.",
        "Just hate the French already, they beat us fair and square.",
    ],
)
def test_hatred_refused_is_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert "derogation" not in flagged(shipped, text), text


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        # someone's words cited in quotes, single or double, mid-sentence
        ("someone commented '♿ = burden' under the paralympics post. reported", False),
        ("quote-tweeting this 'trans people 🤮' garbage so you can all report it", False),
        ('My neighbour yelled "immigrants are criminals" at the bus stop.', False),
        # the writer's own words in quotes, and a scare quote around the group
        ("I always say 'women are weak' and I mean it", True),
        ('My view: "Jews are vermin".', True),
        ("These 'refugees' need to go back where they came from.", True),
        ("Ship 'em back, Somalis are parasites and the Somalis' kids too.", True),
        ("Don't let 'em fool you: Muslims are violent", True),
    ],
)
def test_words_cited_in_quotes_are_someone_elses(shipped: HarmLexiconDetector, text: str, flags: bool) -> None:
    assert bool(flagged(shipped, text)) is flags, text


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("We should gas the disabled.", "disabled"),
        ("the deaf are rude", "deaf"),
        ("the disabled in our community", "disabled"),
        ("♀️ should never have been given the vote", "women"),
    ],
)
def test_a_group_named_by_its_adjective_or_sign_is_a_mention(taxonomy: Taxonomy, text: str, group: str) -> None:
    assert group in {m.group for m in taxonomy.match(text)}, text


@pytest.mark.parametrize(
    "text",
    ["the disabled toilet is dirty", "this feature is disabled.", "out with the old, in with the new"],
)
def test_the_adjective_before_a_noun_or_as_a_state_is_no_nominal_group(taxonomy: Taxonomy, text: str) -> None:
    assert not {m.group for m in taxonomy.match(text)} & {"disabled", "older_people"}, text
