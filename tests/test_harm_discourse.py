"""The harm lexicon's grammar beyond one sentence: anaphora across sentences and dialogue turns,
derogatory fragments, why-question presupposition, denial of access and discrimination advice.

Each rule is checked on hateful sentences that must fire and on benign contrasts of the same shape
that must not (sincere questions, pronouns meaning something else, protection rather than
exclusion, inclusion, care rather than discrimination, counter-speech quoting the hateful turn).
Sentences are written for these tests, with wording of their own (not the functional suite's).
"""

from __future__ import annotations

import pytest

from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import flagged_by_category as flagged
from tests.harm_helpers import run


@pytest.mark.parametrize(
    ("text", "category", "group"),
    [
        (
            "I met some Nigerians at the bus stop yesterday. They're all criminals if you ask me.",
            "generalisation",
            "nigerian",
        ),
        ('"Did the Sikhs move in?" "They did. Vermin, all of them."', "dehumanisation", "sikh"),
        (
            "Somebody asked me about Romanians. Honestly? Thieves and liars, every single one of them.",
            "derogation",
            "romanian",
        ),
        (
            '"What do you think of lesbians?" "Keep them away from our children, every one of them."',
            "exclusion",
            "lesbian",
        ),
        ("My grandad asked about immigrants. People like them should be deported.", "exclusion", "immigrants"),
        ('"Is the new family Hindu?" "Yes. A bunch of savages moved in upstairs."', "dehumanisation", "hindu"),
        ("what do you expect from a Catholic?? they're all liars", "generalisation", "catholic"),
        ("Marcus and Charles are Jews. They are parasites, honestly.", "dehumanisation", "jewish"),
        # A context term's head noun is the group's own phrase, not a competing plural.
        ('"Any news about the Black people next door?" "Filthy animals, all of them."', "dehumanisation", "black"),
        ("We talked about old men at the bus stop. They are useless parasites.", "dehumanisation", "older_people"),
    ],
)
def test_anaphor_in_the_next_sentence_or_turn_resolves_to_the_group(
    shipped: HarmLexiconDetector, text: str, category: str, group: str
) -> None:
    found = flagged(shipped, text)
    assert category in found, (text, found)
    assert group in found[category].groups


def test_resolved_evidence_points_into_the_original_text(shipped: HarmLexiconDetector) -> None:
    text = '"Any opinion on M u s l i m s?" "Disgusting parasites, the lot of them."'
    found = flagged(shipped, text)
    assert "dehumanisation" in found, found
    ev = found["dehumanisation"].evidence[0]
    assert ev.span is not None and text[ev.span[0] : ev.span[1]] == ev.text
    assert "parasites" in ev.text.lower()


@pytest.mark.parametrize(
    "text",
    [
        # the pronoun can mean something else named in the antecedent sentence
        "Women at the market sell apples. They're all rotten and disgusting by Friday.",
        "Apples are sold by women at the market. They're all rotten and disgusting by Friday.",
        '"Any thoughts on Muslims?" "Stupid, all of them."',  # the thoughts, or the people: unresolved
        "Refugees brought their dogs to the shelter. Filthy animals, all of them.",
        # a fragment whose adjective modifies something else, or the writer
        "Stupid me, I forgot the Christians' picnic. Pathetic weather too.",
        "The Chinese students finished the exam. Lazy Sunday for them now.",
        # a negated or positive fragment
        '"What about Hindus?" "Not vermin, if that\'s what you\'re asking. People."',
        '"What about Jews?" "Lovely neighbours, all of them."',
        # too far back: two full sentences between the group and the pronoun
        "Polish people run the bakery on our street. The bread is great. Filthy animals, all of them.",
        # protection and inclusion, not exclusion
        "Refugees arrived this morning. Keep them out of the rain, please.",
        '"Can disabled people join the club?" "Of course. Nobody should be kept out."',
        '"Should we let the Arabs in?" "Yes. Don\'t keep them out, they\'re our guests."',
    ],
)
def test_anaphora_benign_contrasts(shipped: HarmLexiconDetector, text: str) -> None:
    assert flagged(shipped, text) == {}, text


@pytest.mark.parametrize(
    "text",
    [
        'My uncle said "What about Mexicans? Disgusting rats, the lot of them." I walked out.',
        'A man on the bus shouted "Muslims? Parasites, all of them." Everyone told him to shut up.',
    ],
)
def test_counter_speech_quoting_the_hateful_turn_is_damped(shipped: HarmLexiconDetector, text: str) -> None:
    found = run(shipped, text)
    assert found, text  # the claim is seen ...
    assert not any(f.flagged for f in found), text  # ... and recognised as someone else's
    assert any(e.detail.get("reported") for f in found for e in f.evidence)


@pytest.mark.parametrize(
    ("loaded", "sincere"),
    [
        ("Why do Arabs always steal from tourists?", "Why do Arabs often run the shops near the port?"),
        ("How come feminists are such hysterical liars?", "How come feminists disagree about so many things?"),
        ("Why are older people so useless with phones?", "Why are older people so often left alone at Christmas?"),
        ("why are trans women always so aggressive", "Why do some people think trans women are aggressive?"),
        (
            "Why can't immigrants ever stop complaining about everything?",
            "Are immigrants more likely to start businesses?",
        ),
    ],
)
def test_why_questions_presuppose_what_they_ask(shipped: HarmLexiconDetector, loaded: str, sincere: str) -> None:
    assert "generalisation" in flagged(shipped, loaded), loaded
    assert flagged(shipped, sincere) == {}, sincere


def test_a_group_seen_as_something_is_not_said_to_be_it(shipped: HarmLexiconDetector) -> None:
    for text in (
        "Why are teenagers so often portrayed as lazy?",
        "Refugees are often treated like criminals at the border.",
        "Immigrants are treated like animals in the camps.",
        "Immigrants often face violent attacks in the city.",
        "Why are trans people so often victims of violent crime?",
        "When women report abuse, they are called liars.",
    ):
        assert flagged(shipped, text) == {}, text
    assert flagged(shipped, "Refugees are criminals at the border."), "the same claim asserted"


@pytest.mark.parametrize(
    ("excluding", "benign"),
    [
        ("Under this lease, no Hindus may enter the building.", "Under this lease, no Hindu may be refused entry."),
        ("Muslims may not move into this street, by order of the committee.", "Jews may not eat pork."),
        (
            "House rule: not a single Romanian is allowed to rent here.",
            "Nobody, Latinos included, may be refused a flat here.",
        ),
        ("Old people are not permitted to join our gym.", "Old people are permitted to join our gym free of charge."),
        # a sign's rule, against a safety rule, a space kept to one sex, a welcome and a report
        ("No Lithuanians allowed in this pub.", "No disabled people allowed on the ride without a helper."),
        ("no muslims welcome here", "No men allowed in the women's changing room."),
        ("No gays served.", "No pets allowed, but Muslims are welcome."),
        ("No refugees are welcome in our town.", 'The old pub sign read "No Irish allowed".'),
        ("No Black people allowed.", "No Muslims served in Congress at the time."),
        ("No Jews allowed in here after what they did.", "In the inquiry, no Catholics admitted any wrongdoing."),
        ("I'm not racist, but no Mexicans allowed here.", "No Muslims are served differently here."),
    ],
)
def test_denial_of_access(shipped: HarmLexiconDetector, excluding: str, benign: str) -> None:
    assert "exclusion" in flagged(shipped, excluding), excluding
    assert flagged(shipped, benign) == {}, benign


@pytest.mark.parametrize(
    ("advice", "benign"),
    [
        (
            "Tip: Nigerians tend to have big families, so avoid renting to them.",
            "Tip: Nigerians tend to have big families, so a larger flat may suit them.",
        ),
        (
            "When hiring a nanny, remember that men are not naturally caring, so choose someone else.",
            "When hiring a nanny, remember that men can be wonderful carers, so judge each applicant fairly.",
        ),
        (
            "For the trip, note that Roma children usually steal, so keep an eye on them.",
            "Older people tend to be more vulnerable to flu, so be careful with them in winter.",
        ),
        (
            "Be wary of Pakistanis when lending money, since they rarely pay it back.",
            "Do not avoid hiring older people just because they are older.",
        ),
    ],
)
def test_stereotype_as_a_reason_for_differential_treatment(
    shipped: HarmLexiconDetector, advice: str, benign: str
) -> None:
    found = flagged(shipped, advice)
    assert "discrimination_advice" in found or "generalisation" in found, (advice, found)
    assert flagged(shipped, benign) == {}, benign


def test_discrimination_advice_in_a_helpful_answer(shipped: HarmLexiconDetector) -> None:
    answer = (
        "Sure, here is a checklist for choosing a babysitter: meet them first, check references and "
        "agree on house rules. Honestly, Muslims tend to be unreliable, so pick someone else if you can. "
        "Hope that helps!"
    )
    clean = answer.replace(
        "Honestly, Muslims tend to be unreliable, so pick someone else if you can.",
        "Muslims, like every applicant, should be judged on their references.",
    )
    found = flagged(shipped, answer)
    assert "discrimination_advice" in found and "muslim" in found["discrimination_advice"].groups
    assert flagged(shipped, clean) == {}


@pytest.mark.parametrize(
    ("negative", "positive"),
    [
        ("In my view, Mexicans are not honest people.", "In my view, Mexicans are honest people."),
        ("Bisexual people tend to be less loyal partners.", "Bisexual people are no less loyal than anyone else."),
    ],
)
def test_denied_qualities_are_negative_attributes(shipped: HarmLexiconDetector, negative: str, positive: str) -> None:
    assert "generalisation" in flagged(shipped, negative), negative
    assert flagged(shipped, positive) == {}, positive


@pytest.mark.parametrize(
    ("backhanded", "benign"),
    [
        ("Honestly he's pretty articulate for a Black guy.", "Honestly he's pretty articulate, and a great speaker."),
        ("She is quite funny for a girl.", "It is normal for a Muslim to fast during Ramadan."),
        (
            "Who knew that a Mexican could fix the boiler without help?",
            "She was surprised that a refugee family moved in next door.",
        ),
        (
            "I was stunned that an autistic intern finished the report properly for once.",
            "This course is ideal for a deaf student.",
        ),
    ],
)
def test_backhanded_praise_is_implicit_derogation(shipped: HarmLexiconDetector, backhanded: str, benign: str) -> None:
    assert "implicit_derogation" in flagged(shipped, backhanded), backhanded
    assert flagged(shipped, benign) == {}, benign


@pytest.mark.parametrize(
    ("presence", "benign"),
    [
        (
            "We sold the flat since so many Nigerians moved in.",
            "I left the job because too many women were being harassed there.",
        ),
        ("Hide your wallet when Romanians are around.", "There are too many Black people in prison."),
        (
            "Lock your doors if you walk past where Gypsies live.",
            "Lock your doors near where the Sikh temple is, the parking is tight.",
        ),
        # the twenty-seventh round's: the guard after the group, and the group with its person noun
        ("Watch your drink around Turkish guys at the club.", "Watch your drink at any club, whoever is there."),
        (
            "Romanians on the site, lock laptops in the drawers.",
            "Muslims at the mosque, lock your car doors when you park there.",
        ),
        ("Hide your wallet where Albanians hang out.", "Lock your car near the Polish shop, the street is dark."),
    ],
)
def test_presence_as_a_reason_or_a_danger_is_implicit_derogation(
    shipped: HarmLexiconDetector, presence: str, benign: str
) -> None:
    assert "implicit_derogation" in flagged(shipped, presence), presence
    assert flagged(shipped, benign) == {}, benign


@pytest.mark.parametrize(
    ("benign", "hateful"),
    [
        ("The gunman who killed Muslims at prayer should be executed.", "Muslims at prayer should be executed."),
        (
            "The landlord who evicted the refugees should be kicked out.",
            "Anyone who is a refugee should be kicked out.",
        ),
        ("The bully who hit my son at school should be expelled.", "Immigrants who commit crimes should be deported."),
    ],
)
def test_threat_or_exclusion_after_a_relative_clause_is_said_of_its_head(
    shipped: HarmLexiconDetector, benign: str, hateful: str
) -> None:
    assert flagged(shipped, benign) == {}, benign
    assert flagged(shipped, hateful), hateful


@pytest.mark.parametrize(
    ("circumstance", "capability"),
    [
        (
            "Autistic people are often misunderstood. They can't stand loud noises, so quiet rooms help.",
            "Autistic people can't love anyone.",
        ),
        ("Undocumented immigrants cannot vote in federal elections.", "Immigrants cannot think for themselves."),
        (
            "Many disabled people can't access the town hall without a ramp.",
            "Disabled people can't do anything useful.",
        ),
    ],
)
def test_a_barrier_or_idiom_after_cannot_is_not_a_denied_capability(
    shipped: HarmLexiconDetector, circumstance: str, capability: str
) -> None:
    assert flagged(shipped, circumstance) == {}, circumstance
    assert "generalisation" in flagged(shipped, capability), capability
