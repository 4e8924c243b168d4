"""Violence a group suffered, approved by the writer, for the harm lexicon.

"<group> were lynched and they had it coming", "<group> were rightly beaten in the old days": the
violence is reported in the passive, and what makes it hate is the approval. An earlier reading
(withdrawn, docs/detection.md) approved too much; this one holds every part to the same clause:
- the group is the passive's subject: it opens its clause (only determiners and quantifiers before
  it), so "the men who attacked <group> were rightly jailed" and "my grandfather was beaten for
  being <group>" are not it;
- then an auxiliary (`suffered_passives`: "were", "get", "have been") and a violent participle
  (`violent_participles`), with at most one frequency adverb between;
- approved either by an adverb right before the participle (`suffered_approvals`: "rightly",
  "deservedly"), or by an approval said of the group closing the clause after it
  (`suffered_endorsements`: "they deserved it", "they had it coming", "and rightly so"), at most a
  few words later, with no other subject, relative clause or report between ("... and their
  attackers had it coming", "... and nobody deserved it" are not approvals of it);
- not a contest or a critique: "beaten" with a contest word in the sentence ("in the semi-final",
  "at the polls") and "attacked by critics" are other senses.
Negation, reporting (an approving adverb is also an endorsement cue, so the report is read without
it: "the defendant said <group> were rightly beaten" is reported), quoting and counter-speech are
applied by the harm lexicon as for every threat.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention, normalise

# harm_terms.yaml kinds read here (the harm lexicon adds them to its automaton).
KINDS = ("suffered_endorsements", "contest_words")
# Before the group in its clause: determiners and quantifiers only.
_OPENERS = frozenset(
    [
        *("the", "those", "these", "all", "many", "some", "most", "so", "of", "a", "lot", "lots", "few"),
        *("and", "but", "yeah", "yes", "well", "honestly", "frankly", "lol", "haha", "oh"),
    ]
)
# Between the auxiliary and the participle ("were often beaten", "get regularly attacked").
_FREQUENCY = frozenset(["often", "regularly", "routinely", "always", "all", "constantly", "frequently", "finally"])
# Between the participle and a later approval: a short adverbial ("at the camp last night"), not a
# new subject, a relative clause, a negation or a report.
_TAIL_WORDS = 8
_TAIL_STOPS = frozenset(
    [
        # not "that", which is as often "at that camp" as a relative clause; a relative clause's
        # approval comes with a verb of saying or thinking, which is here
        *("who", "whom", "whose", "which", "i", "we", "you", "he", "she", "their", "nobody", "none", "no"),
        *("not", "never", "said", "says", "say", "claimed", "claims", "think", "thought", "believe", "but"),
    ]
)
# Agents that make "attacked" a critique ("attacked by critics", "by the press").
_CRITICS = frozenset(["critics", "critic", "press", "media", "reviewers", "commentators", "opponents", "columnists"])
# Participles that are also a contest's result ("beaten in the final").
_CONTEST_PARTICIPLES = frozenset(["beaten", "crushed", "thrashed", "routed"])


@dataclass(frozen=True, slots=True)
class SufferingWords:
    """The authored word lists the reading uses (harm_terms.yaml)."""

    passives: tuple[tuple[str, ...], ...]  # auxiliaries, as word sequences, longest first
    approvals: frozenset[str]  # adverbs that approve the participle after them
    participles: tuple[tuple[str, ...], ...]  # violent participles, as word sequences, longest first

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> SufferingWords:
        def seqs(key: str) -> tuple[tuple[str, ...], ...]:
            found = {tuple(normalise(str(w)).split()) for w in data.get(key) or []}
            return tuple(sorted(found, key=len, reverse=True))

        return cls(
            seqs("suffered_passives"),
            frozenset(normalise(str(w)).strip() for w in data.get("suffered_approvals") or []),
            seqs("violent_participles"),
        )


def approved_suffering(
    low: str,
    mentions: Sequence[Mention],
    by_kind: Mapping[str, list[Hit]],
    words: SufferingWords,
    persons: frozenset[str],
    s_start: int,
    s_end: int,
) -> list[tuple[Hit, list[Mention]]]:
    """Violence each group suffered in the sentence and the writer approves, as one hit from the
    approval's first word to its last, with the group."""
    endorsements = by_kind.get("suffered_endorsements", [])
    contest = bool(by_kind.get("contest_words"))
    out: list[tuple[Hit, list[Mention]]] = []
    for m in mentions:
        if not _opens_clause(low, m, s_start):
            continue
        end = g.group_end(low, m, persons, s_end)
        rest = [(w.group(0), w.start(), w.end()) for w in g.WORD.finditer(low, end, s_end)][:12]
        found = _passive(rest, words)
        if found is None:
            continue
        approval, act, act_end = found
        if contest and act in _CONTEST_PARTICIPLES:
            continue
        after = g.words(low, act_end, s_end)
        if act == "attacked" and after[:1] == ["by"] and _CRITICS.intersection(after[1:3]):
            continue
        if approval is not None:
            out.append((Hit(approval, act_end, "approved_suffering", low[approval:act_end]), [m]))
            continue
        for e in endorsements:
            if e.start < act_end:
                continue
            between = g.words(low, act_end, e.start)
            if len(between) <= _TAIL_WORDS and not _TAIL_STOPS.intersection(between):
                out.append((Hit(m.start, e.end, "approved_suffering", low[m.start : e.end]), [m]))
                break
    return out


def _opens_clause(low: str, m: Mention, s_start: int) -> bool:
    """Only determiners, quantifiers and interjections stand between the clause's start and the group."""
    lo = max(s_start, low.rfind(",", s_start, m.start) + 1, low.rfind(";", s_start, m.start) + 1)
    return all(w in _OPENERS for w in g.words(low, lo, m.start))


def _passive(rest: list[tuple[str, int, int]], words: SufferingWords) -> tuple[int | None, str, int] | None:
    """After the group: an auxiliary, an optional frequency word, an optional approving adverb and a
    violent participle. Returns (the adverb's start or None, the participle's first word, its end)."""
    seq = [w for w, _, _ in rest]
    for aux in words.passives:
        if tuple(seq[: len(aux)]) == aux:
            i = len(aux)
            break
    else:
        return None
    if i < len(seq) and seq[i] in _FREQUENCY:
        i += 1
    approval = None
    if i < len(seq) and seq[i] in words.approvals:
        approval = rest[i][1]
        i += 1
    for p in words.participles:
        if tuple(seq[i : i + len(p)]) == p:
            return approval, p[0], rest[i + len(p) - 1][2]
    return None
