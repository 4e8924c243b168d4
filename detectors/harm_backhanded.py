"""Praise that presupposes the group lacks the quality, read more broadly than harm_implicit's
"<praise> for a <group member>" (frame `praise_measured`).

Backhanded praise is rarely worded the same way twice; what makes it backhanded is that the group
sets the bar the praise is measured against:
- Praise limited by the group with words between them: "honestly sharp and well argued, for a
  <group member> anyway", "parks better than most, for a <group member>", or the limit first ("for
  a <group member>, just holding down a job is doing well").
- The person limited by a group a few words on: "articulate for someone who's <group>", "for a
  boy with his <disability>"; or by their kind (`group_limits`: "for someone like her", "for
  someone from there", "for someone of his background") with a group named in the sentence; or by
  their age (`age_limits`: "for someone her age", "at her age") with an age group named.
- An expectation the group sets (`expectation_cues`): "better than I'd expect from a <group
  member>", "I didn't expect a <group member> to be this honest"; praise given the group
  (`given_cues`): "..., especially considering she's <group>".
- A low bar (`low_bar_cues`: "good effort", "not bad", "doing well") limited the same ways.
- A member praised as an exception to their group (`exception_phrases`: "one of the good ones",
  "not like the rest of them", "a credit to his people"; `exception_openers`: "one of the good
  <group>"; `contrast_openers` with praise: "friendly, not like most <group>"), or as not seeming
  to be one (`unexpected_membership`: "you'd never guess he's <group>", "doesn't even sound
  <group>", "she's <group> but you'd never know").

Not read: the writer's own self-description ("I'm pretty good at chess for a <group> kid"), a
question, negated praise, a limit that is no group ("for a first-year", "for someone who started
last week"), a group's thing ("good for a <group> restaurant"), "for a <group member> to <verb>"
(what is normal for them), children's ages ("reads well for a six-year-old") and measures of the
body or of recovery ("normal for a woman of 70", a heart rate, after surgery), which are reference
ranges, not bars (any of `factual_measures` in the sentence silences the reading); praise that
may be a benefit right before "for" ("iron is good for a pregnant woman"), unless said of a
person; "not like most <group>" inside a quotation; things among the good ones ("one of the good
Italian delis", "this is one of the good ones"); a field credited ("a credit to women in
science"); a thing that does not sound like the group ("the ballad doesn't sound Irish"); a count
compared ("support was higher than we expected from <group> voters"); a reason for praising
something else ("Given that he's <group>, the seder he hosted was lovely"); a thing made or found
for the person ("designed an elegant dress for a <group> bride", "managed to find housing for a
<group> family"); a circumstance of the person's ("fluent for a <group> diplomat who only started
learning it at forty"). These are this reading's exclusions: the older `harm_implicit.backhanded`
still reads its own shapes ("brave for a <group member> to speak up"). A report, a quotation or a
counter cue damps it as it damps every harm claim.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from detectors import harm_grammar as g
from detectors import harm_implicit as implicit
from detectors import harm_prejudice as p
from detectors.harm_grammar import Hit
from detectors.harm_prejudice import Found
from detectors.taxonomy import Mention

_TRIGGERS = (
    "group_limits",
    "age_limits",
    "expectation_cues",
    "given_cues",
    "exception_phrases",
    "exception_openers",
    "contrast_openers",
    "unexpected_membership",
)
KINDS = ("limited_praise", "low_bar_cues", *_TRIGGERS, "factual_measures")
# Its own frame beside harm_implicit's `backhanded_praise`, so that each reading's flags can be told apart.
FRAME = "praise_measured"
_PRAISE_KINDS = (*sorted(implicit.CONCEDED_KINDS), "limited_praise", "low_bar_cues")
# "for a <member>", and "for one of the <group>" (a member limited by the group all the same)
_FOR_A = re.compile(r"(?<![a-z0-9])for\s+(?:a|an|one\s+of\s+(?:the|those|these))\s+$")
_WINDOW = 140  # characters between the praise and the limit
_WINDOW_WORDS = 12
# Between the praise and its limit, a new clause of its own ("..., because ...") ends the praise.
_BREAKS = g.CLAUSE_BREAKS | {"who", "which", "when", "if", "after", "since", "and", "so"}
# After "for a <group member>": the phrase ends, or one of these, never "to <verb>".
_FOLLOWERS = frozenset(
    [
        *("anyway", "though", "tho", "tbh", "lol", "honestly", "really", "imo", "haha", "lmao", "ngl"),
        *("i", "he", "she", "they", "you", "it", "is", "was", "that", "and", "but", "so", "which", "even"),
        *("he's", "she's", "they're", "you're"),
        *("just", "finishing", "getting", "holding", "being", "to-be"),
        # where the member is ("for a woman in finance", "for one of the <group> on the team")
        *("in", "on", "at"),
    ]
)
_SELF = frozenset(["i", "i'm", "im", "i've", "i'd", "me", "myself", "we", "we're", "ourselves", "us"])
_PERSON_SUBJECTS = frozenset(["he", "she", "he's", "she's", "you", "you're", "they", "they're", "him", "her"])
_NUMBERS = frozenset(
    [
        *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"),
        *("twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    ]
)


def triggered(by_kind: Mapping[str, list[Hit]], low: str, s_start: int, s_end: int) -> bool:
    """The sentence holds a cue of its own, or praise and "for a"/"for an"."""
    if any(k in by_kind for k in _TRIGGERS):
        return True
    praised = any(k in by_kind for k in _PRAISE_KINDS)
    return praised and (low.find("for ", s_start, s_end) >= 0)


def backhanded(
    low: str,
    sentence: tuple[int, int],
    mentions: list[Mention],
    by_kind: Mapping[str, list[Hit]],
    persons: frozenset[str],
) -> list[Found]:
    """Praise measured against the group of a mention in the sentence, or a member praised as an
    exception to it."""
    s_start, s_end = sentence
    if p.asked(low, s_start, s_end) or p.ironic(low, s_start, s_end):
        return []
    if "factual_measures" in by_kind:
        return []  # a reference range of the body, or recovery from an illness
    praise: list[Hit] = sorted(
        (h for k in _PRAISE_KINDS for h in by_kind.get(k, []) if _praising(low, h, s_start, s_end)),
        key=lambda h: h.start,
    )
    out: list[Found] = []
    for m in mentions:
        if _childhood(low, m, s_end):
            continue
        span = _for_a(low, m, sentence, praise, persons) or _exception_of(low, m, sentence, by_kind, praise, persons)
        span = span or _expected_of(low, m, sentence, by_kind, praise, persons)
        if span is not None:
            out.append(Found(span[0], span[1], frozenset([m.group]), FRAME))
    return out


def _praising(low: str, h: Hit, s_start: int, s_end: int) -> bool:
    """Praise not denied or diminished; "well" an adverb of manner, not "as well" or "Well, ..."."""
    if g.diminished(low, h.start, s_start):
        return False
    if h.value != "well":
        return True
    prev = g.words(low, max(s_start, h.start - 12), h.start)[-1:]
    return prev not in (["as"], []) and not low.startswith((" as", " done", " being", "-"), h.end)


def _childhood(low: str, m: Mention, s_end: int) -> bool:
    """An age given as a child's ("a six-year-old", "toddlers"): development, not a bar."""
    if m.axis != "age":
        return False
    named = g.words(low, max(0, m.start - 12), min(s_end, m.end + 12))
    if g.CHILDHOOD.intersection(named):
        return True
    for w in named:
        head = w.split("-")[0]
        if w.endswith(("year-old", "year-olds")) and (head in _NUMBERS or (head.isdigit() and int(head[:3]) < 18)):
            return True
    return False


def _clause_start(low: str, s_start: int, at: int) -> int:
    """The clause's start, no further back than `_CLAUSE_REACH` characters (a long clause's words
    before that say nothing of the praise)."""
    return g.clause_start(low, max(s_start, at - _CLAUSE_REACH), at)


_CLAUSE_REACH = 100
_COMPARED_REACH = 60  # characters from praise to "than I'd expect", "not what you'd expect"


def _own(low: str, s_start: int, at: int, persons: frozenset[str]) -> bool:
    """The writer speaks of themselves in the clause before the praise: "I", "we", or "my" not
    before a person ("my English is good", not "my Muslim coworker is ...")."""
    start = _clause_start(low, s_start, at)
    before = g.words(low, start, at)
    ahead = g.words(low, start, min(len(low), at + 40))
    for i, w in enumerate(before):
        if w in _SELF:
            return True
        if w in ("my", "our") and not persons.intersection(ahead[i + 1 : i + 3]):
            return True
    return False


def _praised_before(low: str, at: int, praise: list[Hit]) -> Hit | None:
    """Praise before `at`, within reach and in the same run of words (no new clause between)."""
    for h in reversed(praise):
        if h.end > at or at - h.end > _WINDOW:
            continue
        between = g.words(low, h.end, at)
        if len(between) <= _WINDOW_WORDS and not _BREAKS.intersection(between):
            return h
    return None


def _praised_after(low: str, at: int, praise: list[Hit]) -> Hit | None:
    for h in praise:
        if h.start >= at and h.start - at <= _WINDOW:
            between = g.words(low, at, h.start)
            if len(between) <= _WINDOW_WORDS and not (g.CLAUSE_BREAKS & set(between)):
                return h
    return None


def _person(
    low: str, m: Mention, s_end: int, persons: frozenset[str], followers: frozenset[str] = _FOLLOWERS
) -> int | None:
    """Where the group's phrase ends if it names a person or people (not "<group> food")."""
    end = g.group_end(low, m, s_end, persons)
    nxt = g.next_word(low, end, s_end)
    if nxt is not None and nxt[0] in persons:
        end = nxt[1]
        nxt = g.next_word(low, end, s_end)
    if nxt is not None and nxt[0] == "to" and "to" not in followers:
        return None  # "for a <group member> to fast": what is normal for them
    return end if g.whole_people(low, end, s_end, followers) or end > m.end else None


# "for someone who's <group>", "for a boy with his <group>", "for someone on a <group>": the person
# limited by a group named a few words on.
_FOR_SOMEONE = re.compile(
    r"(?<![a-z0-9])for\s+(?:someone|somebody|a\s+person|(?:a|an)\s+([a-z]+))\s+"
    r"(?:who's|who\s+is|who\s+was|with|in|from|on|of|off)\s+(?:(?:a|an|the|his|her|their|your|such|so)\s+){0,2}$"
)


def _for_a(
    low: str, m: Mention, sentence: tuple[int, int], praise: list[Hit], persons: frozenset[str]
) -> tuple[int, int] | None:
    """Praise, then "for a/an <group member>" (or "for someone who's <group>") a few words on; or
    that limit opening the clause and praise after it."""
    s_start, s_end = sentence
    for_a = _FOR_A.search(low, max(s_start, m.start - 24), m.start)
    end = None if for_a is None else _person(low, m, s_end, persons)
    if for_a is None or end is None:
        for_a = _FOR_SOMEONE.search(low, max(s_start, m.start - 48), m.start)
        if for_a is None or (for_a.group(1) is not None and for_a.group(1) not in persons):
            return None
        end = g.group_end(low, m, s_end, persons)
        if low.startswith(" to ", end):
            return None
    h = _praised_before(low, for_a.start(), praise)
    if h is not None and _benefit(low, h, for_a.start(), s_start):
        return None
    if h is not None and (_made_for(low, h, for_a.start(), s_start) or _circumstance(low, end, s_end)):
        return None
    if h is not None:
        return None if _own(low, s_start, h.start, persons) else (h.start, end)
    if not g.words(low, _clause_start(low, s_start, for_a.start()), for_a.start()):
        after = _praised_after(low, end, praise)
        # said of the person ("for a <group member>, she's ..."), or a low bar; not "for a <group
        # member>, fasting is normal"
        said = after is not None and _PERSON_SUBJECTS.intersection(g.words(low, end, after.start))
        if after is not None and (said or after.kind == "low_bar_cues"):
            return (for_a.start(), after.end)
    return None


# Verbs of making or buying: "for a <group member>" after them names who it was for ("designed
# an elegant dress for a <group> bride", "managed to find housing for a <group> family").
_MAKING = frozenset(
    [
        *("made", "make", "designed", "design", "booked", "book", "bought", "buy", "cooked"),
        *("built", "wrote", "write", "chose", "picked", "baked", "ordered", "reserved", "sewed"),
    ]
)


def _made_for(low: str, h: Hit, limit: int, s_start: int) -> bool:
    """The praise describes a thing made or found for the person, not the person measured."""
    between = g.words(low, h.end, limit)
    if h.value in ("managed to", "even managed") and between:
        return True  # "managed to find housing for a <group> family": done for them
    return bool(_MAKING.intersection(g.words(low, _clause_start(low, s_start, h.start), h.start)))


# After "for a <group member>": a circumstance of that person's that is the real limit ("for a
# British diplomat who only started learning it at forty").
_CIRCUMSTANCES = frozenset(["only", "just", "recently", "started", "began", "learned", "learnt", "took", "first"])


def _circumstance(low: str, end: int, s_end: int) -> bool:
    after = g.first_words(low, end, s_end, 4)
    return after[:1] in (["who"], ["who's"]) and bool(_CIRCUMSTANCES.intersection(after[1:]))


def _a_thing(low: str, h: Hit, s_start: int) -> bool:
    """ "this/it/that is one of the good ...": a thing, not a person."""
    before = g.words(low, _clause_start(low, s_start, h.start), h.start)[-3:]
    return bool(_THINGS.intersection(before))


_THINGS = frozenset(["this", "it", "it's", "its", "that", "that's", "these", "those", "which"])


# Right before "for", these may say what benefits someone, not how good they are ("iron is good for
# a pregnant woman", "a diet that is normal for someone with diabetes").
_BENEFIT = frozenset(["good", "normal", "better", "fine", "great", "important", "healthy", "safe", "well"])


def _benefit(low: str, h: Hit, limit: int, s_start: int) -> bool:
    """ "<benefit> for ...", unless said of a person ("she's good for a ...")."""
    if h.value not in _BENEFIT or g.words(low, h.end, limit):
        return False
    before = g.words(low, _clause_start(low, s_start, h.start), h.start)
    return not _PERSON_SUBJECTS.intersection(before)


def _exception_of(
    low: str,
    m: Mention,
    sentence: tuple[int, int],
    by_kind: Mapping[str, list[Hit]],
    praise: list[Hit],
    persons: frozenset[str],
) -> tuple[int, int] | None:
    """ "one of the good <group>", "<group member> ... not like the rest of them", "you'd never
    guess she's <group>", "doesn't even sound <group>"."""
    s_start, s_end = sentence
    for h in by_kind.get("exception_openers", []):
        # people, not "one of the good Italian delis left"
        if 0 <= m.start - h.end <= 2 and _person(low, m, s_end, persons) is not None and not _a_thing(low, h, s_start):
            return (h.start, g.group_end(low, m, s_end, persons))
    # "not like most <group>", "unlike other <group>": a member set apart by praise in the sentence
    for h in by_kind.get("contrast_openers", []):
        if not 0 <= m.start - h.end <= 2 or g.embedded_quote(low, s_start, h.start):
            continue  # a quoted "not like most <group>" is someone else's, often rebutted
        lauded = _praised_before(low, h.start, praise) or _praised_after(low, m.end, praise)
        if lauded is not None:
            return (min(h.start, lauded.start), max(m.end, lauded.end))
    for h in by_kind.get("exception_phrases", []):
        near = abs(h.start - m.end) <= _WINDOW or abs(m.start - h.end) <= _WINDOW
        # the group said of a person: a person noun after it, or a pronoun or copula before
        if near and _a_thing(low, h, s_start):
            continue  # "Of the charities helping <group>, this is one of the good ones"
        if near and _SELF.intersection(g.words(low, _clause_start(low, s_start, h.start), h.start)):
            continue  # "As a <group member>, I'm not like the rest of them": the writer's own
        if near and (_person(low, m, s_end, persons) is not None or _said_of(low, m, s_start)):
            return (min(h.start, m.start), max(h.end, m.end))
    for h in by_kind.get("unexpected_membership", []):
        # "she's <group> but you'd never know": the group said of a person, then the cue
        gap = g.words(low, m.end, h.start) if 0 <= h.start - m.end <= 40 else []
        if gap[:1] == ["but"] and len(gap) <= 2 and _said_of(low, m, s_start):
            return (m.start, h.end)
        if m.start < h.end or m.start - h.end > 48:
            continue
        between = g.words(low, h.end, m.start)
        if _SELF.intersection(between) or len(between) > 6:
            continue
        # a person, not a thing: "you'd never guess she's <group>"; "he doesn't sound <group>"
        before = g.words(low, max(s_start, h.start - 40), h.start)[-4:]
        if h.value.startswith(("doesn't", "don't")):
            if not _PERSON_SUBJECTS.intersection(before):
                continue  # "The ballad doesn't sound <group>": a thing
        elif not _PERSON_SUBJECTS.intersection(between) and not _PERSON_SUBJECTS.intersection(before):
            continue  # "You'd never know the building used to be a <group> school"
        return (h.start, m.end)
    return None


def _said_of(low: str, m: Mention, s_start: int) -> bool:
    before = g.words(low, max(s_start, m.start - 30), m.start)[-3:]
    return bool(_PERSON_SUBJECTS.intersection(before)) or bool(set(before) & set(g.COPULAS))


def _expected_of(
    low: str,
    m: Mention,
    sentence: tuple[int, int],
    by_kind: Mapping[str, list[Hit]],
    praise: list[Hit],
    persons: frozenset[str],
) -> tuple[int, int] | None:
    """An expectation, a low bar or a limit set by the group: "better than I'd expect from a
    <group member>", "didn't expect a <group member> to be this honest", "..., especially
    considering she's <group>", "<praise> for someone like her" with the group in the sentence."""
    s_start, s_end = sentence
    for h in by_kind.get("expectation_cues", []):
        if m.start < h.end or m.start - h.end > 40:
            continue
        between = g.words(low, h.end, m.start)
        end = _person(low, m, s_end, persons, _FOLLOWERS | {"to"})
        if end is None or len(between) > 4:
            continue
        compared = h.value.startswith(("than", "not what"))
        better = g.words(low, max(s_start, h.start - 12), h.start)[-1:] == ["better"]
        compared_praise = better or any(x.end <= h.start and h.start - x.end <= _COMPARED_REACH for x in praise)
        if compared and between[:1] in (["from"], ["of"]) and compared_praise:
            return (h.start, end)  # praise compared, not a count ("support was higher than we expected")
        rest = g.first_words(low, end, s_end, 4)
        if not compared and rest[:1] == ["to"] and _praised_after(low, end, praise) is not None:
            return (h.start, end)
    for h in by_kind.get("given_cues", []):
        if m.start < h.end or m.start - h.end > 30:
            continue
        between = g.words(low, h.end, m.start)
        if not between or not _PERSON_SUBJECTS.intersection(between[:2]) or len(between) > 4:
            continue
        # after the praise: opening the sentence, "given that he's <group>" is the reason for
        # something else ("Given that he's <group>, the seder he hosted was lovely")
        lauded = _praised_before(low, h.start, praise)
        if lauded is not None and not _own(low, s_start, min(lauded.start, h.start), persons):
            return (min(lauded.start, h.start), m.end)
    # a limit by age is said of an age group only ("my 80-year-old neighbour ... for someone her age")
    for h in by_kind.get("age_limits" if m.axis == "age" else "group_limits", []):
        lauded = _praised_before(low, h.start, praise)
        if lauded is None and not g.words(low, _clause_start(low, s_start, h.start), h.start):
            lauded = _praised_after(low, h.end, praise)  # "For someone like her, ..."
        if lauded is not None and not _own(low, s_start, min(lauded.start, h.start), persons):
            return (min(lauded.start, h.start), max(lauded.end, h.end))
    return None
