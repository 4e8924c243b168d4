"""Slur homonyms: the everyday sense of a word that is also a slur, chosen by its neighbours.

Some slurs are spelt like ordinary words (a bundle of sticks, a cat breed, a car's gearbox, the
verb "to slow down"). harm_terms.yaml's `slur_senses` lists, per slur, the fixed expressions
that contain it ("spick and span"), the words right beside it that select the other sense
("maine coon", "coon cat"), and the words within a few words in the same sentence that do
("faggots in gravy"): the same idea as the taxonomy's false friends, which stop "black coffee"
from being a group mention. A sense never shields a slur aimed at someone: "you <slur>" and an
insult right before it ("dirty <slur>") keep the slur a slur.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.taxonomy import normalise

# Words before a slur that aim it at a person; the everyday sense never applies after them.
_ADDRESS = frozenset(["you", "ya", "u", "yer", "ur", "youse"])


@dataclass(frozen=True, slots=True)
class _Sense:
    phrases: tuple[re.Pattern[str], ...]
    previous: frozenset[str]
    next: frozenset[str]
    near: frozenset[str]


class SlurSenses:
    """Per-slur contexts that select a non-slur sense."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.window = int(data.get("near_window") or 6)
        self._senses: dict[str, list[_Sense]] = {}
        for item in data.get("slur_senses") or []:
            sense = _Sense(
                tuple(_phrase(str(p)) for p in item.get("phrases") or []),
                _wordset(item.get("previous")),
                _wordset(item.get("next")),
                _wordset(item.get("near")),
            )
            for term in item.get("terms") or []:
                self._senses.setdefault(normalise(str(term)).strip(), []).append(sense)

    def terms(self) -> list[str]:
        return list(self._senses)

    def everyday(self, low: str, s_start: int, s_end: int, h: Hit, insults: Iterable[Hit]) -> bool:
        """The slur hit `h` is used in its everyday sense in the sentence [s_start, s_end)."""
        senses = self._senses.get(h.value)
        if not senses:
            return False
        before = g.words(low, max(s_start, h.start - 60), h.start)
        if _ADDRESS.intersection(before[-2:]) or any(0 <= h.start - i.end <= 2 for i in insults):
            return False
        after = g.words(low, h.end, min(s_end, h.end + 60))
        prev_word = before[-1] if before else ""
        next_word = after[0] if after else ""
        around = set(before[-self.window :]) | set(after[: self.window])
        for sense in senses:
            if prev_word in sense.previous or next_word in sense.next or around & sense.near:
                return True
            lo, hi = max(s_start, h.start - 40), min(s_end, h.end + 40)
            if any(m.start() <= h.start and h.end <= m.end() for p in sense.phrases for m in p.finditer(low, lo, hi)):
                return True
        return False


def _wordset(raw: Iterable[Any] | None) -> frozenset[str]:
    return frozenset(normalise(str(w)).strip() for w in raw or [])


def _phrase(raw: str) -> re.Pattern[str]:
    words = re.split(r"[\s-]+", normalise(raw).strip())
    return re.compile(r"(?<![a-z0-9])" + r"[\s-]+".join(re.escape(w) for w in words) + r"(?![a-z0-9])")
