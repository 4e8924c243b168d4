"""An ulterior motive put on a group's acts, for the harm lexicon (implicit derogation, frame
`ulterior_motive`).

The generalisation rules read conduct said of a group ("<group> are in it for the benefits"). A
commoner way to impugn a group is to grant the act and deny its reason: "<group> only have babies
here for the passport", "<group> only give to charity for the tax breaks", "they only convert for
the food bank parcels". Read: the group's phrase (or a pronoun that refers back to it), then
"only" or "just" within a few words (`_RESTRICTORS`), then an act of at most `_ACT_WORDS` words,
then a motive the lexicon lists (`ulterior_motives`: "for the passport", "for the tax breaks", "for
attention", "to make a political point", "so they can get into").

Not read: the act with no "only" or "just" ("many migrants came for the visa lottery": a reason
reported, not one imputed), a condition or eligibility before the motive ("pensioners only qualify
for the benefits at 66", "they only get the visa if they have a sponsor"), one person ("he only
took the job for the pension"). Damped after reading, as every harm claim is, by a negation, a
report, a quotation or a counter cue in the sentence ("it's a myth that <group> only ...").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.harm_prejudice import Found
from detectors.taxonomy import Mention

MOTIVES = "ulterior_motives"
KINDS = (MOTIVES,)
FRAME = "ulterior_motive"
_RESTRICTORS = frozenset(["only", "just", "merely", "solely", "purely"])
# From the group's phrase to "only": auxiliaries and adverbs ("<group> are all only", "they'll just").
_LEAD = frozenset(
    [
        *("are", "all", "do", "did", "will", "would", "ll", "'ll", "really", "basically", "mostly", "always"),
        *("re", "'re", "have", "ever", "actually", "honestly", "literally", "clearly", "obviously"),
    ]
)
_LEAD_WORDS = 3
_ACT_WORDS = 8
_WINDOW = 160  # characters from the group's phrase to the motive: the words between are read only within it
# Between "only" and the motive: a condition or eligibility makes it a rule, not a motive.
_RULES = frozenset(
    [
        *("if", "when", "unless", "once", "after", "until", "qualify", "qualifies", "eligible", "entitled"),
        *("apply", "applies", "applied", "register", "registered", "pay", "paid", "allowed", "permitted"),
    ]
)
_TOKENS = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def triggered(by_kind: Mapping[str, list[Hit]]) -> bool:
    """The sentence names a motive the lexicon lists."""
    return MOTIVES in by_kind


def imputed(
    low: str, sentence: tuple[int, int], mentions: list[Mention], by_kind: Mapping[str, list[Hit]], persons: Set[str]
) -> list[Found]:
    """The motives imputed to a group in the sentence."""
    s_end = sentence[1]
    motives = by_kind.get(MOTIVES, [])
    out: list[Found] = []
    for m in mentions:
        end = g.group_end(low, m, s_end, frozenset(persons))
        for h in motives:
            if h.start <= end or h.start - end > _WINDOW:
                continue
            between = _TOKENS.findall(low, end, h.start)
            at = next((i for i, w in enumerate(between[: _LEAD_WORDS + 1]) if w in _RESTRICTORS), None)
            if at is None or any(w not in _LEAD for w in between[:at]):
                continue
            act = between[at + 1 :]
            if len(act) > _ACT_WORDS or _RULES.intersection(act):
                continue
            out.append(Found(m.start, h.end, frozenset([m.group]), FRAME))
            break
    return out
