"""Reactions to a scene with a group's people, and quotations the writer judges (the seventeenth
round).

Hateful readings: a scene opened by the group and a disgust or mockery emoji after it ("<group> at
the gym 🤢", "a <group> teacher at my kid's school 🙄🤢", "<group> couple moved in next door 🤮"),
and a hateful quotation the writer welcomes ("'<claim>' — finally someone said it"). Benign
contrasts of the same shapes: warm emoji, anger on the group's behalf, what the group suffers,
illness, disgust aimed at someone else, a finite verb that makes the group a victim, and a quotation
the writer judges right after it ("'<claim>' is an ignorant lie", "seeing '<claim>' trending is
vile") or answers ("'<claim>' - if that's your reaction, the problem is you"). Sentences are
written for these tests, with wording of their own.
"""

from __future__ import annotations

import pytest

from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import assert_read_as
from tests.harm_helpers import flagged_by_category as flagged


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("old people at the gym 🤢 gross", "older_people"),
        ("a hijabi teacher at my kid's school 🙄🤢", "muslim"),
        ("autistic coworker at the meeting 🤮", "autistic"),
        ("gay couple moved in next door 🤮", "gay"),
        ("homeless people at the train station 🤢 filthy vermin", "homeless"),
        ("Polish workers everywhere now 🤮🤮", "polish"),
        ("lesbian couple adopting 🤡🤡", "lesbian"),
        ("deaf people signing on the bus ugh 🤮", "deaf"),
    ],
)
def test_disgust_at_a_scene_with_the_group_is_derogation(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    assert_read_as(shipped, text, "derogation", group)


@pytest.mark.parametrize(
    "text",
    [
        # warm or angry on the group's behalf
        "old people at the gym 💪 love to see it",
        "refugees drowning at sea 😡 this has to stop",
        "Muslims praying in the park 😡 after someone vandalised the mosque",
        # what the group suffers, illness, disgust aimed elsewhere
        "refugee kids got bullied at school today 🤮",
        "a Black family moved in and the neighbours were so rude to them 🤮 at them",
        "refugee kids in my class 🤮 at the bullies who mock them",
        "Nigerian nurses going to the doctors 🤮",
        # not a scene: a clause about someone else's treatment of them
        "the way people stare at disabled kids at the park 🤮",
    ],
)
def test_the_same_scenes_without_contempt_for_the_group_are_not_flagged(
    shipped: HarmLexiconDetector, text: str
) -> None:
    assert "derogation" not in flagged(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        "'Sikhs are terrorists' is an ignorant lie and you know it",
        'seeing "homeless people are vermin" trending is vile',
        "'old people are a waste of resources' is cruel and wrong",
        "'trans people are groomers' trending again is vile and dangerous",
        "'two dudes kissing 🤮' - if that's your reaction, the problem is you",
    ],
)
def test_a_quotation_the_writer_judges_or_answers_is_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert not flagged(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        "'immigrants are parasites' — finally someone said it",
        "'Muslims are all terrorists' is harsh but true",
        "Immigrants are vermin and that is the truth",
        # the claim outside the quotation, a word of it scare-quoted and judged
        "Immigrants are 'vermin' is what they are, disgusting",
    ],
)
def test_a_quotation_the_writer_welcomes_still_flags(shipped: HarmLexiconDetector, text: str) -> None:
    assert flagged(shipped, text), text


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        # a verbless judgement after someone else's deed judges the deed
        ("Saw a restaurant manager chase a homeless man off with a hose. Disgusting.", False),
        ("Someone spray-painted a swastika on the synagogue. Disgusting.", False),
        ("Watched a guy scream at an elderly cashier. Gross.", False),
        # ... and after the group itself, or a question about it, the group
        ("nothing worse than refugees. pathetic, stupid and useless", True),
        ('"Your new neighbours are immigrants?" "Yeah, a pack of animals moved in next door."', True),
    ],
)
def test_a_judgement_after_someone_elses_deed_is_not_said_of_the_group(
    shipped: HarmLexiconDetector, text: str, flags: bool
) -> None:
    assert bool(flagged(shipped, text)) is flags, text


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        # a scare quote, a judgement denied, a word set off as the subject: the claim stands
        ("These 'refugees' are criminals.", True),
        ('These "refugees" are criminals.', True),
        ("'Immigrants are criminals' is not hateful, it's just honest", True),
        ("'Refugees' are parasites and should be deported.", True),
        ("'cause Somalis are parasites, that's why", True),
        # a fragment after the group named as what someone is, or a deed about it only
        ("The woman serving me was Muslim. Disgusting.", True),
        ("She married a Black guy. Disgusting.", True),
        # disgust at where a group is held or what is done to it
        ("Uyghurs in camps 🤮", False),
        ("Muslim kids in cages at the border 🤮", False),
        ("refugees living in tents this winter 🤮", False),
        ("Jewish students at the college harassed again 🤮", False),
        ("Jews during the war 🤮 never again", False),
        ("refugee kids in my class 🤢🤮 at the bullies", False),
    ],
)
def test_the_quote_scene_and_fragment_readings_keep_to_their_frames(
    shipped: HarmLexiconDetector, text: str, flags: bool
) -> None:
    assert bool(flagged(shipped, text)) is flags, text


@pytest.mark.parametrize(
    "text",
    ["old men in red hats at the rally 🤮", "fat people in bed all day 🤮🤮"],
)
def test_a_short_word_ending_in_ed_is_no_deed_done_to_the_group(shipped: HarmLexiconDetector, text: str) -> None:
    assert "derogation" in flagged(shipped, text), text
