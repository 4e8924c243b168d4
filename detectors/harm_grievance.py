"""A group said to be favoured at others' expense, for the harm lexicon (implicit derogation).

"<group> get free housing and special treatment while veterans sleep on the street": the group is
the subject of "get" (or "are given", "are handed"), a favour follows ("free", "special",
"priority", "handouts"), and right after "while" come the writer's side or another group ("while
we pay for it", "while working people can't make rent"). The grievance casts the group as taking
what others are owed, without an insult word. Not read: a favour with no one set against it
("seniors get free flu shots"), favours on both sides ("women get free mammograms while men get
free prostate checks"), a system the writer approves ("..., which is fair"), what the group
suffers ("<group> get paid less while men get promoted": no favour), the group's own situation
after "while" ("refugees get free housing from Germans while they wait for their papers"), or a
group named after other words of its clause ("the rules say <group> get priority").
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
# A list of favours may stand between ("free healthcare, free phones and free hotel rooms while").
_CONTRAST_REACH = 25  # words from the group to "while"
# Right after "while": the writer's side or the deserving others ("while we", "while veterans").
_OTHERS = frozenset(
    [
        *("we", "us", "our", "i", "my", "working", "normal", "regular", "ordinary", "real", "hardworking"),
        *("honest", "taxpayers", "veterans", "citizens", "locals", "natives", "everyone", "pensioners"),
        *("decent", "law-abiding", "hard-working", "rest"),
    ]
)
# Before the group, only words that keep it the clause's subject ("and these <group> get ...");
# any other ("the rules say <group> get priority") makes the clause someone else's statement.
# After "while", the writer's approval or a report makes it a description of a policy.
_NO_GRIEVANCE = frozenset(
    [
        *("fair", "fine", "reasonable", "rightly", "deserve", "deserved", "earned", "justified", "sensible"),
        *("claim", "claims", "claimed", "misleading", "false", "myth"),
    ]
)
_GOING_WITHOUT = frozenset(
    [
        *("pay", "pays", "paying", "cannot", "struggle", "struggling", "sleep", "sleeping", "wait", "waiting"),
        *("suffer", "suffering", "starve", "starving", "mocked", "punished", "ignored", "nothing", "freeze"),
        *("freezing", "homeless", "die", "dying", "work", "working", "slave", "scrape", "queue", "foot"),
    ]
)
_GOING_WITHOUT_REACH = 6  # words after who goes without
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
    found = list(g.WORD.finditer(low, end, s_end))  # tokenised once: the words and where they stand
    after = [w.group(0) for w in found]
    if after[:1] and after[0] in ("are", "is") and after[1:2] and after[1] in _GIVEN:
        after_at = 2
    elif after[:1] and after[0] in _GETTING:
        after_at = 1
    else:
        return None
    after = after[after_at:]
    if not _FAVOURS.intersection(after[:_FAVOUR_REACH]):
        return None
    window = after[:_CONTRAST_REACH]
    if "while" not in window and "whilst" not in window:
        return None
    at = window.index("while") if "while" in window else window.index("whilst")
    # Who goes without is named right after "while" ("while <group> get mocked"); a group named
    # elsewhere ("free housing from Germans while they wait") is no one set against the first.
    i = after_at + at + 1
    if i >= len(found):
        return None
    head = found[i]
    if head.group(0) == "the" and i + 1 < len(found):
        i += 1  # "while the rest of us", "while the veterans"
    first = found[i]
    other = any(o.group != m.group and head.start() <= o.start <= first.start() for o in mentions)
    if first.group(0) not in _OTHERS and not other:
        return None
    rest = [w.group(0) for w in found[i + 1 :]]
    if _FAVOURS.intersection(rest) or _NO_GRIEVANCE.intersection(rest):
        return None  # favours on both sides, approved or reported ("..., which is a fair system")
    # The others must go without ("pay for it", "can't make rent", "sleep on the street"); a plain
    # contrast of two services ("while men go to the other hostel") describes a policy.
    if not any(w in _GOING_WITHOUT or w.endswith("n't") for w in rest[:_GOING_WITHOUT_REACH]):
        return None
    return (m.start, first.end())
