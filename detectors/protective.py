"""A writer on the group's side: protection said of it, harm done to it condemned, violence or a
decision against its people denied.

The embedding head reads a neutralised sentence by its words, and to a sentence encoder the words
of protection, safety and harm sit close to those of exclusion and threat: "We should protect
trans people", "Violence against women is never okay" and "I would never hit a woman" scored
0.92-0.99 before this reading existed, and a mean-pooled embedding has no reliable sense of
"never". The harm lexicon already reads negation around its threats; this module turns that
reading (and its denials by favourable comparison: "<group> are less likely to commit crimes than
...", and its rejected generalisations: "I don't believe for a second that <group> control the
banks"), and short authored lists of protective verbs and of verdicts on harm done to a group
(detectors/data/protective.yaml), and the writer's denial of a decision that would disfavour the
group's people ("We never give the <group> staff the worst shifts", with harm_sorting's decision
phrases), into one verdict per text: every group the text names is named
inside such a stance, in the writer's own voice, with nothing after it in the sentence that
starts another point ("..., but I won't rent to one"). The embedding detector then lowers its
probability by the harm lexicon's counter-speech factor.

Deliberately narrow: one group mention outside a stance (the threat in "protect our children from
<group>"), a reversal before the verb ("stop protecting <group>"), a question ("why should we
welcome <group>?"), or any harm-lexicon finding other than a denied threat, a favourable comparison
or a rejected generalisation, and nothing is lowered.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from detectors import harm_frames as frames
from detectors import harm_grammar as g
from detectors.base import Finding
from detectors.normalise import Normalised
from detectors.taxonomy import Mention, normalise
from detectors.yamlload import digest_text, safe_load

DATA = Path(__file__).parent / "data" / "protective.yaml"
_CLAUSE_OPENERS = (",", ";", ":", "-", "\u2013", "\u2014", "(")
_REVERSAL_WORDS = 4  # words before a protective verb read for a reversal ("we should never have to ...")
# Words that attach a condition, a cause or a new claim to a comparison: "less likely to commit
# crimes after a good beating / when kept out / because too stupid / and more likely to ...".
_TAIL_STOPS = frozenset(
    [
        *("because", "when", "whenever", "if", "once", "after", "before", "unless", "only", "until", "and"),
        *("or", "more", "since", "as", "while", "so", "but", "yet", "though", "although", "except", "provided"),
        *("given", "without", "unlike", "not", "no", "never"),
    ]
)
_COMPARED_BEFORE = re.compile(r"(?<![a-z0-9'])(?:unlike|compared|contrast|versus|vs|than|except)(?![a-z0-9'])")
# Words that put the comparison in doubt or mock it when they come before it in its sentence.
_DOUBTS = frozenset(["yeah", "supposedly", "allegedly", "apparently", "sure", "riiight", "suuure"])
_ATTRIBUTE_WORDS = 2  # the attribute's own words before "than": "violent crime", "at school"
_CLOSE = re.compile(r"[^a-z0-9'\s-]")  # punctuation that ends the comparison's clause
_COMPARISON_TAIL = 8  # words after a denied attribute: "... commit violent crime than native-born citizens"
_COMPLEMENT_WORDS = 4  # words between the group and "safe": "help <group> kids and their families feel welcome"
# What may stand between a protective verb and its group: "protect our vulnerable trans kids".
_OBJECT_GLUE = frozenset(
    [
        *("the", "a", "an", "our", "their", "your", "my", "his", "her", "its", "all", "every", "any", "each"),
        *("these", "those", "other", "fellow", "young", "vulnerable", "local", "innocent", "own", "more"),
        *("many", "new", "little", "of", "and", "or", "both"),
    ]
)


@dataclass(frozen=True, slots=True)
class Stance:
    """A protective stance found in a text: its kind and its span in the original text."""

    # "protection" | "condemned_harm" | "denied_violence" | "denied_decision" | "favourable_comparison"
    # | "rejected_claim"
    kind: str
    text: str
    span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class ProtectiveWords:
    verbs: re.Pattern[str]
    keeping: re.Pattern[str]
    complements: tuple[tuple[str, ...], ...]
    reversals: frozenset[tuple[str, ...]]
    contrasts: frozenset[str]
    clause_contrasts: frozenset[str]
    deeds: re.Pattern[str]  # harm done to someone, named as a deed ("violence against", "hurting")
    condemned_after: re.Pattern[str]  # "<deed> <group> is never okay": from the group's end
    condemned_before: re.Pattern[str]  # "it is wrong to hurt": ends where the group may start
    object_nouns: frozenset[str]  # nouns of the object after the group ("<group> students")
    verdict_followers: frozenset[str]  # words that may follow a verdict in its clause
    object_followers: frozenset[str]  # words that may follow a protected object in its clause
    reflexives: frozenset[str]  # "protect <group> from themselves"
    attributes: frozenset[str]  # the harm lexicon's one-word negative attributes ("lazy")
    rejections: re.Pattern[str]  # the harm lexicon's rejections of a claim ("i don't believe", "is false")
    decisions: re.Pattern[str]  # the harm lexicon's decisions that disfavour people ("skip", "the worst shifts")
    digest: str  # of the word lists, part of the embedding detector's version

    @classmethod
    def from_data(cls, data: Mapping[str, Any], harm: Mapping[str, Any]) -> ProtectiveWords:
        """The word lists of protective.yaml, with the harm lexicon's violent deeds and verbs (`harm`)."""

        def phrases(*lists: Iterable[Any]) -> str:
            found = sorted({normalise(str(p)).strip() for items in lists for p in items}, key=len, reverse=True)
            return "(?:" + "|".join(map(re.escape, found)) + ")"

        def alternation(*lists: Iterable[Any]) -> re.Pattern[str]:
            return re.compile(r"(?<![a-z0-9'])" + phrases(*lists) + r"(?![a-z0-9'])")

        condemned = phrases(data["condemnations"])
        verbs = phrases(harm.get("violent_verbs") or [], data["harm_verbs"])
        used = {
            **data,
            "violent_acts": harm.get("violent_acts"),
            "violent_verbs": harm.get("violent_verbs"),
            "negative_attributes": harm.get("negative_attributes"),
            "rejection_cues": harm.get("rejection_cues"),
            **{k: harm.get(k) for k in _DECISION_KINDS},
        }
        return cls(
            verbs=alternation(data.get("protective_verbs") or []),
            keeping=alternation(data.get("keeping_verbs") or []),
            complements=tuple(tuple(g.words(normalise(str(c)), 0, len(str(c)))) for c in data["keeping_complements"]),
            reversals=frozenset(tuple(g.words(normalise(str(r)), 0, len(str(r)))) for r in data["reversals"]),
            contrasts=frozenset(normalise(str(c)) for c in data["contrasts"]),
            clause_contrasts=frozenset(normalise(str(c)) for c in data["clause_contrasts"]),
            deeds=alternation(harm.get("violent_acts") or [], data["harm_deeds"]),
            # Up to three more words of the object ("<group> pupils at school"), a link, adverbs, the verdict.
            condemned_after=re.compile(
                r"(?:\s+[a-z'-]+){0,3}?\s+(?:is|are|was|were)(?:\s+(?:always|simply|just|completely|totally|"
                r"absolutely|clearly|still|so|very|deeply|utterly))*\s+" + condemned + r"(?![a-z0-9'])"
            ),
            condemned_before=re.compile(
                r"(?<![a-z0-9'])" + condemned + r"\s+to\s+(?:[a-z]+\s+)?" + verbs + r"(?![a-z0-9'])"
            ),
            object_nouns=frozenset(normalise(str(w)) for w in data["object_nouns"]),
            verdict_followers=frozenset(normalise(str(w)) for w in data["verdict_followers"]),
            object_followers=frozenset(normalise(str(w)) for w in data["object_followers"]),
            reflexives=frozenset(normalise(str(w)) for w in data["reflexives"]),
            attributes=frozenset(
                a for a in (normalise(str(w)).strip() for w in harm.get("negative_attributes") or []) if " " not in a
            ),
            rejections=alternation(harm.get("rejection_cues") or []),
            # the writer's own practice of exclusion carries its denial inside ("never rent to"): no
            # decision the writer denies
            decisions=alternation(
                *([d for d in harm.get(k) or [] if not str(d).startswith(_DENYING)] for k in _DECISION_KINDS)
            ),
            digest=hashlib.sha256(digest_text(used).encode()).hexdigest()[:12],
        )


# The harm lexicon's decisions that disfavour people (detectors/harm_sorting.py).
_DECISION_KINDS = ("passed_over", "lesser_share", "lesser_time")
_DENYING = ("don't", "won't", "never", "wouldn't", "stopped")
# Before a decision in its clause, the writer's denial of it: "We never give the <group> the worst
# shifts", "I would never pass on a <group> applicant", "Don't skip the <group> applicants".
_DECISION_DENIAL = re.compile(
    r"\b(?:(?:i|we|you)\s+)?(?:would\s+|will\s+|do\s+|always\s+)?(?:never|don't|do\s+not|won't|wouldn't|refuse\s+to)\s+"
)
_DECISION_REACH = 8  # words between a denied decision and the group it is about
_DENIAL_OPENERS = frozenset(["honestly", "just", "please", "so", "and", "but", "here", "i'd", "we'd", "you'd"])
_JOINING = frozenset(["and", "but", "then", "or"])
# Bounds on a sentence of a thousand decisions and group words: the first decisions, and groups near.
_DECISIONS_READ = 8
_NEAR_CHARS = 150


@cache
def default_words() -> ProtectiveWords:
    harm = safe_load((DATA.parent / "harm_terms.yaml").read_text(encoding="utf-8"))
    return ProtectiveWords.from_data(safe_load(DATA.read_text(encoding="utf-8")), harm)


def stances(
    norm: Normalised, mentions: Sequence[Mention], harm: Iterable[Finding], words: ProtectiveWords | None = None
) -> tuple[Stance, ...]:
    """The stances that cover every group the text names, or () when any group is named outside one.

    `mentions` are the response's group mentions; `harm` the harm lexicon's findings on it: any
    finding but a denied threat means the text says something harmful, whatever else it says.
    """
    words = words or default_words()
    harm = list(harm)
    if not mentions or any(not (_denied_violence_only(f) or _comparison_only(f) or _rejected_only(f)) for f in harm):
        return ()
    text = norm.text
    low = normalise(text)
    spans = g.sentences(low)
    ms = [m.normalised() for m in mentions]
    by_sentence = g.in_sentences(spans, ms)
    found: list[Stance] = []
    for i, inside in by_sentence.items():
        s_start, s_end = spans[i]
        if "?" in low[s_start:s_end]:
            return ()  # "how can you defend <group>?", "why should we welcome <group>?": rhetoric
        covered: set[Mention] = set()
        joined = frames.coordinators(low, inside)
        for start, end, kind, objects in _protections(low, s_start, s_end, inside, words):
            if _contrasted(low, end, s_end, words):
                continue
            covered.update(objects)
            found.append(_stance(norm, kind, start, end))
        for start, end, objects in _denied_decisions(low, s_start, s_end, inside, words):
            if not _contrasted(low, end, s_end, words):
                covered.update(objects)
                found.append(_stance(norm, "denied_decision", start, end))
        for f in harm:
            for start, end in _denied_violence(norm, f):
                if s_start <= start < s_end and not _contrasted(low, end, s_end, words):
                    covered.update(m for m in inside if m.group in f.groups)
                    found.append(_stance(norm, "denied_violence", start, end))
            for start, end in _claim_spans(norm, f) if _rejected_only(f) else ():
                if not s_start <= start < s_end or _contrasted(low, end, s_end, words):
                    continue
                # The writer's rejection frames the claim ("I don't believe that ...", "It's not
                # true that ..."); one after it can be a verdict on something else ("<claim>, I
                # don't think that's controversial").
                rejections = words.rejections.finditer(low, s_start, start)
                if any(frames.rejection_reaches(low, r.span(), start, joined) for r in rejections):
                    # The whole rejected clause: "... that <group> are less intelligent than <group>".
                    stop = _CLOSE.search(low, end, s_end)
                    covered.update(m for m in inside if start <= m.start < (stop.start() if stop else s_end))
                    found.append(_stance(norm, "rejected_claim", start, end))
            for start, end in _claim_spans(norm, f) if _comparison_only(f) else ():
                if not s_start <= start < s_end or _contrasted(low, end, s_end, words):
                    continue
                if _compared_with_itself(low, s_start, start, inside, f.groups) or _doubted(low, s_start, start):
                    continue
                tail = _comparison_tail(low, end, s_end, words)
                if tail is not None:
                    # Only the group the comparison is said of (inside its span): one it is compared
                    # with ("... than <group>", "Unlike most <group>, these <group> ...") is said to
                    # be worse, and stays uncovered.
                    covered.update(m for m in inside if start <= m.start < end)
                    found.append(_stance(norm, "favourable_comparison", start, tail))
        _join(low, inside, covered)
        if any(m not in covered for m in inside):
            return ()
    return tuple(found)


def _denied_decisions(
    low: str, s_start: int, s_end: int, inside: Sequence[Mention], words: ProtectiveWords
) -> list[tuple[int, int, list[Mention]]]:
    """A decision that disfavours people, denied by the writer at the start of its clause ("We never
    give the <group> on staff the least convenient shifts", "Don't pass on the <group> applicant"),
    with the groups named within a few words of it."""
    out = []
    for d in itertools.islice(words.decisions.finditer(low, s_start, s_end), _DECISIONS_READ):
        clause = g.clause_start(low, s_start, d.start())
        denial = _DECISION_DENIAL.search(low, clause, d.start())
        if denial is None or not set(g.words(low, clause, denial.start())) <= _DENIAL_OPENERS:
            continue  # not the writer's own denial opening the clause: "they never ..." is someone else's
        governed = g.words(low, denial.end(), d.start())
        if len(governed) > _DECISION_REACH or _JOINING.intersection(governed):
            continue  # the denial is of something else: "we never worry about it and skip ..."
        near = [
            m
            for m in inside
            if clause <= m.start < s_end and abs(m.start - d.start()) <= _NEAR_CHARS and _within(low, d.span(), m)
        ]
        if near:
            out.append((denial.start(), max(d.end(), *(m.end for m in near)), near))
    return out


def _within(low: str, span: tuple[int, int], m: Mention) -> bool:
    lo, hi = (span[1], m.start) if span[1] <= m.start else (m.end, span[0])
    return len(g.words(low, lo, hi)) <= _DECISION_REACH


def _join(low: str, inside: Sequence[Mention], covered: set[Mention]) -> None:
    """Count a mention joined to a covered one as covered: "a Nigerian man" is two mentions (a
    nationality, men), one noun phrase the act is done to."""
    ordered = sorted(inside, key=lambda m: m.start)
    for prev, m in pairwise(ordered):
        if prev in covered and not g.words(low, prev.end, m.start):
            covered.add(m)


def _stance(norm: Normalised, kind: str, start: int, end: int) -> Stance:
    o_start, o_end = norm.span(start, end)
    return Stance(kind, norm.original[o_start:o_end], (o_start, o_end))


def _protections(
    low: str, s_start: int, s_end: int, inside: Sequence[Mention], words: ProtectiveWords
) -> Iterable[tuple[int, int, str, list[Mention]]]:
    """Protective verbs and condemned harm in the sentence, with the mentions that are their object.

    Each reading is a cue (not reversed before it), its object (the group right after it) and what
    must close the stance after the object; that closer returns where the stance ends, or None.
    """

    def object_closes(end: int) -> int | None:
        return end if _object_ends(low, end, s_end, words) else None

    def verdict(end: int) -> int | None:
        found = words.condemned_after.match(low, end, s_end)
        return found.end() if found is not None and _verdict_ends(low, found.end(), s_end, words) else None

    def complement(end: int) -> int | None:
        return _complement(low, end, s_end, words)

    readings: tuple[tuple[re.Pattern[str], str, Callable[[int], int | None]], ...] = (
        (words.verbs, "protection", object_closes),  # "protect <group>"
        (words.deeds, "condemned_harm", verdict),  # "violence against <group> is never okay"
        (words.condemned_before, "condemned_harm", object_closes),  # "it is wrong to hurt <group>"
        (words.keeping, "protection", complement),  # "keep <group> safe"
    )
    for pattern, kind, closes in readings:
        for m in pattern.finditer(low, s_start, s_end):
            if _reversed(low, s_start, m.start(), words):
                continue
            objects = _objects(low, m.end(), inside)
            end = closes(objects[-1].end) if objects else None
            if end is not None:
                yield m.start(), end, kind, objects


def _objects(low: str, after: int, inside: Sequence[Mention]) -> list[Mention]:
    """The mentions that follow `after` joined only by object glue ("our trans and gay kids")."""
    out: list[Mention] = []
    pos = after
    for m in sorted(inside, key=lambda x: x.start):
        if m.start < pos:
            continue
        between = g.words(low, pos, m.start)
        if len(between) > 3 or any(w not in _OBJECT_GLUE for w in between):
            break
        out.append(m)
        pos = m.end
    return out


def _complement(low: str, after: int, s_end: int, words: ProtectiveWords) -> int | None:
    """Where "safe" / "feel welcome" ends if it follows the object closely, else None."""
    following = list(g.WORD.finditer(low[after:s_end]))[: _COMPLEMENT_WORDS + 2]
    tokens = [t.group(0) for t in following]
    for k in range(min(_COMPLEMENT_WORDS, len(tokens)) + 1):
        if any(t not in words.object_nouns and t not in _OBJECT_GLUE for t in tokens[:k]):
            return None  # "keep <group> out to stay safe": the words between are no part of the object
        for c in words.complements:
            if tuple(tokens[k : k + len(c)]) == c:
                return after + following[k + len(c) - 1].end()
    return None


def _object_ends(low: str, end: int, s_end: int, words: ProtectiveWords) -> bool:
    """The protected object closes its clause, after any nouns of its own ("<group> students"):
    punctuation, the sentence's end, or a word that starts no new claim about the group."""
    pos = end
    while True:
        rest = low[pos:s_end].lstrip()
        if not rest or not rest[0].isalnum():
            return True  # the sentence ends, or punctuation closes the object ("protect <group>, always")
        m = g.WORD.match(rest)
        word = m.group(0) if m else ""
        if word not in words.object_nouns:
            break
        pos = s_end - len(rest) + len(word)
    if word == "from":
        after = g.WORD.match(rest[len(word) :].lstrip())
        return after is None or after.group(0) not in words.reflexives
    return word in words.object_followers


def _verdict_ends(low: str, end: int, s_end: int, words: ProtectiveWords) -> bool:
    """The verdict closes its clause: punctuation, the sentence's end, or a word that cannot carry
    it on ("... is wrong and must stop", "... is never okay in any circumstances"; not "is cruel fun")."""
    rest = low[end:s_end].lstrip()
    if not rest or not rest[0].isalnum():
        return True
    nxt = g.WORD.match(rest)
    return nxt is not None and nxt.group(0) in words.verdict_followers


def _reversed(low: str, s_start: int, start: int, words: ProtectiveWords) -> bool:
    """A word before the verb that turns the stance around ("stop protecting", "nobody supports")."""
    before = g.words(low, s_start, start)[-_REVERSAL_WORDS:]
    if any(w.endswith("n't") for w in before):
        return True
    return any(tuple(before[k : k + len(r)]) == r for r in words.reversals for k in range(len(before)))


def _contrasted(low: str, end: int, s_end: int, words: ProtectiveWords) -> bool:
    """A word after the stance that starts the writer's real point ("..., but ...", ", just deport them")."""
    for m in g.WORD.finditer(low, end, s_end):
        w = m.group(0)
        if w in words.contrasts:
            return True
        if w in words.clause_contrasts:
            before = low[end : m.start()].rstrip()
            if before.endswith(_CLAUSE_OPENERS) or g.words(low, end, m.start())[-1:] == ["and"]:
                return True
    return False


def _denied_violence_only(f: Finding) -> bool:
    """A threat finding whose every act is denied in its clause ("I would never ..."); any other harm
    finding (a slur, a dehumanising word, even one the lexicon damped) says the text is not simply on
    the group's side. A threat only "countered" is not enough: the sentence-level counter cues also
    fire on "I'm not racist but we should ...", which is no denial."""
    return f.category == "threat" and all(e.detail.get("negated") for e in f.evidence if e.span is not None)


def _rejected_only(f: Finding) -> bool:
    """A generalisation whose every claim names a negative attribute and is countered ("I don't
    believe for a second that <group> control the banks", "Nobody believes <group> are ..."); `stances`
    also wants the rejection itself before the claim. A rejected claim with no negative attribute
    may be a virtue denied ("I don't believe <group> are peaceful"): not the group's side."""
    return f.category == "generalisation" and all(
        e.detail.get("countered") and e.detail.get("attributes") for e in f.evidence if e.span is not None
    )


def _comparison_only(f: Finding) -> bool:
    """A generalisation whose every claim denies a negative attribute by comparison and asserts none
    ("<group> are less likely to commit crimes than ..."): the harm lexicon names what was denied."""
    return f.category == "generalisation" and all(
        e.detail.get("compared_away") and not e.detail.get("attributes") and not e.detail.get("reported")
        for e in f.evidence
        if e.span is not None
    )


def _claim_spans(norm: Normalised, f: Finding) -> list[tuple[int, int]]:
    """Normalised spans of a finding's claims (a favourable comparison's, a rejected claim's)."""
    return [_normalised_span(norm, e.span) for e in f.evidence if e.span is not None]


def _compared_with_itself(low: str, s_start: int, start: int, inside: Sequence[Mention], groups: Sequence[str]) -> bool:
    """ "Unlike most <group>, these <group> are less likely to ...": the rest of the group is worse.
    A comparison word before the stance counts only with the same group named after it."""
    for w in _COMPARED_BEFORE.finditer(low, s_start, start):
        if any(w.end() <= m.start < start and m.group in groups for m in inside):
            return True
    return False


def _doubted(low: str, s_start: int, start: int) -> bool:
    """ "Yeah right, <group> are less likely to ...": the comparison said in doubt or mockery."""
    return bool(_DOUBTS.intersection(g.words(low, s_start, start)))


def _comparison_tail(low: str, end: int, s_end: int, words: ProtectiveWords) -> int | None:
    """Where the comparison ends, if what follows the denied attribute is only its own words and
    whom the group is compared with ("... be violent at school than their peers."): at most
    `_COMPARISON_TAIL` words, at most `_ATTRIBUTE_WORDS` of them before "than" (and none without a
    "than"), none that attaches a condition or a new claim ("... after a good beating", "... when
    kept out", "... and more likely to ..."), no insult, and no word after it in the whole text: a
    later clause or sentence, even one naming no group, can carry the writer's real point ("...
    They just steal legally.", "Yeah, right."). None otherwise."""
    stop = _CLOSE.search(low, end, s_end)
    at = stop.start() if stop is not None else s_end
    tail = g.words(low, end, at)
    if g.words(low, at, len(low)) or len(tail) > _COMPARISON_TAIL or _TAIL_STOPS.intersection(tail):
        return None
    if words.attributes.intersection(tail):
        return None  # "... than their lazy children": an insult in the comparison itself
    if "than" not in tail:
        return None if tail else at  # "... commit crimes lol": words that are no comparison's
    than = tail.index("than")
    if than > _ATTRIBUTE_WORDS or tail[than + 1 : than + 2] == ["to"]:
        return None  # "... less likely to commit crimes than to live off welfare": a worse claim
    return at


def _denied_violence(norm: Normalised, f: Finding) -> list[tuple[int, int]]:
    """Normalised spans of the threat evidence the harm lexicon found negated."""
    if f.category != "threat":
        return []
    out = []
    for e in f.evidence:
        if e.span is not None and e.detail.get("negated"):
            if e.detail.get("reported") or e.detail.get("approved"):
                continue
            out.append(_normalised_span(norm, e.span))
    return out


def _normalised_span(norm: Normalised, span: tuple[int, int]) -> tuple[int, int]:
    """The normalised span whose original span is `span` (the inverse of `Normalised.span`): the
    offset maps only grow, so both ends are found by bisection."""
    if norm.starts is None or norm.ends is None:
        return span
    start = bisect_left(norm.starts, span[0])
    end = bisect_right(norm.ends, span[1])
    return start, max(start, end)
