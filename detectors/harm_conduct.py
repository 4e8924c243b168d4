"""Misconduct pinned on a group, for the harm lexicon's generalisation rules.

"<group> keep nicking bikes", "<group> are forever trashing the place", "they'll smash up your pub",
"<group> talk over everyone": a claim of what a group's people do is a stereotype when what they do
is misconduct, whatever the words say of their character. The lexicon lists misconduct once, by its
verb's base form (`misconduct`: "nick", "barge into", "shout down", "do a runner"); the two forms a
claim of a habit takes are read as negative behaviours: the base ("<group> nick") and the -ing form
("are forever nicking"). Neither the past ("got shouted at" happened to the group; "trashed the
restaurant" tells of one evening) nor the third person, which after a plural is a noun ("it doesn't
make Russians cheats"). A made form is a noun, not conduct, after a determiner or a preposition
("under assault", "appearance-based bullying", "the gossip"): the -ing form counts only after an
aspect word or "and", "or", "then" ("are forever nicking", "... and nicking"), the base form not
after a determiner or a preposition.

A run of aspect words (`conduct_aspects`: "keep", "are forever", "have started", "will", "tend to")
between the group's phrase and the misconduct makes the claim a generalisation, as "always" does:
what people keep doing, are forever doing or will do is what they are said to be like. The
misconduct may be the first verb after them or come after "and" or "then" within the same clause
("keep driving without insurance and doing hit-and-runs"). Not read: "get", "getting" or "being"
first (a passive: "keep getting shouted at and spat on" is what is done to them), a clause's break or a
relative before the misconduct ("... who keep harassing them": someone else's conduct).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from detectors.taxonomy import normalise

MISCONDUCT = "misconduct"
ASPECTS = "conduct_aspects"
# The kind the forms are read as: the generalisation rules, explanations and sortings read it.
KIND = "negative_behaviours"

# One-syllable verbs that end on a single vowel and consonant double it before -ing ("rob" ->
# "robbing"); these longer ones stress their last syllable and do too.
_DOUBLED = frozenset(["undercut", "sublet", "upset", "outwit", "patrol", "forget", "admit", "compel"])
# Verbs whose -ing form keeps the final e ("see" is not misconduct; these are).
_KEEP_E = frozenset(["queue", "tiptoe", "free"])
_VOWELS = frozenset("aeiou")
# Words of a clause between the first verb and a misconduct joined to it by "and" or "then".
_JOINED_WORDS = 6
_STOPS = ("who", "whom", "that", "which", "when", "whenever", "if", "but", "because", "while", "so", "though")


def _syllables(word: str) -> int:
    return len(re.findall(r"[aeiouy]+", word))


def present_participle(verb: str) -> str:
    """ "nick" -> "nicking", "rob" -> "robbing", "vandalise" -> "vandalising", "lie" -> "lying"."""
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and verb not in _KEEP_E:
        return verb[:-1] + "ing"
    last3 = verb[-3:]
    if verb in _DOUBLED or (
        _syllables(verb) == 1
        and len(last3) == 3
        and last3[0] not in _VOWELS
        and last3[1] in _VOWELS
        and last3[2] not in _VOWELS | set("wxy")
    ):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def forms(phrase: str) -> set[str]:
    """The phrase with its first word (a verb's base form) as base and as -ing form."""
    verb, _, rest = phrase.partition(" ")
    tail = f" {rest}" if rest else ""
    return {verb + tail, present_participle(verb) + tail}


def _alternation(phrases: Iterable[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=lambda p: (-len(p), p)))


def _listed(data: Mapping[str, Any], key: str) -> set[str]:
    return {normalise(str(item)).strip() for item in data.get(key) or []}


# Before a group's phrase, words that pick some of its people: what they do is no habit of the group's
# ("some men behave badly; most don't", "a couple of lads from the estate keep nicking bikes").
_SOME = re.compile(
    r"(?<![a-z0-9'])(?:some|a few|few|a couple of|couple of|several|certain|a handful of|a group of|a bunch of"
    r"|a number of|a minority of|a small number of|two|three|four|five)(?: of)?(?: the| those| these)? $"
)


def picked(low: str, start: int) -> bool:
    """The group's phrase at `start` follows a word that picks some of its people (`_SOME`)."""
    return _SOME.search(low, max(0, start - 30), start) is not None


# Before a base form, words that make it a noun ("under assault", "a scam", "pure trash").
_NOUN_BEFORE = frozenset(
    [
        *("the", "a", "an", "this", "these", "those", "their", "his", "her", "our", "my", "your", "its"),
        *("of", "under", "from", "against", "about", "by", "for", "with", "in", "on", "any", "no", "some"),
        *("pure", "total", "complete", "such", "more", "less", "much"),
    ]
)
# Before an -ing form that is conduct, besides the aspect words ("can't go out without starting a
# fight": the act is still the subject's).
_JOINERS = frozenset(["and", "or", "then", ",", ":", "without"])


class Misconduct:
    """The lexicon's misconduct: its forms, the cue that makes a habit of them, and which made forms
    in a text are nouns."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        made = {normalise(f).strip() for item in _listed(data, MISCONDUCT) for f in forms(item)}
        self.forms = frozenset(made)
        # forms the lexicon lists as negative behaviours itself are read wherever they stand
        self._made = frozenset(made - _listed(data, KIND))
        aspects = _listed(data, ASPECTS)
        self._aspects = frozenset(aspects)
        # the aspects' own words, bar those of "in the habit of", which make a noun of what follows
        self._before_ing = (frozenset(w for a in aspects for w in a.split()) - _NOUN_BEFORE) | _JOINERS
        word = r"(?!(?:" + "|".join(_STOPS) + r")\b)[a-z0-9'-]+,? "
        # Aspect words then a misconduct form, from where a group's phrase ends: the claim's cue. Not
        # the other negative behaviours, often a phrase's start ("inflate their" credentials, and
        # bike tyres), which are read only after the usual cues.
        self.cue = re.compile(
            r"(?:(?:" + _alternation(aspects) + r") ){0,4}"
            r"(?!(?:get|gets|getting|got|being|been)\b)"
            r"(?:(?:" + word + r"){1," + str(_JOINED_WORDS) + r"}(?:and then|and|then|or) )?"
            r"(?:" + _alternation(made) + r")(?![a-z0-9])"
        )

    def nominal(self, low: str, start: int, value: str) -> bool:
        """The made form `value` at `start` is a noun here, not conduct (see the module's doc)."""
        if value not in self._made:
            return False
        before = low[max(0, start - 24) : start].replace(",", " , ").replace(":", " : ").split()
        prev = before[-1] if before else ""
        if value.split(" ", 1)[0].endswith("ing"):
            return prev not in self._before_ing and not any(" ".join(before[-n:]) in self._aspects for n in range(2, 5))
        return prev in _NOUN_BEFORE
