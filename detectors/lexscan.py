"""One Aho-Corasick pass over a text for several lexicons at once, whole-word matches only.

The identity taxonomy and the harm lexicon both look for whole-word phrases in the same lowered,
normalised response. Scanning costs per character, not per match, so one automaton holds every
lexicon's terms and each match is handed to the lexicons that list its term. The automaton is
ahocorasick_rs's contiguous NFA (about a quarter of the time per character of two pyahocorasick
passes on generated traffic, ~4 MB for the bundled lexicons; its DFA is a little faster but takes
~29 MB). Matches come back as the previous per-lexicon pyahocorasick passes gave them, ordered by
end and then longest first, because evidence is listed in that order.

The automaton holds each term between two spaces, with every character that is not alphanumeric
read as a space, and scans the text read the same way between two spaces: only whole-word
occurrences come back (about a sixth of the occurrences inside words and out on generated traffic),
so the per-match work in Python is done for those alone. Reading punctuation as a space merges
terms ("non-binary", "non binary"); the text's own characters at the match pick the exact term.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ahocorasick_rs import AhoCorasick, Implementation

# (start, end, payload) of one whole-word match, offsets into the scanned text.
Match = tuple[int, int, Any]


# Every character that is not alphanumeric (str.isalnum) becomes a space; the length is kept.
_ASCII_SPACES = bytes(c if chr(c).isalnum() else ord(" ") for c in range(128)) + bytes(128)
_NOT_ALNUM = re.compile(r"[\W_]")  # exactly the characters str.isalnum rejects (tests/test_lexscan.py)


def word_spaced(text: str) -> str:
    """`text` with every character that is not alphanumeric replaced by a space."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_SPACES).decode("ascii")
    return _NOT_ALNUM.sub(" ", text)


def _by_end(match: Match) -> tuple[int, int]:
    return match[1], match[0]


class LexiconScanner:
    """Whole-word matches of several lexicons (name -> {term: payload}) in one pass over a text.

    Terms are matched as given (the callers lower-case both sides); the empty term never matches.
    """

    def __init__(self, lexicons: Mapping[str, Mapping[str, Any]]) -> None:
        self.names = tuple(lexicons)
        targets: dict[str, list[tuple[int, Any]]] = {}
        for k, terms in enumerate(lexicons.values()):
            for term, payload in terms.items():
                if term:
                    targets.setdefault(term, []).append((k, payload))
        # Per term: the lexicons listing it and their payloads.
        self._targets = {term: tuple(found) for term, found in targets.items()}
        spelt: dict[str, list[str]] = {}
        for term in targets:
            spelt.setdefault(f" {word_spaced(term)} ", []).append(term)
        patterns = list(spelt)
        # Per pattern: the targets when its match can only be one term (a term of letters and digits
        # alone is spelt by its pattern), else None and the text's characters pick the term.
        self._sure = [
            self._targets[terms[0]] if len(terms) == 1 and terms[0].isalnum() else None for terms in spelt.values()
        ]
        self._automaton = AhoCorasick(patterns, implementation=Implementation.ContiguousNFA) if patterns else None

    def scan(self, low: str) -> list[list[Match]]:
        """Per lexicon, in the order given: its whole-word matches in `low`, by end, longest first."""
        out: list[list[Match]] = [[] for _ in self.names]
        if self._automaton is None or not low:
            return out
        targets = self._targets
        sure = self._sure
        spaced = f" {word_spaced(low)} "
        # A match of " term " at [s, e) of the spaced text is the term at [s, e - 2) of `low`, with
        # no letter or digit either side.
        for index, start, end in self._automaton.find_matches_as_indexes(spaced, overlapping=True):
            found = sure[index]
            if found is None:
                found = targets.get(low[start : end - 2])
                if found is None:
                    continue
            for k, payload in found:
                out[k].append((start, end - 2, payload))
        for matches in out:
            if len(matches) > 1:
                matches.sort(key=_by_end)
        return out
