"""Swapped-letter and split spellings of short identity terms and of phrases, for the taxonomy's automaton.

`taxonomy._add_transposed_forms` gives long one-word terms their swapped-letter forms ("mulsims")
and `taxonomy._add_split_forms` their split ones ("im migrants"); short words and phrases were
left out because their forms collide with real words. This module adds them where the collision
can be controlled, as more automaton keys (no per-text cost):

- a one-word term of 3-5 letters with two letters after the first swapped ("wmoen", "mne",
  "jwes") is a `slot` form: it counts only where a group noun would stand (a person noun or a
  predicate follows, or a determiner, quantifier or verb of attitude comes before: "I hate mne",
  "wmoen are", "those grils"), never alone ("Jwes", "the MNE strategy");
- a one-word term of 5-6 letters with one inner letter dropped ("wmen", "womn", "mslim") is a
  `slot` form too (longer terms get unconditional dropped forms, detectors/misspellings.py);
- everyday context words ("balck", "odl", "daef", and of 5+ letters with a letter dropped: "blck",
  "disabld") keep their rule: a person noun must follow;
- a capitalised-only term ("Poilsh") keeps its rule: capital, and not an imperative;
- inside a phrase ("non-ibnary people", "workign-class", "wheeclhair users", "Mid dle Eastern",
  "non-b inary") one word may be swapped or split, since the rest of the phrase anchors it; person
  nouns ("people", "users") and words that are taxonomy terms on their own ("female" in "female
  doctors", which gets its own forms) are not touched.

No swapped form that is an English word or name is added ("tarns" stays a lake), and a split form
whose two pieces are words ("home less") counts only before a person noun: both lists are in
data/obfuscation_words.txt, written by bench/audit_transposed.py from the web2 and GCIDE word
lists (re-run it after adding terms).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, MutableMapping
from functools import lru_cache
from importlib import resources
from typing import Any

from detectors import misspellings

SLOT = "slot"
MIN_SHORT = 3
MAX_SHORT = 5  # longer one-word terms get unconditional swapped forms (taxonomy._MIN_TRANSPOSED)
# A dropped letter leaves too little of a word under 5 letters ("jws" is also Jehovah's Witnesses).
MIN_DROPPED_SHORT = 5
MIN_PHRASE_WORD = 3
_PARTS = re.compile(r"[a-z]+")

# Words after which a short swapped form stands where a group noun would ("I hate mne", "those
# grils", "what about wmoen?"), and words that make it the subject of a predicate ("wmoen are").
SLOT_BEFORE = frozenset(
    """hate hates hated hating love loves like likes kill killing ban deport fear trust those these all
    about many most some no against typical other fellow dirty filthy stupid lazy fucking damn
    bloody""".split()  # noqa: SIM905 - a word list reads better as text
)
SLOT_AFTER = frozenset(
    """are were is was aren't isn't weren't should shouldn't must mustn't deserve deserves need needs
    have has can can't cannot cant don't dont do does will won't would always never ruin ruined ruins
    belong""".split()  # noqa: SIM905 - a word list reads better as text
)


def swapped(word: str, first: int = 1) -> list[str]:
    """`word` with two neighbouring, different letters swapped, from index `first` on."""
    return [
        word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        for i in range(first, len(word) - 1)
        if word[i] != word[i + 1] and word[i].isalpha() and word[i + 1].isalpha()
    ]


def split(word: str) -> list[str]:
    """`word` with one space inserted between two of its letters."""
    return [f"{word[:i]} {word[i:]}" for i in range(1, len(word))]


MakeEntry = Callable[[Any, str, str], Any]


def add_short_forms(
    entries: MutableMapping[str, Any], authored: Iterable[tuple[str, Any]], make: MakeEntry, english: frozenset[str]
) -> int:
    """Swapped and dropped-letter forms of short terms (as `slot`) and context words (same kind), and
    swapped forms of cased terms (same kind); returns how many.

    `make(entry, form, kind)` copies an entry under a new surface form and kind.
    """
    added = 0
    for term, entry in authored:
        if not term.isalpha() or len(term) < MIN_SHORT:
            continue
        if entry.kind in ("context", "cased"):
            kind = entry.kind
        elif entry.kind == "term" and len(term) < misspellings.MIN_DROPPED:
            kind = SLOT
        else:
            continue  # longer terms get unconditional forms (taxonomy, detectors/misspellings.py)
        # Terms of six letters are swapped unconditionally by the taxonomy; capitals anchor a cased
        # term too little for a letter to go missing.
        forms = swapped(term) if entry.kind != "term" or len(term) <= MAX_SHORT else []
        if len(term) >= MIN_DROPPED_SHORT and entry.kind != "cased":
            forms += misspellings.dropped(term)
        for form in forms:
            if form in entries or form in english:
                continue
            entries[form] = make(entry, form, kind)
            added += 1
    return added


def add_phrase_forms(
    entries: MutableMapping[str, Any],
    authored: Iterable[tuple[str, Any]],
    make: MakeEntry,
    english: frozenset[str],
    keep: frozenset[str],
) -> int:
    """Forms of multi-word and hyphenated terms with one word swapped or split; returns how many.

    `keep`: words never changed (person nouns, one-word terms). The phrase keeps its entry's kind.
    """
    added = 0
    for term, entry in authored:
        if entry.kind not in ("term", "context", "cased") or term.isalpha():
            continue
        for k, m in enumerate(_PARTS.finditer(term)):
            word = m.group(0)
            if len(word) < MIN_PHRASE_WORD or word in keep:
                continue
            head, tail = term[: m.start()], term[m.end() :]
            # The first letter of the phrase stays (people read a word by its ends); a later word may
            # lose its first letter ("non-ibnary"), the phrase still anchors it.
            forms = [f for f in swapped(word, 1 if k == 0 else 0) if f not in english]
            # A split may leave one letter on either side ("non-b inary", "workin g-class"): the
            # rest of the phrase anchors the piece.
            forms += split(word)
            for w in forms:
                form = f"{head}{w}{tail}"
                if form in entries:
                    continue
                entries[form] = make(entry, form, entry.kind)
                added += 1
    return added


@lru_cache(maxsize=1)
def _audited() -> tuple[frozenset[str], frozenset[str]]:
    text = (resources.files("detectors") / "data" / "obfuscation_words.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return frozenset(w for w in lines if " " not in w), frozenset(w for w in lines if " " in w)


def english_forms() -> frozenset[str]:
    """Swapped forms of short terms, context words and phrase words that are English words or names."""
    return _audited()[0]


def english_splits() -> frozenset[str]:
    """Split forms of one-word terms whose two pieces are both English words ("home less")."""
    return _audited()[1]
