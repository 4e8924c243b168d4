"""A profane intensifier on a group's name, for the harm lexicon.

"You're just a fucking <group>", "get these bloody <group>s out" use the group's name as the
insult, with a swear word where an insulting adjective would stand. Swearing is not hate on its
own ("a fucking brilliant day", "fuck yeah, my gay brother got engaged"), so the reading needs the
swear word right before the group's name with nothing between ("Damn, <group>s can dance" is an
interjection), and the name standing for its people (`_names_people`: a plural noun, unless a thing
follows; otherwise a person noun after it, or a determiner or "you" before it and the end of the
clause or a verb after it: not "the fucking <group> food", not "fucking <language> is hard"). Not
with a word of praise or pride in the sentence ("those fucking <group>s are the best neighbours"),
not the writer's own group ("I'm a fucking <group> and proud of it", "me, a fucking <group>"), not
an adjective's intensifier after a copula ("one is fucking gay"), not after a verb of support
("free the fucking <group>", "stand with"), not a possessive or a movement, not inside a quotation
that opens after other words of the sentence ('he yelled "bloody <group>s"'), not about a team (a
score or contest word in the sentence: "the bloody <group>s are 400 for 2"). Words live in
harm_terms.yaml (`profane_intensifiers`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention

KINDS = ("profane_intensifiers",)
# The group's people go on to do or be something ("fucking <group>s are ...", "... should leave").
_FOLLOWERS = frozenset(
    [
        *("are", "is", "were", "was", "should", "need", "needs", "can't", "will", "won't", "never"),
        *("always", "get", "go", "keep", "think", "want", "ruin", "ruined", "out", "everywhere", "took"),
        *("take", "taking", "brought", "bring", "come", "came", "coming", "stole", "steal", "running"),
    ]
)
_PRAISE = frozenset(
    [
        *("love", "loved", "best", "great", "awesome", "amazing", "proud", "lovely", "brilliant"),
        *("beautiful", "favourite", "favorite", "fantastic", "legends", "legend", "delicious", "tasty"),
        *("polite", "kind", "funny", "talented", "stylish", "generous", "friendly", "sweet", "cool"),
    ]
)
# The writer (or "us") named by the swear word's phrase: "I'm a", "as a", "being a", "me, a", "we".
_WRITER_PAIRS = [["i'm", "a"], ["im", "a"], ["am", "a"], ["as", "a"], ["being", "a"], ["me", "a"]]
_WRITER_WORDS = [["i'm"], ["we're"], ["we"], ["us"]]
_SCORE = re.compile(r"\d+\s*[-\u2013]\s*\d+|\d+ for \d+|\bruns\b|\bwickets\b|\bpennant\b|\bleague\b")
# Not "this" or "that": "this fucking Korean is impossible to learn" is the language.
_ONE_PERSON = frozenset(["a", "an", "you", "another", "some", "one"])
# What a plural group word may name instead of its people ("<group>s food" is food).
_THINGS = frozenset(["food", "music", "cuisine", "restaurant", "restaurants", "films", "movies", "team", "flag"])
_PLURAL_DETERMINERS = frozenset(["the", "these", "those", "all", "more", "them"])
_COPULAS = frozenset(["is", "are", "was", "were", "be", "being", "so", "too", "very"])
_SUPPORT = frozenset(["free", "save", "protect", "support", "defend", "help", "respect", "leave"])


def _names_people(low: str, m: Mention, end: int, lead: list[str], s_end: int) -> bool:
    """The group's name after the swear word stands for its people. A plural noun does ("fucking
    <group>s ..."), unless a thing it names follows ("<group>s food"); so does a name with a person
    noun ("fucking <group> people"); an adjective or one person needs a determiner or "you" before
    it ("a fucking <group>"; the bare "god damn dude" is an interjection) and then the end of the
    clause or a verb ("the fucking <group> food" is food), or a verb of several people right after
    a bare name ("motherfucking <group> brought ...", not "fucking <language> is hard")."""
    named = g.words(low, m.start, end)
    nxt = g.next_word(low, end, s_end)
    if named and named[-1].endswith("s") and not named[-1].endswith("ss"):
        return not (nxt is not None and nxt[0] in _THINGS)
    determined = bool(lead[-1:]) and lead[-1] in _ONE_PERSON | _PLURAL_DETERMINERS
    if end > m.end or (
        (determined or g.plural_group(low, m, end, lead[-2:])) and g.whole_people(low, end, s_end, _FOLLOWERS)
    ):
        return True
    return nxt is not None and nxt[0] in _FOLLOWERS - {"is", "was"}


def insults(
    low: str, mentions: Sequence[Mention], by_kind: Mapping[str, list[Hit]], s_start: int, s_end: int
) -> list[tuple[Hit, Mention]]:
    """Each swear word used on a group's name, with the group."""
    out: list[tuple[Hit, Mention]] = []
    if _PRAISE.intersection(g.words(low, s_start, s_end)):
        return out
    # A score ("up 3-1", "400 for 2") or a contest word: a team, not a people.
    if by_kind.get("contest_words") or _SCORE.search(low, s_start, s_end):
        return out
    for h in by_kind.get("profane_intensifiers", []):
        if g.embedded_quote(low, s_start, h.start):
            continue  # someone's words cited: 'he mutters "damn <group>s"'
        for m in mentions:
            # Right before the name, nothing between ("Damn, <group>s can dance" is an interjection).
            if m.start < h.end or low[h.end : m.start].strip():
                continue
            lead = g.words(low, g.clause_start(low, s_start, h.start), h.start)
            # "a fucking <group>" said of the writer is their own ("I'm a fucking <group>", "me, a
            # fucking <group>", across the comma); after a copula the swear word intensifies the
            # adjective ("one is fucking gay"); after a verb of support it is on the group's side
            # ("free the fucking <group>").
            said = g.words(low, s_start, h.start)
            writer = said[-2:] in _WRITER_PAIRS or said[-1:] in _WRITER_WORDS
            # "stand with the fucking <group>" supports; "can't stand these fucking <group>s" does not.
            stand_with = " ".join(lead[-3:]).startswith(("stand with", "standing with")) or lead[-2:] == [
                "stand",
                "with",
            ]
            if writer or (lead[-1:] and lead[-1] in _COPULAS) or _SUPPORT.intersection(lead[-3:]) or stand_with:
                continue
            end = g.group_end(low, m, s_end)
            # A possessive ("the fucking <group>'s cooking") or a movement named with the group's
            # word ("these fucking white nationalists"): not the people.
            if low[end : end + 1] in ("'", "\u2019") or g.movement(low, m, s_end):
                continue
            if _names_people(low, m, end, lead, s_end):
                out.append((h, m))
    return out
