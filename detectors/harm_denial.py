"""The prejudice a group meets, denied by the writer, for the harm lexicon (implicit derogation,
frame `denied_discrimination`).

Modern prejudice seldom insults: it says the prejudice a group meets is not real ("racism against
<group> is a myth", "discrimination against <group> is largely exaggerated", "the idea that
<group> face real discrimination is overstated", "there's no racism against <group>", "nobody
discriminates against <group> now", "<group> don't face any real discrimination", "<group> aren't
oppressed"). The word of prejudice and its group are harm_prejudice's; the denial is a predicate
of the word (`denial_predicates`: "no longer exists"), a state after its copula with only adverbs
between (`denial_states`: "is largely a myth", "are often overstated"), an opener before it
(`denial_openers`: "there's no such thing as"), or the group's own predicate
(`denied_suffering`).

Not read: a denial negated ("is not a myth", "is far from over"), asked, under a negated verb of
saying ("don't let anyone tell you <prejudice> is overblown"), denied itself ("the claim that
racism is over is a myth"), conceded later ("has fallen, though it still ..."), held only on
paper, scoped to one place ("is over in my family") or set against evidence ("..., but the
surveys say otherwise"); a word of prejudice that is a preposition's object ("protection from
discrimination doesn't exist"); irony ("Oh sure, sexism is a myth, that's why ..."); a
comparison ("<group> don't face harassment at the rate <group> do"); a state word in another
sense ("made up of", "over the top", "rooted in history").
A report right after the denial makes it someone's words (", the accused man claimed"); someone
else's denial quoted or reported before it, and one the writer rejects, are the stance's to damp
(harm_frames).
"""

from __future__ import annotations

from collections.abc import Mapping

from detectors import harm_grammar as g
from detectors import harm_prejudice as p
from detectors.harm_grammar import Hit
from detectors.harm_prejudice import Found
from detectors.taxonomy import Mention

KINDS = ("grievance_nouns", "denial_predicates", "denial_states", "denial_openers", "denied_suffering")
FRAME = "denied_discrimination"

_WHOLE = frozenset(["real", "any", "actual", "a", "an", "true", "genuine", "such"])
_OPENER_REACH = 3  # words from "there's no such thing as" to the prejudice ("... as real racism")
# The last word of an opener that takes the group itself ("nobody discriminates against <group>").
_OF_PEOPLE = frozenset(["against", "oppresses", "oppressing", "persecutes", "persecuting"])
# A state after its copula, with at most this many words between, each an adverb ("is largely a
# myth", "are often wildly overstated"), not a phrase of its own ("is rooted in history").
_COPULAS = frozenset(["is", "are", "was", "were", "be", "been", "seems", "seem"])
_STATE_REACH = 3
_ADVERBS = frozenset(
    [
        *("just", "now", "today", "all", "pretty", "much", "quite", "so", "very", "already", "basically"),
        *("long", "often", "mostly", "mainly", "largely", "really", "simply", "totally", "completely", "kind"),
        *("sort", "of", "a", "an", "the", "way", "too", "little", "more", "than", "nothing", "but"),
    ]
)
# After a state, these make it part of another phrase ("made up of", "invented by", "imagined as",
# "over the top").
_CONTINUING = frozenset(["of", "by", "as", "than", "to", "with", "from", "the", "a", "an", "in", "on", "there", "here"])
# After a state, these make it another word: "over three times", "dead serious".
_NOT_STATES = frozenset(
    [
        *("serious", "set", "wrong", "right", "twice", "half", "double", "triple", "one", "two", "three"),
        *("four", "five", "six", "ten", "run", "used"),
    ]
)
# Before a state: it is denied ("far from over", "anything but a myth").
_FAR_FROM = ("far from", "by no means", "anything but", "hardly", "nowhere near")
# "didn't happen by accident", "never happened overnight": only a predicate of happening that ends
# its clause denies the event.
_HAPPENING = frozenset(["happen", "happened"])
# Before the word of prejudice: a preposition makes it another noun's object ("protection from
# discrimination doesn't exist").
_GOVERNING = frozenset(["from", "for", "about", "to", "with", "without", "over", "into", "against", "on"])
# Between a group and its predicate of meeting no prejudice: a goal, not a claim ("<group> should
# have equal opportunities").
_MODALS = frozenset(["should", "must", "will", "would", "can", "could", "shall", "to", "may", "might"])
# After a group said to meet no prejudice: a comparison ("don't face harassment at the rate
# <group> do", "don't face it alone").
_COMPARING = ("only", "alone", "the way", "at the rate", "as much as", "like", "the same way", "as often", "as")


def denied(
    low: str,
    s_start: int,
    s_end: int,
    mentions: list[Mention],
    by_kind: Mapping[str, list[Hit]],
    words: tuple[Mapping[str, str], frozenset[str]],
) -> list[Found]:
    """The prejudice against a group said by the writer to be over or unreal. `words`: the words
    of prejudice that name their group, and the taxonomy's person nouns."""
    if p.asked(low, s_start, s_end) or p.ironic(low, s_start, s_end):
        return []
    implied, persons = words
    nouns = p.outermost(by_kind.get("grievance_nouns", []))
    out: list[Found] = []
    states = [h for h in by_kind.get("denial_states", []) if _stated(low, h, (s_start, s_end))]
    denials = p.outermost([*by_kind.get("denial_predicates", []), *states])
    for i, d in enumerate(denials):
        if _negated(low, d, s_start) or p.qualified(low, d.end, s_end, local=True):
            continue
        if d.value.split(" ")[-1] in _HAPPENING and g.first_words(low, d.end, g.clause_end(low, d.end, s_end), 1):
            continue
        near = (n for n in reversed(nouns) if d.start - 150 <= n.end <= d.start)
        n = next((n for n in near if p.same_clause(low, n.end, d.start)), None)
        if n is None or any(n.end <= e.start and e.end <= d.start for e in denials[:i]):
            continue  # a denial of a denial ("the claim that racism is over is a myth") rejects the first
        if _governed(low, n, s_start) or p.told_otherwise(low, s_start, n.start) or _reported_after(low, d, by_kind):
            continue
        groups = p.groups_of(low, n, mentions, implied, s_start, persons)
        if groups:
            # "<group> discrimination is a myth": the claim starts at the group named before it,
            # or at the talk of it ("the idea that <group> face ...")
            before = [
                m.start
                for m in mentions
                if max(s_start, n.start - 80) <= m.start < n.start and p.meets(low, m, n, persons)
            ]
            start = min([_talk(low, s_start, n.start), *before])
            out.append(Found(max(start, s_start), d.end, groups, FRAME))
    for o in p.outermost(by_kind.get("denial_openers", [])):
        if g.negated(low, o.start, s_start):
            continue
        end = p.reach(low, o.end, s_end, _OPENER_REACH)
        named = [m for m in mentions if o.end <= m.start < end]
        # the prejudice right after, or after a word that keeps it whole ("no real racism"), not
        # one that grades it ("no such thing as harmless harassment")
        noun = next((n for n in nouns if o.end <= n.start < end and set(g.words(low, o.end, n.start)) <= _WHOLE), None)
        # "there's no such thing as" needs a word of prejudice right after it ("... as an
        # old-fashioned <group> guy" is no denial); "nobody discriminates against" takes the group
        groups = frozenset(m.group for m in named) if o.value.split(" ")[-1] in _OF_PEOPLE else frozenset()
        if noun is not None:
            groups |= p.groups_of(low, noun, mentions, implied, s_start, persons)
        stop = max([o.end, *(m.end for m in named), *([noun.end] if noun is not None else [])])
        if groups and not p.qualified(low, stop, s_end, local=True):
            out.append(Found(o.start, stop, groups, FRAME))
    for m in mentions:
        f = _unsuffered(low, m, (s_start, s_end), by_kind, nouns)
        if f is not None:
            out.append(f)
    return out


def _stated(low: str, h: Hit, sentence: tuple[int, int]) -> bool:
    """A state ("a myth", "overblown") after its copula, with only adverbs between, ending its
    phrase ("is largely a myth", "sexism's a myth"; not "is made up of", "is rooted in history")."""
    s_start, s_end = sentence
    lo = max(s_start, h.start - 60, low.rfind(",", s_start, h.start) + 1)
    before = g.words(low, lo, h.start)[-(_STATE_REACH + 1) :]
    at = max((i for i, w in enumerate(before) if w in _COPULAS or w.endswith("'s")), default=None)
    if at is None:
        return False
    between = before[at + 1 :]
    if any(g.is_negation(w) or not (w.endswith("ly") or w in _ADVERBS) for w in between):
        return False
    nxt = g.next_word(low, h.end, s_end)
    if nxt is None:
        return True
    return not (nxt[0] in _CONTINUING or nxt[0][:1].isdigit() or nxt[0] in _NOT_STATES)


def _negated(low: str, d: Hit, s_start: int) -> bool:
    """The denial is negated right before it ("is not a myth", "is far from over")."""
    if g.negated(low, d.start, s_start):
        return True
    before = " ".join(g.words(low, max(s_start, d.start - 40), d.start)[-3:])
    return any(before.endswith(f) or f" {f} " in f" {before} " for f in _FAR_FROM)


def _governed(low: str, n: Hit, s_start: int) -> bool:
    """The word of prejudice is a preposition's object ("protection from discrimination")."""
    before = g.words(low, max(s_start, n.start - 40), n.start)
    while before and before[-1] in ("the", "a", "an", "any", "real", "all", "such"):
        before.pop()
    return bool(before) and before[-1] in _GOVERNING


def _reported_after(low: str, d: Hit, by_kind: Mapping[str, list[Hit]]) -> bool:
    """A report right after the denial makes it someone's words ("... was a lie, the accused man
    claimed"); a later one is about something else ("... and those making the claims ...")."""
    return any(
        d.end <= c.start <= d.end + 60 and "," in low[d.end : c.start] and len(g.words(low, d.end, c.start)) <= 4
        for c in by_kind.get("reporting_cues", [])
    )


def _talk(low: str, s_start: int, start: int) -> int:
    """Where the talk or the idea of the prejudice starts, if a word for it comes shortly before
    in its clause ("the idea that <group> face ...", "the stories of widespread ..."); else `start`."""
    lo = g.clause_start(low, s_start, start)
    found = list(g.WORD.finditer(low, lo, start))[-8:]
    # a noun after its determiner ("the idea", "the whole thing"), not a verb ("some claim"),
    # followed by "of" or by a clause of its own ("the idea that <group> face ..."); "the claim
    # that racism is a myth" holds the denial, and frames it as someone's
    for i in range(1, len(found)):
        if found[i].group(0) in _TALK and found[i - 1].group(0) in _TALK_DETERMINERS:
            rest = [w.group(0) for w in found[i + 1 :]]
            if rest[:1] == ["of"] or (rest[:1] == ["that"] and len(rest) > 1):
                return found[i - 1].start()
    return start


_TALK = frozenset(
    [
        *("idea", "notion", "claim", "claims", "belief", "narrative", "talk", "stories", "story", "reports"),
        *("evidence", "thing", "concept", "perception", "fear", "fears"),
    ]
)
_TALK_DETERMINERS = frozenset(["the", "this", "that", "these", "all", "whole", "any"])


def _unsuffered(
    low: str, m: Mention, sentence: tuple[int, int], by_kind: Mapping[str, list[Hit]], nouns: list[Hit]
) -> Found | None:
    """ "<group> don't face any real discrimination", "<group> aren't oppressed": the group, as
    the subject, said to meet no prejudice; not in a comparison, nor where it is the majority."""
    s_start, s_end = sentence
    for h in by_kind.get("denied_suffering", []):
        if h.start < m.end or h.start > m.end + 60 or g.after(low, m, h, 3) is None or not p.subject(low, m, s_start):
            continue
        if _MODALS.intersection(g.words(low, m.end, h.start)):
            continue  # "<group> should have equal opportunities": a goal
        end = h.end
        if p.MEETING.intersection(h.value.split(" ")):
            # a prejudice, not a hardship of their own ("don't experience their disability as ...")
            near = (n for n in nouns if h.end <= n.start <= h.end + 40 and not n.value.startswith(("their ", "how ")))
            n = next((n for n in near if p.same_clause(low, h.end, n.start, 3)), None)
            if n is None:
                continue
            end = n.end
        rest = " ".join(g.words(low, end, g.clause_end(low, end, s_end)))
        if any(rest == c or rest.startswith(c + " ") or f" {c} " in f" {rest} " for c in _COMPARING):
            continue
        if p.qualified(low, end, s_end, local=True) or "majority" in g.words(low, end, s_end):
            continue
        return Found(m.start, end, frozenset([m.group]), FRAME)
    return None
