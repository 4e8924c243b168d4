"""Words written with letters starred out ("n*gger", "k*kes", "f****t"), read as the word they hide.

People star out the words they know are taboo, so that a filter passes them while every reader
still reads them. Nobody stars out "number" or "forest": the mask itself says the word is one of
the taboo ones, so a masked word is read against the lexicons' taboo words only (slurs, insults,
dehumanising nouns and group names), never against English at large. It is read as that word
when exactly one of them fits, letter for letter: each mask character stands for one letter, the
letters shown must match in place, and at least two letters must show. Anything else (two words
fit, none does, one letter shown) stays as written. Only masks between letters count: "**bold**"
and "*emphasis*" in Markdown, a footnote's "word*" and arithmetic keep their stars.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# A run of letters with one or more runs of stars inside it, letters at both ends.
MASKED = re.compile(r"(?<![A-Za-z0-9*])[A-Za-z]+(?:\*+[A-Za-z]+)+(?![A-Za-z0-9*])")
_MASK = "*"
_MIN_SHOWN = 2


class MaskedWords:
    """Reads starred-out words as the one taboo word (of the words given) that fits them."""

    def __init__(self, words: Iterable[str]) -> None:
        by_length: dict[int, set[str]] = {}
        for w in words:
            w = w.lower()
            if w.isalpha() and w.isascii():
                by_length.setdefault(len(w), set()).add(w)
        self._by_length = {n: tuple(sorted(ws)) for n, ws in by_length.items()}
        self._read = lru_cache(maxsize=4096)(self._word_for)

    def read(self, token: str) -> str | None:
        """The one taboo word `token` (letters and inner stars) hides, lower case, or None."""
        return self._read(token.lower())

    def _word_for(self, low: str) -> str | None:
        if sum(c != _MASK for c in low) < _MIN_SHOWN:
            return None
        shown = [(i, c) for i, c in enumerate(low) if c != _MASK]
        fits = [w for w in self._by_length.get(len(low), ()) if all(w[i] == c for i, c in shown)]
        return fits[0] if len(fits) == 1 else None

    def edits(self, text: str) -> list[tuple[int, int, str]]:
        """Each star of a masked word that reads as a taboo word, replaced by the letter it hides."""
        edits: list[tuple[int, int, str]] = []
        for m in MASKED.finditer(text):
            word = self.read(m.group(0))
            if word is None:
                continue
            edits.extend((m.start() + i, m.start() + i + 1, word[i]) for i, c in enumerate(m.group(0)) if c == _MASK)
        return edits
