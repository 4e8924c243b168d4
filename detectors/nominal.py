"""Whether an adjective-like identity word stands as a noun for a person where it is found.

Some context terms name a person on their own when used as nouns ("the next liberal I see",
"every conservative in this town", "a typical conservative:"), though the same words are far more
often adjectives ("a conservative estimate", "the liberal arts"). Without a part-of-speech tagger
the noun use is read from closed word classes: a determiner in front (with at most one modifier
between), and after the word the end of the clause, a pronoun, a preposition, a relative or an
auxiliary, which an attributive adjective is never followed by. Coordination ("a conservative and
cautious plan") is not taken: "and"/"or" follow adjectives as often as nouns.
"""

from __future__ import annotations

import re

_WORDS = re.compile(r"[a-z0-9']+")
_NEXT = re.compile(r"\s*([a-z0-9']+|[^\sa-z0-9']|$)")


def word_class(text: str) -> frozenset[str]:
    """A closed word class, written as one string: it reads better than a column of quoted items."""
    return frozenset(text.split())


DETERMINERS = word_class("a an the every each any another no one this that some your my our his their")
# Before the determiner, these make the word a predicate noun ("you're a conservative, so ...").
COPULAS = word_class("is are was were be been being am as 's 're 'm")
# Degree words make the next word an adjective ("the more conservative of the two").
DEGREE = word_class("more most less least very too so quite rather fairly somewhat")
# What cannot follow an attributive adjective but follows a noun: pronouns ("the next liberal I
# see"), relatives, prepositions, auxiliaries and a few adverbs.
FOLLOWERS = word_class(
    "i you he she we they it me him her us them who whom whose that which "
    "in on at from to with for of by about like near around across since until over under after before "
    "is was are were will would can could should must might may did does do has have had "
    "isn't wasn't won't can't doesn't didn't wouldn't always never just again here there"
)


def nominal_use(low: str, start: int, end: int) -> bool:
    """True when the word at `low[start:end]` (lowercased text) reads as a noun, not a modifier."""
    words = _WORDS.findall(low, max(0, start - 64), start)
    before = words[-2:]
    if not before:
        return False
    determined = before[-1] in DETERMINERS or (
        len(before) == 2 and before[0] in DETERMINERS and before[1] not in FOLLOWERS
    )
    if not determined or before[-1] in DEGREE:
        return False
    nxt = _NEXT.match(low, end)
    if nxt is None:
        return False
    token = nxt.group(1)
    if token == "" or token in ".!?:;)":
        return True
    if not (token[0].isalnum() or token[0] == "'"):
        # A comma also ends a list of adjectives ("a progressive, linear fashion"): the noun
        # reading needs a copula before the determiner then ("you're a conservative, so ...").
        # A hyphen continues a compound ("a liberal-arts degree").
        if token != ",":
            return False
        det = len(words) - (1 if words[-1] in DETERMINERS else 2)
        prev = words[det - 1] if det >= 1 else ""
        return prev in COPULAS or prev.endswith(("'s", "'re", "'m"))
    return token in FOLLOWERS


# "the left" and "the right" name a political side far less often than a direction ("on the
# right"), an entitlement ("the right to vote") or a choice ("the right answer"). As a side they
# are the subject of a clause, or the whole object of a verb of attitude ("I blame the left.").
SIDES = frozenset(["the left", "the right"])
SIDE_VERBS = word_class(
    "is was are were will would can could should must might may did does do has have had "
    "isn't wasn't won't can't doesn't didn't wouldn't hasn't haven't "
    "isnt wasnt wont cant doesnt didnt wouldnt hasnt havent dont aren't arent "
    "wants want wanted hates hate hated loves love loved says say said claims claim claimed "
    "thinks think thought believes believe believed keeps keep kept always never just "
    "controls control controlled pushes push pushed"
)
# Prepositions that make "the left"/"the right" a place ("critics on the left say" is lost with them).
SIDE_DIRECTIONS = word_class("on to from at toward towards onto into")
SIDE_ATTITUDES = word_class(
    "hate hates hated love loves loved blame blames blamed fear fears feared trust trusts distrust "
    "despise despises oppose opposes opposed against"
)


def side_use(low: str, start: int, end: int) -> bool:
    """True when "the left"/"the right" at `low[start:end]` reads as a political side.

    As the subject of a clause ("The right wants ...", "the left is divided"), or as the whole
    object of a verb of attitude, nothing after it but the clause's end ("I blame the left.").
    After a preposition ("on the right", "to the left") it is a direction, and before a noun or
    "to" ("the right answer", "the right to vote") not a side at all.
    """
    before = _WORDS.findall(low, max(0, start - 24), start)
    if before and before[-1] in SIDE_DIRECTIONS:
        return False  # "the button on the left is greyed out"
    nxt = _NEXT.match(low, end)
    token = nxt.group(1) if nxt is not None else ""
    if token in SIDE_VERBS:
        return True
    return bool(before) and before[-1] in SIDE_ATTITUDES and (token == "" or token in ".!?,;:)")
