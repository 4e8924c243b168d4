"""Misspelt forms of the harm lexicon's slurs ("ngiger", "faggto", "retrad", "fa ggot", "niggerr").

People who know a filter reads the slur itself swap two letters, drop or double one, or put a
space inside it, and every reader still reads the slur. The identity terms get the same forms
(detectors/misspellings.py, detectors/obfuscated_forms.py); these are the slurs' own, added to the
harm lexicon's automaton under the slur they spell (so its group, its everyday senses and every
damping rule apply as to the plain spelling), at no per-text cost. Only one-word slurs of five
letters or more get them (a four-letter slur has too many real words one letter away), a dropped
letter needs six, the first letter never moves, and no form that is an English word or name is
added ("niger" is a country, "fagot" an English spelling of the bundle of sticks, and "polak" is
Polish for a Pole), nor a split
whose two pieces are both words: `bench/audit_transposed.py --write` lists those in
data/obfuscation_words.txt.
"""

from __future__ import annotations

from collections.abc import Container, Iterable

from detectors import misspellings
from detectors.obfuscated_forms import english_forms, english_splits, split, swapped

MIN_LETTERS = 5
MIN_DROPPED = 6
# A split leaves at least this many letters on each side: "n igger" reads as a stray letter.
MIN_PIECE = 2
# Forms that are ordinary words of a language a model may answer in, so the English-word audit
# cannot see them: "polak" ("polack" without its "c") is Polish for a Pole (harm_terms.yaml).
OTHER_LANGUAGES = frozenset(["polak", "polaks"])


def forms(slur: str) -> list[str]:
    """Every misspelt form of one slur, before the English-word check."""
    if not slur.isalpha() or len(slur) < MIN_LETTERS:
        return []
    out = swapped(slur) + misspellings.doubled(slur)
    if len(slur) >= MIN_DROPPED:
        out += misspellings.dropped(slur)
    out += [f for f in split(slur) if min(len(p) for p in f.split(" ")) >= MIN_PIECE]
    return out


def misspelt_slurs(slurs: Iterable[str], taken: Iterable[Container[str]]) -> dict[str, str]:
    """Each misspelt form (not an English word, not a term of a lexicon in `taken`) and the slur it spells.

    `taken` are looked up, never copied: the taxonomy's 54,000 forms are asked about 1,600 forms.
    A form that is itself a slur keeps its own reading, and a form two slurs share is dropped.
    """
    slurs = list(slurs)
    lexicons = list(taken)
    unsafe = english_forms() | english_splits() | OTHER_LANGUAGES | frozenset(slurs)
    out: dict[str, str] = {}
    clashes: set[str] = set()
    for slur in slurs:
        for form in forms(slur):
            if form in unsafe or any(form in lexicon for lexicon in lexicons):
                continue
            if out.get(form, slur) != slur:
                clashes.add(form)
            out[form] = slur
    return {f: s for f, s in out.items() if f not in clashes}
