"""A group said to be incompatible with a quality, for the harm lexicon (implicit derogation,
frame `incompatible_quality`).

The generalisation rules read a quality denied of a group when it is lacked in words ("<group>
have no manners"). The same claim is commonly made as a joke of incompatibility, which names
the group and the quality side by side and lets an idiom deny the pair:
- A pair: the group's phrase, "and" (or "&", "+", a question mark, a comma) and a quality the
  lexicon knows people can lack (`lacked_qualities`: "hygiene", "punctuality", "a sense of
  humour"), then an idiom of incompatibility right after it (`incompatibility_cues`: "don't mix",
  "never go together", "oil and water", "name a worse duo", "pick one", "yeah right", "never in the
  same sentence"): "<group> and hygiene don't mix", "<group>? sense of humour? pick one.",
  "<group> and punctuality, name a worse duo".
- One member with the quality, called a thing that does not exist (`mythical_cues`: "never met
  one", "like a unicorn", "doesn't exist", "yet to meet one"): "a <group> builder with manners? never
  met one"; or the meeting denied before it (`meeting_denials`): "you'll never meet a <group> with
  a work ethic".

Not read: a pair with no group ("oil and water don't mix", "cats and baths don't mix"), two groups
or a group and a thing that is no quality ("<group A> and <group B> don't mix" is the segregation
reading's; "diabetics and sugar don't mix" is advice), children and teenagers ("teenagers and
punctuality don't mix" is growing up), someone's own people ("us Scots and generosity", "my dad
and maths don't mix": after "us", "my", "our" or a family word), anything between the quality
and the idiom but a mark or a filler ("<group> and punctuality are both on the agenda, pick one
topic"), a quality that does not end its clause after a denied meeting ("never met a <group>
with a sense of humour like my brother's"), a speaker named after the joke ("..., my brother
says"). Damped after reading, as every harm claim is, by a negation, a report, a quotation or a
counter cue in the sentence ("it's a myth that <group> and hygiene don't mix").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit, Neighbour
from detectors.harm_prejudice import Found
from detectors.taxonomy import Mention

CUES = "incompatibility_cues"
MYTHICAL = "mythical_cues"
MET = "meeting_denials"
ABILITIES = "incompatible_abilities"
TRIGGERS = frozenset([CUES, MYTHICAL, MET])
KINDS = (CUES, MYTHICAL, MET, ABILITIES)
FRAME = "incompatible_quality"
_NAMED = frozenset(["lacked_qualities", ABILITIES])

# Between the group's phrase and the quality: the words that pair them.
_JOINS = frozenset(["and", "&", "+", "?", ",", "n", "vs"])
# Before the quality, inside its phrase ("their hygiene", "a sense of humour", "basic manners").
_DETERMINERS = frozenset(["a", "an", "the", "their", "any", "basic", "good", "real", "proper", "personal"])
# Between the quality and the idiom: marks and fillers only.
_FILLERS = frozenset(
    [
        *("?", ",", ":", "-", "lol", "lmao", "haha", "just", "simply", "really", "mate", "honestly", "like"),
        *("yeah", "yep", "well", "oh", "ok", "okay", "bro", "hmm", "smh", "pfft", "pff", "are", "is"),
    ]
)
_FILLER_WORDS = 4
# "with" or "who has" between one member and the quality ("a <group> with manners").
_HAVING = frozenset(["with", "who", "that", "has", "had", "have", "understands", "knows", "shows", "any"])
_HAVING_WORDS = 4
# "pick one" opening the sentence after a quality asked in its own ("<group>? humour? pick one").
_PICK = re.compile(r"\s*((?:pick|choose) (?:one|1))(?![a-z0-9])")
_TOKENS = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*|[?,:&+-]")
_SENTENCE_REST = re.compile(r"[^.!?\n]*")
_CLAUSE = re.compile(r"[^.!?;,\n]*")
_SOURCED = g.SOURCED | frozenset(["say", "joked", "jokes", "quipped", "quips"])
_OWNERS = g.POSSESSIVES | frozenset(["us", "we"])
# Children and teenagers: what they cannot yet do is growing up ("teenagers and punctuality").
_YOUNG = g.CHILDHOOD | frozenset(["teen", "teens", "teenage", "teenager", "teenagers", "adolescents", "adolescent"])
_WINDOW = 120  # characters from the group to the idiom


def triggered(by_kind: Mapping[str, list[Hit]], following: Neighbour | None) -> bool:
    """The sentence or the next holds an idiom of incompatibility or nonexistence, or the next
    holds a quality ("<group>? humour? pick one.")."""
    if any(k in by_kind for k in TRIGGERS):
        return True
    return following is not None and any(h.kind in TRIGGERS or h.kind in _NAMED for h in following[2])


def _tokens(low: str, start: int, end: int) -> list[str]:
    return _TOKENS.findall(low, start, end)


def _phrase_end(low: str, m: Mention, end: int, s_end: int, persons: Set[str]) -> int:
    """Where the group's phrase ends, from `g.group_end`'s `end`: after "people", a role noun
    ("lads", "builder") or a role behind a modifier ("IT workers")."""
    nxt = g.next_word(low, end, s_end) if end == m.end else None
    if nxt is not None and nxt[0] in persons:
        end = nxt[1]
    return max(end, g.role_end(low, m.end, s_end, persons, plural=False))


def _joined(low: str, end: int, q: Hit) -> bool:
    """Between the group's phrase and the quality only words that pair them, then its determiners."""
    between = _tokens(low, end, q.start)
    if not between:
        return False
    i = 0
    while i < len(between) and between[i] in _JOINS:
        i += 1
    return i > 0 and all(w in _DETERMINERS for w in between[i:]) and len(between) - i <= 2


def _member_with(low: str, end: int, q: Hit) -> bool:
    """One member, then "with" or "who has" and the quality ("a <group> builder with manners")."""
    between = _tokens(low, end, q.start)
    return (
        0 < len(between) <= _HAVING_WORDS
        and between[0] in _HAVING
        and all(w in _HAVING or w in _DETERMINERS or w == "a" for w in between)
    )


def _word_before(low: str, m: Mention, s_start: int) -> str | None:
    """The word right before the group's phrase: "a" makes it one member standing for all ("a
    <group> with manners"), "us", "my" or "our" someone's own people ("my dad and maths")."""
    before = _tokens(low, max(s_start, m.start - 12), m.start)
    return before[-1] if before else None


def _ends_clause(low: str, q: Hit, s_end: int) -> bool:
    """Nothing but fillers after the quality in its clause: not "a sense of humour like my brother's"."""
    rest = _CLAUSE.match(low, q.end, s_end)
    return rest is None or all(w in _FILLERS for w in _tokens(low, q.end, rest.end()))


def _idiom_after(low: str, q: Hit, cues: list[Hit]) -> Hit | None:
    """An idiom right after the quality, with only marks and fillers between."""
    for c in cues:
        if c.start < q.end or c.start - q.end > _WINDOW:
            continue
        between = _tokens(low, q.end, c.start)
        if len(between) <= _FILLER_WORDS and all(w in _FILLERS for w in between):
            return c
    return None


def _claim(
    low: str,
    m: Mention,
    q: Hit,
    end: int,
    idioms: tuple[list[Hit], list[Hit], list[Hit]],
    s_start: int,
    s_end: int,
) -> tuple[int, int] | None:
    """The span of the claim the group's phrase (ending at `end`) and the quality make, if an idiom
    denies the pair or the member."""
    cues, gone, met = idioms
    if _joined(low, end, q):
        found = _idiom_after(low, q, cues) or _idiom_after(low, q, gone)
        return None if found is None else (m.start, max(found.end, q.end))
    if not _member_with(low, end, q):
        return None
    found = _idiom_after(low, q, gone)
    if found is not None:
        # "a <group> with manners? never met one", "<group> with hygiene? A unicorn."
        return (m.start, max(found.end, q.end))
    if _word_before(low, m, s_start) not in ("a", "an") or not _ends_clause(low, q, s_end):
        return None
    denial = next((h for h in met if h.end <= m.start and not low[h.end : m.start].strip()), None)
    return None if denial is None else (denial.start, q.end)


def _told_after(low: str, pos: int) -> bool:
    """A speaker named after the claim in its sentence (", my brother says"): someone else's joke, told."""
    rest = _SENTENCE_REST.match(low, pos)
    return rest is not None and not _SOURCED.isdisjoint(_tokens(low, pos, rest.end()))


def incompatible(
    low: str,
    sentence: tuple[int, int],
    mentions: list[Mention],
    by_kind: Mapping[str, list[Hit]],
    persons: Set[str],
    following: Neighbour | None,
) -> list[Found]:
    """The claims of incompatibility in the sentence, its quality or idiom perhaps in the next one
    ("<group> and punctuality? Yeah right."), and a "pick one" after that ("<group>? humour? pick one.")."""
    s_start, s_end = sentence
    later = following[2] if following is not None else []
    qualities = [*(h for k in sorted(_NAMED) for h in by_kind.get(k, [])), *(h for h in later if h.kind in _NAMED)]
    if not qualities or not mentions:
        return []
    cues = [*by_kind.get(CUES, []), *(h for h in later if h.kind == CUES)]
    gone = [*by_kind.get(MYTHICAL, []), *(h for h in later if h.kind == MYTHICAL)]
    if following is not None and any(q.start >= following[0] for q in qualities):
        pick = _PICK.match(low, following[1])
        if pick is not None:
            cues.append(Hit(pick.start(1), pick.end(1), CUES, pick.group(1)))
    out: list[Found] = []
    for m in mentions:
        group_end = g.group_end(low, m, s_end, frozenset(persons))
        if (_YOUNG | g.FAMILY).intersection(g.words(low, m.start, group_end)) or _word_before(
            low, m, s_start
        ) in _OWNERS:
            continue
        end = _phrase_end(low, m, group_end, s_end, persons)
        for q in qualities:
            if q.start <= end or q.start - end > _WINDOW:
                continue
            claim = _claim(low, m, q, end, (cues, gone, by_kind.get(MET, [])), s_start, s_end)
            if claim is not None and not _told_after(low, claim[1]):
                out.append(Found(*claim, frozenset([m.group]), FRAME))
                break
    return out
