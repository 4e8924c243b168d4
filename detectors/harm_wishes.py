"""Death wished on a group, and a world said to be better without it, for the harm lexicon.

Neither needs a violent verb or an agent, so the threat readings do not see them:
- a death wish: a wish (`wish_cues`: "I hope", "I wish", "I'd be happy if", "can't wait until")
  with the group as the subject of a death (`death_verbs`: "would all die", "drowned", "got
  cancer", "kill themselves") right after it: "I hope every <group> drowns", "I'd be happy if
  <group> disappeared". Only a few determiners may stand between the wish and the group, and only
  modals and adverbs between the group and the death, so "I hope fewer <group> die this winter",
  "I pray the <group> don't drown" and "I wish the <group> who died were remembered" are not
  wishes for it. The group must be plural or quantified: a wish about one person ("I hope the old
  man dies peacefully") is no claim about a group;
- betterment: "the world would be better (off) without <group>" (`betterment_phrases`), the group
  right after "without" and read as people ("better without the <group> accent" is not), and not
  narrowed by a relative clause ("better off without <group> who ...").
A negative question ("Wouldn't the world be better without <group>?", "Don't you think ...?")
asserts what it asks: its negation does not deny the claim. Other negation, reporting, quoting and
counter-speech are applied by the harm lexicon as for every threat and exclusion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention

# harm_terms.yaml kinds read here (the harm lexicon adds them to its automaton).
KINDS = ("wish_cues", "death_verbs", "betterment_phrases")
# Between a wish and its group ("I hope that all of the <group> ...").
_DETERMINERS = frozenset(
    [
        *("that", "all", "the", "those", "these", "every", "each", "last", "single", "one", "of", "them"),
        *("entire", "whole", "damn", "dirty", "fucking", "bloody"),
    ]
)
_WISH_WORDS = 4
# Between the group and its death: modals and adverbs, never a negation or another verb.
_DEATH_GLUE = frozenset(
    [
        *("all", "would", "will", "could", "just", "finally", "eventually", "soon", "already", "simply"),
        *("quickly", "slowly", "painfully", "someday", "one", "day", "each", "every", "last", "of", "them"),
        *("themselves", "somehow", "really", "actually", "fucking", "bloody"),
    ]
)
_DEATH_WORDS = 4
# A place phrase may stand between the group and its death: a preposition and at most three words.
_PLACE_PREPOSITIONS = frozenset(["in", "at", "from", "across", "around", "near", "on"])
_PLACE_WORDS = 3
_NEGATIVE = frozenset(["not", "no", "never", "don't", "doesn't", "won't", "wouldn't", "didn't"])
# After a group said to be better done without, words that leave it the whole group of people.
_AFTER_PEOPLE = frozenset(
    ["and", "or", "in", "on", "at", "here", "there", "around", "anymore", "forever", "now", "too"]
)


def death_wishes(
    low: str, mentions: Sequence[Mention], by_kind: Mapping[str, list[Hit]], persons: frozenset[str], s_end: int
) -> list[tuple[Hit, list[Mention]]]:
    """Each wish for the death of a group named right after it, as one hit from wish to death."""
    deaths = by_kind.get("death_verbs", [])
    out: list[tuple[Hit, list[Mention]]] = []
    if not deaths:
        return out
    for wish in by_kind.get("wish_cues", []):
        for m in mentions:
            between = g.before(low, wish, m, _WISH_WORDS)
            if between is None or not set(between) <= _DETERMINERS:
                continue
            end = g.group_end(low, m, persons, s_end)
            if not g.plural_group(low, m, end, between):
                continue
            death = next((d for d in deaths if _glued(low, end, d)), None)
            if death is not None:
                out.append((Hit(wish.start, death.end, "death_wish", f"{wish.value} {death.value}"), [m]))
                break
    return out


def betterment(
    low: str, mentions: Sequence[Mention], by_kind: Mapping[str, list[Hit]], persons: frozenset[str], s_end: int
) -> list[tuple[Hit, list[Mention]]]:
    """Each "better (off) without <group>", with the group it would be better without."""
    out: list[tuple[Hit, list[Mention]]] = []
    for h in by_kind.get("betterment_phrases", []):
        for m in mentions:
            between = g.before(low, h, m, 3)
            if between is None or not set(between) <= _DETERMINERS:
                continue
            end = g.group_end(low, m, persons, s_end)
            if g.whole_people(low, end, s_end, _AFTER_PEOPLE):
                out.append((Hit(h.start, end, "better_without", low[h.start : end]), [m]))
    return out


def rhetorical(low: str, s_start: int, s_end: int) -> bool:
    """A negative question, which asserts what it asks: "Wouldn't the world be better ...?",
    "Don't you think ...?", "Isn't it time ...?"."""
    first = g.words(low, s_start, s_end)[:1]
    return bool(first) and first[0].endswith("n't") and low[s_start:s_end].rstrip(" \"'\u201d\u2019)").endswith("?")


def _glued(low: str, end: int, death: Hit) -> bool:
    """The death follows the group with only modals and adverbs between, after at most one short
    place phrase ("every <group> in this city drops dead")."""
    if death.start < end:
        return False
    between = g.words(low, end, death.start)
    if between[:1] and between[0] in _PLACE_PREPOSITIONS:
        place = next((i for i, w in enumerate(between[1 : _PLACE_WORDS + 2], 1) if w in _DEATH_GLUE), len(between))
        if place > _PLACE_WORDS + 1 or _NEGATIVE.intersection(between[:place]):
            return False
        between = between[place:]
    return len(between) <= _DEATH_WORDS and set(between) <= _DEATH_GLUE
