"""People sorted by their group (harm_sorting, the twenty-first round): a decision that disfavours
people, given as the writer's advice, with a generalisation about their group as its reason, in
the same sentence ("since", "because", ", as", a colon, a dash or a comma; "..., so <decision>";
"Since <generalisation>, <decision>"), after a semicolon, or in the next sentence; the group named
by the decision and referred back to ("they", "those people", "people like that"), or named in the
reason. Each is read by this reading (evidence frame "sorted"), not only by an older one.

Contrasts of the same shapes: a decision that gives rather than disfavours; a reason about someone
else ("the hiring panel chose"), one person ("he won't enjoy the bar") or a thing; a decision about
no one ("pass on the upgrade"), about a team or a product ("the Portuguese side"); a need, an
observance or a rule as the reason; the decision denied, refused, weighed or judged wrong; what
someone else did or said, reported or quoted; for the age and disability axes a neutral reason (an
adjustment). Sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from detectors import harm_grammar as g
from detectors import harm_sorting as sorting
from detectors.harm import HarmLexiconDetector
from detectors.harm_grammar import Hit
from detectors.normalise import normalise_text
from tests.harm_helpers import assert_read_as
from tests.harm_helpers import flagged_by_category as flagged


def _sorted_frame(det: HarmLexiconDetector, text: str) -> bool:
    """The text's flagged discrimination advice holds this reading's evidence."""
    found = flagged(det, text).get("discrimination_advice")
    return found is not None and any(e.detail.get("frame") == "sorted" for e in found.evidence)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # the reason after a semicolon, the group referred back to by "they"
        ("For the cashier opening, I'd pass on the Roma applicants; they tend to be unreliable.", "roma"),
        ("You could quote Korean buyers a bit higher on the warranty; they rarely ask questions.", "korean"),
        ("Put the Haitian volunteers on back-office tasks; they're rude to the visitors.", "haitian"),
        # the group named again in the reason, after a few words of its noun phrase
        ("I'd go with the other candidate over the Somali applicant; Somali workers often quit early.", "somali"),
        ("It's reasonable to ask the lesbian couple for a larger deposit; lesbian couples often split up.", "lesbian"),
        ("Maybe skip the Baptist volunteers; devout Baptists usually preach at the guests.", "protestant"),
        # a causal connective in the same sentence
        ("Charge Mexican customers a higher fee, since Mexicans usually don't complain.", "mexican"),
        ("I'd think twice about promoting the gay engineer because gay men tend to be dramatic.", "gay"),
        # "people like that", "those people" and a second clause of the reason
        ("Deprioritize the Sikh applicants; honestly, people like that can be stubborn.", "sikh"),
        ("Deprioritize the Jamaican staff; they're fine, but Jamaicans rarely stay focused.", "jamaican"),
        # the reason first
        ("Since Nigerians often exaggerate, I'd pass on the Nigerian applicant.", "nigerian"),
        ("Albanians tend to cause trouble, so skip the Albanian tenants.", "albanian"),
        # the reason in the next sentence
        ("I'd hold off on the Pakistani candidates. Pakistanis usually struggle with deadlines.", "pakistani"),
        ("Pass on him for the promotion. Transgender people are often unstable.", "transgender"),
        # the old and disabled with a negative reason
        ("Skip the older applicants; old people are lazy and slow.", "older_people"),
        # a class of people for the decision's group, and less expected of them
        ("I'd pass on the atheist tutor; people without faith often lie to kids.", "atheist"),
        ("Keep expectations modest for the Filipino hires; they rarely aim high.", "filipino"),
        # others' unease with the group as the reason, and "that's where the risk is"
        ("Pass on the Sikh applicant for the host stand; diners might feel uneasy.", "sikh"),
        ("Keep a closer eye on the Roma shoppers; that's where the theft is.", "roma"),
        # a decision approved after it (the group's people as its object, or a person), and
        # bookings standing for people
        ("Passing over the Somali applicant is sensible, because Somalis rarely stay long.", "somali"),
        ("It's wise to decline bookings from Albanian groups, as Albanians tend to cause trouble.", "albanian"),
        ("Passing over him was sensible, because Somalis rarely stay long.", "somali"),
        # a job's post after a rejecting verb, with a word that once counted as a game's ("pool")
        ("For the typing pool job, pass on the Roma applicants; they tend to steal.", "roma"),
        # the next sentence read although a comma gives the sentence a candidate reason
        ("For the cashier job, skip the Roma applicants. They tend to steal.", "roma"),
        # the post after a verb that rejects; a class of people with "their"
        ("Pass on the Nigerian applicant for the cashier job; Nigerians often lie.", "nigerian"),
        ("Pass on him for the flat. Women in their thirties usually quit for babies.", "women"),
        # a disclaimer that owns the prejudice does not deny the advice
        ("I'm not racist, but pass on the Somali applicants; Somalis quit early.", "somali"),
        # the writer's own practice, and a memo's "please"
        ("We always skip the Roma applicants; they tend to be unreliable.", "roma"),
        ("Going forward, please deprioritize the Somali applicants; Somalis often quit early.", "somali"),
    ],
)
def test_a_decision_with_a_generalisation_as_its_reason_is_flagged(
    shipped: HarmLexiconDetector, text: str, group: str
) -> None:
    assert_read_as(shipped, text, "discrimination_advice", group)
    assert _sorted_frame(shipped, text), text


@pytest.mark.parametrize(
    "text",
    [
        # a decision that gives, not disfavours
        "Give the Deaf students written notes; they usually prefer text to spoken instructions.",
        "Book longer slots for the Somali patients; they often need an interpreter.",
        # the reason about someone else, one person or a thing
        "I'd pass on the Catholic candidate; the hiring panel already chose someone else.",
        "Skip inviting the Mormon colleague; he won't enjoy the bar anyway.",
        "Skip the Indian restaurant tonight; their kitchens often close early on Mondays.",
        # a decision about no one, a team or a product
        "Pass on the upgrade; Korean laptops usually last long enough.",
        "Pass on the Portuguese side in your bracket; they've rarely scored away from home.",
        # the decision denied, refused or judged wrong
        "Don't pass on the Muslim applicant; Muslims are no less reliable than anyone.",
        "I wouldn't skip the Roma applicants; they tend to be as reliable as anyone.",
        "Charging Mexican customers extra because they rarely complain would be discriminatory.",
        "I can't recommend passing on the Nigerian applicant; Nigerians are often stereotyped unfairly.",
        # the group's people not the object: a thing for them, a task they are spared, theirs
        "Skip the pork for the Muslim guests; Muslims don't eat it.",
        "Skip the Jewish staff for the Saturday rota; they usually observe Shabbat.",
        "Pass on the Hindu guests' beef dish; Hindus often avoid beef.",
        "Pick another venue for the Muslim wedding; Muslims usually need a prayer room.",
        # a game, medicine, and a slot adjusted for a neutral reason
        "Skip the Kenyan runners in your fantasy league; they usually rest in May.",
        "Avoid codeine for the Ethiopian patients; many Ethiopians metabolise it too fast.",
        "Book the Muslim staff shorter slots on Fridays; they usually attend prayers.",
        # a warning about those who discriminate, a quoted bigot condemned, a reason rejected
        "Be wary of agencies that skip Black applicants; they often hide it well.",
        "'Pass on the Roma applicants; they tend to steal.' That advice is illegal.",
        "Passing on the refugee applicants just because refugees often move isn't fair.",
        # someone else's choice that picks a thing; "for" a thing, not a post
        "Go with another caterer; Hindus usually want a vegetarian kitchen.",
        "Pass over the Mormon guests for the coffee round; Mormons usually avoid caffeine.",
        # a need, an observance or a rule as the reason
        "Pass on the Cuban applicants; Cubans can't get the visa this year.",
        "Skip the Jewish families; observant Jews don't take deliveries on Shabbat.",
        # a share taken from people, or given to what they own
        "Move the Sikh staff off back-office duty; Sikhs usually love the front desk.",
        "Run extra checks on the Haitian workers' hours; they're often underpaid.",
        # others' unease overruled; words reported after a colon; a judgement after the reason
        "Keep the hijabi nurse off the back-office rota; patients might feel uneasy, but she stays.",
        "My landlord's advice: skip the Roma tenants; they tend to be noisy.",
        "Skip the Mexican applicants, Mexicans are lazy, my uncle says.",
        "Pass on the Roma tenants; they tend to be noisy. That line cost the firm a settlement.",
        # an approval denied, a decision weighed, a denial before a comma
        "Passing over the Sikh engineer was not a smart call, since Sikh engineers tend to excel.",
        "Passing over him is no defensible call, since Somali drivers are usually the most careful.",
        "We're expected to skip the Roma applicants; they tend to be noisy, apparently.",
        "Skip the Roma applicants; they tend to steal. Vile advice, and I said so.",
        "Pass on the refugee applicants for the unpaid post; refugees can't afford to work for free.",
        "I was wondering whether to pass on the Roma applicants; they tend to move often.",
        "Don't, whatever you do, skip the Roma applicants; they tend to be the hardest workers.",
        # someone else's decision, reported, or suffered by the writer
        "The landlord passed on the Roma applicants; he said they tend to be unreliable.",
        "I was passed over for the role; managers think women tend to be emotional.",
        # the old and disabled with a neutral reason: an adjustment
        "Give the older volunteers shorter shifts; older people often tire in the heat.",
        "Skip the stairs tour for the wheelchair users; they usually prefer the lift route.",
    ],
)
def test_the_same_shapes_without_a_group_sorted_are_not_flagged(shipped: HarmLexiconDetector, text: str) -> None:
    assert "discrimination_advice" not in flagged(shipped, text), text


def test_the_reading_names_the_decision_and_its_reason() -> None:
    low = "pass on the roma applicants since they tend to be unreliable."
    hits = [Hit(0, 7, "passed_over", "pass on")]
    parts = sorting.within(low, 0, len(low), hits)
    assert parts[0] == ((0, low.index(" since")), (low.index("they"), len(low)))


@pytest.mark.parametrize(
    ("text", "group", "read"),
    [
        # the object of a gerund opening its clause: what follows is said of the act
        ("Skipping women would be illegal and dumb.", "women", False),
        ("Hiring the Muslim applicants is smart.", "muslim", False),
        # an adjective in "-ing", and a verb of thinking whose clause has the group as subject
        ("Working women are lazy.", "women", True),
        ("Implying Muslims are violent is what he does.", "muslim", True),
    ],
)
def test_a_gerunds_object_is_not_the_subject_of_what_follows(
    shipped: HarmLexiconDetector, text: str, group: str, read: bool
) -> None:
    norm = normalise_text(text)
    low = norm.text.lower()
    mentions = [m.normalised() for m in shipped.taxonomy.match(norm) if m.group == group]
    assert mentions, text
    assert g.gerund_object(low, mentions[0], 0) is not read, text
