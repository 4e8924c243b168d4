"""A profane intensifier on a group's name, for the harm lexicon.

"You're just a fucking <group>", "get these bloody <group>s out" use the group's name as the
insult, with a swear word where an insulting adjective would stand. Swearing is not hate on its
own ("a fucking brilliant day", "fuck yeah, my gay brother got engaged"), so the reading needs the
swear word right before the group's name, the name standing for its people (the clause ends, or a
generic person noun or a verb follows: not "the fucking Mexican food was great"), no word of
praise or pride in the sentence ("those fucking Mexicans are the best neighbours"), and not the
writer's own group ("I'm a fucking Muslim and proud of it"), not an adjective's intensifier after a
copula ("one is fucking gay"), not after a verb of support ("free the fucking <group>"). Words live
in harm_terms.yaml
(`profane_intensifiers`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention

KINDS = ("profane_intensifiers",)
# The group's people go on to do or be something ("fucking <group>s are ...", "... should leave").
_FOLLOWERS = frozenset(
    [
        *("are", "is", "were", "was", "should", "need", "needs", "can", "can't", "will", "won't", "never"),
        *("always", "get", "go", "keep", "think", "want", "ruin", "ruined", "out", "everywhere"),
    ]
)
_PRAISE = frozenset(
    [
        *("love", "loved", "best", "great", "awesome", "amazing", "proud", "lovely", "brilliant"),
        *("beautiful", "favourite", "favorite", "fantastic", "legends", "legend", "delicious", "tasty"),
    ]
)
_WRITER = frozenset(["i'm", "im", "we're", "i", "we", "am"])
_ONE_PERSON = frozenset(["a", "an", "you", "another", "this", "that", "some", "one"])
_COPULAS = frozenset(["is", "are", "was", "were", "be", "being", "so", "too", "very"])
_SUPPORT = frozenset(["free", "save", "protect", "support", "defend", "help", "respect", "leave", "with"])


def insults(
    low: str, mentions: Sequence[Mention], by_kind: Mapping[str, list[Hit]], s_start: int, s_end: int
) -> list[tuple[Hit, Mention]]:
    """Each swear word used on a group's name, with the group."""
    out: list[tuple[Hit, Mention]] = []
    if _PRAISE.intersection(g.words(low, s_start, s_end)):
        return out
    for h in by_kind.get("profane_intensifiers", []):
        for m in mentions:
            if g.before(low, h, m, 0) != []:
                continue
            lead = g.words(low, g.clause_start(low, s_start, h.start), h.start)
            # "a fucking <group>" said of the writer is their own ("I'm a fucking <group>"); after a
            # copula the swear word intensifies the adjective ("one is fucking gay"); after a verb of
            # support it is on the group's side ("free the fucking <group>").
            if _WRITER.intersection(lead[-3:]) or (lead[-1:] and lead[-1] in _COPULAS):
                continue
            if _SUPPORT.intersection(lead[-3:]):
                continue
            end = g.group_end(low, m, s_end)
            # One person is named so only after a determiner or "you" ("a fucking <group>"); a bare
            # singular is an interjection ("god damn dude").
            if not (g.plural_group(low, m, end, lead[-2:]) or (lead[-1:] and lead[-1] in _ONE_PERSON)):
                continue
            if g.whole_people(low, end, s_end, _FOLLOWERS) or end > m.end:
                out.append((h, m))
    return out
