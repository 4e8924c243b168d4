"""Implicit derogation for the harm lexicon: contempt said without an insult word.

Backhanded praise presupposes the group lacks the quality.
"Pretty articulate for a <group member>" limits the praise by the group, and "I was amazed that a
<group member> could do the job properly for once" is surprise at competence: both say, without an
insult word, that the group is not normally so. The praise must sit right before "for a/an" with a
copula or intensifier before it ("is pretty smart for a ..."), and never in the "for <someone> to
<verb>" construction ("it is normal for a Muslim to fast"); the surprise must reach the group
within a few words and a competence marker ("for once", "properly") must follow it in the clause.
The group's mere presence can also be the complaint: given as the reason for
leaving ("moved the kids because too many <group> started showing up") or as a danger to guard
against ("lock your car near where <group> live"). Word lists live in harm_terms.yaml.
"""

from __future__ import annotations

import re

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention

# harm_terms.yaml kinds read here (the harm lexicon adds them to its automaton).
KINDS = (
    "surprise_cues",
    "competence_markers",
    "praise_words",
    "presence_quantifiers",
    "presence_predicates",
    "guard_advice",
)
# Kinds a sentence must hold for each reading to be tried.
PRAISE_KINDS = ("praise_words", "positive_attributes", "surprise_cues")
PRESENCE_KINDS = ("presence_quantifiers", "guard_advice")
_FOR_A = re.compile(r"(?<![a-z0-9])for\s+(?:a|an)\s+$")
_LEADS = frozenset(
    ["is", "was", "are", "s", "very", "quite", "pretty", "really", "so", "surprisingly", "remarkably", "rather"]
)
_SURPRISE_REACH = 4  # words between the surprise cue and the group
_COMPETENCE_REACH = 12  # words between the group and the competence marker


def backhanded(low: str, m: Mention, s_start: int, s_end: int, hits: list[Hit]) -> tuple[int, int] | None:
    """The span of backhanded praise about the group of `m`, if any."""
    for_a = _FOR_A.search(low, max(s_start, m.start - 12), m.start)
    nxt = g.next_word(low, m.end, s_end)
    if for_a is not None and not (nxt and nxt[0] == "to"):
        for h in hits:
            if h.kind not in ("praise_words", "positive_attributes") or not 0 < for_a.start() - h.end <= 1:
                continue
            lead = g.words(low, max(s_start, h.start - 24), h.start)[-2:]
            led = any(w in _LEADS or w.endswith(("'s", "'re")) for w in lead)
            if led and not g.diminished(low, h.start, s_start):
                return (h.start, m.end)
    for c in hits:
        if c.kind != "surprise_cues" or c.end > m.start or len(g.words(low, c.end, m.start)) > _SURPRISE_REACH:
            continue
        for k in hits:
            reach = k.start >= m.end and k.end <= s_end and len(g.words(low, m.end, k.start)) <= _COMPETENCE_REACH
            if k.kind == "competence_markers" and reach:
                return (c.start, k.end)
    return None


_AVOIDING = frozenset(["because", "since", "cause", "cuz", "as"])
_PLACES = frozenset(["near", "around", "where", "when", "by", "next"])
_BEING_THERE = frozenset(
    ["live", "lives", "living", "are", "is", "hang", "gather", "stay", "stays", "work", "shop", "meet", "be", "around"]
)


def presence(low: str, m: Mention, s_start: int, s_end: int, hits: list[Hit]) -> tuple[int, int] | None:
    """The group's presence given as a reason ("... because too many <group> started showing up")
    or as a danger ("lock your car if you park near where <group> live"): its span, if any."""
    quantity = [q for q in hits if q.kind == "presence_quantifiers" and 0 <= m.start - q.end <= 1]
    if quantity:
        reason = g.words(low, max(s_start, quantity[0].start - 16), quantity[0].start)[-2:]
        there = [p for p in hits if p.kind == "presence_predicates" and 0 <= p.start - m.end <= 2]
        if there and _AVOIDING.intersection(reason):
            return (quantity[0].start, there[0].end)
    # The group is where one is ("near where <group> live", "around <group>."), not a modifier of
    # a place ("near the <group> temple").
    nxt = g.next_word(low, m.end, s_end)
    if nxt is not None and nxt[0] not in _BEING_THERE:
        return None
    for h in hits:
        if h.kind != "guard_advice" or h.end > m.start:
            continue
        between = g.words(low, h.end, m.start)
        if len(between) <= 10 and _PLACES.intersection(between):
            return (h.start, m.end)
    return None
