"""Threats said to a group's members in the second person, for the harm lexicon.

A threat need not name its target after the verb: "If you're a <group>, watch your back, we will
burn your house down", "<group>, we know where you live", "all you <group> will be next". The
group is then the addressee, and the threat is aimed at "you". Two things must hold in one
sentence: the group mention is who is spoken to (a vocative "<group>, ...", "to the <group>: ...",
"you <group>", or "if you're a <group>"), and after it comes a threat against "you": either a
self-contained one ("we know where you live", "you're next") or a harmful act on "you" with an
agent who intends it ("we'll", "I'm going to", "someone should"). The agent is required because
the same act is also a warning about a danger ("if you're old, the heat will kill you") or care
("if you're deaf, loud music can hurt you"). Negation and the reporting, quoting and counter-speech
frames are applied by the harm lexicon as for every threat. The vocabulary lives in harm_terms.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention, normalise

# harm_terms.yaml kinds read here (the harm lexicon adds them to its automaton).
KINDS = ("threats_to_you", "threats_to_you_whole")
# Words that may open a sentence before the group it addresses ("hey <group>,", "to all the <group>:").
_OPENERS = frozenset(
    [
        *("hey", "oi", "yo", "dear", "to", "the", "all", "of", "you", "listen", "up", "attention", "and", "so"),
        *("ok", "okay", "message", "for", "every", "last", "one", "those", "fellow", "now", "well", "right"),
    ]
)
# A finite verb right after the group makes it a subject, not a vocative ("<group> are kind, ...").
_FINITE = frozenset(
    [
        *("are", "is", "was", "were", "am", "will", "would", "should", "shall", "can", "could", "may", "might"),
        *("must", "do", "does", "did", "have", "has", "had", "be", "been", "being", "aren't", "isn't", "don't"),
    ]
)
_VOCATIVE_END = re.compile(r"[,:!\u2014]|\s-\s")
_VOCATIVE_WORDS = 4  # words after the group before the vocative's comma ("to the <group> next door:")
_CONDITIONS = (("if", "you", "are"), ("if", "you're"), ("if", "ur"), ("if", "you", "re"), ("when", "you're"))
_ARTICLES = frozenset(["a", "an", "one", "of", "the", "those"])
_REACH = 16  # words from the addressed group to the threat
_AGENT_GAP = 2  # words between the agent ("we'll") and the act ("just burn your house down")


class AddressWords:
    """The agents that make an act on "you" a threat, matched right before it."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        agents = sorted({normalise(str(a)).strip() for a in data.get("threat_agents") or []}, key=len, reverse=True)
        alternatives = "|".join(re.escape(a) for a in agents)
        gap = r"(?:\s+[a-z']+){0,%d}?" % _AGENT_GAP  # noqa: UP031 (braces would clash with the quantifier)
        self._agent = re.compile(r"(?<![a-z0-9'])(?:" + alternatives + r")" + gap + r"\s+$")

    def intended(self, low: str, s_start: int, h: Hit) -> bool:
        """An agent who intends the act stands right before it ("we will <act>", "I'm gonna just <act>")."""
        return self._agent.search(low, max(s_start, h.start - 60), h.start) is not None


def addressed(low: str, m: Mention, s_start: int, s_end: int) -> bool:
    """The group mention names who is spoken to in its sentence."""
    before = g.words(low, s_start, m.start)
    if before[-1:] == ["you"] or before[-2:] == ["you", "all"]:
        return True  # "you <group>", "all you <group>", "you all <group>"
    head = before[:]
    while head and head[-1] in _ARTICLES:
        head.pop()
    if any(tuple(head[-len(c) :]) == c for c in _CONDITIONS):
        return True  # "if you're a <group>"
    if not all(w in _OPENERS for w in before):
        return False
    end = _VOCATIVE_END.search(low, m.end, s_end)
    if end is None:
        return False
    between = g.words(low, m.end, end.start())
    return len(between) <= _VOCATIVE_WORDS and not _FINITE.intersection(between)


def threats(
    low: str,
    mentions: Sequence[Mention],
    by_kind: Mapping[str, list[Hit]],
    words: AddressWords,
    s_start: int,
    s_end: int,
) -> list[tuple[Hit, list[Mention]]]:
    """Each threat against "you" in the sentence with the addressed groups it follows."""
    acts = [h for h in by_kind.get("threats_to_you", []) if words.intended(low, s_start, h)]
    found = [*by_kind.get("threats_to_you_whole", []), *acts]
    if not found:
        return []
    spoken_to = [m for m in mentions if addressed(low, m, s_start, s_end)]
    out = []
    for h in found:
        aimed = [m for m in spoken_to if m.end <= h.start and len(g.words(low, m.end, h.start)) <= _REACH]
        if aimed:
            out.append((h, aimed))
    return out
