"""Reference across sentences and dialogue turns for the harm lexicon: who "they" are.

People name a group in one sentence or turn and say the harmful thing of a pronoun in the next
('"What about <group>?" "Rats, the lot of them."', "... from a <group>? they're all thieves"), or
answer with a fragment that has no subject at all ("pathetic, stupid and useless", "a pack of
animals moved in"). A plural anaphor (they, them, those people, all of them, the lot of them) in a
sentence that names no group resolves to the group(s) of the nearest preceding sentence, with at
most one short interjection between ("No.", "Don't."), and only when that sentence offers no other
plural noun the pronoun could mean ("<group> sell apples. They're rotten" resolves to nothing);
an anaphor in a later clause of the sentence naming the group resolves the same way, and one
opening a sentence that names another group after it ("<group>. They keep harassing girls.") to
the sentence before. A resolved
anaphor is handed to the harm rules as a mention of the group, so every rule reads it as it reads
a group term; a derogatory fragment is scored on its own, and judges a deed instead when someone
else harmed the group in the sentence before ("Saw a manager chase a <group> man off. Disgusting.";
`_done_to`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit, in_sentences
from detectors.taxonomy import Mention, normalise

# harm_terms.yaml kinds read here (the harm lexicon adds them to its automaton).
KINDS = ("anaphors", "appositive_anaphors", "collectives", "dehumanising_referents")
_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*|[,:]")
# A sentence of at most this many words between the antecedent and the anaphor is an interjection
# or a bare answer ("No.", "Don't.", "Of course not.") and does not break the reference.
_INTERJECTION_WORDS = 3
# Words ending in -s that are not plural nouns; irregular plurals that are.
_NOT_PLURAL = frozenset(
    [
        *("is", "was", "has", "does", "this", "thus", "us", "its", "his", "hers", "ours", "yours", "theirs"),
        *("always", "perhaps", "sometimes", "yes", "less", "unless", "whereas", "besides", "towards"),
        *("across", "plus", "news", "as", "afterwards", "nowadays", "regardless", "nevertheless", "whats"),
        *("lets", "thanks", "please", "various", "serious", "obvious", "famous", "nervous", "upstairs"),
        *("downstairs", "indoors", "outdoors", "sideways", "anyways", "overseas", "whereabouts"),
    ]
)
_IRREGULAR_PLURALS = frozenset(["people", "children", "folk", "police", "cattle", "sheep", "mice", "geese", "staff"])
_REFERRING = frozenset(["anaphors", "appositive_anaphors"])


def is_anaphor(m: Mention, by_kind: Mapping[str, list[Hit]]) -> bool:
    """The mention is an anaphor resolved to a group ("they", "those people", "all of them"), not the
    group named: `resolve` hands anaphors over as mentions on the span of their lexicon hit."""
    return any(h.start == m.start and h.end == m.end for k in _REFERRING for h in by_kind.get(k, []))


# Anaphors that quantify over their antecedent ("every one of them", "all of them"), and the
# counts that make it a set of a few.
QUANTIFIED = ("every ", "each ", "all of ")
_NUMBERS = frozenset(
    ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "both", "couple"]
)
_COPULAS = frozenset(["are", "were", "be", "being", "been"])
_LIGHT = frozenset(["all", "mostly", "both", "now", "just", "also", "really", "actually", "the"])
_PLURAL_VERBS = frozenset(["are", "were", "have", "do", "don't", "aren't", "weren't"])
# Tokens that may stand inside a derogatory fragment between its words ("pathetic, stupid and useless").
_FRAGMENT_GLUE = frozenset([",", "and", "or", "so", "such", "really", "bloody", "fucking", "little", "utterly"])
# After a fragment's last derogatory word: nothing, a relative clause, or an appositive anaphor.
_FRAGMENT_FOLLOWERS = frozenset(["who", "that", "which", ",", "everywhere", "too"])


@dataclass(frozen=True, slots=True)
class DiscourseWords:
    """The authored word lists the resolution reads (harm_terms.yaml)."""

    openers: frozenset[str]
    derogatory_kinds: frozenset[str] = field(
        default_factory=lambda: frozenset(
            ["negative_attributes", "dehumanising", "dehumanising_predicates", "dehumanising_referents"]
        )
    )

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> DiscourseWords:
        return cls(frozenset(normalise(str(w)).strip() for w in data.get("fragment_openers") or []))


@dataclass(frozen=True, slots=True)
class Resolved:
    """What one sentence's anaphors and fragment refer to."""

    antecedent: int  # index of the sentence holding the antecedent group mention(s)
    groups: tuple[str, ...]  # the antecedent's groups
    mentions: tuple[Mention, ...]  # the anaphors, as mentions of the antecedent's groups
    fragment: tuple[int, int] | None  # span of a verbless derogatory fragment said of them
    fragment_kind: str  # "dehumanisation" | "derogation" (empty with no fragment)


def resolve(
    low: str,
    spans: list[tuple[int, int]],
    mentions: Iterable[Mention],
    hits: Iterable[Hit],
    words: DiscourseWords,
    cased: str | None = None,
    buckets: tuple[Mapping[int, list[Mention]], Mapping[int, list[Hit]]] | None = None,
) -> dict[int, Resolved]:
    """The resolved anaphors and fragments of each sentence (by index) that has any; `cased` is the
    text before lowercasing (same offsets as `low`), read to tell names ("Carlos") from plurals.
    `buckets`: the mentions and hits already grouped by sentence index, in their given order."""
    cased = low if cased is None else cased
    by_sentence, hits_by = (
        buckets if buckets is not None else (in_sentences(spans, mentions), in_sentences(spans, hits))
    )
    out: dict[int, Resolved] = {}
    # Only a sentence holding an anaphor or a derogatory word can refer back; the others (most)
    # are not looked at.
    for i in sorted(hits_by):
        s_hits = hits_by[i]
        if not any(h.kind in _REFERRING or h.kind in words.derogatory_kinds for h in s_hits):
            continue
        s_start, s_end = spans[i]
        anaphors = _maximal([h for h in s_hits if h.kind in _REFERRING])
        own = by_sentence.get(i, [])
        if own:
            last = max(own, key=lambda m: m.end)
            later = [a for a in anaphors if a.start > last.end and _clause_apart(low, last.end, a.start)]
            later = [a for a in later if not _plurals(low, cased, last.end, a.start, own)]
            later = _uncounted(low, later, own)
            if later:
                out[i] = Resolved(i, _groups(own), _as_mentions(low, later, own), None, "")
                continue
            # "<group> in the hotel. They keep harassing girls.": an anaphor opening the sentence
            # is its subject and refers back, whatever the sentence names after it.
            opening = [a for a in anaphors if a.start == _skip_openers(low, s_start, s_end, words.openers)]
            j = _antecedent(low, spans, i, by_sentence) if opening else None
            # Not when the sentence names the antecedent's group again, nor when the antecedent's
            # sentence has it suffer something ("<group> were abused on the bus. They keep
            # harassing <group> women": "they" are others).
            j = None if j is None or (_groups(own) and set(_groups(own)) & set(_groups(by_sentence[j]))) else j
            j = None if j is None or any(_suffered(low, m, spans[j][1]) for m in by_sentence[j]) else j
            if j is not None and not _plurals(low, cased, *spans[j], by_sentence[j]):
                opening = _uncounted(low, opening, by_sentence[j])
                if opening:
                    out[i] = Resolved(j, _groups(by_sentence[j]), _as_mentions(low, opening, by_sentence[j]), None, "")
            continue
        said = [h for h in s_hits if h.kind in words.derogatory_kinds]
        fragment, kind = _fragment(low, s_start, s_end, s_hits, words) if said else (None, "")
        if not (anaphors or fragment):
            continue  # nothing here refers back: the common case, decided before the costlier reads
        j = _antecedent(low, spans, i, by_sentence)
        if j is None:
            continue
        a_mentions = by_sentence[j]
        a_start, a_end = spans[j]
        # Before the anaphor, a plural other than the fragment's own derogatory nouns (which are
        # said of "them") could be what "they" means; a fragment opens its sentence.
        first = anaphors[0].start if anaphors else s_start
        own_nouns = [Mention(h.start, h.end, h.value, "", "") for h in said]
        if _plurals(low, cased, a_start, a_end, a_mentions) or _plurals(low, cased, s_start, first, own_nouns):
            continue  # something else there could be what "they" means
        anaphors = _uncounted(low, anaphors, a_mentions)
        if fragment and not anaphors and all(_done_to(low, a_start, m) for m in a_mentions):
            fragment = None  # "Saw a manager chase a <group> man off. Disgusting.": the deed is judged
        if anaphors or fragment:
            out[i] = Resolved(j, _groups(a_mentions), _as_mentions(low, anaphors, a_mentions), fragment, kind)
    return out


# A verbless judgement ("Disgusting.") after a sentence in which someone else harms the group
# judges the deed, not the group: "Watched a guy scream at a <group> cashier. Gross.", "Someone
# spray-painted a swastika on the <group> temple. Disgusting.", "Someone replied '<group> = 🤡'.
# disgusting" (the saying is judged). The deed is a verb of harm or of saying after an
# agent, with no copula before the group ("Some guy next door is <group>. Disgusting." says it of
# the group); a deed that is about the group only ("She married a <group> guy. Disgusting.") is
# not one of harm, so the judgement stays the group's.
_AGENTS = frozenset(
    [
        *("someone", "somebody", "guy", "man", "woman", "lady", "dude", "bloke", "he", "she", "manager", "boss"),
        *("driver", "customer", "landlord", "owner", "waiter", "clerk", "guard", "pastor", "priest", "teacher"),
        *("neighbour", "neighbor", "kid", "officer", "cop", "they", "people"),
    ]
)
_HARMS = frozenset(
    [
        *("yelled", "screamed", "shouted", "chased", "attacked", "beat", "hit", "punched", "kicked", "spat"),
        *("mocked", "insulted", "harassed", "threatened", "spray-painted", "vandalised", "vandalized", "refused"),
        *("pushed", "shoved", "mooed", "bullied", "abused", "assaulted", "parked", "blocked", "cursed", "slurred"),
        *("scream", "yell", "chase", "attack", "mock", "harass", "park", "shout", "spit", "push", "kick", "insult"),
        *("screaming", "yelling", "chasing", "mocking", "harassing", "shouting", "spitting", "pushing"),
        # someone else's words about the group: the judgement is of the saying
        *("said", "posted", "wrote", "replied", "commented", "tweeted", "called"),
    ]
)


# After a group, a passive: what is said is done to it ("were stopped", "got abused", "are being
# targeted"), so a "they" after it may be whoever did it.
_PASSIVE_AFTER = re.compile(
    r"\s+(?:were|was|are|is|got|get|have been|had been|keep getting|are being|were being)\s+"
    r"(?:[a-z]+ly\s+|again\s+|all\s+)?(?!(?:often|even|children|women)\b)[a-z]+(?:ed|en)\b"
)


def _suffered(low: str, m: Mention, s_end: int) -> bool:
    """A passive right after the mention `m` (see `_PASSIVE_AFTER`)."""
    return _PASSIVE_AFTER.match(low, m.end, s_end) is not None


def _done_to(low: str, s_start: int, m: Mention) -> bool:
    """Someone else's harmful deed comes before the group in its sentence: an agent, then a verb
    of harm, and no copula before the group."""
    before = g.words(low, s_start, m.start)
    if g.COPULAS.intersection(before):
        return False
    agent = next((i for i, w in enumerate(before) if w in _AGENTS), None)
    return agent is not None and bool(_HARMS.intersection(before[agent + 1 :]))


def _uncounted(low: str, anaphors: list[Hit], antecedents: list[Mention]) -> list[Hit]:
    """Drop "every one of them" / "all of them" when every antecedent is a counted set ("four
    <group> men ... all of them were thieves", "three <group> waiters? every one of them ..."):
    what is said of them is said of those few, not of the group."""
    if not all(_counted(low, m) for m in antecedents):
        return anaphors
    return [a for a in anaphors if not low.startswith(QUANTIFIED, a.start)]


def _counted(low: str, m: Mention) -> bool:
    """A number among the two words before the mention ("four <group> men": "men" is counted too)."""
    prev = g.words(low, max(0, m.start - 40), m.start)[-2:]
    return any(w in _NUMBERS or w.isdigit() for w in prev)


def _maximal(hits: list[Hit]) -> list[Hit]:
    """Drop anaphor hits inside longer ones ("them" in "all of them")."""
    hits = sorted(hits, key=lambda h: (h.start, -h.end))
    out: list[Hit] = []
    for h in hits:
        if out and h.start < out[-1].end:
            continue
        out.append(h)
    return out


def _groups(mentions: list[Mention]) -> tuple[str, ...]:
    return tuple(sorted({m.group for m in mentions}))


def _as_mentions(low: str, anaphors: list[Hit], antecedents: list[Mention]) -> tuple[Mention, ...]:
    groups = {m.group: m.axis for m in antecedents}
    return tuple(
        Mention(a.start, a.end, low[a.start : a.end], axis, group) for a in anaphors for group, axis in groups.items()
    )


def _antecedent(low: str, spans: list[tuple[int, int]], i: int, by_sentence: Mapping[int, list[Mention]]) -> int | None:
    """The nearest earlier sentence naming a group, across at most one short interjection."""
    for j in (i - 1, i - 2):
        if j < 0:
            return None
        if by_sentence.get(j):
            return j
        if len(_TOKEN.findall(low, *spans[j])) > _INTERJECTION_WORDS:
            return None
    return None


def _clause_apart(low: str, start: int, end: int) -> bool:
    """A clause boundary between two points of one sentence (a comma, colon, dash or conjunction)."""
    between = low[start:end]
    if re.search(r"[,:\u2013\u2014]| - ", between):
        return True
    return bool(re.search(r"\b(?:so|because|since|and|but|as|that|cause|cuz)\b", between))


def _plurals(low: str, cased: str, start: int, end: int, mentions: list[Mention]) -> list[str]:
    """Plural nouns in [start, end) other than the group mentions and nouns they are equated with
    ("your neighbours are <group>"): what else a plural pronoun could refer to. A capitalised word
    is a name ("Carlos stole again"), unless it opens the sentence with a plural verb after it."""
    spans = [(m.start, m.end) for m in mentions]
    tokens = [(t.group(0), t.start(), t.end()) for t in _TOKEN.finditer(low, start, end)]
    found = []
    for k, (w, s, _) in enumerate(tokens):
        if any(ms <= s < me for ms, me in spans):
            continue
        if any(me <= s and not low[me:s].strip(" -") for _, me in spans):
            continue  # the head noun of the group's own phrase: "Black people", "old men"
        # A decade ("the 1960s") is no noun "they" could mean.
        plural = w in _IRREGULAR_PLURALS or (
            len(w) > 3
            and w.endswith("s")
            and not w.endswith(("ss", "us", "is", "'s", "ous"))
            and w not in _NOT_PLURAL
            and not w[0].isdigit()
        )
        nxt = tokens[k + 1 : k + 2]
        prv = tokens[k - 1 : k] if k else []
        if not plural or (cased[s].isupper() and (prv or not (nxt and nxt[0][0] in _PLURAL_VERBS))):
            continue
        equated = (nxt and nxt[0][0] in _COPULAS and any(_adjacent(low, nxt[0][2], ms) for ms, _ in spans)) or (
            prv and prv[0][0] in _COPULAS and any(_adjacent(low, me, prv[0][1]) for _, me in spans)
        )
        if not equated:
            found.append(w)
    return found


def _adjacent(low: str, end: int, start: int) -> bool:
    """`start` follows `end` with at most one light word between ("are all <group>")."""
    if start < end:
        return False
    between = _TOKEN.findall(low, end, start)
    return len(between) <= 1 and set(between) <= _LIGHT


def _fragment(
    low: str, s_start: int, s_end: int, hits: list[Hit], words: DiscourseWords
) -> tuple[tuple[int, int] | None, str]:
    """A verbless derogatory fragment opening the sentence ("Disgusting rats, the lot of them.",
    "pathetic, stupid and useless", "Parasites who ...") or a collective dehumanising subject
    ("a pack of animals moved in"): its span and category, else (None, "")."""
    derog = [h for h in hits if h.kind in words.derogatory_kinds]
    collectives = [h for h in hits if h.kind == "collectives"]
    referents = [h for h in hits if h.kind == "dehumanising_referents"]
    appositives = [h for h in hits if h.kind == "appositive_anaphors"]
    pos = _skip_openers(low, s_start, s_end, words.openers)
    # "a pack of animals ...": a collective right at the start, then a referent.
    for c in collectives:
        if c.start <= pos <= c.end + 1:
            ref = [r for r in referents if 0 <= r.start - c.end <= 1]
            if ref:
                return (c.start, ref[0].end), "dehumanisation"
    run_end, kinds = pos, set[str]()
    while True:
        nxt = _skip_space(low, run_end, s_end)
        at = [h for h in derog if h.start == nxt]
        if at:
            h = max(at, key=lambda x: x.end)
            kinds.update(x.kind for x in at if x.end == h.end)
            run_end = h.end
            continue
        tok = _TOKEN.match(low, nxt)
        if tok and tok.group(0) in _FRAGMENT_GLUE and kinds:
            look = _skip_space(low, tok.end(), s_end)
            if any(h.start == look for h in derog):
                run_end = tok.end()
                continue
        break
    if not kinds:
        return None, ""
    if low[run_end:s_end].lstrip(" \"'\u2019\u201d").startswith("?"):
        return None, ""  # "'Confused'? No.": a label asked about, not said
    rest = _skip_space(low, run_end, s_end)
    tok = _TOKEN.match(low, rest)
    ends = rest >= s_end or not tok or tok.group(0) in _FRAGMENT_FOLLOWERS
    if not ends and not any(a.start == rest for a in appositives):
        return None, ""
    dehumanising = kinds & {"dehumanising", "dehumanising_predicates", "dehumanising_referents"}
    return (pos, run_end), "dehumanisation" if dehumanising else "derogation"


def _skip_space(low: str, pos: int, end: int) -> int:
    while pos < end and not (low[pos].isalnum() or low[pos] in ",:"):
        pos += 1
    return pos


def _skip_openers(low: str, pos: int, end: int, openers: frozenset[str]) -> int:
    """Past interjections, punctuation and quote marks opening the sentence."""
    while True:
        pos = _skip_space(low, pos, end)
        tok = _TOKEN.match(low, pos)
        if tok is None:
            return pos
        two = _TOKEN.match(low, _skip_space(low, tok.end(), end))
        if two and f"{tok.group(0)} {two.group(0)}" in openers:
            pos = two.end()
        elif tok.group(0) in openers or tok.group(0) in (",", ":"):
            pos = tok.end()
        else:
            return pos
