"""Advice to expect little of a group's people, for the harm lexicon (discrimination advice, frame
`lowered_expectations`).

harm_directives reads lowered expectations with a generalisation as their reason ("<group> tend to
..., so set lower targets"). Said alone, the advice is the stereotype: "don't expect much from
<group> workers", "For <group> students, keep the goals modest", "If you're tutoring <group> kids,
don't expect much." The advice (`expecting_little`) is the writer's (an imperative, or "I
wouldn't ..."), and the group's people are whom it is about: right after it ("from", "of", "for",
"with" and the group), or in a phrase before it that sets the scene ("if you're hiring <group>
...", "for <group> students", "with <group> tenants").

Not read: an adjustment for a while ("for students with ADHD, keep the goals modest during exam
week", "for newly arrived <group> students, ... for the first term while they learn English"), the
group advised rather than judged ("For <group> women, don't expect much from the healthcare
system"), a harm or an unfair demand not expected ("don't expect hostility from <group>
neighbours"), someone else's warning reported after it, irony, a thing ("don't expect much from the Italian
restaurant"), what is expected ("don't expect much paperwork"), the advice negated or asked, one
person. A report, a quotation or a counter cue damps it as it damps every harm claim.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from detectors import harm_directives as directives
from detectors import harm_grammar as g
from detectors import harm_prejudice as p
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention

KINDS = ("expecting_little",)
FRAME = "lowered_expectations"

# After the advice: whom it is about, then the group ("from the <group> hires").
_ABOUT = frozenset(["from", "of", "for", "with", "out", "when"])
_BEFORE_GROUP = frozenset(
    ["the", "your", "any", "these", "those", "a", "an", "our", "new", "most", "it", "comes", "to"]
)
_ABOUT_WORDS = 4
# Right after the advice: whom or how it applies, not what is expected ("don't expect much traffic").
_AFTER_ADVICE = frozenset(
    [
        *("from", "of", "for", "with", "academically", "in", "when", "on", "beyond", "here", "there", "and"),
        *("but", "tbh", "lol", "honestly", "though", "either", "really", "at", "if", "as", "out", "just"),
        *("anyway", "realistically", "frankly", "to", "then", "now", "about", "around", "regarding", "so"),
        *("because", "since", "until", "unless", "while", "there"),
    ]
)
# After the group's people: the sentence goes on about them, not a noun they modify.
_AFTER_GROUP = _AFTER_ADVICE | frozenset(["who", "that", "are", "is", "will", "would", "or", "on", "once", "after"])
# Opening a phrase before the advice that names whom it is about ("If you're tutoring <group> kids,
# ...", "For <group> students, ...", "With <group> tenants, ...").
_SCENE_OPENERS = frozenset(["if", "for", "with", "when", "whenever", "as"])
_SCENE_WORDS = 14  # words from the scene's opener to its comma


def lowered(
    low: str,
    mentions: list[Mention],
    by_kind: Mapping[str, list[Hit]],
    sentence: tuple[int, int],
    persons: frozenset[str],
) -> list[tuple[Mention, int, int]]:
    """Each piece of advice to expect little of a group's people: the group, and the span from the
    first of the two to the other's end."""
    s_start, s_end = sentence
    if g.is_question(low, s_end) or p.ironic(low, s_start, s_end):
        return []
    out = []
    for h in p.outermost(by_kind.get("expecting_little", [])):
        if not _advice(low, s_start, h):
            continue
        nxt = g.next_word(low, h.end, s_end)
        thing = nxt is not None and nxt[0] not in _AFTER_ADVICE and low[h.end : h.end + 1] == " "
        if h.value in _BARE or thing:
            # "don't expect punctuality from <group> contractors", "don't expect much critical
            # thinking from <group> voters": a quality, then whom it is of ("don't expect much
            # paperwork" has no one)
            found = _from(low, h, mentions, s_end, persons)
        else:
            found = _about(low, h, mentions, s_end, persons)
            ends = nxt is None or low[h.end : h.end + 1] != " " or nxt[0] in _SCENE_FOLLOW
            # "keep your expectations low about how they'll keep the place": still about them
            of_them = (
                nxt is not None
                and nxt[0] in ("about", "on", "regarding")
                and bool({"they", "they'll", "them", "their", "they're"} & set(g.first_words(low, nxt[1], s_end, 4)))
            )
            if found is None and (ends or of_them):
                # the advice ends its clause: whom it is about is the scene before it; not "For
                # <group> women, don't expect much from the healthcare system" (they are advised)
                found = _scene(low, h, mentions, s_start, persons)
        if found is not None and not _adjustment(low, found[1], s_end) and not _reported_after(low, found[2], s_end):
            out.append(found)
    return out


# After advice that ends its clause: these may follow it ("If you're tutoring <group> kids, don't
# expect much. ", "..., keep the goals modest so nobody is discouraged").
_SCENE_FOLLOW = frozenset(
    [
        *("and", "but", "so", "because", "since", "though", "when", "lol", "tbh", "honestly", "really"),
        *("just", "either", "academically", "at", "there", "then", "now", "anyway", "realistically"),
    ]
)
# Right after the advice: someone reported giving it ("..., she warned, but they did a superb job").
_REPORTING_AFTER = frozenset(["warned", "said", "says", "told", "claimed", "advised", "insisted", "joked"])


def _reported_after(low: str, end: int, s_end: int) -> bool:
    return bool(_REPORTING_AFTER.intersection(g.first_words(low, end, s_end, 4)))


# After the advice: a time or a condition that makes it an adjustment for a while ("keep the goals
# modest during exam week", "for the first term while they learn English", "until their paperwork
# is sorted"), not a judgement of the people.
_ADJUSTMENT = frozenset(
    [
        *("during", "until", "while", "initially", "after", "first", "temporarily", "recovery", "arrived"),
        *("settle", "settled", "settling", "trauma", "week", "month", "term", "semester"),
    ]
)


def _adjustment(low: str, start: int, s_end: int) -> bool:
    """A time or condition of adjustment in the claim or the words after it, to the sentence's end."""
    return bool(_ADJUSTMENT.intersection(g.first_words(low, start, s_end, 30)))


def _advice(low: str, s_start: int, h: Hit) -> bool:
    """The writer's advice: an imperative ("don't expect ...", "keep ..."), or the writer's own
    expectation ("I wouldn't expect much"); not negated before it ("never lower your expectations")."""
    lo = g.colon_clause_start(low, s_start, h.start)
    before = g.words(low, lo, h.start)
    if any(g.is_negation(w) for w in before):
        return False
    if h.value.startswith(("wouldn't", "would not", "shouldn't", "should not", "can't", "cannot")):
        return not before or before[-1] in ("i", "you", "we", "honestly", "personally", "frankly", "but", "so", "and")
    return directives.advised(low, s_start, h)


def _people(low: str, m: Mention, s_end: int, persons: frozenset[str], between: list[str]) -> int | None:
    """Where the group's phrase ends if it names people of the group, not a thing of theirs."""
    end = g.group_end(low, m, s_end, persons)
    if not (end > m.end or g.plural_group(low, m, end, between)):
        return None
    nxt = g.next_word(low, end, s_end)
    if nxt is not None and low[end : end + 1] == " " and nxt[0] not in _AFTER_GROUP:
        return None  # "from the Japanese office": a thing of theirs
    return end


def _about(
    low: str, h: Hit, mentions: list[Mention], s_end: int, persons: frozenset[str]
) -> tuple[Mention, int, int] | None:
    """ "don't expect much from <group> workers": the group right after the advice."""
    for m in mentions:
        if m.start < h.end:
            continue
        between = g.words(low, h.end, m.start)
        if len(between) > _ABOUT_WORDS or not between or between[0] not in _ABOUT:
            return None
        if not set(between[1:]) <= _BEFORE_GROUP | _ABOUT:
            return None
        end = _people(low, m, s_end, persons, between)
        return (m, h.start, end) if end is not None else None
    return None


_NARROWED = re.compile(r"\s+(?:on|in|at|from)\s+(?:the|this|that|our|my|your)\b")
# The advice with its object still to come ("don't expect <quality> from <group>").
_BARE = frozenset(
    [
        *("don't expect", "do not expect", "wouldn't expect", "would not expect", "never expect"),
        *("shouldn't expect", "should not expect", "can't expect", "cannot expect"),
    ]
)
_QUALITY_WORDS = 5  # words of the quality between the advice and "from"
# Qualities that are harms or demands no one is owed: expecting none of them is no stereotype.
_NOT_DUE = frozenset(
    [
        *("hostility", "trouble", "violence", "rudeness", "unpaid", "overtime", "labour", "labor", "free"),
        *("favours", "favors", "discounts", "apologies", "hate", "aggression", "problems", "drama", "noise"),
        *("emotional", "miracles", "miracle", "gratitude", "thanks", "worship", "obedience"),
    ]
)


def _from(
    low: str, h: Hit, mentions: list[Mention], s_end: int, persons: frozenset[str]
) -> tuple[Mention, int, int] | None:
    """ "don't expect much scientific thinking from <group> students": a few words, then "from"
    and the group's people."""
    words = list(g.WORD.finditer(low, h.end, min(s_end, h.end + 80)))[: _QUALITY_WORDS + 4]
    at = next((i for i, w in enumerate(words) if w.group(0) == "from"), None)
    if at is None or at == 0 or at > _QUALITY_WORDS or any(c in low[h.end : words[at].start()] for c in ",;:"):
        return None
    quality = {w.group(0) for w in words[:at]}
    if {"them", "him", "her", "it", "to"} & quality:
        return None  # "don't expect them to ...": another shape
    if _NOT_DUE & quality:
        return None  # "don't expect hostility from <group> neighbours": a harm or an unfair demand
    found = _about(low, Hit(words[at].start(), words[at].start(), h.kind, h.value), mentions, s_end, persons)
    if found is None or _NARROWED.match(low, found[2]):
        return None  # "a quick answer from the <group> on the committee": those people, not all
    return found[0], h.start, found[2]


def _scene(
    low: str, h: Hit, mentions: list[Mention], s_start: int, persons: frozenset[str]
) -> tuple[Mention, int, int] | None:
    """ "If you're tutoring <group> kids in the program, don't expect much": a phrase opening the
    sentence names the group's people, a comma closes it, and the advice follows."""
    comma = low.rfind(",", s_start, h.start)
    if comma < 0 or g.words(low, comma, h.start)[2:]:
        return None  # the advice opens the clause after the comma, after at most two words
    scene = g.words(low, s_start, comma)
    if not scene or scene[0] not in _SCENE_OPENERS or len(scene) > _SCENE_WORDS:
        return None
    for m in mentions:
        if s_start <= m.start < comma:
            end = _people(low, m, comma, persons, [])
            if end is not None:
                return m, m.start, h.end
    return None
