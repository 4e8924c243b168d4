"""Misconduct pinned on a group, for the harm lexicon's generalisation rules.

"<group> keep nicking bikes", "<group> are forever barging into the changing rooms", "they'll smash
up your pub", "<group> talk over everyone": a claim of what a group's people do is a stereotype when
what they do is misconduct, whatever the words say of their character. The lexicon lists
misconduct once, by its verb's base form (`misconduct`: "nick", "barge into", "shout down", "do a
runner"); the two forms a claim of a habit takes are read as negative behaviours: the base ("<group>
nick") and the -ing form ("are forever nicking"; every verb of the phrase: "drinking and
driving"). Neither the past ("got shouted at" happened to the group; "trashed the restaurant" tells
of one evening) nor the third person, which after a plural is a noun ("it doesn't make Russians
cheats").

A run of aspect words (`conduct_aspects`) between the group's phrase and the misconduct makes the
claim a generalisation, as "always" does: what people keep doing, are forever doing or will do is
what they are said to be like. The last aspect that is no adverb decides the form that may follow:
the base after "will", "tend to", "the ones who"; the -ing form after "keep", "are", "have
started", "known for"; nothing after "have" alone ("have spit hoods put on them"); with only
adverbs or none, the plain present's base ("<group> always talk over everyone"). With an aspect
before it, the misconduct may also come after "and" or "then" in the same clause ("keep driving
without insurance and doing hit-and-runs"), unless a preposition stands between ("are sick of
catcalling and groping": nouns). Not read: a passive first ("keep getting shouted at" is done to
them), a clause's break or a relative before the misconduct ("... who keep harassing them"),
one of a compound ("spit-roast", "litter-free").

The same licence tells, for a made form that other cues reach ("<group> are ... "), whether it is
conduct or a noun: a base form after a determiner, a preposition or an aspect that takes the -ing
form is a noun ("under assault", "are trash collectors", "have bully problems"); an -ing form is
conduct only after an aspect that takes it, an adverb, "and", "or", "then" or "without" ("can't go
out without starting a fight"), so "at risk of bullying" and "appearance-based bullying" are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from detectors import harm_grammar as g
from detectors.taxonomy import normalise

MISCONDUCT = "misconduct"
ASPECTS = "conduct_aspects"
# The kind the forms are read as: the generalisation rules, explanations and sortings read it.
KIND = "negative_behaviours"
_BASE, _ING, _ADVERB, _PERFECT = "base", "ing", "adverbs", "perfect"

# One-syllable verbs that end on a single vowel and consonant double it before -ing ("rob" ->
# "robbing"); these longer ones stress their last syllable and do too.
_DOUBLED = frozenset(["undercut", "sublet", "upset", "outwit", "patrol", "forget", "admit", "compel", "backstab"])
# Verbs whose -ing form keeps the final e.
_KEEP_E = frozenset(["queue", "tiptoe", "free"])
_VOWELS = frozenset("aeiou")
# Words of a clause between the first verb and a misconduct joined to it by "and" or "then".
_JOINED_WORDS = 6
_STOPS = ("who", "whom", "that", "which", "when", "whenever", "if", "but", "because", "while", "so", "though")
# In the words before a joined misconduct, a preposition makes nouns of both ("sick of catcalling
# and groping").
_NOUN_JOINS = ("of", "about", "from", "against")
_JOINERS = ("and then", "and", "then", "or")
# After the aspects, a passive: what follows is done to the group ("keep getting shouted at").
_PASSIVE = re.compile(r"(?:get|gets|getting|got|being|been)\b")
# Before a made base form, words that make it a noun ("under assault", "a scam", "pure trash").
_NOUN_BEFORE = frozenset(
    [
        *("the", "a", "an", "this", "these", "those", "their", "his", "her", "our", "my", "your", "its"),
        *("of", "under", "from", "against", "about", "by", "for", "with", "in", "on", "any", "no", "some"),
        *("pure", "total", "complete", "such", "more", "less", "much", "were", "was", "had"),
    ]
)
# Before a made -ing form that is conduct, besides the aspects that take it and the adverbs.
_BEFORE_ING = frozenset(["and", "or", "then", ",", ":", "without"])
# Before a group's phrase, words that pick some of its people or name people known to the writer:
# what they do is no habit of the group's ("some men behave badly; most don't", "a couple of lads
# from the estate keep nicking bikes", "my Romanian neighbours keep ...", "these two Somali boys");
# up to two words may stand between, the group's other words ("one of the Romanian lads").
_SOME = re.compile(
    r"(?<![a-z0-9'])(?:some|a few|few|a couple of|couple of|several|certain|a handful of|a group of"
    r"|a bunch of|a gang of|a number of|a minority of|a small number of|one of|both|dozens of"
    r"|hundreds of|[0-9]+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|my|our|his|her|your|these two|those two|these three|those three)"
    r"(?: of)?(?: the| those| these| my| our| your| his| her| their)?(?: [0-9]+| two| three| four)? "
    r"(?:[a-z'-]+ ){0,2}$"
)
# A polar question opening the sentence asks whether the claim is true ("Is it true that <group>
# keep ...?", "Do <group> really ...?").
_ASKING = re.compile(r"\s*(?:is|are|do|does|did|was|have|has|can|could|would|will|should|isn't|aren't|don't)\b")


_WHY = re.compile(r"(?:why|how come)\b")


def _syllables(word: str) -> int:
    return len(re.findall(r"[aeiouy]+", word))


def present_participle(verb: str) -> str:
    """ "nick" -> "nicking", "rob" -> "robbing", "vandalise" -> "vandalising", "lie" -> "lying";
    a compound by its last part ("fly-tip" -> "fly-tipping", "hit-and-run" -> "hit-and-running")."""
    head, dash, last = verb.rpartition("-")
    if dash:
        return head + dash + present_participle(last)
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


def forms(phrase: str) -> dict[str, str]:
    """The phrase as base and as -ing form (its first verb, and a verb after "and": "drink and
    drive" -> "drinking and driving"), each with its kind ("base" or "ing")."""
    words = phrase.split(" ")
    ing = [present_participle(w) if k == 0 or words[k - 1] == "and" else w for k, w in enumerate(words)]
    return {phrase: _BASE, " ".join(ing): _ING}


def _alternation(phrases: Iterable[str]) -> str:
    """The phrases as a regex alternation, longest first; one that never matches when none."""
    found = sorted(set(phrases) - {""}, key=lambda p: (-len(p), p))
    return "|".join(re.escape(p) for p in found) or "(?!)"


def _listed(items: Iterable[Any] | None) -> set[str]:
    return {normalise(str(item)).strip() for item in items or []}


def picked(low: str, start: int) -> bool:
    """The group's phrase at `start` follows a word that picks some of its people (`_SOME`)."""
    return _SOME.search(low, max(0, start - 30), start) is not None


def asking(low: str, s_start: int, s_end: int) -> bool:
    """The sentence is a polar question (`_ASKING` first, a question mark last)."""
    return g.is_question(low, s_end) and _ASKING.match(low, s_start, s_end) is not None


class Misconduct:
    """The lexicon's misconduct: its forms, the cue that makes a habit of them, and which made forms
    in a text are nouns."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        kinds: dict[str, str] = {}
        for item in _listed(data.get(MISCONDUCT)):
            for form, kind in forms(item).items():
                kinds[normalise(form).strip()] = kind
        self._kind_of = kinds
        self.forms = frozenset(kinds)
        # forms the lexicon lists as negative behaviours itself are read wherever they stand
        self._made = frozenset(self.forms - _listed(data.get(KIND)))
        aspects = data.get(ASPECTS) or {}
        self._aspect = {a: kind for kind in (_BASE, _ING, _ADVERB, _PERFECT) for a in _listed(aspects.get(kind))}
        self._aspect_re = re.compile(r"(" + _alternation(self._aspect) + r") ")
        done = r"(?:" + _alternation(kinds) + r")(?![a-z0-9-])"
        self._done_re = re.compile(done)
        word = r"(?!(?:" + "|".join((*_STOPS, *_NOUN_JOINS)) + r")\b)[a-z0-9'-]+,? "
        self._joined_re = re.compile(
            r"(?:" + word + r"){1," + str(_JOINED_WORDS) + r"}(?:" + "|".join(_JOINERS) + r") (" + done + r")"
        )
        # an aspect phrase of several words that takes an -ing form after it ("in the habit of")
        self._ing_phrases = frozenset(a for a, k in self._aspect.items() if k == _ING and " " in a)

    def cue_end(self, rest: str, at: int) -> int | None:
        """Where a claim of misconduct as a habit ends, read from `at` (where the group's phrase or
        a place after it ends) in `rest`; None when there is none (see the module's doc)."""
        pos, need, aspects = at, _BASE, 0
        while aspects < 5:
            a = self._aspect_re.match(rest, pos)
            if a is None:
                break
            kind = self._aspect[a.group(1)]
            need = need if kind == _ADVERB else kind
            pos, aspects = a.end(), aspects + 1
        if need == _PERFECT:
            return None
        done = self._done_re.match(rest, pos)
        if done is not None and self._kind_of[done.group(0)] == need:
            return done.end()
        if not aspects or _PASSIVE.match(rest, pos):
            return None
        joined = self._joined_re.match(rest, pos)
        if joined is None or self._kind_of[joined.group(1)] != need:
            return None
        first = rest[pos:].split(" ", 1)[0]
        if (need == _ING) != first.endswith("ing") or first in _NOUN_BEFORE:
            return None  # the first verb of the joined clause takes the same form
        return joined.end()

    def nominal(self, low: str, start: int, end: int, value: str, s_start: int, s_end: int) -> bool:
        """The made form `value` at [start, end) of the sentence [s_start, s_end) is not conduct
        here (see the module's doc), or is asked about ("blacks are more likely to rape?" echoes a
        claim to question it)."""
        if value not in self._made:
            return False
        if low.startswith("-", end):
            return True  # one part of a compound: "spit-roast", "litter-free"
        if g.is_question(low, s_end):
            # a why-question presupposes what it asks about ("why do <group> always snitch?")
            return _WHY.match(low[s_start:start].lstrip()) is None
        before = low[max(0, start - 30) : start].replace(",", " , ").replace(":", " : ").split()
        prev = before[-1] if before else ""
        if self._kind_of.get(value) == _ING:
            licensed = self._aspect.get(prev) in (_ING, _ADVERB) or prev in _BEFORE_ING
            return not (licensed or any(" ".join(before[-n:]) in self._ing_phrases for n in range(2, 5)))
        return prev in _NOUN_BEFORE or self._aspect.get(prev) in (_ING, _PERFECT)
