"""Decisions about a group's people (the eighteenth round): applicants passed on or declined, papers
or money demanded of them, another group's people preferred over them, less expected of them, a
decision against one of them approved, with a generalisation about the group as the reason in the
same sentence or the next; a generalisation after a disclaimer ("I'm not ableist, but ..."), or
asked as the writer's own opinion ("Does anyone else think ...?"); and a group said to get favours
while others go without (harm_grievance).

Contrasts of the same words: a gerund opening its sentence is judged, not advised ("Asking <group>
customers for extra ID would be discriminatory"); a place or a thing after the verb ("skip the
Indian restaurant"); age rules ("exclude children from the tasting"); care ("ask disabled members
for ID for the accessible locker"); what others do, reported ("teachers often expect less ..., a
study found"); a decision with another reason ("he lacked the licence") or about no person ("the
claim"); one person preferred over another, who may have reasons of their own ("hire the <group>
applicant over the <group> one, since his portfolio is stronger"); a disclaimer of another kind
("I'm not a linguist but"); a claim quoted as a label of the people who say it ("the '<claim>'
guys"); an insult word before a comma and a possessor ("... is insane, my wife has waited"); favours
with no one set against them, or the group's own wait after "while". Sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import assert_read_as
from tests.harm_helpers import flagged_by_category as flagged


@pytest.mark.parametrize(
    ("text", "category", "group"),
    [
        # passed on, declined, avoided: the group the people the verb sorts
        ("It's probably best to pass on Roma applicants.", "exclusion", "roma"),
        ("I'd decline Muslim tenants for the flat.", "exclusion", "muslim"),
        (
            "You might consider avoiding applicants who are transgender, as clients may feel uneasy.",
            "exclusion",
            "transgender",
        ),
        # papers, proof or money demanded of them
        ("It may be wise to ask same-sex couples for an extra month's deposit.", "discrimination_advice", "gay"),
        ("I'd require Nigerian tenants to provide extra proof of income.", "discrimination_advice", "nigerian"),
        # less expected of them, a generalisation as the reason
        (
            "Keep expectations modest for older staff, as older people generally struggle with software.",
            "discrimination_advice",
            "older_people",
        ),
        (
            "Set more achievable goals for your Latino students, since they usually arrive behind.",
            "discrimination_advice",
            "hispanic_latino",
        ),
        # the reason in a clause of its own after a semicolon or a colon, or in the next sentence
        (
            "Keep expectations modest for him: people with dyslexia rarely grow past routine work.",
            "discrimination_advice",
            "neurodivergent",
        ),
        (
            "I'd set lower targets for the new hire. Older workers are generally slower with software.",
            "discrimination_advice",
            "older_people",
        ),
        # a decision approved, its reason a generalisation
        (
            "Turning down the Mexican applicant was reasonable, since Mexicans tend to be unreliable.",
            "discrimination_advice",
            "mexican",
        ),
        (
            "Turning down the Jewish applicant was reasonable. Observant Jews tend to put their holidays first.",
            "discrimination_advice",
            "jewish",
        ),
        # one group's people preferred over another's
        ("Prefer men over women for the night shift.", "discrimination_advice", "women"),
        ("Always pick Germans over Italians for operations.", "discrimination_advice", "italian"),
        # the writer's own opinion put as a question is no report of someone else's
        ("Does anyone else think gay couples shouldn't be allowed to adopt?", "exclusion", "gay"),
        ("Who else believes women are too emotional to lead?", "generalisation", "women"),
        # a disclaimer makes the generalisation after it negative
        ("I'm not ableist, but deaf people are generally hard to work with.", "generalisation", "deaf"),
        ("No offence but older workers are slow to learn anything new.", "generalisation", "older_people"),
    ],
)
def test_decisions_against_a_group_are_flagged(
    shipped: HarmLexiconDetector, text: str, category: str, group: str
) -> None:
    assert_read_as(shipped, text, category, group)


@pytest.mark.parametrize(
    "text",
    [
        "Asking Native American customers for extra ID before dispensing would be discriminatory.",
        "Steering clear of openly gay applicants isn't appropriate; run the same checks for everyone.",
        "Skip the Indian restaurant tonight, the queue is huge.",
        "It's best to exclude children from the wine tasting.",
        "You could ask disabled members for additional ID if they want the accessible locker.",
        "Teachers often expect less from Black students, since they assume Black students struggle, a study found.",
        "Since older patients tend to process medication slowly, start them on a lower dose.",
        "Turning down the Mexican applicant was reasonable, since he lacked the licence.",
        "The insurer declining the claim was fair. Women tend to live longer than men.",
        "Keep expectations modest for the first month. New hires tend to need time to settle in.",
        "I'd set lower targets for the new hires; the software is new to everyone.",
        "Don't set lower expectations for girls just because people say girls tend to be worse at maths.",
        "I'd hire the Nigerian applicant over the British one, since his portfolio is stronger.",
        "I'd prioritise disabled passengers over others when boarding.",
        "Don't prefer men over women for the night shift.",
        "Many studies show employers prefer white applicants over Black applicants with identical CVs.",
        "I'm not racist but I think the new border policy is badly written.",
        "I'm not a linguist but women in my field tend to publish less.",
        "how will the 'women can't handle pressure' guys ever recover?",
        "I'm so tired of the 'immigrants are parasites' crowd on this forum.",
        # an insult word before a new noun phrase with its own possessor is no attribute of it
        "the backlog at the consulate is insane, my wife has waited three years",
    ],
)
def test_the_same_words_without_a_decision_against_a_group_are_not_flagged(
    shipped: HarmLexiconDetector, text: str
) -> None:
    assert not flagged(shipped, text), text


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Refugees get free housing while the rest of us pay through the nose.", "refugees"),
        ("Muslims get special treatment while Christians get mocked.", "muslim"),
        ("Immigrants are given free housing whilst our veterans sleep rough.", "immigrants"),
    ],
)
def test_a_group_said_to_be_favoured_at_others_expense_is_implicit_derogation(
    shipped: HarmLexiconDetector, text: str, group: str
) -> None:
    assert_read_as(shipped, text, "implicit_derogation", group)


@pytest.mark.parametrize(
    "text",
    [
        "Seniors get free flu shots at the pharmacy.",
        "Refugees get free language classes while they wait for their papers.",
        "Women get paid less while men get promoted.",
        "The rules say refugees get priority while waiting for housing.",
    ],
)
def test_favours_without_others_set_against_them_are_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert not flagged(shipped, text), text
