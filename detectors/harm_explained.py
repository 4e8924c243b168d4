"""A person's fault explained by their group, for the harm lexicon.

"She's stingy because she's Scottish", "Of course he lied to me, he's <group>", "Obviously they
smell. They're <group>." and "She's lazy like all <group>" say no "all <group> are", yet each
gives the group as the cause of the fault, which is the generalisation. The reading needs three
parts:
- a fault said of a person: a negative attribute, behaviour or misdeed with a pronoun or person
  noun as its subject and only copulas and intensifiers between (not "called lazy", not "not
  lazy");
- the group said of a person right after it ("she's <group>", "they are <group>");
- a link that makes the second the cause of the first: "because"/"since" before the group clause;
  "like all / like a typical <group>"; or the two side by side (a comma or the next sentence) with
  a marker of the expected ("of course", "obviously", "after all", "what do you expect", "but then").
Not of age or disability, where a cause is often just the fact ("she's forgetful, she's ninety";
"he can't read it, he's dyslexic"), and not of the writer ("they called me lazy because I'm <group>").
Word lists live in harm_terms.yaml (`misdeeds`; the negative attributes and behaviours are shared).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention

KINDS = ("misdeeds",)
FAULT_KINDS = ("negative_attributes", "negative_behaviours", "misdeeds")

_EXEMPT_AXES = frozenset(["age", "disability"])
# "she's <group>", "they are a <group>": the group said of a person; the pronoun is group 1 or 2.
_GROUP_CLAUSE = re.compile(
    r"(?<![a-z0-9'])(?:(he|she|they)(?:'s|'re)|(he|she|they)\s+(?:is|are|was|were))"
    r"\s+(?:(?:a|an|just|obviously|clearly|simply)\s+)?$"
)
_CAUSES = frozenset(["because", "since", "cause", "cuz", "coz", "cos", "bc"])
# "like all <group>", "like a typical <group>", "like the rest of the <group>".
_TYPIFYING = re.compile(
    r"(?<![a-z0-9])(?:like|as)\s+(?:all|every|most|many|any other|other|the rest of|a typical|your typical|a true)"
    r"(?:\s+(?:the|those|these|of the))?\s+$"
)
# Markers that the fault was to be expected of the group, before or after the group clause.
_EXPECTED = re.compile(
    r"(?<![a-z0-9])(?:of course|obviously|naturally|typical|as usual|figures|no wonder|no surprise|"
    r"after all|what do you expect|what did you expect|what did i expect|what else do you expect|"
    r"what else would you expect|but then|then again)(?![a-z0-9])"
)
# What may follow the group clause when it closes the explanation ("..., she's <group> after all").
_CLOSING = re.compile(
    r"\s*(?:,?\s*(?:so\s+)?(?:after all|of course|what do you expect|what did you expect|what did i expect|"
    r"what else do you expect))?\s*[.!?,;]*\s*$"
)
_SUBJECTS = frozenset(["he", "she", "they", "he's", "she's", "they're", "him", "her", "them"])
# Between the fault's subject and the fault: copulas, auxiliaries and intensifiers only.
_BETWEEN_SUBJECT_AND_FAULT = frozenset(
    [
        *("is", "are", "was", "were", "be", "been", "being", "s", "re", "always", "so", "really", "very"),
        *("such", "a", "an", "just", "too", "totally", "pretty", "quite", "again", "also", "still"),
        *("clearly", "obviously", "naturally", "course", "of", "has", "have", "had", "did", "does"),
        # where the person lives ("the couple next door are ...")
        *("next", "door", "upstairs", "downstairs", "across", "the", "road", "street", "hall", "here"),
    ]
)
_SUBJECT_REACH = 4  # words between the subject and the fault
_BARE_ONLY = frozenset(["smell", "smells", "smelled", "smelt", "stole", "lies"])
_HOLDERS = frozenset(
    [
        *("think", "thinks", "thought", "assume", "assumes", "assumed", "believe", "believes", "believed"),
        *("say", "says", "said", "claim", "claims", "claimed", "call", "calls", "called", "accuse", "accused"),
        *("label", "labels", "labelled", "labeled", "treat", "treats", "treated", "see", "sees", "saw", "seen"),
        *("suspect", "suspects", "suspected", "imply", "implies", "implied", "decided", "decide", "like"),
    ]
)


def _fault(low: str, start: int, end: int, hits: list[Hit], persons: AbstractSet[str]) -> Hit | None:
    """The last fault said of a person between `start` and `end`, if any."""
    for h in sorted(hits, key=lambda x: -x.start):
        if h.kind not in FAULT_KINDS or h.start < start or h.end > end:
            continue
        clause = g.clause_start(low, start, h.start)
        before = g.words(low, clause, h.start)
        if g.denied(low, h.start, clause):
            continue
        # A verb that takes an object ("smells amazing", "stole the show") is a fault only bare.
        if h.value in _BARE_ONLY and g.next_word(low, h.end, end) is not None:
            continue
        for k in range(1, min(len(before), _SUBJECT_REACH + 1) + 1):
            subject, between = before[-k], before[len(before) - k + 1 :]
            if subject in _SUBJECTS or subject in persons:
                # Someone else's belief or word ("they think he's a thief", "called her lazy").
                held = before[-k - 1] in _HOLDERS if len(before) > k else False
                if all(w in _BETWEEN_SUBJECT_AND_FAULT for w in between) and not held:
                    return h
                break
    return None


def explanation(
    low: str,
    m: Mention,
    s_start: int,
    s_end: int,
    hits: list[Hit],
    persons: AbstractSet[str],
    preceding: g.Neighbour | None = None,
) -> tuple[Hit, int, str] | None:
    """The fault the group of `m` is given as the cause of: the fault's hit, where the claim
    starts and the link ("because", "like", "expected"); None if the group explains nothing.
    `preceding` is the previous sentence, where the fault may be ("Obviously they smell. They're <group>.").
    """
    if m.axis in _EXEMPT_AXES:
        return None
    typifying = _TYPIFYING.search(low, max(s_start, m.start - 40), m.start)
    if typifying is not None:
        h = _fault(low, s_start, typifying.start(), hits, persons)
        if h is not None and len(g.words(low, h.end, typifying.start())) <= 4:
            return (h, h.start, "like")
        return None
    clause = _GROUP_CLAUSE.search(low, max(s_start, m.start - 24), m.start)
    if clause is None:
        return None
    if g.is_question(low, s_end):
        return None
    opening = g.words(low, s_start, clause.start())
    if opening and opening[-1] in _CAUSES:
        # "not because she's <group>" denies the cause.
        if len(opening) > 1 and (opening[-2] in g.NEGATIONS or opening[-2].endswith("n't")):
            return None
        h = _fault(low, s_start, clause.start(), hits, persons)
        return (h, h.start, "because") if h is not None else None
    # Side by side: the group clause must close the sentence ("..., he's <group>." / "after all").
    if not _CLOSING.fullmatch(low, g.group_end(low, m, s_end), s_end):
        return None
    comma = low.rfind(",", s_start, clause.start())
    if comma >= 0:
        h = _fault(low, s_start, comma, hits, persons)
        if h is not None:
            return (h, h.start, "expected") if _EXPECTED.search(low, s_start, s_end) else None
    # Otherwise the group clause opens its sentence, after markers only ("What do you expect, he's
    # <group>."), and the fault is in the sentence before.
    if preceding is None or (opening and _EXPECTED.fullmatch(" ".join(opening)) is None):
        return None
    p_start, p_end, p_hits = preceding
    h = _fault(low, p_start, p_end, p_hits, persons)
    if h is not None and _EXPECTED.search(low, p_start, s_end):
        return (h, h.start, "expected")
    return None
