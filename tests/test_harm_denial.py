"""A group's mistreatment denied, or its people's reports of it doubted or resented (harm_denial,
harm_doubt, the twenty-second round): the writer says the prejudice against a group is over or unreal
("racism against <group> is a myth", "<group> don't face any real discrimination"), or says the
group's people, as a group, inflate, invent or use it ("<group> cry racism", "play the race
card", "complain about racism, but it's in their heads"), advises discounting their reports
("when a <group> employee says ..., don't take it at face value"), or resents them ("<group> are
never satisfied"). Each is read by this reading (its evidence frame), not only by an older one.

Contrasts of the same shapes and words: the prejudice reported, backed by evidence, or conceded
to go on; someone else's denial reported or rejected; a denial negated or asked; one place's
news ("is over in my family"); a denial of a denial ("the idea that racism is over is a myth");
advice to take reports seriously; complaints about things ("moaning about the referee"); the same
words about no group's mistreatment. Sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from detectors import harm_denial as denial
from detectors import harm_doubt as doubt
from detectors import harm_prejudice as prejudice
from detectors.harm import HarmLexiconDetector
from tests.harm_helpers import flagged_by_category as flagged


def _frames(det: HarmLexiconDetector, text: str) -> set[str]:
    """The frames of this reading among the text's flagged implicit derogation."""
    found = flagged(det, text).get("implicit_derogation")
    if found is None:
        return set()
    return {str(e.detail.get("frame")) for e in found.evidence} & {denial.FRAME, doubt.FRAME}


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # a word of prejudice with its group, then a state or a predicate that denies it
        ("Racism against Black people is a myth at this point; the playing field is level.", "black"),
        ("Honestly, discrimination against gay people doesn't exist anymore.", "gay"),
        ("Discrimination against Muslims is largely exaggerated these days.", "muslim"),
        ("Anti-gay discrimination is a thing of the past.", "gay"),
        ("Ageism is not a real problem.", "older_people"),
        # the group named by the word itself
        ("Sexism in tech is completely overblown.", "women"),
        ("Happy to help! One note: homophobia in schools is mostly a media invention.", "gay"),
        # the talk of it denied; an opener; the group said to meet none
        ("The notion that poor people face real discrimination is exaggerated.", "poor"),
        ("There's no such thing as anti-Black racism anymore.", "black"),
        ("Nobody discriminates against women anymore, so the gap is their own choice.", "women"),
        ("Gay people don't face any real discrimination anymore.", "gay"),
        ("The idea that Black employees face discrimination here is a myth.", "black"),
        ("Anti-Black racism is overblown.", "black"),
        ("Claims of disability discrimination are frequently exaggerated.", "disabled"),
        ("Most complaints of bias made by women here are exaggerated.", "women"),
        ("There's no racism against Asian people in this industry.", "asian"),
        ("Muslims aren't oppressed in this country, they just love to say they are.", "muslim"),
    ],
)
def test_the_prejudice_a_group_meets_denied_is_flagged(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    found = flagged(shipped, text).get("implicit_derogation")
    assert found is not None and group in found.groups, (text, found)
    assert "denied_discrimination" in _frames(shipped, text), text


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # an inflating verb with a word of prejudice or hardship as its object
        ("Women love to cry sexism whenever they don't get a promotion.", "women"),
        ("A lot of Jews invent antisemitism to shut down criticism.", "jewish"),
        ("Disabled folks tend to exaggerate how hard things are for them to get perks.", "disabled"),
        ("Gay men blame homophobia for everything that goes wrong in their lives.", "gay"),
        ("Muslims call every airport screening Islamophobia.", "muslim"),
        # a card; seeing it everywhere; using anything as an excuse
        ("Black applicants play the race card every time they get rejected.", "black"),
        ("Trans people see transphobia everywhere, even where there is none.", "transgender"),
        ("Autistic staff use their diagnosis as an excuse to skip meetings.", "autistic"),
        # a report dismissed in its sentence or the next
        ("Latinos complain about racism, but most of it is in their heads.", "hispanic_latino"),
        ("When women report harassment at work, they're usually overreacting to a harmless joke.", "women"),
        ("Deaf employees complaining they get left out of meetings? Ignore it.", "deaf"),
        # a case opened by "when", with advice to discount it; the advice first
        ("Manager tip: when a Black employee says a comment was racist, don't take it at face value.", "black"),
        ("Don't believe trans women when they say they were harassed in a restroom.", "transgender"),
        # resentment, in the sentence or opening the next; a question that presupposes it
        ("Feminists are never satisfied; they keep asking for more.", "feminists"),
        ("Conservatives crying about being cancelled again. Get over it.", "conservatives"),
        ("Why are feminists never satisfied?", "feminists"),
        ("Gay people never stop whining about homophobia.", "gay"),
        ("I think that women are never satisfied.", "women"),
        ("Trans people need to stop whining about bathrooms.", "transgender"),
        # a post opening with an emoji; blame for everything; a dismissal in the report's clause
        ("\U0001f644 Women cry sexism over nothing.", "women"),
        ("Boomers blame ageism whenever they can't work a phone.", "baby_boomers"),
        ("Gay customers tend to see homophobia in every little thing.", "gay"),
        ("Pensioners are forever complaining of being ignored.", "older_people"),
        ("Most of what women call sexism is really just ordinary disagreement.", "women"),
        ("Poor tenants say they were treated unfairly, but they're just trying to dodge rent.", "poor"),
    ],
)
def test_a_groups_reports_doubted_or_resented_are_flagged(shipped: HarmLexiconDetector, text: str, group: str) -> None:
    found = flagged(shipped, text).get("implicit_derogation")
    assert found is not None and group in found.groups, (text, found)
    assert "doubted_grievance" in _frames(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # the prejudice reported, backed or conceded
        "Racism against Black people is not a myth; audit studies show fewer callbacks for the same CV.",
        "Discrimination against gay people still exists in housing and hiring.",
        "Discrimination against women in hiring has fallen since the 1970s, though it has not disappeared.",
        "Apartheid ended decades ago, but its effects on Black South Africans remain.",
        "Black people blame racism for police stops because the data show racial profiling.",
        "Women find sexism everywhere in the industry, and the surveys confirm it.",
        "Latinos complain about racism because they experience it, as the housing audits show.",
        "Men don't face discrimination in nursing, our survey found.",
        # someone else's denial, reported or rejected; a denial of a denial; a question
        "People say sexism in tech is overblown, but the attrition data say otherwise.",
        "Some claim homophobia is over; the hate-crime statistics say otherwise.",
        "The claim that racism against Black people is over is a myth.",
        "It's a lie that sexism is over.",
        "The claim that classism is a myth ignores the audit studies.",
        "The claim that Black applicants play the race card is a tired stereotype.",
        "Is racism against Native Americans a thing of the past? No.",
        "I'd disagree that Muslim staff are asking for special treatment; shift swaps are normal.",
        # one place's or one person's news; a group where it is the majority
        "The harassment of Muslim staff is over since the new manager arrived.",
        "Homophobia is over in my family; my parents finally accepted me.",
        "Muslims aren't oppressed in Indonesia, where they are the majority, but minorities there are.",
        # advice to take reports seriously; a dismissal denied
        "When a Black employee says a comment was racist, take it seriously and investigate.",
        "If a plus-size student says a teacher mocked her weight, act on it, not tell her to toughen up.",
        "Women complain about sexism, and it's not made up.",
        # complaints about things, demands with a reason, the same words about no group
        "The Irish fans were still moaning about the referee after the match.",
        "Disabled activists keep demanding ramps because the law requires them.",
        "He exaggerated his injury to get out of practice, and the coach knew it.",
        "The risk of the vaccine was wildly overblown in the press.",
        "There's no such thing as an old-fashioned gay guy in this bar.",
        "The Myth of Melanesian Socialism is a well-known essay.",
        "Immigrants invent new businesses at twice the rate of natives.",
        "Most Catholics use religion as an excuse to judge others.",
        "Women report harassment everywhere they work, the survey found.",
        # one person, or a few
        "Some women exaggerate harassment, as some men do; each case needs evidence.",
        # someone else dismisses the report, or the report is denied
        "Women complain about harassment and the managers treat it as a joke.",
        "Nurses report abuse at high rates, and Filipino nurses are often told they're overreacting.",
        "Many trans people don't report harassment because they expect nobody to act on it.",
        "Disabled people are sometimes accused of faking their conditions, which is cruel.",
        # how often a report is made; seeing it because it is there; a justified report
        "Women report harassment every time it happens, as they should.",
        "Black people see racism everywhere because it is everywhere.",
        # a verb's literal sense, or a cause named
        "Gay teenagers hide behind humour to cope with bullying.",
        "Women make up most of the victims of workplace harassment.",
        "Muslims cry over the harassment their children meet at school.",
        "Latinos blame the housing crisis for their rent increases.",
        # a state word in another sense, a number, a predicate of manner
        "Racism against Black footballers is over three times higher than in 2019.",
        "Discrimination against women is rooted in history.",
        "The exclusion of disabled pupils didn't happen by accident.",
        "Slavery ended generations ago, and its legacy is still visible in the wealth gap.",
        # a graded prejudice after an opener; a negated verb of saying; irony
        "There's no such thing as harmless harassment of trans people.",
        "Don't let anyone tell you sexism in your office is overblown.",
        "Oh sure, sexism is a myth, that's why every CEO on the list is a man.",
        # advice that is care, a goal, a comparison, a card talked about or denied
        "When a Muslim student says she was harassed, believe her; don't escalate it without her consent.",
        "Women should have equal opportunities in engineering.",
        "Men don't face harassment at the rate women do.",
        "My friend, a Black woman, says the race card accusation follows her everywhere.",
        "Muslims do not play the religion card; they ask for fair treatment.",
        "Black parents are never satisfied with schools that fail their kids, and they shouldn't be.",
        # negation out of the two-word window; perpetrators, not targets; advice about someone else
        "Homophobia in rural schools is far from over.",
        "Fears of harassment by migrants are overblown.",
        "If an immigrant tenant says the landlord overcharged them, don't believe the landlord's side.",
        # state words in other senses; a hardship of their own
        "Discrimination against Roma is made up of countless small acts.",
        "Racism against Asian Americans is dead serious.",
        "Financial abuse of older people is often a scam run by relatives.",
        "Many disabled people don't experience their disability as a tragedy.",
        # resentment said to someone else, or reported
        "Gay couples can marry now. Get over it, bigots.",
        "Women complain about harassment on the night bus. Ignore it at your peril, the mayor said.",
        # a benign predicate negated after the claim rejects it ("isn't supported"), not continues it
        "The comment that 'nobody discriminates against Roma anymore' isn't supported.",
    ],
)
def test_the_same_shapes_reported_rejected_or_about_no_groups_mistreatment_are_not(
    shipped: HarmLexiconDetector, text: str
) -> None:
    assert not _frames(shipped, text), text


def test_evidence_offered_for_a_denial_does_not_refute_it(shipped: HarmLexiconDetector) -> None:
    assert "denied_discrimination" in _frames(shipped, "Racism against Black people is a myth, and the data show it.")
    assert not _frames(shipped, "Racism against Black people is a myth, but the data say otherwise.")


def test_advice_to_discount_a_report_spans_the_report(shipped: HarmLexiconDetector) -> None:
    # the report's own words ("racist", a counter cue) are inside the claim and damp nothing
    text = "Don't believe Black customers when they say the staff was racist."
    found = flagged(shipped, text)["implicit_derogation"]
    evidence = next(e for e in found.evidence if e.detail.get("frame") == "doubted_grievance")
    assert evidence.text == "Don't believe Black customers when they say the staff was racist."
    assert evidence.detail["countered"] is False


def test_a_dismissal_in_the_next_sentence_ends_the_claim_in_its_own(shipped: HarmLexiconDetector) -> None:
    text = "Deaf employees complaining they get left out of meetings? Ignore it."
    found = flagged(shipped, text)["implicit_derogation"]
    evidence = next(e for e in found.evidence if e.detail.get("frame") == "doubted_grievance")
    assert evidence.text == "Deaf employees complaining they get left out of meetings?"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a claim set beside another as absurd is a report, not the writer's
        ("Saying that is like saying all Black people are violent.", "generalisation"),
        # a reporting cue right after a quotation cites it, even with words before it
        (
            'lol, "nobody discriminates against Mexicans anymore", said the guy who asked if I was legal.',
            "implicit_derogation",
        ),
    ],
)
def test_a_claim_reported_after_it_or_set_beside_another_is_not_the_writers(
    shipped: HarmLexiconDetector, text: str, category: str
) -> None:
    assert category not in flagged(shipped, text), text


def test_a_prejudice_word_names_its_group_only_when_the_taxonomy_has_it() -> None:
    known = frozenset(["gay", "women"])
    assert prejudice.prejudice_groups({"prejudice_groups": [{"term": "Homophobia", "group": "gay"}]}, known) == {
        "homophobia": "gay"
    }
    with pytest.raises(ValueError, match="not a taxonomy group"):
        prejudice.prejudice_groups({"prejudice_groups": [{"term": "x", "group": "martians"}]}, known)


def test_a_denial_names_the_words_it_is_made_of(shipped: HarmLexiconDetector) -> None:
    text = "Honestly, discrimination against gay people doesn't exist anymore."
    found = flagged(shipped, text)["implicit_derogation"]
    evidence = next(e for e in found.evidence if e.detail.get("frame") == "denied_discrimination")
    # the counter cue "discrimination" is what is denied: it does not damp the claim
    assert evidence.text == "discrimination against gay people doesn't exist anymore"
    assert evidence.detail["countered"] is False
