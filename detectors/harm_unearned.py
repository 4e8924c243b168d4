"""A position said to be unearned because of the holder's group, for the harm lexicon (implicit
derogation, frame `unearned_position`).

The same prejudice as a group's reports doubted (harm_doubt), said of what its people hold: a job,
a place, a role given for the group and not for merit.
- The group as the only reason: a gain of a position (a verb of being chosen, "was hired", "is
  here"; or "got", "made", "landed" with a position after it, "got the VP role") with "only",
  "just" or "solely" before "because" in one clause, and the group right after "because" ("she
  only got the role because she's a <group>") or someone wanting one ("... because the board
  wanted a <group> on the slide deck").
- A word of tokenism (`token_phrases`: "diversity hire", "token <group>", "to fill a quota") said
  of the group's people in its sentence; those that are things unless someone gains a position
  ("tick a box", "for the optics") need a gain after the group.
- A gain with a purpose of show after it (`token_purposes`: "so the channel could say it's
  inclusive", "to meet diversity goals") said as its only or likely reason ("obviously",
  "purely", "probably ... partly", "because the council wants to look ..."), or with merit denied
  (`merit_denials`: "not because she's any good"), the group's people holding the gain.

Not read: a position lost or denied for the group ("wasn't hired because she's <group>", "was
passed over because ..."); a bar ("only elected after 1918 because they could not stand"); a
gain for a skill, for the role's own need ("since it is a school for Deaf children") or with the
real reason after "and"; a policy described ("admitted more <group> students to meet its
diversity goals"); merit denied for another reason ("not on merit but on seniority"); the slur
reported, quoted, talked about or suffered ("called a diversity hire", "the 'token <group> hire'
line", "I was the token <group> guy"); tokens and boxes that are things; a report before the gain
("<group> residents say the park was only given funding to look good"); questions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from detectors import harm_grammar as g
from detectors import harm_prejudice as p
from detectors.harm_grammar import Hit
from detectors.harm_prejudice import Found
from detectors.taxonomy import Mention

KINDS = ("token_phrases", "token_purposes", "merit_denials")
FRAME = "unearned_position"

# Before "because": the group as the only reason ("only got", "got the job just because").
_ONLY = frozenset(["only", "just", "solely", "purely", "simply", "mainly"])
# A gain of a position between "only" and "because": a verb of being chosen, or "got" and the like
# with a position after it ("got the VP role", "is only here"); not "only got sick because ...".
_CHOSEN = frozenset(
    [
        *("hired", "promoted", "cast", "picked", "chosen", "appointed", "admitted", "accepted", "elected"),
        *("selected", "nominated", "here", "there", "tenured", "shortlisted", "recruited", "awarded", "signed"),
    ]
)
_GETTING = frozenset(
    [
        *("got", "gets", "get", "getting", "landed", "won", "given", "handed", "offered", "is", "was", "made"),
        *("gave", "she's", "he's", "they're", "are", "been"),
    ]
)
_POSITIONS = frozenset(
    [
        *("job", "role", "position", "post", "promotion", "scholarship", "grant", "contract", "part", "award"),
        *("keynote", "column", "seat", "spot", "gig", "place", "tenure", "offer", "title", "lead", "slot"),
        *("chair", "nomination", "internship", "residency", "board", "panel", "team", "in"),
        *("into", "through", "deal", "raise", "funding", "platform", "show", "cast", "squad", "list", "partner"),
        *("shortlist", "lineup", "prize", "statue", "campaign", "presenter", "anchor", "host", "fellowship"),
        *("jury", "committee", "council", "faculty", "pageant", "jobs", "spots", "places", "roles"),
    ]
)
_GAIN_REACH = 12  # words from the gain to "because"
# After "because": the holder is of the group ("she's a <group>", "he is <group>", "being <group>").
_BEING = frozenset(
    [
        *("she's", "he's", "they're", "she", "he", "they", "is", "are", "was", "were", "being", "a", "an"),
        *("shes", "hes", "theyre", "the", "her", "his", "their", "of", "cause"),
    ]
)
# After the group in the reason: the reason goes on, the role's own need or a second cause.
_MORE_REASON = frozenset(["who", "that", "which", "since", "and", "so", "as", "because"])
# After "because": someone wanted or needed one of the group ("the board wanted a <group>").
_WANTING = frozenset(["wanted", "needed", "want", "need", "wants", "needs", "had", "has", "have", "required"])
_REASON_REACH = 8  # words from "because" to the group
# Before a word of tokenism: someone else's charge or a denial ("called a diversity hire", "not a token").
_CHARGED = frozenset(
    ["called", "labelled", "labeled", "branded", "accused", "dismissed", "assume", "assumed", "joked", "jokes"]
)
_TOKEN_REACH = 10  # words between the group and a word of tokenism said of it
# Right before "token": a thing ("bus token", "game token").
_TOKEN_USES = frozenset(["bus", "subway", "metro", "game", "casino", "arcade", "security", "access", "api", "auth"])


def triggered(low: str, s_start: int, s_end: int, by_kind: Mapping[str, list[Hit]]) -> bool:
    """The sentence holds a word of tokenism or "because" (most hold neither)."""
    return any(k in by_kind for k in KINDS) or low.find("because", s_start, s_end) >= 0


def unearned(
    low: str,
    sentence: tuple[int, int],
    mentions: list[Mention],
    by_kind: Mapping[str, list[Hit]],
    persons: frozenset[str],
) -> list[Found]:
    """Positions said to be held by the group's people for their group, not their merit."""
    s_start, s_end = sentence
    if p.asked(low, s_start, s_end) or not mentions:
        return []
    out: list[Found] = []
    for because in _BECAUSE.finditer(low, s_start, s_end):
        found = _only_because(low, because.start(), (s_start, s_end), mentions)
        if found is not None:
            out.append(found)
    for t in by_kind.get("token_phrases", []):
        found = _tokened(low, t, (s_start, s_end), mentions, persons)
        if found is not None:
            out.append(found)
    for r in (*by_kind.get("token_purposes", []), *by_kind.get("merit_denials", [])):
        found = _for_show(low, r, (s_start, s_end), mentions)
        if found is not None:
            out.append(found)
    return out


def _for_show(low: str, r: Hit, sentence: tuple[int, int], mentions: list[Mention]) -> Found | None:
    """A gain of a position with a purpose of show after it, said as the only or likely reason
    ("was picked purely so the channel could say it's inclusive", "was probably promoted partly to
    hit gender targets"), or with merit denied ("..., not because she's any good"), and the group's
    people in the sentence: the span from the first of them to the purpose's end."""
    s_start = sentence[0]
    before = list(g.WORD.finditer(low, max(s_start, r.start - 160), r.start))[-_SHOW_REACH:]
    words = [w.group(0) for w in before]
    gain = _gain(words)
    if gain is None or any(g.is_negation(w) for w in words[: gain + 1]):
        return None
    # the purpose said as the only or likely reason ("obviously picked so ...", "hired purely
    # to ..."); not a policy described ("admitted more students to meet its diversity goals")
    said = words[gain:]
    wanted = "because" in said and bool(_WANTING.intersection(said))  # "because the council wants to look ..."
    if r.kind == "token_purposes" and not (_EXCLUSIVE.intersection(words[max(0, gain - 3) :]) or wanted):
        return None
    if r.kind == "merit_denials" and low.startswith(_OTHER_REASON, r.end):
        return None  # "not on merit but on seniority": another reason given
    if _CHARGED.intersection(words) or _FIRST_PERSON.intersection(words[:gain]):
        return None  # someone's charge ("joked that I was ..."), or the writer's own place
    # the group's people hold the gain: named before it, with no report between ("<group>
    # residents say the park was only given funding to look good")
    # or right after it, its object ("cast a <group> guy as host purely to ...")
    at = before[gain]
    m = next((m for m in mentions if before[0].start() <= m.start < at.start()), None)
    if m is None:
        m = next(
            (m for m in mentions if at.end() <= m.start and len(g.first_words(low, at.end(), m.start, 3)) <= 2), None
        )
    if m is None or _SAYING.intersection(g.words(low, m.end, at.start())):
        return None
    return Found(min(m.start, at.start()), r.end, frozenset([m.group]), FRAME)


# After a merit denied: another reason given ("not on merit but on seniority").
_OTHER_REASON = (" but on", " but for", " but because", " but by", " but through")
_SAYING = frozenset(["say", "says", "said", "claim", "claims", "argue", "argues", "complain", "complained"])


_SHOW_REACH = 20  # words from the gain to its purpose or the merit denied
# Between a gain and its purpose: the purpose is the only or the likely reason.
_EXCLUSIVE = frozenset(
    [
        *("only", "purely", "just", "simply", "solely", "mainly", "largely", "obviously", "clearly", "partly"),
        *("probably", "likely", "basically", "literally", "possibly", "presumably", "mostly", "entirely"),
    ]
)
_FIRST_PERSON = frozenset(["i", "i'm", "me", "we", "we're", "us", "my"])


_BECAUSE = re.compile(r"(?<![a-z0-9'])because(?![a-z0-9'])")


def _only_because(low: str, at: int, sentence: tuple[int, int], mentions: list[Mention]) -> Found | None:
    """ "<someone> only got the job because she's a <group>", "... just because the board wanted a
    <group>": the span from the gain to the group."""
    s_start, s_end = sentence
    before = list(g.WORD.finditer(low, max(s_start, at - 120), at))[-_GAIN_REACH:]
    words = [w.group(0) for w in before]
    only = max((i for i, w in enumerate(words) if w in _ONLY), default=None)
    gain = _gain(words)
    if only is None or gain is None or any(g.is_negation(w) for w in words):
        return None  # "wasn't hired because she's <group>" is discrimination, not a favour
    if any(c in low[before[min(only, gain)].start() : at] for c in (",", ";", " and ")):
        return None  # "she just got into MIT, and because she's <group> the paper ...": another clause
    reason = list(g.WORD.finditer(low, at + len("because"), min(s_end, at + 120)))[:_REASON_REACH]
    if not reason:
        return None
    lo, hi = reason[0].start(), reason[-1].end()
    m = next((m for m in mentions if lo <= m.start < hi), None)
    if m is None:
        return None
    lead = [w.group(0) for w in reason if w.end() <= m.start]
    if not _WANTING.intersection(lead) and not set(lead) <= _BEING:
        return None  # "because she speaks <group> sign language": a skill, not the group
    comma = low.find(",", at, reason[-1].end())
    own = [w.group(0) for w in reason if comma < 0 or w.start() < comma]  # the reason's own clause
    if any(g.is_negation(w) for w in own):
        return None  # "only elected after 1918 because they could not stand": a bar, not a favour
    rest = g.first_words(low, g.group_end(low, m, s_end), s_end, 6)
    # a second cause after "and" that wants the group too ("... and the donors wanted one of their
    # own") keeps it; any other ("... and on the Kindertransport list") is the real reason
    second = rest[:1] == ["and"] and not _WANTING.intersection(rest)
    other = bool(rest[:1]) and rest[0] in _MORE_REASON and rest[0] != "and"
    if other or second or {"required", "requires"}.intersection(rest):
        return None  # "because she is Deaf, since it is a school for Deaf children": the role's need
    start = before[min(gain, only)].start()
    return Found(start, g.group_end(low, m, s_end), frozenset([m.group]), FRAME)


def _gain(words: list[str]) -> int | None:
    """Where a gain of a position is among the words before "because", if any."""
    for i, w in enumerate(words):
        if w in _CHOSEN:
            return i
        if w in _GETTING and _POSITIONS.intersection(words[i + 1 : i + 5]):
            return i
    return None


def _tokened(
    low: str, t: Hit, sentence: tuple[int, int], mentions: list[Mention], persons: frozenset[str]
) -> Found | None:
    """A word of tokenism said of the group's people in its sentence: the span from the first of
    the two to the other's end."""
    s_start, s_end = sentence
    before = g.words(low, max(s_start, t.start - 60), t.start)
    if _CHARGED.intersection(before[-4:]) or any(g.is_negation(w) for w in before[-3:]):
        return None  # "called a diversity hire", "she isn't a token"
    if g.quoted_words(low, t.start, 4) or _single_quote_opens(low, t.start):
        return None  # "the 'token trans hire' line": the words mentioned, not said
    if _FIRST_PERSON.intersection(
        g.words(low, max(g.colon_clause_start(low, s_start, t.start), t.start - 60), t.start)
    ):
        return None  # "I was the token <group> guy": the writer's own place
    nxt = g.next_word(low, t.end, s_end)
    if nxt is not None and nxt[0] in _TALKED_ABOUT:
        return None  # "the diversity hire insult": the word talked about
    if t.value in ("token", "tokens") and (nxt is None or nxt[0] in _TOKEN_THINGS or before[-1:] in _USES):
        return None  # "a bus token", "token of thanks"
    near = [m for m in mentions if t.start - 160 <= m.start <= t.end + 40]
    for m in near:
        if m.start >= t.end and not g.first_words(low, t.end, m.start, 1):
            after = g.next_word(low, m.end, s_end)
            if after is None or after[0] in _AFTER_PERSON or after[0] in persons:
                return Found(t.start, m.end, frozenset([m.group]), FRAME)  # "token <group> guy"
            continue  # "token Japanese coins": a thing
        if t.value in ("token", "tokens"):
            continue  # a bare "token" is said of the group right after it only
        if t.value in _OF_A_GAIN and _gain(g.words(low, m.end, t.start)) is None:
            continue  # "tick a box on the form", "for the optics": a gain of the group's is needed
        between = g.first_words(low, m.end, t.start, _TOKEN_REACH + 7) if m.end <= t.start else []
        # further when the word of tokenism is the reason given ("<group> guy is only here because
        # leadership wanted the team to look diverse")
        reach = _TOKEN_REACH + 6 if "because" in between else _TOKEN_REACH
        if m.end <= t.start and len(between) <= reach:
            return Found(m.start, t.end, frozenset([m.group]), FRAME)
    return None


_USES = tuple([w] for w in _TOKEN_USES)
# After a word of tokenism: the word talked about, not said of anyone.
_TALKED_ABOUT = frozenset(
    ["insult", "insults", "label", "slur", "line", "jibe", "jibes", "accusation", "smear", "trope"]
)
# After "token <group>": a person's phrase ends ("the token <group> on the panel", "token <group>.").
_AFTER_PERSON = frozenset(["on", "in", "at", "for", "who", "to", "is", "was", "again", "and", "here", "there", "of"])
# Words of tokenism that are things unless a gain of the group's comes before them ("was hired to
# fill a quota", not "tick a box on the form", "a temple for the optics").
_OF_A_GAIN = frozenset(
    [
        *("to tick a box", "tick a box", "tick the box", "ticking a box", "box-ticking", "for the optics"),
        *("for optics", "to fill a quota", "fill a quota", "to meet a quota", "meet a quota", "to look diverse"),
        *("to look inclusive", "to look global", "to look more diverse", "for the photo op", "diversity points"),
        *("for diversity points", "for the diversity report"),
    ]
)


def _single_quote_opens(low: str, start: int) -> bool:
    """A single quote opens right before `start` ("the 'token <group>' line") and closes within a
    few words, at a word's end."""
    if start < 1 or low[start - 1] not in "'\u2018" or (start >= 2 and low[start - 2].isalnum()):
        return False
    closing = _CLOSING_QUOTE.search(low, start, start + 40)
    return closing is not None


_CLOSING_QUOTE = re.compile(r"[a-z0-9]['\u2019](?![a-z0-9])")


# After "token": a thing, not a person ("bus token", "token of thanks", "token gesture").
_TOKEN_THINGS = frozenset(
    ["of", "gesture", "gestures", "payment", "amount", "sum", "effort", "fee", "bus", "ring", "system", "economy"]
)
