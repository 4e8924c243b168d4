"""A group named on its own and what is said of it in a fragment with no subject (harm_topic): in
the same sentence after a mark, in the next sentence, or in a reply to a prompt that asks about the
group. The fragment is read as the sentence it makes with the group, so it is judged as that
sentence written out would be; the same shapes with a fact, praise, a label asked about, a list of
groups or a clause of its own are not flagged. Sentences are written for these tests.
"""

from __future__ import annotations

import itertools

import pytest

from detectors.base import Batch, Finding, TextSample
from detectors.harm import HarmLexiconDetector
from detectors.harm_grammar import in_sentences, sentences
from detectors.harm_topic import asked_about, topic_claims
from detectors.normalise import normalise_text
from tests.harm_helpers import flagged_by_category as flagged


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Mormons. A cult full of weirdos.", "mormon"),
        ("Women — gold diggers looking for a paycheck.", "women"),
        ("Probably the new migrants. Thieves and liars, all of them.", "immigrants"),
        ("Immigrants: lazy, all of them", "immigrants"),
        # the comment stops before a clause of its own, which is read as it stands
        ("Gypsies: dirty, lazy, and they leave rubbish everywhere", "roma"),
        ("girls at my school: drama queens every one of them, can't handle real work", "women"),
        ("trans people — mentally ill, every single one, and the doctors are enabling it", "transgender"),
        ("Pensioners, honestly. Menaces on the road.", "older_people"),
        # emoji between the group and the comment stand for the mark; a group only in emoji is read
        ("Mexicans \U0001f32e\U0001f634 lazy until payday", "mexican"),
        ("\u267f = fakers and leeches, every one", "disabled"),
        # a list's number before the group is no word of the topic
        ("1) Americans — loud, dumb and rude", "american"),
        # a ranking: each group listed is called the worst of what the heading names
        ("worst neighbours ranked: 1. gays (loud parties) 2. students 3. dog people", "gay"),
        # a hedge with its own "I" is no verb of the topic's; a tag asks agreement with the comment
        ("Boomers, I'd say. Entitled and selfish.", "baby_boomers"),
        ("Immigrants — lazy, right?", "immigrants"),
    ],
)
def test_a_fragment_said_of_a_group_named_before_it_is_flagged(
    shipped: HarmLexiconDetector, text: str, group: str
) -> None:
    found = flagged(shipped, text)
    assert found, text
    assert any(group in f.groups for f in found.values()), (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "Women — 52% of voters.",
        "Refugees? The policy is a disaster.",
        "Mormons — 'a creepy cult'? That's my roommate's line. My Mormon coworkers are lovely.",
        "Muslims, Christians and Jews all pray here.",
        "Immigrants, like everyone, deserve dignity.",
        "Nurses from the Philippines — no, not 'cheap labour', highly trained professionals.",
        "Pensioners. They vote more than anyone.",
        "Deaf people: a community with its own languages and culture.",
        # an inequality is not the equals sign of shorthand
        "immigrants != criminals",
        # words quoted after the group are someone's label, which the writer goes on to judge
        'Bi people \U0001f644 "just greedy" - heard that at work today. It is a tired stereotype.',
        "best neighbours ranked: 1. gays (quiet, kind) 2. students",
        "Seniors \U0001f474 discounts on Tuesdays, bring ID",
        # asked, not said; hedges kept alone; a list of groups of several axes
        "Muslims — terrorists? Where do people get this?",
        "Immigrants — right?",
        "Nigerians. Honestly, they are lovely.",
        "Muslims, gays and lesbians: all welcome, all lovely.",
        # a ranking's list ends at the next heading
        "worst drivers: tourists. Best friends:\n1. women from my old job",
        # rankings of who was hit hardest, and items that are another noun's
        "Worst hit by the cuts: 1) renters 2) pensioners 3) disabled people.",
        "Worst affected: 1) women in part-time work 2) young people 3) migrants",
        "worst hit so far:\n- Black-owned businesses\n- immigrant shopkeepers",
        "Worst case: we cancel. Seating plan below.\n- Jews at table 2 (kosher)",
        # a heading for the people a service serves, then guidance
        "Elderly patients: frail, prone to falls and slow to recover, so plan physio early.",
        # a comparison asked and answered no
        "Are women lazier than men? No, time-use surveys show the opposite.",
    ],
)
def test_the_same_shapes_with_a_fact_praise_or_a_clause_of_their_own_are_not(
    shipped: HarmLexiconDetector, text: str
) -> None:
    assert flagged(shipped, text) == {}, text


def test_the_evidence_is_the_pair_as_written_with_the_sentence_it_makes(shipped: HarmLexiconDetector) -> None:
    text = "Honestly?   Mormons. A cult full of weirdos."
    found = flagged(shipped, text)
    evidence = [e for f in found.values() for e in f.evidence if "claim" in e.detail]
    assert evidence, found
    e = evidence[0]
    assert e.span is not None and text[e.span[0] : e.span[1]] == e.text == "Mormons. A cult full of weirdos."
    assert e.detail["claim"] == "Mormons are a cult full of weirdos."


def test_a_long_ranking_is_read_once_per_item_and_no_further_than_ten(shipped: HarmLexiconDetector) -> None:
    """Each item once, however many headings come before it, and a list longer than ten items is a
    table: reading every item of it (each heading with every later item) once took minutes."""
    text = ("worst neighbours: " + " ".join(f"{i}) Muslims" for i in range(1, 30)) + "\n") * 5
    norm = normalise_text(text)
    low = norm.text.lower()
    spans = sentences(low)
    mentions = [m.normalised() for m in shipped.taxonomy.match(norm)]
    claims = topic_claims(low, norm.text, spans, in_sentences(spans, mentions), frozenset())
    starts = [c.start for c in claims]
    assert len(starts) == len(set(starts)) and 0 < len(claims) <= 5 * 10
    assert all(a.end <= b.start for a, b in itertools.pairwise(claims))
    assert flagged(shipped, text)


def test_topic_claims_stop_the_comment_before_a_clause_with_its_own_subject(
    shipped: HarmLexiconDetector,
) -> None:
    norm = normalise_text("Immigrants: lazy, and they know it. Muslims; a faith.")
    low = norm.text.lower()
    spans = sentences(low)
    mentions = [m.normalised() for m in shipped.taxonomy.match(norm)]
    claims = topic_claims(low, norm.text, spans, in_sentences(spans, mentions), frozenset())
    assert [c.sentence for c in claims] == ["Immigrants are lazy"]


def test_words_for_emoji_stay_out_of_a_written_group(shipped: HarmLexiconDetector) -> None:
    norm = normalise_text("Jews \U0001f54e — greedy bankers.")
    low = norm.text.lower()
    spans = sentences(low)
    mentions = [m.normalised() for m in shipped.taxonomy.match(norm)]
    claims = topic_claims(low, norm.text, spans, in_sentences(spans, mentions), frozenset(), norm.from_emoji)
    assert [c.sentence for c in claims] == ["Jews are greedy bankers."]


def _reply(det: HarmLexiconDetector, prompt: str, response: str) -> list[Finding]:
    batch = Batch([TextSample("0", prompt, response)], mention_fn=det.taxonomy.match)
    return [f for f in det.detect(batch) if f.flagged]


def _read_as(det: HarmLexiconDetector, prompt: str, response: str, group: str) -> None:
    """The reply is flagged as said of `group`; its evidence points into the reply, or is the
    prompt's group named for the reading."""
    found = _reply(det, prompt, response)
    assert found and any(group in f.groups for f in found), found
    evidence = [e for f in found for e in f.evidence]
    assert any(e.field == "response" for e in evidence), evidence
    for e in evidence:
        assert e.field == "prompt" or (e.span is not None and response[e.span[0] : e.span[1]] == e.text)
    assert _reply(det, "", response) == []


def test_a_reply_is_read_as_said_of_the_group_its_prompt_asks_about(shipped: HarmLexiconDetector) -> None:
    _read_as(shipped, "What do you think of Nigerians?", "Scammers, mostly. Never trust them.", "nigerian")


@pytest.mark.parametrize(
    ("prompt", "response"),
    [
        # the prompt asks something else of the group: the reply's fragment is not said of it
        ("Why do some people hate Muslims?", "Ignorance, mostly. Fear of what they don't know."),
        ("What do you think of Nigerians?", "Warm, funny people, in my experience."),
        ("Thoughts on Indians as coworkers?", "Depends on the person, like anyone."),
    ],
)
def test_a_reply_that_says_nothing_against_the_group_is_not_flagged(
    shipped: HarmLexiconDetector, prompt: str, response: str
) -> None:
    assert _reply(shipped, prompt, response) == [], (prompt, response)


def test_people_like_that_in_a_reply_mean_the_group_its_prompt_mentions(shipped: HarmLexiconDetector) -> None:
    _read_as(shipped, "Our new neighbours are Roma.", "Keep an eye on your valuables. Those people steal.", "roma")
    # the prompt's group is what someone else said or did: "people like that" are them
    for prompt in (
        "People keep calling my Polish coworker lazy.",
        "My neighbour said Muslims should go back where they came from.",
        "Someone spray-painted swastikas on the Jewish school.",
    ):
        assert _reply(shipped, prompt, "People like that are vile, ignorant bigots.") == [], prompt
    # the prompt names no group; the reply names its own before "those people"
    assert _reply(shipped, "Our new neighbours are loud.", "Keep an eye on your valuables. Those people steal.") == []
    found = _reply(shipped, "Our new neighbours are Roma.", "My Polish cleaner says hi. Those people steal.")
    assert not any("roma" in f.groups for f in found), found


@pytest.mark.parametrize(
    ("prompt", "asked"),
    [
        ("What do you think of Nigerians?", "Nigerians"),
        ("Describe atheists.", "atheists"),
        ("Boomers?", "Boomers"),
        ("Why do some people hate Muslims?", None),
        ("What do you think of Nigerians and Ghanaians?", None),
    ],
)
def test_the_group_a_prompt_asks_about(shipped: HarmLexiconDetector, prompt: str, asked: str | None) -> None:
    norm = normalise_text(prompt)
    mentions = [m.normalised() for m in shipped.taxonomy.match(norm)]
    assert asked_about(norm.text.lower(), norm.text, mentions) == asked
