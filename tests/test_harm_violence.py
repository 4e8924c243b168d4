"""Violence wished on, planned against or approved of a group (detectors/harm_violence.py).

Hateful sentences compose a threat from parts (a modal and a violent passive, an agent and an act
done to the group, an act and its approval); the benign contrasts share words and shape but deny
it, report or condemn it, aim the act at a thing the group's adjective names, or use the verb in
its everyday sense (sport, photography, appetite). Sentences are written for these tests, with
wording of their own (neither the functional suite's nor bench/probes').
"""

from __future__ import annotations

import pytest

from detectors.harm import HarmLexiconDetector
from detectors.harm_violence import normative_threats
from tests.harm_helpers import threat


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # normative: modal + violent passive
        ("Honestly, refugees deserve to be stabbed.", "refugees"),
        ("Lesbians should all be burned alive.", "lesbian"),
        ("Every Sikh in this town needs to get beaten up.", "sikh"),
        ("Catholics ought to be executed for what they believe.", "catholic"),
        # planned: agent + act + the group as its object
        ("I'm going to strangle the next Somali I see.", "somali"),
        ("Someone needs to poison those Hindus.", "hindu"),
        ("We'll behead every Christian in the village.", "christian"),
        ("let's go terrorise a few gay men tonight", "gay"),
        ("We need to hang the Kurds quickly, before the vote.", "middle_eastern"),
        # a command, and a weapon emoji in the verb's place
        ("Strangle the refugees.", "refugees"),
        ("so just go poison some Hindus", "hindu"),
        ("we will 👊 some Sikhs tonight", "sikh"),
        ("I would love to 🔪 every Romanian I see", "romanian"),
        # listed threats whose object is the group's people
        ("Somalis? Shoot the lot of them.", "somali"),
        # approved: the deed, then its approval
        ("Torturing Roma families is justified.", "roma"),
        ("Punching trans people is hilarious.", "transgender"),
        ("Harassing Muslim women on the bus is good sport.", "muslim"),
        ("Murdering Jews was justified, they had it coming.", "jewish"),
    ],
)
def test_composed_threats_are_flagged_with_their_group(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    groups = threat(shipped, text)
    assert groups is not None, text
    assert group in groups


@pytest.mark.parametrize(
    "text",
    [
        # denied, condemned, reported, questioned
        "No refugee deserves to be stabbed.",
        "Nobody should ever be burned alive for being a lesbian.",
        "Torturing Roma families is never justified.",
        "Punching trans people is not funny, it's assault.",
        "My neighbour claimed that Sikhs should be beaten, so I reported him to the police.",
        "Anyone who thinks murdering Jews was justified needs help.",
        "We will never let anyone poison the Hindus in our care.",
        # the act on a thing the adjective names, or on what the group owns
        "I'm going to shoot the Nigerian wedding next month; the light there is beautiful.",
        "We'll burn the Mexican flag design and start over, the colours were off.",
        "I'll hurt a lot of Muslims' feelings if I cancel the iftar.",
        # everyday senses of the verbs, listed threats on a thing
        "Kill the music before the Jewish guests sit down.",
        "Bomb the quiz if you must, you're still our best Arab teacher.",
        "Shoot the breeze with your Nigerian neighbours sometime.",
        "Why don't we invite the Sikh families over for dinner?",
        "We're going to beat the Irish at rugby next year.",
        "I could kill a Mexican breakfast right now.",
        "As an autistic engineer I'm going to attack this bug first thing tomorrow.",
        # the victims' side, with the same participles
        "Black women who were assaulted deserve to be believed.",
        "Jewish students attacked on campus deserve to be protected.",
        "Immigrants deserve to be paid a living wage.",
    ],
)
def test_benign_contrasts_are_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert threat(shipped, text) is None, text


def test_normative_threats_compose_every_modal_with_every_participle() -> None:
    data = {"threat_modals": ["Should be", "deserve to get"], "violent_participles": ["Stabbed", "beaten up"]}
    assert normative_threats(data) == {
        "should be stabbed",
        "should be beaten up",
        "deserve to get stabbed",
        "deserve to get beaten up",
    }


def test_an_approval_keeps_its_counter_cue_for_other_claims(shipped: HarmLexiconDetector) -> None:
    """The counter cue "violence against" still damps what is not its own approval."""
    assert threat(shipped, "Violence against Sikhs is fine by me.") == {"sikh"}
    assert threat(shipped, "We stand against violence against Sikhs; nobody should be burned alive.") is None


@pytest.mark.parametrize(
    "text",
    [
        "Her family fled Kigali during the Rwandan genocide.",
        "Turkey still refuses to recognise the Armenian genocide.",
        "The ethnic cleansing of Bosnian Muslims shocked the world.",
        "Museums document the extermination of European Jews.",
        "The lynching of Black Americans was a tool of terror in the Jim Crow South.",
        "The massacre of Chinese miners at Rock Springs is a forgotten chapter of history.",
        "During the purge of the Jews from German universities, many scientists fled.",
        # classified as one, reported, or a field of study
        "The Lavender Scare was a purge of gay men and lesbians from federal jobs.",
        "A tribunal ruled the killing of Bosnian Muslims a genocide.",
        "The committee heard evidence of ethnic cleansing of Bosnian Muslims by Serb forces.",
        "Genocide scholars call the killing of Rwandan Tutsi a textbook case.",
        # words that call for a deed elsewhere, here said of something else
        "Next month marks thirty years since the genocide of the Tutsi.",
        "Never again: today we remember the extermination of the Jews.",
        "The best book on the lynching of Black Americans is by Ida B. Wells.",
        "The massacre at Srebrenica claimed more than 8,000 Bosnian Muslim lives.",
        "Jews were sent to the gas chambers at Auschwitz.",
        # a modal that remembers or teaches the deed, not one that calls for it
        "The Armenian genocide will never be forgotten.",
        "The extermination of European Jews should be taught in every school.",
        "The lynching of Black Americans needs to be remembered.",
        # words that approve elsewhere, here plain report
        "The lecture was based on the Rwandan genocide of the Tutsi.",
        "It's a shame the genocide of the Tutsi is so little known.",
        "I wish that genocide of the Tutsi had never happened.",
        "The massacre of the Tutsi came back into the news this week.",
        "The genocide of the Tutsi began in April and was done within a hundred days.",
        "Scholars argue the slow, bureaucratic genocide of the Armenians was a way to test methods.",
        "The Uyghurs in the camps deserve our help.",
        "Lidice, a Czech village, was wiped off the map in 1942.",
        "It's time to get rid of the stigma around autistic people.",
    ],
)
def test_a_deed_named_as_a_past_event_is_history(shipped: HarmLexiconDetector, text: str) -> None:
    assert threat(shipped, text) is None, text


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("We should repeat the Armenian genocide.", "caucasus_central_asian"),
        ("The Rwandan genocide didn't go far enough.", "african"),
        ("I'm all for the extermination of Muslims.", "muslim"),
        ("Honestly the extermination of gypsies was a blessing.", "roma"),
        ("The purge of the gays starts tomorrow.", "gay"),
        ("We need a Jewish genocide.", "jewish"),
        ("Bring back the lynching of black men.", "black"),
        # approval in the predicate of the deed, a coordinated subject, regret that it ended
        ("The Holocaust and the extermination of Jews were fine by me.", "jewish"),
        ("The genocide of the Uyghurs is exactly what those people deserve.", "caucasus_central_asian"),
        ("Shame the genocide of the Armenians failed.", "caucasus_central_asian"),
        ("The genocide of the Tutsi was the right thing to do.", "african"),
        ("The lynching of Black men should be a national holiday.", "black"),
        ("As a patriot I demand a purge of Muslims.", "muslim"),
        ("Muslims were a mistake and we need a genocide of them.", "muslim"),
        ("The eradication of the Roma is the only answer.", "roma"),
        # mockery, and a bare question answered by a call in the next sentence
        ("imagine crying about the genocide of the Tutsi lmaooo", "african"),
        ("The extermination of the Jews? Do it again, properly this time.", "jewish"),
        # the places of a genocide asked for the group, and coded calls for one
        ("Uyghurs deserve the camps.", "caucasus_central_asian"),
        ("Send the gays back to the gas chambers.", "gay"),
        ("Let's finish what Hitler started with the Jews.", "jewish"),
        ("Wipe them off the map, every last Hungarian.", "eastern_european"),
    ],
)
def test_the_same_deed_called_for_or_approved_stays_a_threat(
    shipped: HarmLexiconDetector, text: str, group: str
) -> None:
    found = threat(shipped, text)
    assert found is not None and group in found, text
