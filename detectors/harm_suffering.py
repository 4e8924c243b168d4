"""Violence a group suffered, approved by the writer, for the harm lexicon.

"<group> were lynched and they had it coming": the violence is reported in the passive, and what
makes it hate is the writer's approval right after it. Two earlier readings approved too much
(docs/detection.md, "Tried and withdrawn" and the eleventh round's review): an approving adverb
("were rightly beaten", "rightly executed", "rightly attacked for their hypocrisy") is as often
justice, defeat or criticism, and an approval anywhere after the report is as often someone
else's ("... and people act like they asked for it", "... they had it coming, the defendant
wrote"). So every part is held to one short clause:
- the group, several whole people, opens its clause (only determiners, quantifiers and
  interjections before it; a person noun after it only a generic one: not "the <group>
  defendants"), so "the guards who tortured <group> ..." and "my aunt was beaten for being
  <group>" are not it;
- then an auxiliary (`suffered_passives`), at most one frequency word and a violent participle
  (`violent_participles`) in its literal sense: not bare "beaten" or "burned" (a defeat, a loss:
  "beaten at Waterloo", "burned on the deal"), not "shot down", "slapped with", "whipped into",
  and no contest word in the sentence;
- then at most a short place or time phrase, one connector ("and", a comma, a dash), at most a
  few interjections ("honestly", "frankly"), and the approval (`suffered_endorsements`: "they
  deserved it", "they had it coming", "which they deserved", "served them right"), which ends the
  sentence: "... and they deserved it according to this vile tweet", "..., the attacker told the
  court" and "... and they deserved it?" are not the writer's approval.
Negation, reporting before the claim, quoting and counter-speech are applied by the harm lexicon as
for every threat.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention, normalise

# harm_terms.yaml kinds read here (the harm lexicon adds them to its automaton).
KINDS = ("suffered_endorsements", "contest_words")
# Before the group in its clause: determiners, quantifiers and interjections only.
_OPENERS = frozenset(
    [
        *("the", "those", "these", "all", "many", "some", "most", "so", "of", "a", "lot", "lots", "few"),
        *("and", "but", "yeah", "yes", "well", "honestly", "frankly", "lol", "haha", "oh", "tbh"),
    ]
)
# Between the auxiliary and the participle ("were often beaten up", "get regularly attacked").
_FREQUENCY = frozenset(["often", "regularly", "routinely", "always", "constantly", "frequently", "finally"])
# Participles whose bare form is as often a defeat or a loss ("were beaten at Waterloo", "got
# burned on the deal"): only their literal compounds ("beaten up", "burned alive") are read.
_FIGURATIVE = frozenset(["beaten", "burned", "burnt"])
# After a participle, a word that makes it figurative ("shot down", "slapped with sanctions",
# "whipped into line").
_FIGURATIVE_AFTER = frozenset(["down", "with", "into", "off", "out", "over"])
# The phrase between the participle and the connector: a short place or time ("at the mosque last
# night", "on the subway"), with none of these, which start another clause, subject or report.
_PHRASE_WORDS = 6
_PHRASE_STOPS = frozenset(
    [
        *("who", "whom", "whose", "which", "i", "we", "you", "he", "she", "they", "their"),
        *("nobody", "none", "no", "not", "never", "said", "says", "and", "but", "because", "as"),
        # "attacked by critics": criticism, not violence
        *("critics", "critic", "press", "media", "reviewers", "commentators", "opponents", "columnists"),
    ]
)
# Between the connector and the approval.
_INTERJECTIONS = frozenset(["honestly", "frankly", "quite", "tbh", "imo", "lol", "yeah", "so", "just", "really"])
# After the approval, only these may close the sentence.
_CLOSERS = frozenset(["lol", "haha", "lmao", "tbh", "honestly", "imo", "frankly", "though", "tho"])
# One connector: a comma or a dash (a hyphen only with spaces round it: "so-called" is one word),
# optionally then "and", or "and" alone.
_CONNECTOR = re.compile(
    r"^(?P<phrase>[^,;:\u2013\u2014]*?)"
    r"(?:\s*[,\u2013\u2014]\s*(?:and\s+)?|\s+-\s+(?:and\s+)?|\s+and\s+)(?P<rest>.*)$"
)


@dataclass(frozen=True, slots=True)
class SufferingWords:
    """The authored word lists the reading uses (harm_terms.yaml)."""

    passives: tuple[tuple[str, ...], ...]  # auxiliaries, as word sequences, longest first
    participles: tuple[tuple[str, ...], ...]  # violent participles, as word sequences, longest first

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> SufferingWords:
        def seqs(key: str) -> tuple[tuple[str, ...], ...]:
            found = {tuple(normalise(str(w)).split()) for w in data.get(key) or []}
            return tuple(sorted(found, key=len, reverse=True))

        return cls(seqs("suffered_passives"), seqs("violent_participles"))


def approved_suffering(
    low: str,
    mentions: Sequence[Mention],
    by_kind: Mapping[str, list[Hit]],
    words: SufferingWords,
    s_start: int,
    s_end: int,
) -> list[tuple[Hit, list[Mention]]]:
    """Violence each group suffered in the sentence and the writer approves, as one hit from the
    group to the end of the approval, with the group."""
    endorsements = by_kind.get("suffered_endorsements", [])
    if not endorsements or by_kind.get("contest_words") or g.is_question(low, s_end):
        return []
    out: list[tuple[Hit, list[Mention]]] = []
    for m in mentions:
        opener = _opens_clause(low, m, s_start)
        if opener is None:
            continue
        end = g.people_end(low, m, opener[-2:], s_end)
        if end is None:
            continue
        rest = [(w.group(0), w.start(), w.end()) for w in g.WORD.finditer(low, end, s_end)][:12]
        act_end = _passive(rest, words)
        if act_end is None:
            continue
        e = next((e for e in endorsements if e.start >= act_end and _approves(low, act_end, e, s_end)), None)
        if e is not None:
            out.append((Hit(m.start, e.end, "approved_suffering", low[m.start : e.end]), [m]))
    return out


def _opens_clause(low: str, m: Mention, s_start: int) -> list[str] | None:
    """The words before the group in its clause, if they are only determiners, quantifiers and
    interjections ("the" makes "the Irish" plural); None otherwise."""
    before = g.words(low, g.clause_start(low, s_start, m.start), m.start)
    return before if all(w in _OPENERS for w in before) else None


def _passive(rest: list[tuple[str, int, int]], words: SufferingWords) -> int | None:
    """After the group: an auxiliary, an optional frequency word and a violent participle in its
    literal sense. Returns where the participle ends."""
    seq = [w for w, _, _ in rest]
    for aux in words.passives:
        if tuple(seq[: len(aux)]) == aux:
            i = len(aux)
            break
    else:
        return None
    if i < len(seq) and seq[i] in _FREQUENCY:
        i += 1
    for p in words.participles:
        if tuple(seq[i : i + len(p)]) == p:
            after = seq[i + len(p) : i + len(p) + 1]
            if (len(p) == 1 and p[0] in _FIGURATIVE) or (after and after[0] in _FIGURATIVE_AFTER):
                return None
            return rest[i + len(p) - 1][2]
    return None


def _approves(low: str, act_end: int, e: Hit, s_end: int) -> bool:
    """The approval follows the participle's own short phrase and one connector, and ends the sentence."""
    if set(g.words(low, e.end, s_end)) - _CLOSERS:
        return False
    between = low[act_end : e.start].strip()
    if e.value.startswith(("which ", "as ")):
        phrase = between.rstrip(" ,")  # "..., which they deserved" needs no other connector
    else:
        c = _CONNECTOR.match(f" {between} ")
        if c is None or set(g.words(c.group("rest"), 0, len(c.group("rest")))) - _INTERJECTIONS:
            return False
        phrase = c.group("phrase")
    found = g.words(phrase, 0, len(phrase))
    return len(found) <= _PHRASE_WORDS and not _PHRASE_STOPS.intersection(found)
