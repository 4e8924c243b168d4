"""Words of prejudice and the group they are against, and the clause grammar the two readings of
a group's mistreatment share (harm_denial: the prejudice denied; harm_doubt: the group's reports of
it doubted or resented).

A word of prejudice (`grievance_nouns`: "racism", "harassment", "the pay gap"; what the group's
people say they met: "treated unfairly", "passed over") names its group after a preposition
("racism against <group>"), right before it ("<group> discrimination", "<group> people face real
discrimination"), inside it ("anti-gay discrimination", "gay bashing") or by itself
(`prejudice_groups`: "homophobia" is against gay people). What follows a claim can qualify it: a
concession that the prejudice goes on, evidence set against it, a scope of one place or person.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention, normalise

# How a word of prejudice names the group it is against: "racism against <group>", "the
# oppression of <group>", "bias faced by <group>", "complaints from <group>".
_TOWARD = frozenset(["against", "toward", "towards", "of", "on", "facing", "faced", "that", "from"])
_TOWARD_REACH = 3  # words from the prejudice to its group ("against gay and lesbian people")
# The group meeting the prejudice: "<group> face real discrimination".
MEETING = frozenset(["face", "faced", "experience", "suffer"])
_MEETING_FORMS = MEETING | {"faces", "facing", "experiences", "experienced", "suffers", "suffered", "meet", "meets"}
_NEAR_CHARS = 80  # characters around a word of prejudice where its group may be named
_CLAUSE_REACH = 10  # words from a prejudice to what is said of it, in its clause
# Before the group in its clause: only these keep it the subject of what follows ("when <group>
# report ...", "honestly most <group> ...").
_SUBJECT_OPENERS = frozenset(
    [
        *("when", "whenever", "if", "honestly", "frankly", "and", "so", "yet", "also", "then", "now"),
        *("these", "those", "the", "all", "most", "many", "lots", "lot", "of", "a", "an", "too", "every"),
        *("time", "once", "because", "since", "that", "like", "i", "think", "find", "feel", "just", "any"),
        *("basically", "typical", "um", "well", "yeah", "look", "sorry", "but", "tbh", "imo", "lol", "ok"),
        *("half", "day", "days", "today", "nowadays", "what", "i'd", "say", "believe", "guess", "reckon"),
    ]
)
# Before the group, a quantifier or determiner of it ("most of the", "a lot of"), and before that a
# word opening a clause the group is the subject of ("keep in mind that <group> ...").
_DETERMINERS = frozenset(["the", "these", "those", "all", "most", "many", "a", "lot", "lots", "of", "an", "our", "so"])
_CLAUSE_OPENERS = frozenset(
    [
        *("that", "since", "because", "cause", "when", "whenever", "if", "as", "so", "but", "and", "though"),
        *("although", "while", "honestly", "frankly", "realistically", "say", "think", "guess", "reckon"),
        *("know", "believe", "bet", "swear", "mean", "feel", "hearing"),
    ]
)
# "sick of <group> whining", "tired of hearing <group> complain": the group is what the writer is
# tired of, and the subject of the complaint after it.
_WEARY = frozenset([("sick", "of"), ("tired", "of"), ("done", "with"), ("up", "with"), ("hearing", "about")])
# One person, a few or none: no claim about the group ("some <group> exaggerate", "a few").
_FEW = frozenset(["some", "few", "one", "no", "not", "certain", "individual", "my", "your", "his", "her"])
# After a claim, "but"/"though" then one of these concedes that the prejudice goes on ("has fallen,
# though it still persists", "ended decades ago, yet its effects remain").
CONTRASTS = frozenset(["but", "though", "although", "yet", "except", "however"])
_PERSISTING = frozenset(
    [
        *("still", "persists", "persist", "remains", "remain", "exists", "exist", "continues", "continue"),
        *("lingers", "linger", "real", "happens", "happen", "common", "widespread", "disappeared"),
        *("disappear", "vanish", "vanished", "gone", "effects", "legacy", "scars", "shapes"),
    ]
)
# Anywhere after the claim: it holds only on paper ("have the same opportunities, at least on
# paper"), or its effects go on ("ended generations ago, and its legacy is visible").
_ON_PAPER = ("on paper", "in theory", "in law", "legally", "officially", "in the sense")
_LEGACY = frozenset(["legacy", "effects", "scars", "echoes", "aftermath", "consequences"])
# After the claim: it is justified ("see racism everywhere because it is everywhere") or refuted
# ("claims that <group> exaggerate mistreatment are contradicted by inspections").
_JUSTIFIED = ("because it is", "because it's", "since it is", "because they are", "because they do")
_REFUTED = frozenset(["contradicted", "contradict", "contradicts", "debunked", "disproved", "refuted", "untrue"])
# Right after a claim, a scope that makes it one place's or one person's news ("is over since the
# new manager came", "is over in my family"), not a claim about the group.
_LOCAL = (
    *("since", "now that", "after", "thanks to", "once", "in my", "in our", "at my", "at our", "for me"),
    *("for us", "for my", "in his", "in her", "in their", "at his", "at her", "at their"),
)
# Evidence or assent that the prejudice is real ("and the surveys confirm it").
_SUPPORT = frozenset(
    [
        *("confirm", "confirms", "confirmed", "show", "shows", "showed", "shown", "prove", "proves"),
        *("proved", "backed", "backs", "data", "study", "studies", "survey", "surveys", "research"),
        *("evidence", "statistics", "figures", "audit", "audits", "rightly", "understandably", "justifiably"),
        *("agree", "agrees"),
    ]
)
# After a denial: it is a study's finding, attributed ("our survey found", "according to the audit").
_FOUND = frozenset(["found", "finds", "according", "concluded", "concludes"])
_QUALIFYING_WORDS = 40  # words after a claim read for what qualifies it
_DISMISSING_NEGATIONS = g.NEGATIONS | {"nobody", "none", "nothing", "noone"}


@dataclass(frozen=True, slots=True)
class Found:
    """A claim of either reading: its span, the groups it is about, and its evidence frame."""

    start: int
    end: int
    groups: frozenset[str]
    frame: str
    # the writer's own act ("I'm still calling her Lily"), which a reporting cue before it in the
    # sentence does not govern (the misgendering reading's)
    unreported: bool = False


def prejudice_groups(data: Mapping[str, Any], known: frozenset[str]) -> dict[str, str]:
    """`prejudice_groups` of harm_terms.yaml: a word of prejudice that names its group by itself
    ("homophobia" -> gay), as {term: group}; a group the taxonomy lacks is an error."""
    out: dict[str, str] = {}
    for item in data.get("prejudice_groups") or []:
        term, group = normalise(str(item["term"])).strip(), str(item["group"])
        if group not in known:
            raise ValueError(f"harm lexicon: prejudice_groups names {group!r}, which is not a taxonomy group")
        out[term] = group
    return out


def outermost(hits: list[Hit]) -> list[Hit]:
    """The hits not inside a longer one ("anti-black racism", not its "racism"), in text order."""
    ordered = sorted(hits, key=lambda h: (h.start, -h.end))
    out: list[Hit] = []
    for h in ordered:
        if not out or h.end > out[-1].end:
            out.append(h)
    return out


def groups_of(
    low: str, n: Hit, mentions: list[Mention], implied: Mapping[str, str], floor: int, persons: frozenset[str]
) -> frozenset[str]:
    """The groups a word of prejudice is against."""
    out = set()
    for m in mentions:
        if m.start > n.end + _NEAR_CHARS or m.end < n.start - _NEAR_CHARS:
            continue  # far from it: not read (a sentence of many groups)
        if n.start <= m.start and m.end <= n.end:
            out.add(m.group)  # "gay bashing", "anti-gay discrimination"
        elif m.start >= n.end:
            between = g.first_words(low, n.end, m.start, _TOWARD_REACH + 1)
            # "against <group>"; the group right after ("the harassment stories women post"); who
            # made the report ("claims of discrimination made by <group>")
            reporter = between[:2] in (["made", "by"], ["filed", "by"], ["reported", "by"], ["raised", "by"])
            if len(between) <= _TOWARD_REACH and (not between or between[0] in _TOWARD or reporter):
                out.add(m.group)
        elif m.end <= n.start and m.start >= floor and meets(low, m, n, persons):
            out.add(m.group)
    if n.value in implied:
        out.add(implied[n.value])
    return frozenset(out)


def meets(low: str, m: Mention, n: Hit, persons: frozenset[str]) -> bool:
    """The group right before the prejudice ("<group> discrimination"), or meeting it ("<group>
    people face real discrimination")."""
    between = g.first_words(low, g.group_end(low, m, n.start, persons), n.start, 4)
    return not between or (between[0] in _MEETING_FORMS and len(between) <= 3)


def object_of(low: str, v: Hit, nouns: list[Hit], reach: int) -> Hit | None:
    """The word of prejudice a verb takes, within `reach` words in its clause."""
    for n in nouns:
        if n.start > v.end + 12 * reach:
            break  # nouns come in text order; further ones are (at 12 characters a word) beyond the reach
        if n.start >= v.end and same_clause(low, v.end, n.start, reach):
            return n
    return None


def same_clause(low: str, start: int, end: int, reach: int = _CLAUSE_REACH) -> bool:
    """At most `reach` words from `start` to `end`, with no clause break between."""
    between = g.first_words(low, start, end, reach + 1)
    return len(between) <= reach and not g.CLAUSE_BREAKS.intersection(between) and ";" not in low[start:end]


def reach(low: str, start: int, end: int, n: int) -> int:
    """The end of the `n`th word from `start`: of the last word if there are fewer, `end` if none."""
    last = end
    for i, w in enumerate(g.WORD.finditer(low, start, end)):
        last = w.end()
        if i + 1 == n:
            break
    return last


def asked(low: str, s_start: int, s_end: int) -> bool:
    """A question, not one that only asks agreement with what it says ("..., right?")."""
    return g.is_question(low, s_end) and g.TAG_QUESTION.search(low, s_start, s_end) is None


def subject(low: str, m: Mention, s_start: int, floor: int | None = None) -> bool:
    """The group opens its clause, or a clause within it after "that", "since", "when" ("keep in
    mind that <group> will claim ..."): the subject of what follows, and all of it, not a few.
    `floor`: where the sentence's words start (after an emoji opening a post)."""
    if g.object_of_noun(low, m, s_start) or g.gerund_object(low, m, s_start):
        return False
    lo = max(g.colon_clause_start(low, s_start, m.start), floor or s_start, m.start - 120)
    before = g.words(low, lo, m.start)
    if _FEW.intersection(before[-2:]):
        return False
    head = list(before)
    while head and head[-1] in _DETERMINERS:
        head.pop()
    weary = tuple(before[-2:]) in _WEARY or tuple(before[-3:-1]) in _WEARY
    return not head or head[-1] in _CLAUSE_OPENERS or weary or set(before) <= _SUBJECT_OPENERS


def refused(low: str, x: Hit, floor: int) -> bool:
    """A negation before `x` in its clause ("..., not tell her to toughen up", "nobody thinks it's
    in their heads")."""
    before = g.words(low, max(g.colon_clause_start(low, floor, x.start), x.start - 120), x.start)
    # "never stop whining": the negation is of stopping, not of the resentment
    if before[-1:] in (["never"], ["can't"], ["cannot"]) and x.value.startswith(("stop", "quit")):
        before = before[:-1]
    return any(w in _DISMISSING_NEGATIONS or w.endswith("n't") for w in before)


def qualified(low: str, start: int, s_end: int, local: bool = False, denial: bool = True, backed: bool = True) -> bool:
    """After a claim: conceded, held only on paper, (`local`) scoped to one place or person, or
    backed by evidence that the prejudice is real. Evidence after a denial backs it unless set
    against it ("but the surveys say otherwise", not "and the data show it"); after a doubt it
    backs the report unless set against it ("and the surveys confirm it", not "but the studies
    show it's their own choices"). `backed`: evidence is read at all (not after a doubt that is
    itself the claim: "<group> exaggerate harassment, and the data prove it")."""
    rest = g.first_words(low, start, s_end, _QUALIFYING_WORDS)
    if any(w in CONTRASTS and _PERSISTING.intersection(rest[i + 1 : i + 8]) for i, w in enumerate(rest)):
        return True
    tail = f" {' '.join(rest)} "
    if any(f" {p} " in tail for p in (*_ON_PAPER, *_JUSTIFIED)) or _LEGACY.intersection(rest):
        return True
    if _FOUND.intersection(rest) or (not denial and _REFUTED.intersection(rest)):
        return True  # a finding reported ("..., our survey found"), or the doubt refuted
    if local:
        near = " ".join(rest[:2])
        if any(near == w or near.startswith(w + " ") for w in _LOCAL):
            return True
    if not backed:
        return False
    contrasted = False
    for i, w in enumerate(g.WORD.finditer(low, start, s_end)):
        if i == _QUALIFYING_WORDS:
            break
        word = w.group(0)
        contrasted = contrasted or word in CONTRASTS
        if word in _SUPPORT and contrasted is denial and not g.negated(low, w.start(), start):
            return True
    return False


# A verb of saying or believing under a negation before a claim: the claim is what the writer tells
# the reader not to accept ("don't let anyone tell you ...", "don't believe men who say ...").
_SAYING = frozenset(["tell", "tells", "say", "says", "believe", "believes", "accept", "claim", "pretend", "let"])
# At a sentence's start: what follows is said in irony ("Oh sure, sexism is a myth, that's why ...").
_IRONY = ("oh sure", "yeah right", "oh yes", "ah yes", "oh right", "sure", "right because", "yeah sure")
# Irony opening a sentence that needs no comma of its own: "Yeah because <group> are always ...",
# "Right, <claim>" ("right" only with its comma: "Right now, ..." and "Right after ..." are no irony).
_IRONY_BARE = ("yeah because", "yeah, because", "right because", "oh because", "right,")


def told_otherwise(low: str, s_start: int, pos: int) -> bool:
    """A negated verb of saying or believing before `pos` governs the claim there."""
    before = g.words(low, max(s_start, pos - 120), pos)[-12:]
    return any(
        (g.is_negation(w) or w in ("nobody", "refuse", "refuses")) and _SAYING.intersection(before[i : i + 7])
        for i, w in enumerate(before)
    )


def ironic(low: str, s_start: int, s_end: int) -> bool:
    """The sentence opens with a word of irony and a comma ("Oh sure, ...", "Yeah right, ...",
    "Right, ..."), or with "Yeah because" with or without one."""
    if low.startswith(_IRONY_BARE, s_start):
        return True
    opening = " ".join(g.first_words(low, s_start, s_end, 2))
    if not any(opening == w or opening.startswith(w + " ") for w in _IRONY):
        return False
    comma = low.find(",", s_start, min(s_end, s_start + 20))
    return comma >= 0 and len(g.words(low, s_start, comma)) <= 2
