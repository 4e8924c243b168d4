"""Counter-speech, reporting and negation around a harm finding, read across a sample's sentences.

A sample's score is the maximum over detectors, so a tripwire that fires on hate someone quotes in
order to condemn it flags the sample however well the embedding head reads it. This module decides,
for a claim at one place in the text, whether the writer asserts it or reports it ("he said ...",
"a post calling ...", "some people claim ...": a reporting cue before it whose subject is not the
writer), whether the sample rejects or denounces it (in its own sentence, or in the next or
previous one: "... should be shot." "That's a vile thing to say."), and whether a threat is
negated in its clause ("nobody should ...", "I would never ..."). The writer's own voice ("I said it
before:", "as my dad says", "let's call them ...") and agreement ("he's right") keep a claim
asserted. Cue lists live in harm_terms.yaml; the words are found by the harm lexicon's one
Aho-Corasick pass.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention, normalise

# Cue kinds of harm_terms.yaml read here (the harm lexicon adds them to its automaton).
KINDS = (
    "reporting_cues",
    "endorsements",
    "rejection_cues",
    "denunciations",
    "weak_denunciations",
    "negation_exceptions",
    "typo_cues",
)
# A reporting cue governs a claim that starts at most this many words after it.
_REPORT_REACH = 12
# Characters a cue can be from its claim within `_REPORT_REACH` words, read before counting them (a
# long sentence has many cues and claims).
_REPORT_CHARS = 40 * _REPORT_REACH
# Words the subject of a reporting cue is read from.
_SUBJECT_WORDS = 3
# Negation scope before a threat: at most this many words, and never across these.
_NEGATION_REACH = 5
_SCOPE_BREAKS = frozenset(["and", "but", "so", "then", "because", "until", "unless", "if", "when", "or", "otherwise"])
# A negated auxiliary opening a question about the group asks for agreement with what follows
# ("Shouldn't <group> be ...?", "Don't <group> deserve ...?"), as `negation_exceptions` lists for
# fixed phrases; the determiners that may stand between it and the group.
_ASKING = frozenset(["shouldn't", "wouldn't", "don't", "aren't", "isn't", "can't", "won't", "doesn't"])
_ASKED_DETERMINERS = frozenset(["the", "all", "those", "these", "most", "many", "some", "our", "their"])
_REPLY_WORDS = 2  # the writer's own words after a quotation they answer
_QUOTED_WORDS = 3  # a single-quoted opening long enough to be a quotation, not a word
_OPENING_QUOTES = ('"', "\u201c", "'", "\u2018")
# A reply agrees with the quotation when it opens with one of `_AGREEING` or says one of
# `_AGREEMENT`; a writer reporting their own words ("I told my son", "and I stand by that", "my
# opinion") quotes themselves. Any other reply of their own answers it: a rebuttal ('"<claim>" No,
# that's a lie'), a report of who said it, a verdict ('"<claim>" is the dumbest thing I've heard').
_SELF_REPORT = re.compile(
    r"(?<![a-z0-9'])(?:(?:i|we) (?:always |just |once |will |'ll )?(?:told|tell|said|say|wrote|write|posted|stand by"
    r"|meant|mean it|repeat)|my (?:honest )?opinion|imo|say it louder|said what i said)(?![a-z0-9'])"
)
_AGREEING = frozenset(["exactly", "true", "facts", "yes", "yep", "agreed", "correct", "truth", "based", "100"])
_INTERJECTIONS = frozenset(["lol", "lmao", "so", "yeah", "oh", "haha", "ha", "ok", "okay"])
_CHALLENGING = frozenset(
    [
        *("on", "don't", "dont", "doesn't", "do", "does", "say", "says", "show", "shows", "not", "aren't"),
        *("isn't", "disagree"),
    ]
)
_AGREEMENT = re.compile(
    r"(?<![a-z0-9'])(?:well said|said it better|someone said it|someone says it|someone finally said"
    r"|the truth|100% (?:correct|true|right)|every one of them|couldn't agree|everyone knows|we all know"
    r"|that's a fact|it's a fact|is a fact)(?![a-z0-9'])"
)
# Words that turn from a rejection to the writer's own point, and how far a rejection reaches.
_CONTRASTS = frozenset(["but", "yet", "however", "though", "although"])
_REJECTION_REACH = 12  # words between a rejection and the claim ("falsely imply that <group> are inherently more")
# Characters a rejection can be from its claim within `_REJECTION_REACH` words, read before counting.
_REJECTION_CHARS = 40 * _REJECTION_REACH
_PARENTHETICAL = re.compile(r"\s*,\s*(?:though|however),")
# Opinion verbs a negative question puts to its addressee as the writer's own view.
_ASKED_OPINIONS = frozenset(["think", "believe", "say"])
# "Am I the only one who thinks ...?", "Does anyone else think ...?", "Who else believes ...?": the
# writer's own opinion put as a question, not someone else's reported.
_SHARED_OPINIONS = (["only", "one", "who"], ["anyone", "else"], ["anybody", "else"], ["who", "else"])
_NEGATORS = frozenset(["not", "never", "no", "nobody", "none", "noone", "nor", "neither", "nothing"])


@dataclass(frozen=True, slots=True)
class FrameWords:
    """The authored word lists the frames are read with (harm_terms.yaml)."""

    own_voice: frozenset[str]
    endorsing_markers: frozenset[str]


@dataclass(frozen=True, slots=True)
class Stance:
    """How the sample treats the claims of one sentence."""

    reports: tuple[int, ...]  # end offsets of reporting cues with a subject other than the writer
    endorsed: bool  # the writer agrees with what is reported or denounced ("he's right")
    rejections: tuple[tuple[int, int], ...]  # spans of rejections in this sentence ("wrongly", "simply wrong")
    denounced: bool  # a denunciation in this sentence or one naming speech in the next
    denounced_if_reported: bool  # a denunciation reaching this sentence only if its claim is reported
    exceptions: tuple[tuple[int, int], ...]  # spans of phrases whose negation word does not negate
    typo: bool  # this sentence or the next blames a word on a typo or autocorrect
    inherited_report: bool = False  # what the sentence says of "them" refers to a group named in a report
    replied: tuple[int, int] | None = None  # a quotation opening the text that the writer answers
    joined: tuple[int, ...] = ()  # where "and"/"or" joins two groups ("<group> and <group> are ...")

    def reported(self, low: str, pos: int) -> bool:
        """A reporting cue before `pos`, close enough to govern the claim there, and no agreement."""
        if self.endorsed:
            return False
        if self.inherited_report:
            return True
        if self.replied is not None and self.replied[0] <= pos < self.replied[1]:
            return True
        # read no further than the reach: a long sentence has many cues and claims
        return any(
            end <= pos <= end + _REPORT_CHARS and len(g.first_words(low, end, pos, _REPORT_REACH + 1)) <= _REPORT_REACH
            for end in self.reports
        )

    def countered(self, low: str, pos: int) -> bool:
        """The claim at `pos` is rejected or denounced by the sample."""
        if any(rejection_reaches(low, r, pos, self.joined) for r in self.rejections):
            return True
        if self.endorsed:
            return False
        return self.denounced or (self.denounced_if_reported and self.reported(low, pos))


def prejudice_disclaimers(data: Mapping[str, Any]) -> set[str]:
    """Every `disclaimer_openers` x `prejudice_names` disclaimer ("i'm not ableist but"), normalised."""
    openers = [normalise(str(o)).strip() for o in data.get("disclaimer_openers") or []]
    names = [normalise(str(n)).strip() for n in data.get("prejudice_names") or []]
    return {f"{o} {n}{comma} but" for o in openers for n in names for comma in ("", ",")}


# Kinds whose phrases hold a denunciation's words without denouncing ("the cool thing to say"
# dismisses; "thing to say" inside it is not "what a thing to say"); passed in with the cues.
HOLDING = ("identity_dismissals",)


def stances(
    low: str,
    spans: list[tuple[int, int]],
    hits: Iterable[Hit],
    words: FrameWords,
    wanted: Collection[int] | None = None,
) -> dict[int, Stance]:
    """The Stance of each sentence span (of those `wanted`, by index); `hits` are the harm
    lexicon's hits over the whole text. A sentence's stance reads its neighbours' cues too."""
    starts = [s for s, _ in spans]
    n = len(spans)
    reports: list[list[int]] = [[] for _ in range(n)]
    endorsed = [False] * n
    rejected: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    strong = [False] * n
    weak = [False] * n
    exceptions: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    typo = [False] * n
    want = range(n) if wanted is None else frozenset(wanted)
    # "the cool thing to say" dismisses; "thing to say" inside it denounces nothing
    hits = list(hits)  # read twice
    dismissals = [(h.start, h.end) for h in hits if h.kind in HOLDING]
    for h in hits:
        i = bisect_right(starts, h.start) - 1
        if h.kind == "reporting_cues":
            # Only the sentence's own stance reads its reports.
            if i in want and _third_party(low, spans[i][0], h, words):
                reports[i].append(h.end)
        elif h.kind == "endorsements":
            endorsed[i] = True
        elif h.kind == "rejection_cues":
            if not _literal_rubbish(low, h):
                rejected[i].append((h.start, h.end))
        elif h.kind == "denunciations":
            strong[i] = strong[i] or not any(a <= h.start and h.end <= b for a, b in dismissals)
        elif h.kind == "weak_denunciations":
            weak[i] = True
        elif h.kind == "negation_exceptions":
            exceptions[i].append((h.start, h.end))
        elif h.kind == "typo_cues":
            typo[i] = True
    out: dict[int, Stance] = {}
    for i in sorted(want):
        after = i + 1 < n and strong[i + 1] and not endorsed[i + 1]
        before = i > 0 and (strong[i - 1] or weak[i - 1]) and not endorsed[i - 1]
        weak_after = i + 1 < n and weak[i + 1] and not endorsed[i + 1]
        out[i] = Stance(
            reports=tuple(reports[i]),
            endorsed=endorsed[i],
            rejections=tuple(rejected[i]),
            denounced=strong[i] or after,
            denounced_if_reported=weak[i] or before or weak_after,
            exceptions=tuple(exceptions[i]),
            typo=typo[i] or (i + 1 < n and typo[i + 1]),
        )
    return out


# "rubbish" is a verdict on a claim ("That's rubbish.", "a load of rubbish") or the thing thrown
# away ("they leave rubbish everywhere", "bags of rubbish", "the rubbish piles up"): after these
# words, after a container and "of", or before a word that makes it the thing, it is the thing.
_RUBBISH_HANDLED = frozenset(
    [
        *("the", "their", "his", "her", "our", "my", "your", "with", "leave", "leaves", "left"),
        *("leaving", "dump", "dumps", "dumped", "dumping", "drop", "drops", "dropped", "dropping", "throw"),
        *("throws", "threw", "throwing", "pick", "picks", "picked", "collect", "collects", "burn", "burns"),
    ]
)
_RUBBISH_CONTAINERS = frozenset(
    ["bag", "bags", "sack", "sacks", "pile", "piles", "heap", "heaps", "full", "bin", "bins"]
)
_RUBBISH_THINGS = frozenset(["bin", "bins", "bag", "bags", "everywhere", "collection", "tip", "dump", "piles", "heaps"])


def _literal_rubbish(low: str, h: Hit) -> bool:
    if h.value != "rubbish":
        return False
    before = g.words(low, max(0, h.start - 30), h.start)[-2:]
    after = g.words(low, h.end, h.end + 20)[:1]
    contained = len(before) == 2 and before[1] == "of" and before[0] in _RUBBISH_CONTAINERS
    return bool(_RUBBISH_HANDLED.intersection(before[-1:]) or contained or _RUBBISH_THINGS.intersection(after))


def replied_quote(low: str, hits: Iterable[Hit], from_emoji: Callable[[int, int], bool]) -> tuple[int, int] | None:
    """The span of a quotation that opens the text and that the writer then answers in words of
    their own ('"why are <group> so loud" because you made us be quiet', '"go back to your
    country" I was born here'): someone else's words, cited to reply to them. None if nothing
    follows the quotation, if another quotation does (a dialogue's next turn), if only emoji
    follow (a reaction whose stance the emoji reading judges), if the reply agrees with it
    (`endorsements`: "so true", "spot on"; "exactly", "everyone knows") or if the writer reports
    saying it ("I told my son", "and I stand by that")."""
    lead = len(low) - len(low.lstrip())
    if not low.startswith(_OPENING_QUOTES, lead):
        return None
    # A single quote closes where a word ends ("'two dudes kissing 🤮' - if that's your reaction,
    # ..."), not at an apostrophe inside one ("don't"), within the first sentence; it quotes a
    # sentence of at least _QUOTED_WORDS words, not a word set off as the subject ("'Refugees' are
    # parasites") nor an elision ("'cause <group> are ...").
    single = low[lead] in "'\u2018"
    closed = g.quote_end(low, lead, lead + 1, g.sentences(low)[0][1] if single else len(low))
    if closed < 0 or (single and (len(g.words(low, lead, closed)) < _QUOTED_WORDS or g.elided(low, lead))):
        return None
    rest = low[closed + 1 :].lstrip()
    if rest.startswith(_OPENING_QUOTES):
        return None
    own = [w for w in g.WORD.finditer(low, closed + 1) if not from_emoji(w.start(), w.end())]
    if len(own) < _REPLY_WORDS:
        return None
    after = [h for h in hits if h.start > closed]
    if any(h.kind == "endorsements" for h in after):
        return None
    said = [w.group(0) for w in own]
    if _agrees(said) or _AGREEMENT.search(low, closed + 1):
        return None  # '"<claim>" exactly', '"<claim>" couldn't have said it better'
    if _SELF_REPORT.search(low, closed + 1):
        return None  # '"<claim>," I told my son', '"<claim>" and I stand by that'
    return lead, closed


def _agrees(said: list[str]) -> bool:
    """The reply opens by agreeing ("exactly", "lol facts"), not by challenging ("based on what
    evidence?", "facts don't support that")."""
    for i, w in enumerate(said[:2]):
        if w in _AGREEING:
            return not (i + 1 < len(said) and said[i + 1] in _CHALLENGING)
        if w not in _INTERJECTIONS:
            return False
    return False


def rejection_reaches(low: str, rejection: tuple[int, int], pos: int, joined: Collection[int] = ()) -> bool:
    """A rejection reaches the claim at `pos` in its sentence: one after the claim answers it,
    contrast or not ("<claim>, but that is a myth"); one before it governs it only within
    `_REJECTION_REACH` words with no contrast or clause break between ("That doesn't mean much, but
    <group> are ...", "It doesn't mean much and <group> are ..."), a parenthetical "though" aside
    ("I don't believe, though, that ...") and an "and" or "or" joining two groups (`joined`: "I
    don't think <group> and <group> are ...") no break."""
    if rejection[0] > pos:
        return True
    if pos - rejection[1] > _REJECTION_CHARS:
        return False  # further than the reach's words can be
    aside = _PARENTHETICAL.match(low, rejection[1])
    spans = []
    for w in g.WORD.finditer(low, aside.end() if aside else rejection[1], pos):
        spans.append(w)
        if len(spans) > _REJECTION_REACH:
            return False  # read no further than the reach
    if ";" in low[rejection[1] : pos]:
        return False
    between = {w.group(0) for w in spans if w.start() not in joined}
    return not (_CONTRASTS.intersection(between) or _SCOPE_BREAKS.intersection(between))


_COORDINATOR = re.compile(r"(?<![a-z0-9'])(?:and|or)(?![a-z0-9'])")


def coordinators(low: str, mentions: Iterable[Mention]) -> tuple[int, ...]:
    """Where "and" or "or" joins two group mentions, at most a person noun before it ("Jews and
    Muslims", "gay or bisexual men", "Black people and Latinos")."""
    ordered = sorted(mentions, key=lambda m: m.start)
    out = []
    for a, b in pairwise(ordered):
        gap = g.words(low, a.end, b.start)
        if 1 <= len(gap) <= 2 and gap[-1] in ("and", "or"):
            found = _COORDINATOR.search(low, a.end, b.start)
            if found is not None:
                out.append(found.start())
    return tuple(out)


# Right before a cue: the writer hearing someone else say it ("I've heard people saying ...").
_HEARING = frozenset(["heard", "hear", "hears", "read", "seen", "see", "saw", "noticed", "notice"])
_OTHERS_SPEAKING = frozenset(["people", "someone", "somebody", "folks", "others", "them", "him", "her", "everyone"])


def _third_party(low: str, s_start: int, cue: Hit, words: FrameWords) -> bool:
    """The cue's subject is someone other than the writer, and the writer does not cite them to agree.

    A cue inside a hyphenated word ("so-called") is a modifier, not a report. With no subject, only
    a gerund ("Saying ... is hateful") or speech named by example ("Comments like ...") reports; a
    bare verb opening the sentence is an imperative or drops an "I" ("Call them what they are",
    "Said it before:"): the writer's own.
    """
    if cue.start > 0 and low[cue.start - 1] == "-":
        return False
    subject = g.words(low, s_start, cue.start)[-_SUBJECT_WORDS:]
    if not subject:
        # "Statements like '...' have no place here" names speech by example, as a gerund does;
        # "You may have heard that ..." holds its own subject, the reader, told of others' claim.
        return cue.value.endswith(("ing", " like", " such as")) or cue.value.startswith("you ")
    if len(subject) >= 2 and subject[-2] in _HEARING and subject[-1] in _OTHERS_SPEAKING:
        return True  # "I've heard people saying ...": the writer heard others' claim
    if words.own_voice.intersection(subject):
        return False
    if any(subject[-len(w) :] == w for w in _SHARED_OPINIONS) and cue.value.rstrip("s") in _ASKED_OPINIONS:
        return False
    if subject[-2:] in (["don't", "you"], ["wouldn't", "you"]) and cue.value in _ASKED_OPINIONS:
        # "Don't you think ...?", "Wouldn't you say ...?": the writer's own claim, asked. Not
        # "Didn't you say ...?", which asks about what the addressee said.
        return False
    return not words.endorsing_markers.intersection(subject)


def negated(low: str, s_start: int, h: Hit, stance: Stance) -> bool:
    """A negation before the hit in its clause ("nobody should ...", "we would never ...").

    Hits that carry their own negation ("don't deserve to live") are not negated by it, and
    phrases like "why not" or "can't wait" do not negate.
    """
    if any(w in _NEGATORS or w.endswith("n't") for w in g.words(low, h.start, h.end)):
        return False
    lo = max(s_start, h.start - 48)
    comma = low.rfind(",", lo, h.start)
    if comma >= 0:
        lo = comma + 1
    before = g.words(low, lo, h.start)[-_NEGATION_REACH:]
    for i in range(len(before) - 1, -1, -1):
        w = before[i]
        if w in _SCOPE_BREAKS:
            return False
        if w in _NEGATORS or w.endswith("n't") or (w == "one" and i and before[i - 1] == "no"):
            at = low.rfind(w, lo, h.start)
            return not any(s <= at < e for s, e in stance.exceptions)
    return False


def agreement_asked(low: str, s_start: int, s_end: int, mentions: Iterable[Mention]) -> tuple[int, int] | None:
    """The span of a negated auxiliary that opens a question about the group ("Shouldn't <group>
    just be locked away?"): its negation asks for agreement and negates nothing. Not a question
    about "it" or "we" ("Wouldn't it be cruel to ...?"), nor an imperative ("Don't pretend ...")."""
    first = g.WORD.search(low, s_start, s_end)
    if first is None or first.group(0) not in _ASKING or not g.is_question(low, s_end):
        return None
    for m in mentions:
        if m.start > first.end() and set(g.words(low, first.end(), m.start)) <= _ASKED_DETERMINERS:
            return first.start(), first.end()
    return None
