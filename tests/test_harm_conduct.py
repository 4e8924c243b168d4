"""Misconduct pinned on a group (detectors/harm_conduct.py, the twenty-ninth round): the verb forms
made from the lexicon's base forms, the aspect words that make a habit of them, and an anaphor
opening the next sentence. Contrasts: one person, the group as the victim (a passive), conduct that
is no wrong, a gerund after a preposition, the claim denied or reported. Sentences are written for
these tests."""

from __future__ import annotations

import pytest

from detectors import harm_conduct as habitual
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import assert_read_as, flagged_by_category


@pytest.mark.parametrize(
    ("verb", "ing"),
    [
        ("nick", "nicking"),
        ("rob", "robbing"),
        ("vandalise", "vandalising"),
        ("harass", "harassing"),
        ("bully", "bullying"),
        ("lie", "lying"),
        ("do", "doing"),
        ("undercut", "undercutting"),
        ("gossip", "gossiping"),
        ("queue-jump", "queue-jumping"),
        ("snort", "snorting"),
        ("spit", "spitting"),
        ("fly-tip", "fly-tipping"),
        ("hit-and-run", "hit-and-running"),
        ("backstab", "backstabbing"),
    ],
)
def test_a_base_form_gives_its_ing_form(verb: str, ing: str) -> None:
    assert habitual.present_participle(verb) == ing


def test_a_phrase_inflects_its_verbs_only_and_makes_no_past_nor_third_person() -> None:
    assert habitual.forms("barge into") == {"barge into": "base", "barging into": "ing"}
    assert habitual.forms("drink and drive") == {"drink and drive": "base", "drinking and driving": "ing"}
    assert habitual.Misconduct({"misconduct": ["shout at"]}).forms == {"shout at", "shouting at"}


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Romanians keep nicking bikes from the station.", "romanian"),
        ("Teenagers on the estate are forever vandalising the bus shelter.", "teenagers"),
        ("Albanians talk over everyone at the school gate.", "albanian"),
        ("Trans women keep barging into the ladies' toilets.", "transgender"),
        ("Refugees have started harassing the girls at the bus stop.", "refugees"),
        ("Gay men will grope you in a club if you let them.", "gay"),
        ("Sikhs next door are always dumping their rubbish in our bin.", "sikh"),
        ("Trump voters are forever screaming at the volunteers.", "conservatives"),
        ("Hungarians tend to cut in line at the airport and then shout at the staff.", "eastern_european"),
        ("Pensioners keep parking across two spaces at the shops.", "older_people"),
        ("Somalis are the ones who pinch from the lockers.", "somali"),
        ("Muslim lads round here will smash up your car for fun.", "muslim"),
        # the pronoun opening the next sentence carries the claim, whoever it names after
        ("Asylum seekers at the hostel. They keep hassling women on the high street.", "refugees"),
        ("Roma are often in the news. They keep nicking bikes from the station.", "roma"),
        ("Watch out for Bulgarians at the market. They'll rip you off the moment you look away.", "eastern_european"),
        # helper-157's review: a listed item that starts with "get", a compound's -ing form
        ("Irish lads keep getting drunk and starting fights in the square.", "irish"),
        ("Travellers are forever fly-tipping in the lay-by.", "roma"),
    ],
)
def test_misconduct_said_of_a_group_as_a_habit_is_a_generalisation(
    shipped: HarmLexiconDetector, text: str, group: str
) -> None:
    assert_read_as(shipped, text, "generalisation", group)


@pytest.mark.parametrize(
    "text",
    [
        # one person
        "The guy next door is forever nicking my parking space.",
        "The short bloke at the bar kept picking fights until the bouncer threw him out.",
        "A Romanian lad nicked my bike from the station.",
        # the group as the victim of the conduct
        "Muslim women keep getting shouted at on the bus.",
        "Trans kids keep being harassed at school and nobody steps in.",
        "Disabled people get stared at every time they go out.",
        "Gay teenagers are at higher risk of bullying, so check in on them.",
        # conduct that is no wrong
        "Teenagers on the bus are forever giving up their seats for me.",
        "Polish builders keep finishing jobs ahead of schedule.",
        # denied, reported or rebutted
        "Immigrants don't nick bikes any more than anyone else does.",
        "People keep saying refugees are forever harassing women; the police figures say otherwise.",
        "It's a myth that pensioners keep parking across two spaces.",
        # a noun of the same spelling, a verb in another sense, one part of a compound
        "Scottish people like a bit of gossip over tea.",
        "Trans women are assault survivors more often than most.",
        "Jewish kids have bully problems at that school.",
        "Greeks spit-roast a whole lamb at Easter.",
        "Sikh men groom their beards every morning.",
        "Old people keep lying awake at night.",
        "Women are sick of catcalling and groping on the tube.",
        # said of people the writer knows or picks out, a question, one evening's events
        "One of the Romanian lads keeps nicking bikes from the station.",
        "My Romanian neighbours keep dumping their rubbish in our bin.",
        "Is it true that Albanians keep stealing cars?",
        "Last night Albanian fans were smashing up the bar after the match.",
        # the group suffers in the sentence before: "they" are others
        "Black teenagers were stopped again today. They keep harassing Black kids for nothing.",
        "Migrants were attacked outside the hotel. They keep harassing migrants.",
    ],
)
def test_one_person_a_victim_fair_conduct_or_a_denied_claim_is_not_flagged(
    shipped: HarmLexiconDetector, text: str
) -> None:
    assert "generalisation" not in flagged_by_category(shipped, text), text
