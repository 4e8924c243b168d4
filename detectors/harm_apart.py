"""A group said to be better off kept to its own, for the harm lexicon (implicit derogation, frame
`kept_apart`).

Segregation is seldom asked for in its own words; it is offered as the group's good:
- A comparison of comfort (`better_off`: "would be happier", "would be better off") said of the
  group as its subject, then "their own" and a place or people of their own (`own_places`):
  "<group> would be happier among their own kind", "... in their own neighborhoods instead of ...".
- A verb of keeping to a place (`keeping_to`), advised ("should", "need to", "ought to", "had
  better"; not "would", a conditional) with the group as its subject: "to their own" and such a
  place ("<group> should stick to their own churches"), out of a shared place ("should stay out
  of local politics", "should stay away from our neighborhood"), or a domain left to others
  ("should leave the tech startups to the young").
- The group said not to belong somewhere: "<group> don't really belong on the PTA".

Not read: negated ("wouldn't be happier ..."), asked, ironic, one person or a few, the group's own
choice described ("many <group> prefer their own temples"), a comparison with no place of their own
("would be happier with better pay"), "their own" after a condition ("would be happier if they
could visit their own countries"), a time, a condition, a reason or a finding after the claim
("during the flu peak", "now that the restrictions have lifted", "it's their choice", "..., a
survey found"), a home ("should stay in their own homes": a home is no community), the others a
domain is left to being experts, a place that is a harm ("don't belong in cages"), children. A
report, a quotation or a counter cue damps it as it damps every harm claim.
"""

from __future__ import annotations

from collections.abc import Mapping

from detectors import harm_grammar as g
from detectors import harm_prejudice as p
from detectors.harm_grammar import Hit
from detectors.harm_prejudice import Found
from detectors.taxonomy import Mention

KINDS = ("better_off", "keeping_to", "own_places")
_TRIGGERS = ("better_off", "keeping_to")
FRAME = "kept_apart"

# Between the group and the comparison or the advice: adverbs and modals only.
_BETWEEN = frozenset(
    [
        *("just", "all", "really", "honestly", "frankly", "simply", "probably", "obviously", "clearly"),
        *("genuinely", "truly", "seriously", "generally", "mostly", "usually", "also", "too", "then"),
        *("should", "need", "needs", "to", "ought", "must", "had", "better", "would", "'d", "could"),
        *("might", "just", "really", "please", "maybe", "perhaps", "frankly", "personally"),
    ]
)
_BETWEEN_WORDS = 5
# A verb of keeping to a place is advice after one of these.
# (not "would": "<group> would go back to their own countries if the war ended" is no advice)
_ADVISING = frozenset(["should", "need", "needs", "ought", "must", "better", "please"])
_REACH = 80  # characters from the group's phrase to its comparison or advice
_OWN = ("their own", "its own", "there own", "thier own")
# After a verb of keeping to a place, "their" is enough ("should stay in their cities").
_THEIR = (*_OWN, "their")
_OWN_REACH = 12  # words from the comparison to "their own"
# After "stay out of" and the like: a shared place named as the writer's or everyone's.
_SHARED = frozenset(["our", "my", "local", "mainstream", "regular", "normal"])
# "leave <domain> to <others>": the others.
_OTHERS = frozenset(
    [
        *("us", "real", "normal", "proper", "regular", "young", "men", "guys", "women", "adults", "grown-ups"),
        *("grownups", "rest", "locals", "natives", "boys", "girls", "lads"),
    ]
)
_LEAVE_REACH = 6
# "like them", "among themselves", "back home": kept to their own without "their own".
_AMONG_OWN = (
    *("with people like them", "among themselves", "with their own kind", "back home", "where they came from"),
    *("among their own", "with their own"),
)
_BELONG = ("don't belong", "do not belong", "doesn't belong", "don't really belong", "do not really belong")


def triggered(by_kind: Mapping[str, list[Hit]], low: str, s_start: int, s_end: int) -> bool:
    """The sentence holds a comparison of comfort, a verb of keeping to a place or "belong"."""
    return any(k in by_kind for k in _TRIGGERS) or low.find("belong", s_start, s_end) >= 0


def apart(
    low: str,
    sentence: tuple[int, int],
    mentions: list[Mention],
    by_kind: Mapping[str, list[Hit]],
    persons: frozenset[str],
) -> list[Found]:
    """The group's people said to be better off kept to their own, or out of a shared place."""
    s_start, s_end = sentence
    if not mentions or p.asked(low, s_start, s_end) or p.ironic(low, s_start, s_end):
        return []
    places = by_kind.get("own_places", [])
    out: list[Found] = []
    for m in mentions:
        if not p.subject(low, m, s_start):
            continue
        end = g.group_end(low, m, s_end, persons)
        if g.CHILDHOOD.intersection(g.words(low, m.start, end)):
            continue
        claim = _claim(low, (end, s_end), by_kind, places)
        if claim is not None and not _qualified(low, claim, s_end):
            out.append(Found(m.start, claim, frozenset([m.group]), FRAME))
    return out


# After the claim: a time, a condition or a reason that makes it advice for a while or a choice
# ("... during the flu peak", "... after dark", "... now that the restrictions have lifted", "if
# that's where they feel at home; it's their choice"), or a finding reported ("..., a survey
# found").
_QUALIFIERS = frozenset(
    [
        *("during", "until", "while", "if", "once", "unless", "after", "since", "choice", "now", "dark"),
        *("found", "according", "survey", "study", "studies", "research", "shows", "showed"),
    ]
)


def _qualified(low: str, end: int, s_end: int) -> bool:
    return bool(_QUALIFIERS.intersection(g.first_words(low, end, s_end, 14)))


def _claim(low: str, span: tuple[int, int], by_kind: Mapping[str, list[Hit]], places: list[Hit]) -> int | None:
    """Right after the group's phrase (its end to the sentence's end), a comparison of comfort or
    advice to keep to a place, or "don't belong"; where the claim ends."""
    end, s_end = span
    for h in (*by_kind.get("better_off", []), *by_kind.get("keeping_to", [])):
        if h.start < end or h.start > end + _REACH:
            continue  # the comparison or advice a few words after the group, no further
        before = _after_modifier(g.words(low, end, h.start))
        if len(before) > _BETWEEN_WORDS or not set(before) <= _BETWEEN or any(c in low[end : h.start] for c in ",;:"):
            continue
        if h.kind == "keeping_to" and not _ADVISING.intersection(before):
            continue  # "<group> stay in hostels": a fact, not advice
        if h.kind == "better_off" and g.is_negation(h.value.split()[0]):
            continue
        found = _own(low, h, places, s_end) if h.kind == "better_off" else _kept(low, h, places, s_end)
        if found is not None:
            return found
    return _not_belonging(low, end, s_end)


# A phrase after the group that narrows it, before its verb ("<group> on temporary visas should ...").
_MODIFIER_OPENERS = frozenset(["on", "with", "from", "in", "at", "without"])
_MODIFIER_WORDS = 4


def _after_modifier(before: list[str]) -> list[str]:
    """The words before the verb without a prepositional phrase opening them."""
    if not before or before[0] not in _MODIFIER_OPENERS:
        return before
    at = next((i for i, w in enumerate(before) if w in _ADVISING), None)
    return before[at:] if at is not None and at <= _MODIFIER_WORDS else before


def _own(low: str, h: Hit, places: list[Hit], s_end: int) -> int | None:
    """ "would be happier (in) their own <place>", "... with people like them"."""
    stop = min(s_end, h.end + 100)
    for phrase in _AMONG_OWN:
        at = low.find(phrase, h.end, stop)
        if at >= 0 and len(g.words(low, h.end, at)) <= _OWN_REACH and not _breaks(low, h.end, at):
            return at + len(phrase)
    return _their_own_place(low, h.end, places, stop)


def _their_own_place(low: str, lo: int, places: list[Hit], stop: int, owns: tuple[str, ...] = _OWN) -> int | None:
    """ "their own" (or, after a verb of keeping, `owns`: "their") and a place or people of their
    own within a word or two; where it ends."""
    for own in owns:
        at = low.find(own, lo, stop)
        if at < 0 or len(g.words(low, lo, at)) > _OWN_REACH or _breaks(low, lo, at):
            continue
        after = at + len(own)
        for place in places:
            if place.start >= after and len(g.words(low, after, place.start)) <= 2:
                return place.end
    return None


def _kept(low: str, h: Hit, places: list[Hit], s_end: int) -> int | None:
    """ "should stick to their own churches", "should stay out of local politics", "should leave
    the tech startups to the young"."""
    stop = min(s_end, h.end + 100)
    verb = h.value
    if verb in ("leave", "leaving"):
        words = list(g.WORD.finditer(low, h.end, stop))[: _LEAVE_REACH + 2]
        at = next((i for i, w in enumerate(words) if w.group(0) == "to"), None)
        if at is None or at == 0 or at > _LEAVE_REACH or at + 1 >= len(words):
            return None
        who = at + 2 if words[at + 1].group(0) == "the" and at + 2 < len(words) else at + 1
        if words[who].group(0) not in _OTHERS:
            return None  # "leave the keys to the cleaner", "leave it to chance"
        return words[who].end()
    if verb.endswith(("out of", "away from")):
        nxt = g.next_word(low, h.end, s_end)
        if nxt is None or nxt[0] not in _SHARED:
            return None  # "stay out of trouble", "stay away from drugs"
        after = g.next_word(low, nxt[1], s_end)
        return after[1] if after is not None else None
    if verb in ("keep to", "stick to") and low.startswith(" themselves", h.end):
        return h.end + len(" themselves")  # "should keep to themselves"
    return _their_own_place(low, h.end, places, stop, _THEIR)


def _not_belonging(low: str, end: int, s_end: int) -> int | None:
    """ "<group> don't (really) belong in engineering": the group's own predicate."""
    for phrase in _BELONG:
        at = low.find(phrase, end, min(s_end, end + 60))
        if at < 0:
            continue
        before = g.words(low, end, at)
        place = g.first_words(low, at + len(phrase), s_end, 3)
        if _BAD_PLACES.intersection(place) or "they belong" in low[at + len(phrase) : s_end]:
            return None  # "<group> don't belong in cages": advocacy, not exclusion
        if len(before) <= 2 and set(before) <= _BETWEEN:
            nxt = g.next_word(low, at + len(phrase), s_end)
            if nxt is not None and nxt[0] in ("in", "on", "at", "here", "there", "among", "anywhere"):
                place = g.first_words(low, nxt[1], g.clause_end(low, nxt[1], s_end), 2)
                more = list(g.WORD.finditer(low, nxt[1], s_end))[: len(place)]
                return more[-1].end() if more else nxt[1]
    return None


# Where a group does not belong because it is a harm ("don't belong in cages").
_BAD_PLACES = frozenset(
    [
        *("cages", "cage", "institutions", "institution", "prison", "prisons", "jail", "jails", "detention"),
        *("camps", "closets", "closet", "kitchen", "poverty", "chains", "shadows", "hiding", "cells", "ghettos"),
    ]
)


def _breaks(low: str, lo: int, hi: int) -> bool:
    """A clause ends or a condition opens between `lo` and `hi`: "their own" is someone else's, or
    the condition's ("would be happier if they could visit their own countries")."""
    return any(c in low[lo:hi] for c in ",;:") or any(
        w in g.CLAUSE_BREAKS or w in _CONDITIONS for w in g.words(low, lo, hi)
    )


_CONDITIONS = frozenset(["if", "when", "once", "unless", "whenever", "where"])
