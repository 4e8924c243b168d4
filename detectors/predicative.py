"""Whether an adjective-like identity word is said of a person as a predicate where it is found.

Context terms ("black", "deaf", "middle eastern", "trans", "old") name a group only when they are
said of people, which the taxonomy otherwise reads from a person noun after them ("a deaf
grandmother"). They are said of people just as often after a copula: "my wife is Middle Eastern",
"I'm Black", "my son's deaf", "she is legally blind". Without a parser the predicate is read from
closed word classes: the subject right before the copula is a personal pronoun or a person noun,
at most one adverb stands between the copula and the word ("is also Black", "is not white"), and
the word ends its phrase (punctuation, the end, or a conjunction or adverb), which rules out
idioms and other senses that need a complement ("blind to the risks", "native to Peru", "old
enough to", "short on time", "straight with you", "blind drunk", "white as a sheet"). "They" and
"it" are not subjects: they refer to things as often as to people ("they are black" of shoes).
"""

from __future__ import annotations

import re

from detectors.nominal import word_class

_WORDS = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NEXT = re.compile(r"[ \t]*([a-z0-9']+|[^\sa-z0-9']|$)")


_PRONOUNS = word_class("i you he she we")
_COPULAS = word_class("is are was were am be been being become became becoming")
# Pronoun and copula in one token, and a person noun with a contracted "is" ("my son's deaf").
# ("im" and "ur" are left out: ambiguous spellings, and until the normaliser stopped splitting
# English words it wrote "imaging" as "im aging").
_CONTRACTED = word_class("i'm you're youre he's she's we're")
_ADVERBS = word_class(
    "also too very really so quite pretty not legally completely totally partially profoundly severely fully "
    "now still actually proudly openly visibly both mostly half"
)
# After the word, what ends its phrase: the word is then the predicate itself.
_ENDERS = word_class(
    "and or but too now so since though although because which who anyway myself yourself himself herself "
    "ourselves also actually either here there once then again back"
)


def predicative_use(low: str, start: int, end: int, subjects: frozenset[str]) -> bool:
    """True when the word at `low[start:end]` (lowercased text) is said of a person after a copula.

    `subjects`: the nouns that name a person (person nouns and the groups' own nouns)."""
    nxt = _NEXT.match(low, end)
    if nxt is None:
        return False
    token = nxt.group(1)
    if token == "-" or (token and token[0].isalnum() and token not in _ENDERS):
        return False  # a compound ("white-collar") or a complement ("blind to", "old enough")
    before = _WORDS.findall(low, max(0, start - 64), start)[-4:]
    if before and before[-1] in _ADVERBS:
        before = before[:-1]
    if not before:
        return False
    last = before[-1]
    if last in _CONTRACTED:
        return True
    if last.endswith("'s"):
        return last[:-2] in subjects  # "my son's deaf", not "the car's black" or "it's old"
    if len(before) < 2:
        return False
    if last in _PRONOUNS and before[-2] in _COPULAS:
        return True  # a question: "is she deaf?", "are you trans?"
    if last not in _COPULAS:
        return False
    subject = before[-2]
    return subject in _PRONOUNS or subject in subjects
