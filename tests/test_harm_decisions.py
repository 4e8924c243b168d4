"""Decisions about a group's people (the eighteenth round): applicants passed on or declined, papers
or money demanded of them, less expected of them, a decision against one of them approved, with a
generalisation about the group as the reason in the same sentence, a clause after a semicolon or
the next sentence; a generalisation after a disclaimer ("I'm not ableist, but ..."), or asked as
the writer's own opinion ("Does anyone else think ...?"); and a group said to get favours while
others go without (harm_grievance).

Contrasts of the same words: a gerund opening its clause and judged wrong ("Asking <group>
customers for extra ID would be discriminatory"); a place, a thing, a task or a purpose after the
verb ("skip the Indian restaurant", "skip <group> students for the Saturday shift"); age rules
("exclude children from the tasting"); care ("ask disabled members for ID for the accessible
locker"), and for the old or disabled less expected, or a decision, with a neutral reason; what
others do, reported ("teachers often expect less ..., a study found"); a decision with another
reason ("he lacked the licence") or about no person ("the claim"); a noun phrase that opens its
clause; praise after a disclaimer, and a disclaimer of another kind ("I'm not a linguist but", "no
offence but"); a claim quoted as a label of the people who say it ("the '<claim>' guys"); an insult
word said of something else before a comma and a possessor ("... is insane, my wife has waited");
favours with no one set against them, on both sides, approved, or the group's own wait after
"while". Sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import assert_read_as
from tests.harm_helpers import flagged_by_category as flagged


@pytest.mark.parametrize(
    ("text", "category", "group"),
    [
        # passed on, declined, avoided, turned away: the group the people the verb sorts
        ("It's probably best to pass on Roma applicants.", "exclusion", "roma"),
        ("I'd just decline Muslim tenants altogether.", "exclusion", "muslim"),
        (
            "You might consider avoiding applicants who are transgender, as clients may feel uneasy.",
            "exclusion",
            "transgender",
        ),
        ("Turn away elderly customers, they waste your staff's time.", "exclusion", "older_people"),
        # papers, proof or money demanded of them; a gerund opening its clause, approved
        ("It may be wise to ask same-sex couples for an extra month's deposit.", "discrimination_advice", "gay"),
        ("I'd require Nigerian tenants to provide extra proof of income.", "discrimination_advice", "nigerian"),
        ("Screening Muslim applicants more carefully is just common sense.", "discrimination_advice", "muslim"),
        # less expected of them, a generalisation as the reason
        (
            "Keep expectations modest for the women on the team, as women generally struggle with the maths.",
            "discrimination_advice",
            "women",
        ),
        (
            "Set more achievable goals for your Latino students, since they usually arrive behind.",
            "discrimination_advice",
            "hispanic_latino",
        ),
        # the reason in a clause of its own after a semicolon or a colon, or in the next sentence
        (
            "Keep expectations modest for him: Latino workers rarely grow past routine work.",
            "discrimination_advice",
            "hispanic_latino",
        ),
        (
            "I'd set lower targets for the new hire. Immigrants are generally slower with the paperwork.",
            "discrimination_advice",
            "immigrants",
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
        # the writer's own opinion put as a question is no report of someone else's
        ("Does anyone else think gay couples shouldn't be allowed to adopt?", "exclusion", "gay"),
        ("Who else believes women are too emotional to lead?", "generalisation", "women"),
        # a disclaimer makes the generalisation after it negative
        ("I'm not ableist, but deaf people are generally hard to work with.", "generalisation", "deaf"),
        ("I'm not ageist but older workers are slow to learn anything new.", "generalisation", "older_people"),
        # a quoted claim the writer endorses is no label; an insult fronted before a person of a group
        ('That "women belong in the kitchen" idea is just common sense.', "exclusion", "women"),
        ("Lazy, my Black coworker sleeps all day.", "derogation", "black"),
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
        # referral, excusing, sparing: a task, a place or a purpose after the group
        "Skip Jewish students for the Saturday shift, they observe the Sabbath.",
        "Exclude Muslim employees from the pork tasting if they ask.",
        "You could ask disabled members for additional ID if they want the accessible locker.",
        "Teachers often expect less from Black students, since they assume Black students struggle, a study found.",
        "Since older patients tend to process medication slowly, start them on a lower dose.",
        # for the old or disabled, less expected or a decision with a neutral reason is an adjustment
        "Set lower goals for kids with ADHD during exam week, since they often struggle with long sessions.",
        "Giving disabled employees extra breaks is reasonable because many disabled people experience fatigue.",
        # a noun phrase opening its clause is no advice
        "Achievable goals for older runners make sense, since older people generally recover slower.",
        "Turning down the Mexican applicant was reasonable, since he lacked the licence.",
        "The insurer declining the claim was fair. Women tend to live longer than men.",
        "Keep expectations modest for the first month. New hires tend to need time to settle in.",
        "I'd set lower targets for the new hires; the software is new to everyone.",
        "Don't set lower expectations for girls just because people say girls tend to be worse at maths.",
        # praise after a disclaimer, a disclaimer of another kind, and "no offence" before a defence
        "I'm not racist but Mexicans are hardworking and kind.",
        "I'm not racist but I think the new border policy is badly written.",
        "I'm not a linguist but women in my field tend to publish less.",
        "No offence but older workers are often the most reliable people on my team.",
        "how will the 'women can't handle pressure' guys ever recover?",
        "I'm so tired of the 'immigrants are parasites' crowd on this forum.",
        # an insult word said of something else, then a new noun phrase with its own possessor
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
        "Refugees get free housing from Germans while they wait for their papers.",
        "Women get free mammograms while men get free prostate checks in this programme.",
        "Pensioners get free prescriptions while working people pay, which is a fair system.",
        "Women get paid less while men get promoted.",
        "The rules say refugees get priority while waiting for housing.",
    ],
)
def test_favours_without_others_set_against_them_are_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert not flagged(shipped, text), text
