"""A group said to be a cost that others carry (harm_burden, the twenty-third round): a noun of
burden after a copula or "put" ("<group> are a drain on ...", "put a real strain on ..."), a verb of
costing with a public resource as its object ("<group> cost taxpayers billions"), or others said
to pay for them ("..., and the rest of us end up paying"), in the sentence or opening the next.

Contrasts of the same words: the burden borne by the group, a comparison, the claim denied,
asked, rebutted with evidence or reported, a few of the group, children, a thing. Sentences are
written for these tests.
"""

from __future__ import annotations

import pytest

from detectors import harm_burden as burden
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import flagged_by_category as flagged
from tests.harm_helpers import frame_groups


def _read(det: HarmLexiconDetector, text: str) -> set[str]:
    return frame_groups(det, text, burden.FRAME)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Refugees are a huge drain on our welfare system.", "refugees"),
        ("Honestly, welfare recipients have become a real drag on the economy.", "welfare_recipients"),
        ("Roma families put a real strain on local services.", "roma"),
        ("Illegal immigrants cost taxpayers billions every year.", "undocumented_immigrants"),
        ("Disabled workers basically eat up staff time.", "disabled"),
        ("Obese patients drive up everyone's premiums.", "overweight"),
        ("Mexicans just come here to live off our welfare.", "mexican"),
        ("Asylum seekers take up a lot of court time and housing.", "refugees"),
        # "they" opening a later clause about the group
        ("Liberals are a nuisance, and they cost the city a fortune in cleanup.", "liberals"),
        ("Liberals are a nuisance, and they're a drain on the city.", "liberals"),
        ("Immigrants have been a drain on the economy for decades.", "immigrants"),
        ("Refugees are a burden we cannot afford.", "refugees"),
        ("Immigrants are a cost to the taxpayer.", "immigrants"),
        ("Immigrants are bleeding our NHS dry.", "immigrants"),
        ("Migrants never work, and the rest of us end up paying for them.", "immigrants"),
        ("Refugees cost taxpayers billions and give nothing back.", "refugees"),
        ("Women take up all the beds, and everyone else ends up waiting.", "women"),
        ("Older staff need more time off, and colleagues usually end up picking up the slack.", "older_people"),
        ("The mentally ill are a burden on their families and on the state.", "mentally_ill"),
        # others said to pay
        ("Single mothers get free housing, and the rest of us end up paying for it.", "women"),
        ("Hiring women in their thirties means the rest of the team ends up covering for them.", "women"),
        ("Muslim staff get Fridays off while the rest of us pick up the slack.", "muslim"),
        ("We hired two Deaf interns this year. Honestly the rest of the team ends up carrying them.", "deaf"),
    ],
)
def test_a_group_said_to_be_a_cost_others_carry_is_flagged(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    assert group in _read(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # the burden borne by the group, not laid on others by it
        "Refugees face a huge strain on their mental health.",
        "The paperwork is a real burden for refugees.",
        "Many refugees say the paperwork is a heavy burden.",
        "Caring for a parent with dementia can be a burden on families.",
        # denied, compared, rebutted with evidence
        "Refugees are not a drain on the economy.",
        "Immigrants don't cost taxpayers anything in the long run.",
        "Refugees cost the state less than the detention centres did.",
        "People claim immigrants cost taxpayers billions, but the data show they pay more in taxes.",
        "Immigrants pay into the system, so nobody ends up paying for them.",
        # a bar the group meets given as the reason
        "Asylum seekers live off benefits for years because they are not allowed to work.",
        # asked or reported
        "Are refugees really a drain on local services?",
        "The ad claimed immigrants are a drain on the NHS, and the network pulled it.",
        # a few of the group, children, a thing
        "Some refugees are a burden on nobody but themselves.",
        "Toddlers are a drain on your sleep.",
        "The Mexican restaurant costs a fortune.",
        "Taxpayers end up paying for the bank bailouts.",
        # the review's false flags (helper-105): the burden the group's own, another sense of the
        # word, a comparison, "they" a thing, a payment for something else, the cost approved or
        # rebutted, an object not taken from others
        "Pensioners are facing a drain on their savings as inflation bites.",
        "Disabled people are under a huge strain, the report says.",
        "Refugees put a strain on their bodies walking a thousand miles.",
        "Immigrant workers are fixing the drain on Main Street.",
        "Elderly people are most vulnerable to the new strain, doctors warn.",
        "Disabled employees are a burden-free hire for most firms, the survey found.",
        "Refugees are a burden on nobody.",
        "Immigrants are less of a drain on the NHS than tourists.",
        "Immigrants drive up wages for everyone, one study suggests.",
        "Pensioners live off the state pension they paid into for forty years.",
        "Immigrants cost the taxpayer far less than natives do.",
        "Migrants take up fewer hospital beds than natives.",
        "Disabled people need wheelchairs, and they cost the NHS about 1,000 pounds each.",
        "Immigrants didn't crash the economy; bankers did, and taxpayers ended up paying for the bailout.",
        "Supporting refugees means we all end up paying a little more, and that's fine by me.",
        "I volunteer with refugees every weekend. The rest of us end up paying for the coffee, which is fine.",
        "According to the leaflet, immigrants are a drain on the NHS.",
        "Immigrants cost taxpayers billions, that's the lie we keep hearing.",
        "Immigrant workers drain the swamps and build the housing.",
        "Refugees cost taxpayers about a third of what the detention centres did.",
        "Immigrants cost taxpayers 2 billion a year while adding 6 billion in taxes.",
        "Refugee families arrived with nothing, and local people carry them through the first winter.",
        "Migrant farmworkers keep food cheap, and the rest of us end up paying lower prices.",
        "Refugees and residents end up paying for the council's failures.",
        "Refugees were housed in hotels because the Home Office failed, and taxpayers foot the bill.",
        "Disabled people get no taxi subsidy, so we pay through the nose.",
        "Older drivers' insurance costs have risen, and we end up paying more too.",
        "Muslim colleagues fast during Ramadan, and we cover for them at lunch, as they cover for us.",
        "Older patients take up hospital beds because there is no social care to discharge them to.",
        "Immigrants are a drain on the economy, or so the tabloids say, but the Treasury disagrees.",
        # the next sentence is no payment for them, or is asked
        "We hired two Deaf interns this year. Does the rest of the team end up carrying them?",
    ],
)
def test_the_same_words_for_a_burden_borne_denied_or_reported_are_not(shipped: HarmLexiconDetector, text: str) -> None:
    assert not _read(shipped, text), text


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        # the attribute is said of what the group reports, not of the group (harm.py _reported_by)
        ("Many refugees say the paperwork is a heavy burden.", False),
        ("Many immigrants report that the forms are a nightmare.", False),
        # ... unless the group is its subject again, or the verb's clause has ended
        ("Many immigrants say they are lazy.", True),
        ("Immigrants never say thank you and are lazy.", True),
        ("Gypsies are found in every town and are thieves.", True),
    ],
)
def test_a_word_after_what_the_group_reports_is_not_said_of_the_group(
    shipped: HarmLexiconDetector, text: str, flags: bool
) -> None:
    assert ("generalisation" in flagged(shipped, text)) is flags, text


@pytest.mark.parametrize(
    ("text", "flagged_as"),
    [
        # "Right," opens irony; "Right now," does not (harm_prejudice.ironic, shared by the readings)
        ("Right, refugees are a huge drain on our services.", False),
        ("Right now, refugees are a huge drain on our services.", True),
    ],
)
def test_irony_is_read_only_with_its_comma(shipped: HarmLexiconDetector, text: str, flagged_as: bool) -> None:
    assert bool(_read(shipped, text)) is flagged_as, text
