"""A group said to be favoured at others' expense, for the harm lexicon (implicit derogation).

"<group> get free housing and special treatment while veterans sleep on the street": the group is
the subject of "get" (or "are given", "are handed"), a favour follows ("free", "special",
"priority", "handouts"), and a "while" clause sets the writer's side or another group against it
("while we pay for it", "while working people can't make rent"). The grievance casts the group as
taking what others are owed, without an insult word. Not read: a favour with no one set against it
("seniors get free flu shots"), what the group suffers ("<group> get paid less while men get
promoted": no favour), the group's own situation after "while" ("refugees get free language classes
while they wait for their papers"), or a group named after other words of its clause ("the rules
say <group> get priority").
"""

from __future__ import annotations

from detectors import harm_grammar as g
from detectors.taxonomy import Mention

_GETTING = frozenset(["get", "gets", "got", "receive", "receives", "received"])
_GIVEN = frozenset(["given", "handed", "offered", "getting", "receiving"])
# What the group is said to be handed: a favour, not a harm ("paid less") nor a thing it earns.
_FAVOURS = frozenset(
    [
        *("free", "special", "priority", "preferential", "handouts", "perks", "exemptions", "everything"),
        *("subsidised", "subsidized", "taxpayer-funded", "unlimited", "first", "whole", "best"),
    ]
)
_FAVOUR_REACH = 6  # words from "get" to the favour
_CONTRAST_REACH = 25  # words from the group to "while"
# Right after "while": the writer's side or the deserving others ("while we", "while veterans").
_OTHERS = frozenset(
    [
        *("we", "us", "our", "i", "my", "working", "normal", "regular", "ordinary", "real", "hardworking"),
        *("honest", "taxpayers", "veterans", "citizens", "locals", "natives", "everyone", "pensioners"),
        *("decent", "law-abiding", "hard-working", "rest"),
    ]
)
_OPENERS = frozenset(["and", "so", "yet", "meanwhile", "now", "all", "these", "those", "the", "illegal"])


def favoured(
    low: str, m: Mention, mentions: list[Mention], s_start: int, s_end: int, persons: frozenset[str]
) -> tuple[int, int] | None:
    """The span from the group to the others set against it, if the sentence says the group gets
    favours while others go without."""
    opening = g.words(low, g.clause_start(low, s_start, m.start), m.start)
    if not set(opening) <= _OPENERS:
        return None
    end = g.group_end(low, m, s_end, persons)
    after = g.words(low, end, s_end)
    if after[:1] and after[0] in ("are", "is") and after[1:2] and after[1] in _GIVEN:
        after = after[2:]
    elif after[:1] and after[0] in _GETTING:
        after = after[1:]
    else:
        return None
    if not _FAVOURS.intersection(after[:_FAVOUR_REACH]):
        return None
    window = after[:_CONTRAST_REACH]
    if "while" not in window and "whilst" not in window:
        return None
    at = window.index("while") if "while" in window else window.index("whilst")
    them = window[at + 1 : at + 3]
    first = them[1] if them[:1] == ["the"] and len(them) > 1 else (them[0] if them else "")
    if first not in _OTHERS and not _another_group(m, mentions, end):
        return None
    return (m.start, _end_of(low, end, at + 2, s_end))


def _another_group(m: Mention, mentions: list[Mention], end: int) -> bool:
    """Another group named after the favour ("while <group> get mocked")."""
    return any(o.start >= end and o.group != m.group for o in mentions)


def _end_of(low: str, start: int, n_words: int, s_end: int) -> int:
    """Where the `n_words`-th word after `start` ends."""
    found = list(g.WORD.finditer(low, start, s_end))[:n_words]
    return found[-1].end() if found else start
