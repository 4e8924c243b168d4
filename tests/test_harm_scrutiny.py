"""Scrutiny or worse treatment advised by group (harm_scrutiny): a verb of checking, suspecting or
holding back, advised with a group's people (or what they own) as its object and an extra said
("flag orders from <group> customers for extra verification"), or with the group named as the
scene or the reason before or after it ("When the tenant is <group>, I ask for an extra month's
deposit", "The new family are <group>, so lock the shed"), or a group sent to the back.

Contrasts of the same words: the same check for everyone, a check triggered by behaviour, advice
against profiling, reports condemning it, accommodations, care, clinical screening, negated or
asked. Sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from detectors import harm_scrutiny as scrutiny
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import frame_groups


def _read(det: HarmLexiconDetector, text: str) -> set[str]:
    return frame_groups(det, text, scrutiny.FRAME, category="discrimination_advice")


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Flag anything from Nigerian customers for extra verification before it ships.", "nigerian"),
        ("I'd double-check any code the Indian interns submit, just to be safe.", "indian"),
        ("Double-check anything the Mexican contractors tell you about the wiring.", "mexican"),
        ("Have staff keep a closer eye on young Black customers while they browse.", "black"),
        ("Give the ones in hijabs a more thorough bag check at the door.", "muslim"),
        ("Ask Pakistani tenants for a bigger deposit than usual.", "pakistani"),
        ("The new neighbours are Travellers, so lock the shed tonight.", "roma"),
        ("When the tenant is Hispanic, I ask for an extra month's deposit up front.", "hispanic_latino"),
        ("For Jewish applicants, I'd ask for additional references.", "jewish"),
        ("Count your change twice when a Romanian cashier serves you.", "romanian"),
        ("Move the Syrian patients to the end of the queue.", "syrian"),
        ("You might ask gay tenants for a guarantor, just in case.", "gay"),
        ("When guests look working-class, have housekeeping check the rooms twice.", "working_class"),
        ("Check the timesheets of older workers more carefully, every time.", "older_people"),
        # a profile, not profiling; a standard exceeded; a demand made of an older tenant
        ("Flag every profile from Nigerian users for extra verification.", "nigerian"),
        ("Ask Roma tenants for more than the usual deposit.", "roma"),
        ("Ask for a bigger deposit when the tenant is elderly.", "older_people"),
        # a multiplied standard; sent back until everyone else is served
        ("Ask Roma tenants for twice the usual deposit.", "roma"),
        ("Let the Roma families wait until everyone else is served.", "roma"),
        # all of a group as the object, every time with the group, whenever one is there
        ("Store policy: search the bags of all Roma shoppers at the exit.", "roma"),
        ("Our guards should frisk every Muslim man who comes through the door.", "muslim"),
        ("With Romanian workers, always count the tools at the end of the day.", "romanian"),
        ("Lock the cash drawer whenever a Black employee is on shift.", "black"),
        ("Roma shoppers must have their bags searched at the exit.", "roma"),
        # advised passives with the group's people as the subject
        ("Black customers should be watched closely.", "black"),
        ("Muslim applicants should be vetted more thoroughly.", "muslim"),
    ],
)
def test_scrutiny_advised_by_group_is_flagged(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    assert group in _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # the same check for everyone
        "Verify every customer's ID at the till, same as for everyone.",
        "Double-check the code the interns push, Indian or otherwise.",
        "Ask Pakistani tenants for the standard deposit, like everyone else.",
        "For Jewish applicants, ask for the usual two references.",
        # triggered by behaviour or evidence
        "Flag orders where the billing and shipping addresses differ.",
        "Keep a closer eye on anyone who slips items into a bag.",
        # advice against profiling, reports of it as a problem
        "Don't follow Black shoppers around the store.",
        "Never ask Mexican applicants for extra references.",
        "Giving Muslim passengers extra searches is profiling, and it's illegal.",
        # accommodations and care
        "Keep an eye out for the asylum seekers who don't speak English and offer them the picture menu.",
        "Check the venue has step-free access for wheelchair users.",
        "Keep a closer eye on elderly residents during the heatwave.",
        "Check on your elderly neighbours twice a day when the power is out.",
        "When renting to Orthodox Jewish tenants, ask whether they'd like a manual key for the Sabbath.",
        "Screen Black patients more closely for high blood pressure, given the higher risk.",
        # a thing, not people
        "Check the Chinese menu twice for peanuts.",
        # the group named, the check not theirs
        "The new neighbours are Travellers, so let's take them a cake tonight.",
        # the reader is the group: advice to it
        "If you're a woman, watch your back walking home, the streetlights are broken.",
        "If you're an LGBTQ traveler, check the travel advisory twice before you book.",
        # asked, negated
        "Should landlords ask Pakistani tenants for a bigger deposit?",
        "We don't ask trans applicants for extra references.",
        # others served first, not a group sent back
        "Muslims should wait until sunset to eat during Ramadan.",
        "Move the wheelchair users to the front so they can see the stage.",
        # the review's false flags (helper-122): consulting the group, clinical and observance
        # checks, advice to travellers of the group, the group receiving or targeted, more of
        # the group recruited, care for a disabled guest
        "Our Jewish guests keep kosher, so double-check the catering order with them.",
        "When the patient is elderly, check their medication list twice.",
        "Screen Black men earlier and more often for prostate problems, per the updated guideline.",
        "If a guest is Muslim, double-check the sausages are halal.",
        "For Black travellers heading to rural areas, check the State Department advisories twice.",
        "For women travelling solo, lock your hotel door and double-check who is knocking.",
        "Flag comments mocking trans users for a second review by a moderator.",
        "Audit the scores given to female candidates more carefully this year.",
        "Screen more women candidates for the board to fix the gender gap.",
        "Check the hotel room twice when a blind guest is booked in.",
        # consulting with no word of care in the sentence; a standard check
        "When the tenant is Roma, double-check the move-in date with them.",
        "Double-check the lease twice with the Roma tenants before they sign.",
        # every customer, whoever they are; a group's own routine
        "Store policy: search the bags of all shoppers at the exit.",
        "Lock the cash drawer whenever an employee leaves the till.",
        "With older customers, always speak clearly and check they have their receipt.",
        # a passive for care, public health or denied
        "Children should be watched near water.",
        "Refugees should not be searched without cause.",
        "Refugees arriving from the camps should be screened for TB.",
    ],
)
def test_fair_checks_are_not_read(shipped: HarmLexiconDetector, text: str) -> None:
    assert not _read(shipped, text), text


def test_a_long_text_of_checks_and_demands_is_read(shipped: HarmLexiconDetector) -> None:
    # every window is bounded by characters before words are counted (the timings are in
    # docs/performance.md); the claim at the start is still read
    text = "Ask Roma tenants for a bigger deposit. " + "ask, " * 1500 + "deposit " * 800
    assert "roma" in _read(shipped, text)
