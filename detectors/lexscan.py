"""One Aho-Corasick pass over a text for several lexicons at once, whole-word matches only.

The identity taxonomy and the harm lexicon both look for whole-word phrases in the same lowered,
normalised response. Scanning costs per character, not per match, so one automaton holds every
lexicon's terms and each match is handed to the lexicons that list its term. The automaton is
ahocorasick_rs's contiguous NFA (about a quarter of the time per character of two pyahocorasick
passes on generated traffic, ~4 MB for the bundled lexicons; its DFA is a little faster but takes
~29 MB). Matches come back as the previous per-lexicon pyahocorasick passes gave them, ordered by
end and then longest first, because evidence is listed in that order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ahocorasick_rs import AhoCorasick, Implementation

# (start, end, payload) of one whole-word match, offsets into the scanned text.
Match = tuple[int, int, Any]


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
        patterns = list(targets)
        # Per pattern index: the lexicons listing it and their payloads.
        self._targets = [tuple(targets[p]) for p in patterns]
        self._automaton = AhoCorasick(patterns, implementation=Implementation.ContiguousNFA) if patterns else None

    def scan(self, low: str) -> list[list[Match]]:
        """Per lexicon, in the order given: its whole-word matches in `low`, by end, longest first."""
        out: list[list[Match]] = [[] for _ in self.names]
        if self._automaton is None or not low:
            return out
        n = len(low)
        targets = self._targets
        for index, start, end in self._automaton.find_matches_as_indexes(low, overlapping=True):
            # The boundary test is inline: this loop runs for every match inside words too.
            if (start == 0 or not low[start - 1].isalnum()) and (end == n or not low[end].isalnum()):
                for k, payload in targets[index]:
                    out[k].append((start, end, payload))
        for matches in out:
            if len(matches) > 1:
                matches.sort(key=_by_end)
        return out
