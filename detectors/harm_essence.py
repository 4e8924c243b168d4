"""A trait put down to a group's nature (essentialism), for the harm lexicon.

"<group> are naturally good with money", "have a natural knack for it", "they're just wired for
numbers", "it's in their blood": a generalisation that says its people are born so is a
stereotype whatever the trait, praise included. The phrases (`essentialising` in harm_terms.yaml)
are read as an attribute of the group's generalisation (detectors/harm.py), except where they say
something else:
- a bare "naturally", "inherently", "innately" or "by nature" says nothing of character unless a
  trait follows it (or precedes "by nature"): "<group> are naturally nurturing" is a stereotype,
  "naturally taller", "naturally fluent in sign language" and "naturally drawn to cities with
  jobs" are not; the traits are the attribute and praise lists with `essential_traits`;
- before a feeling or a stance "naturally" means "understandably" ("naturally worried about their
  visas", "naturally opposed to euthanasia");
- equality said of the group's nature ("are naturally just as good at maths", "by nature no
  different from anyone", "peaceful by nature, like most people") denies the stereotype;
- a body's nature named with a disease or its risk is medicine ("are naturally more likely to
  develop osteoporosis").
A denial before the phrase ("are not naturally worse") is read by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit

KINDS = ("essentialising",)
# harm_terms.yaml lists whose single words are traits (with `essential_traits`, read only here).
TRAIT_KINDS = ("positive_attributes", "negative_attributes", "praise_words", "conceded_praise", "essential_traits")
# Phrases that name nature without a trait: one must follow them ("by nature" may follow the trait).
_BARE = ("naturally", "inherently", "innately", "by nature")
_INTENSIFIERS = frozenset(["very", "so", "quite", "really", "all", "just", "more", "less", "too", "rather"])
# Feelings and stances a person has "naturally", i.e. understandably, not by birth.
_UNDERSTANDABLY = frozenset(
    [
        *("worried", "concerned", "anxious", "upset", "nervous", "cautious", "wary", "opposed", "proud"),
        *("protective", "sensitive", "angry", "frustrated", "suspicious", "reluctant", "hesitant"),
        *("interested", "curious", "bilingual", "familiar", "used", "eager", "keen", "excited", "grateful"),
        *("afraid", "scared", "fearful", "skeptical", "sceptical", "offended", "hurt", "defensive", "attached"),
    ]
)
# Right after the phrase, these say the group's nature is no different ("just as good", "no more").
_EQUAL_OPENERS = (
    ("just", "as"),
    ("as", "good"),
    ("as", "capable"),
    ("no", "more"),
    ("no", "less"),
    ("no", "different"),
    ("no", "better"),
    ("no", "worse"),
    ("the", "same"),
    ("equally",),
    ("equal",),
)
# A disease or its risk in the phrase's clause makes it medicine.
_MEDICAL = frozenset(
    [
        *("develop", "developing", "risk", "disease", "diseases", "mutation", "mutations", "symptoms"),
        *("syndrome", "disorder", "cancer", "diabetes", "infection", "deficiency", "immune", "immunity"),
    ]
)
_MEDICAL_REACH = 10  # words after the phrase
# The nature said to be everyone's: "<group> are peaceful by nature, like most people".
_UNIVERSAL = re.compile(
    r"(?<![a-z0-9])(?:like|as)\s+(?:most|all|any)\s+(?:people|humans|other people)|"
    r"(?<![a-z0-9])like\s+(?:everyone|everybody|anyone|anybody|the rest of us)(?![a-z0-9])"
)


def essential(low: str, hits: list[Hit], s_start: int, s_end: int, traits: AbstractSet[str]) -> list[Hit]:
    """Of a sentence's `essentialising` hits, those that put a trait down to nature, not denied."""
    out = []
    for h in hits:
        if g.denied(low, h.start, s_start):
            continue
        rest = g.words(low, h.end, g.clause_end(low, h.end, s_end))
        if rest[:1] and rest[0] in _UNDERSTANDABLY:
            continue
        if h.value.endswith(_BARE) and not _trait_named(low, h, rest, s_start, traits):
            continue
        if any(tuple(rest[: len(o)]) == o for o in _EQUAL_OPENERS):
            continue
        if _MEDICAL.intersection(rest[:_MEDICAL_REACH]) or _UNIVERSAL.search(low, h.end, s_end):
            continue
        out.append(h)
    return out


def _trait_named(low: str, h: Hit, rest: list[str], s_start: int, traits: AbstractSet[str]) -> bool:
    """A trait right after a bare phrase (past intensifiers), or right before "by nature"."""
    following = [w for w in rest[:3] if w not in _INTENSIFIERS][:1]
    if following and following[0] in traits:
        return True
    preceding = g.words(low, s_start, h.start)[-1:]
    return h.value == "by nature" and bool(preceding) and preceding[0] in traits
