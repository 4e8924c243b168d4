"""A group's people said to fake or inflate what they claim, for the harm lexicon (implicit
derogation, frame `claims_faked`).

harm_doubt reads reports of prejudice doubted; this is the same doubt of anything a group's people
claim: an illness, a hardship, their age, their pain.
- The group as subject, narrowed by what its people claim ("who say", "who claim", "claiming";
  `claim_verbs`, harm_doubt's kind, which this reading reads too), then the sentence's verb
  saying they fake it (`faked_claims`): "<group> who claim chronic pain are mostly faking it",
  "<group> asking for wider seats are inventing a problem".
- A story the group's people are said to bring (`sob_stories`): "<group> always have a sob story",
  "<group> all tell the same rehearsed hardship story".
- A claim the group's people make, then the next sentence opening with "they" and what they fake:
  "<group> always say their pain is a ten. They exaggerate to get the strong stuff."

Not read: negated ("aren't faking it"), asked, ironic, someone else's charge ("are often accused of
faking it", "told they have a sob story"), one person or a few, the writer's own group ("we"); a
verb of the narrowing clause, whose own subject stands before it ("who say their doctors were
lying", "who report that fraudsters are scamming them"); lying down, or done to someone ("lying on
the floor", "scamming them"); a rate ("lying in only 2 to 8 percent of cases"); a story not
dismissed ("told their hardship stories to MPs") or the media's ("in the tabloids, ..."); a next
sentence reporting a finding. A report, a quotation or a counter cue damps it as it damps every
harm claim.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from detectors import harm_grammar as g
from detectors import harm_prejudice as p
from detectors.harm_grammar import Hit, Neighbour
from detectors.harm_prejudice import Found
from detectors.taxonomy import Mention

KINDS = ("faked_claims", "sob_stories")
FRAME = "claims_faked"

# After the group: what narrows it to those who claim ("who say", "claiming", "asking for").
_NARROWING = frozenset(["who", "that", "claiming", "saying", "asking", "blaming", "citing", "pleading", "insisting"])
_CLAUSE_WORDS = 16  # words from the group to the sentence's verb
# Before a word of fakery: the sentence's verb ("are mostly", "are usually just").
_VERB = frozenset(["are", "were", "been", "be"])
_ADVERBS = frozenset(
    [
        *("mostly", "usually", "just", "all", "always", "often", "basically", "really", "simply", "clearly"),
        *("obviously", "probably", "only", "generally", "typically", "half", "largely", "totally", "completely"),
        *("honestly", "frankly", "literally", "secretly", "actually"),
    ]
)
# Someone else's charge before it ("are often accused of faking it").
_CHARGED = frozenset(["accused", "suspected", "assumed", "told", "seen", "dismissed", "treated", "called", "thought"])
# Before a story: a verb of having or telling ("always have a sob story", "all tell the same ...").
_TELLING = frozenset(
    ["have", "has", "had", "tell", "tells", "bring", "brings", "pull", "pulls", "trot", "trots", "spin"]
)
_STORY_WORDS = 6  # words from the group to its story
_NEXT_OPENERS = frozenset(["they", "they're", "theyre", "and", "but", "honestly", "so", "most", "half", "of", "them"])


def triggered(by_kind: Mapping[str, list[Hit]], following: Neighbour | None) -> bool:
    """The sentence holds a word of fakery or a story, or the next one a word of fakery."""
    if any(k in by_kind for k in KINDS):
        return True
    return following is not None and any(h.kind == "faked_claims" for h in following[2])


def faked(
    low: str,
    sentence: tuple[int, int],
    mentions: list[Mention],
    by_kind: Mapping[str, list[Hit]],
    persons: frozenset[str],
    following: Neighbour | None,
) -> list[Found]:
    """The group's people said to fake or inflate what they claim."""
    s_start, s_end = sentence
    if not mentions or p.asked(low, s_start, s_end) or p.ironic(low, s_start, s_end):
        return []
    out: list[Found] = []
    for m in mentions:
        if not p.subject(low, m, s_start):
            continue
        end = g.group_end(low, m, s_end, persons)
        claim = _narrowed(low, end, by_kind, s_end) or _story(low, end, by_kind)
        if claim is None and following is not None and _claims(low, end, by_kind) and _next(low, following):
            claim = len(low[:s_end].rstrip())  # the span is this sentence's; the next says what of it
        if claim is not None:
            out.append(Found(m.start, claim, frozenset([m.group]), FRAME))
    return out


def _narrowed(low: str, end: int, by_kind: Mapping[str, list[Hit]], s_end: int) -> int | None:
    """ "<group> who claim ... are mostly faking it": where the word of fakery ends."""
    nxt = g.next_word(low, end, s_end)
    if nxt is None or nxt[0] not in _NARROWING:
        return None
    if nxt[0] in ("who", "that") and not _claims(low, end, by_kind):
        return None  # "<group> who commit fraud are ...": narrowed by a deed, not a claim
    for f in by_kind.get("faked_claims", []):
        if f.start <= end:
            continue
        if f.start > end + _CLAUSE_CHARS:
            break
        if ";" in low[end : f.start] or re.search(r",\s*(?:and|but)\b", low[end : f.start]):
            continue  # "..., and the bosses who deny it are lying": another clause's subject
        words = g.words(low, end, f.start)
        # the sentence's verb, agreeing with the group, then only adverbs; not a verb of the
        # clause that narrows it ("<group> who say they were abused ...")
        at = next((i for i, w in enumerate(words) if w in _VERB and _main_verb(words, i)), None)
        if at is None:
            continue
        if _CHARGED.intersection(words) or any(g.is_negation(w) for w in words[at:]) or _OWN.intersection(words):
            return None  # "are constantly assumed to be faking it", "we are ..."
        if not _faked(low, f, s_end):
            continue
        return f.end
    return None


_CLAUSE_CHARS = 160  # characters from the group to the word of fakery
_DETS = frozenset(["the", "their", "his", "her", "my", "our", "these", "those", "a", "an", "its", "your", "that"])
_OWN = frozenset(["we", "we're", "us", "i", "i'm"])


def _main_verb(words: list[str], i: int) -> bool:
    """The verb at `i` is the sentence's, agreeing with the group, then only adverbs before the
    word of fakery; not a verb of the clause that narrows it, whose own subject stands before it
    ("who say they were abused", "who say their doctors were lying", "report that fraudsters
    are ...")."""
    if not set(words[i + 1 :]) <= _ADVERBS or i == 0:
        return i == 0 and set(words[1:]) <= _ADVERBS
    prev = words[i - 1]
    if prev in _CLAUSE_SUBJECTS or (i >= 2 and words[i - 2] in _DETS):
        return False
    return not (i >= 2 and prev.endswith("s") and words[i - 2] in _CLAIMING)


# Verbs of claiming that open a clause with its own subject ("say callers are ...").
_CLAIMING = frozenset(["say", "says", "said", "claim", "claims", "report", "reports", "that", "think", "insist"])
# Before a verb inside the narrowing clause: its own subject ("who say they were abused").
_CLAUSE_SUBJECTS = frozenset(["they", "we", "you", "he", "she", "it", "i"])
# After "lying": lying down, not lying ("lying on the floor", "lying awake").
_LYING_DOWN = frozenset(
    ["on", "in", "down", "awake", "low", "around", "there", "face", "flat", "still", "under", "beside", "next", "at"]
)
# After the word of fakery: a rate, not a charge ("are lying in only 2 to 8 percent of cases").
_RATE = frozenset(["percent", "%", "only", "rarely", "seldom", "cases", "nothing", "less", "never"])


def _faked(low: str, f: Hit, s_end: int) -> bool:
    """The word of fakery in its sense of faking, not a rate of it ("lying in only 2 percent of
    cases") nor another sense ("lying on the floor")."""
    rest = g.first_words(low, f.end, s_end, 8)
    if f.value == "lying" and rest[:1] and rest[0] in _LYING_DOWN:
        return False
    if rest[:1] and (rest[0] in _DONE_TO or (rest[0] == "to" and rest[1:2] and rest[1] in _DONE_TO)):
        return False  # "scamming them", "lying to them": done to someone, not faked by the group
    return not _RATE.intersection(rest)


_DONE_TO = frozenset(["them", "us", "me", "him", "her", "you", "people", "everyone", "customers", "patients"])


def _story(low: str, end: int, by_kind: Mapping[str, list[Hit]]) -> int | None:
    """ "<group> always have a sob story": a verb of having or telling right after the group; a
    story that is not dismissive by itself ("hardship story") only said to be always, all or the
    same ("all tell the same rehearsed hardship story")."""
    for s in by_kind.get("sob_stories", []):
        if s.start <= end:
            continue
        if s.start > end + _STORY_CHARS:
            return None
        words = g.words(low, end, s.start)
        if len(words) > _STORY_WORDS or any(c in low[end : s.start] for c in ",;:"):
            return None
        if _CHARGED.intersection(words) or any(g.is_negation(w) for w in words):
            return None  # "told they have a sob story by benefit assessors"
        if _MEDIA.intersection(g.first_words(low, max(0, end - 60), end, 12)):
            return None  # "in the tabloids, <group> always have a sob story": how they are shown
        if not _TELLING.intersection(words):
            continue
        if s.value in _NEUTRAL_STORIES and not _DISMISSING.intersection(words):
            continue  # "told their hardship stories to MPs"
        return s.end
    return None


_STORY_CHARS = 60
_MEDIA = frozenset(["tabloids", "media", "news", "papers", "press", "films", "movies", "coverage", "shows"])
_NEUTRAL_STORIES = frozenset(["hardship story", "hardship stories", "victim story", "victim stories"])
_DISMISSING = frozenset(["always", "all", "same", "another", "endless", "rehearsed", "every", "usual"])


def _claims(low: str, end: int, by_kind: Mapping[str, list[Hit]]) -> bool:
    """The group's people claim something right after it ("<group> always say", "who claim")."""
    return any(
        end <= c.start <= end + 30 and len(g.words(low, end, c.start)) <= 2 for c in by_kind.get("claim_verbs", [])
    )


def _next(low: str, following: Neighbour) -> int | None:
    """The next sentence opens with "they" and a word of fakery ("They exaggerate to get ...")."""
    n_start, n_end, hits = following
    if p.asked(low, n_start, n_end):
        return None
    opening = g.first_words(low, n_start, n_end, 4)
    if not opening or opening[0] not in _NEXT_OPENERS or not {"they", "they're", "theyre"} & set(opening):
        return None
    if {"found", "according", "study", "studies", "research", "data"} & set(g.first_words(low, n_start, n_end, 30)):
        return None  # "They are lying awake in pain, the study found": a finding reported
    for f in hits:
        if f.kind != "faked_claims":
            continue
        words = g.words(low, n_start, f.start)
        if (
            len(words) <= 5
            and set(words) <= _NEXT_OPENERS | _ADVERBS | _VERB
            and not any(g.is_negation(w) for w in words)
            and _faked(low, f, n_end)
        ):
            return f.end
    return None
