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
