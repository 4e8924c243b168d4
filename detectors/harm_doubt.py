"""A group's reports of the prejudice it meets doubted, discounted or resented, for the harm lexicon
(implicit derogation, frame `doubted_grievance`).

The group's people, as a group, said to inflate or invent what they report, or resented for it:
- an inflating verb with a word of prejudice or hardship as its object ("<group> cry racism",
  "exaggerate their hardship", "blame sexism for everything", "call every <thing> Islamophobia");
- a card played ("play the race card", "cry wolf");
- a report the writer dismisses, in its sentence or opening the next ("<group> complain about
  racism, but most of it is in their heads", "when <group> report harassment, they're usually
  overreacting", "<group> see transphobia everywhere");
- a case opened by "when" or "if" with the writer's advice to discount it ("when a <group>
  employee says a comment was hostile, don't take it at face value"), or that advice first ("don't
  believe <group> when they say ...");
- resentment, in the sentence or opening the next ("<group> are never satisfied", "need to stop
  whining", "... again. Get over it.").

Not read: a report the writer backs ("and the surveys confirm it"); a report denied ("<group>
rarely report harassment"); a dismissal by someone else ("are often told they're overreacting",
"accused of exaggerating") or denied ("it's not in their heads"); how often a report is made
("report harassment every time it happens") unless it is of seeing ("see racism everywhere"); a
complaint about a thing ("moaning about the referee"); advice that is not the writer's
imperative ("some managers don't believe ..."); one person or a few; a question, unless it
presupposes the claim ("why are <group> never satisfied?") or its answer dismisses it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from detectors import harm_grammar as g
from detectors import harm_prejudice as p
from detectors.harm_grammar import Hit, Neighbour
from detectors.harm_prejudice import Found
from detectors.taxonomy import Mention

KINDS = (
    "inflating_verbs",
    "grievance_cards",
    "claim_verbs",
    "dismissals",
    "discounting_advice",
    "resentment_phrases",
)
FRAME = "doubted_grievance"

_NEAR_CHARS = 100  # characters from a group to its verb, read before counting words
_VERB_REACH = 8  # words from the group to its verb ("<group> in this office always, always cry ...")
_OBJECT_REACH = 5  # words from the verb to the prejudice ("exaggerate how much discrimination")
_DISMISSAL_REACH = 20  # words from the report to its dismissal, in its sentence
_OPENING = 3  # words of the next sentence a dismissal or resentment may open ("... ? Ignore it.")
# Verbs whose object must follow them directly ("cry racism", not "cry over the harassment";
# "imagine sexism", not "imagine a life without discrimination").
_DIRECT = frozenset(
    [
        *("cry", "cries", "crying", "scream", "screams", "screaming", "yell", "yells", "yelling", "shout"),
        *("shouts", "shouting", "imagine", "imagines", "imagining", "invent", "invents", "inventing"),
        *("get over", "blame", "blames", "blaming"),
    ]
)
_BEFORE_OBJECT = frozenset(["the", "their", "all", "this", "that", "any", "every", "some", "more", "so", "much"])
_PREPOSITIONS = frozenset(["over", "about", "on", "in", "with", "without", "to", "for", "from", "at", "into", "of"])
# What an inflating verb may measure before its object ("exaggerate how much discrimination").
_MEASURING = frozenset(
    ["how", "level", "extent", "of", "amount", "scale", "bad", "real", "new", "form", "forms", "kind", "kinds", "type"]
)
# "blame racism": only for everything is it an excuse ("blame racism for the housing gap" names a cause).
_BLAME = frozenset(["blame", "blames", "blaming"])
_FOR_EVERYTHING = ("for everything", "for all", "for their own", "for every", "for any", "for anything")
# Dismissals of how often a prejudice is seen: only of seeing it ("see racism everywhere"), not of
# reporting it ("report harassment every time it happens").
_FREQUENCY = frozenset(
    [
        *("everywhere", "in everything", "every little thing", "where there is none", "where there isn't any"),
        *("every time", "whenever", "at every", "the moment", "where there's none"),
    ]
)
_PERCEIVING = frozenset(["see", "sees", "seeing", "find", "finds", "perceive", "feel"])
# A report opened by these is a case: the advice on it is a rule for the group's reports.
_CASE_OPENERS = frozenset(["when", "whenever", "if", "once"])
# Before a dismissal in its clause: someone else dismisses ("are often told they're overreacting").
_OTHERS_DISMISS = frozenset(
    [
        *("told", "accused", "called", "dismissed", "treated", "labelled", "labeled", "branded", "mistaken"),
        *("seen", "considered", "viewed", "regarded", "assumed", "written"),
    ]
)
# The first word of a dismissal's clause: the group, "they", "it" or a word about the report ("most
# of it is in their heads"); any other is a new subject.
_SAME_SUBJECT = frozenset(
    [
        *("they", "they're", "theyre", "it", "it's", "its", "most", "many", "half", "all", "much", "that", "that's"),
        *("this", "these", "those", "which", "usually", "often", "mostly", "really", "just", "probably", "is"),
        *("are", "their", "them", "nine", "a", "lot", "honestly", "always", "simply", "in"),
    ]
)
_JOINING = frozenset(["and", "but", "so", "while", "whereas", "because", "although", "though"])
# After "don't believe": the report or its teller.
_REPORT_OBJECTS = frozenset(["it", "them", "her", "him", "this", "that", "a", "any", "their", "everything", "what"])
# After advice: a condition makes it care, not dismissal.
_CONDITIONS = frozenset(["without", "unless", "until", "before", "instead", "that", "peril"])
# Before advice in its clause: only these keep it the writer's imperative ("just ignore it", "I'd
# take it with a grain of salt").
_ADVICE_OPENERS = frozenset(
    [
        *("just", "so", "then", "please", "simply", "and", "honestly", "i'd", "id", "you'd", "you", "should"),
        *("better", "always", "i", "would", "generally", "usually", "frankly", "my", "advice", "tip", "rule"),
        *("tell", "him", "her", "them", "to"),
    ]
)
# Advice worded as a manner ("with a grain of salt") needs its verb before it.
_TAKING = frozenset(["take", "taking", "treat", "treating", "read", "approach", "handle", "view"])
# After resentment said in the next sentence: only words that keep it said to the group ("Get
# over it already."), not a name ("Get over it, Dave.") or a report ("... is what they're told").
_RESENTMENT_TAIL = frozenset(
    [
        *("already", "then", "lol", "lmao", "seriously", "mate", "lads", "folks", "guys", "ffs", "it's", "its"),
        *("done", "over", "move", "on", "it", "and", "now", "please", "people", "was", "ago", "long"),
    ]
)
# Resentment that is a verb of complaining: its object, if any, must be a grievance.
_COMPLAINING = frozenset(["moaning", "whining", "griping", "complaining", "bitching", "moan", "whine", "complain"])
# Before resentment in its clause: someone else's charge ("accused of demanding special treatment").
_CHARGED = frozenset(["accused", "told", "called", "asked", "labelled", "labeled", "branded"])
# After a card: it is talked about, not played ("the race card accusation").
_CARD_TALK = frozenset(["accusation", "accusations", "charge", "claim", "argument", "trope", "jibe", "taunt"])
# Right before the group: one person ("a <group> woman says ..."), not the group.
_ONE = (["a"], ["an"], ["one"], ["this"])
# In a why-question, these presuppose the claim ("Why are <group> never satisfied?").
_PRESUPPOSING = frozenset(["always", "never", "constantly", "keep", "so"])


def doubted(
    low: str,
    sentence: tuple[int, int],
    mentions: list[Mention],
    by_kind: Mapping[str, list[Hit]],
    persons: frozenset[str],
    following: Neighbour | None,
    from_emoji: Callable[[int, int], bool],
) -> list[Found]:
    """The group's people said to inflate or invent the prejudice or hardship they report, or
    resented for it."""
    s_start, s_end = sentence
    if p.ironic(low, s_start, s_end):
        return []
    question = p.asked(low, s_start, s_end)
    presupposed = question and _presupposed(low, s_start, s_end)
    asked = question and not presupposed
    nouns = p.outermost(by_kind.get("grievance_nouns", []))
    floor = _first_word(low, s_start, s_end, from_emoji)
    if presupposed:
        floor = p.reach(low, floor, s_end, 2)  # "why are <group> never ...": the group opens the claim
    out: list[Found] = []
    for m in mentions:
        advised = None if asked else _advised_before(low, m, (s_start, s_end), by_kind)
        if advised is not None:
            # the claim runs to the end of the report's clause, so its words damp nothing
            # ("don't believe <group> when they say the staff was racist")
            out.append(Found(advised[0], advised[1], frozenset([m.group]), FRAME))
            continue
        if not p.subject(low, m, s_start, floor):
            continue
        end = g.group_end(low, m, s_end, persons)
        opening = max(g.colon_clause_start(low, s_start, m.start), m.start - 120)
        case = bool(_CASE_OPENERS.intersection(g.words(low, opening, m.start)))
        if not case and g.words(low, max(s_start, m.start - 30), m.start)[-1:] in _ONE:
            continue  # one person ("my friend, a <group> woman, says ..."), unless a case of the group
        found, backed = None, False
        if not asked:
            found = (
                _card(low, m, by_kind)
                or _inflated(low, m, end, by_kind, nouns)
                or _resented(low, m, s_start, by_kind, nouns)
            )
        if found is None:
            # A question may be rhetorical, dismissed by the next sentence ("<group> complaining
            # about profiling? Ignore it."); evidence after a report may back it
            found = _dismissed(low, m, (end, case), by_kind, nouns, following, asked)
            backed = found is not None
        if found is None:
            found = _resented_next(low, following, _about_complaint(by_kind))
        if found is None:
            continue
        # a dismissal or resentment in the next sentence ends the claim here: the span is this
        # sentence's, the next is its reason
        stop = len(low[: min(found, s_end)].rstrip())
        if p.qualified(low, stop, s_end, denial=False, backed=backed) or p.told_otherwise(low, s_start, m.start):
            continue
        out.append(Found(m.start, stop, frozenset([m.group]), FRAME))
    return out


def triggered(by_kind: Mapping[str, list[Hit]], following: Neighbour | None) -> bool:
    """The sentence holds words this reading needs, or the next holds resentment."""
    return any(k in by_kind for k in KINDS) or (following is not None and resents(following[2]))


def resents(hits: list[Hit]) -> bool:
    """A sentence holds resentment another sentence's group may be the target of."""
    return any(h.kind == "resentment_phrases" for h in hits)


def _presupposed(low: str, s_start: int, s_end: int) -> bool:
    """A question that presupposes its claim ("why are <group> never satisfied?")."""
    said = g.words(low, s_start, s_end)
    return said[:1] == ["why"] and bool(_PRESUPPOSING.intersection(said))


def _first_word(low: str, s_start: int, s_end: int, from_emoji: Callable[[int, int], bool]) -> int:
    """Where the sentence's words start, past an emoji opening it ("🙄 <group> cry ...")."""
    for w in g.WORD.finditer(low, s_start, s_end):
        if not from_emoji(w.start(), w.end()):
            return w.start()
    return s_start


def _about_complaint(by_kind: Mapping[str, list[Hit]]) -> bool:
    """The sentence is about the group's complaints (a report, a word of prejudice, resentment)."""
    return any(k in by_kind for k in ("claim_verbs", "grievance_nouns", "inflating_verbs", "resentment_phrases"))


def _card(low: str, m: Mention, by_kind: Mapping[str, list[Hit]]) -> int | None:
    """ "<group> play the race card": the end of the card, if the group plays it."""
    for c in by_kind.get("grievance_cards", []):
        if c.start < m.end or c.start > m.end + _NEAR_CHARS:
            continue
        if g.after(low, m, c, _VERB_REACH) is None or "," in low[m.end : c.start] or g.negated(low, c.start, m.end):
            continue  # another's clause ("<group> player speaks up, some fans scream 'race card'")
        nxt = g.next_word(low, c.end, len(low))
        if nxt is not None and nxt[0] in _CARD_TALK:
            continue  # "the race card accusation follows her": the card talked about
        if not p.refused(low, c, m.start):
            return c.end
    return None


def _resented(low: str, m: Mention, s_start: int, by_kind: Mapping[str, list[Hit]], nouns: list[Hit]) -> int | None:
    """ "<group> are never satisfied", "need to stop whining": the end of the resentment."""
    for r in by_kind.get("resentment_phrases", []):
        if r.start < m.end or r.start > m.end + _NEAR_CHARS:
            continue
        if g.after(low, m, r, _VERB_REACH) is None or p.refused(low, r, s_start):
            continue
        if _CHARGED.intersection(g.words(low, m.end, r.start)):
            continue  # "<group> are accused of demanding special treatment"
        nxt = g.next_word(low, r.end, len(low))
        # "still moaning about the referee" is about a thing; "about racism", a grievance
        # ("stop whining about bathrooms" resents whatever the complaint is about)
        ongoing = r.value.split(" ")[-1] in _COMPLAINING and not r.value.startswith(("stop", "quit"))
        about = nxt is not None and (
            (ongoing and nxt[0] in ("about", "over")) or (nxt[0] == "with" and r.value.startswith("never"))
        )
        if about and not any(n.start >= r.end and p.same_clause(low, r.end, n.start, _OBJECT_REACH) for n in nouns):
            continue
        return r.end
    return None


def _resented_next(low: str, following: Neighbour | None, about_complaint: bool) -> int | None:
    """The next sentence opens with resentment said to the group, after a sentence about its
    complaints ("<group> crying 'cancelled' again. Get over it."), or said of "they" ("They're
    never satisfied."): the end of it."""
    if following is None or p.asked(low, *following[:2]):
        return None
    if not about_complaint and g.first_words(low, following[0], following[1], 1)[:1] not in (["they"], ["they're"]):
        return None
    opening = p.reach(low, following[0], following[1], _OPENING)
    for r in following[2]:
        if r.kind != "resentment_phrases" or r.start >= opening or g.negated(low, r.start, following[0]):
            continue
        if _reported(r, following[2]):
            continue  # "Get over it, some say."
        if set(g.words(low, r.end, following[1])) <= _RESENTMENT_TAIL:
            return r.end
    return None


def _reported(x: Hit, hits: list[Hit]) -> bool:
    """A reporting cue after `x` in its sentence makes it someone's words ("Ignore it at your
    peril, the mayor said"); one inside it is its own verb ("don't believe a word")."""
    return any(h.kind == "reporting_cues" and h.start >= x.end for h in hits)


def _advised_before(
    low: str, m: Mention, sentence: tuple[int, int], by_kind: Mapping[str, list[Hit]]
) -> tuple[int, int] | None:
    """Advice to discount the group's reports, said before them: "don't believe <group> when they
    say ...", "don't take it seriously when a <group> customer says ...". The advice's start and
    the end of the report's clause."""
    s_start, s_end = sentence
    claims = [
        c
        for c in by_kind.get("claim_verbs", [])
        if m.end <= c.start <= m.end + 60 and len(g.first_words(low, m.end, c.start, 4)) <= 3
    ]
    if not claims:
        return None
    for x in by_kind.get("discounting_advice", []):
        if x.end > m.start or x.end < m.start - 60 or not _imperative(low, x, s_start):
            continue
        between = g.words(low, x.end, m.start)
        # the group right after the advice, or a "when"/"if" clause after it
        if len(between) <= 2 or (_CASE_OPENERS.intersection(between[:1]) and len(between) <= 4):
            return x.start, g.clause_end(low, claims[0].end, s_end)
    return None


def _imperative(low: str, x: Hit, floor: int) -> bool:
    """The advice is the writer's: it opens its clause, after at most a word or two of advice
    ("just ignore it", "I'd take it with a grain of salt"); advice worded as a manner ("with a
    grain of salt") needs its verb before it; not after other words ("the worst thing is to
    ignore it")."""
    before = g.words(low, g.colon_clause_start(low, floor, x.start), x.start)
    if x.value.startswith("with "):
        verb = max((i for i, w in enumerate(before) if w in _TAKING), default=None)
        return verb is not None and set(before[:verb]) <= _ADVICE_OPENERS and not p.refused(low, x, floor)
    return set(before) <= _ADVICE_OPENERS and len(before) <= 3


def _inflated(low: str, m: Mention, end: int, by_kind: Mapping[str, list[Hit]], nouns: list[Hit]) -> int | None:
    """ "<group> exaggerate (how much) discrimination": the end of the prejudice inflated."""
    for v in by_kind.get("inflating_verbs", []):
        if v.start < end or v.start > end + _NEAR_CHARS:
            continue
        if g.after(low, m, v, _VERB_REACH) is None or g.negated(low, v.start, m.end):
            continue
        n = p.object_of(low, v, nouns, _OBJECT_REACH)
        if n is None or _CHARGED.intersection(g.words(low, m.end, v.start)):
            continue  # "<group> are accused of faking ..."
        allowed = _BEFORE_OBJECT if v.value in _DIRECT else _BEFORE_OBJECT | _MEASURING
        between = g.words(low, v.end, n.start)
        # "call every airport screening Islamophobia", "blame every rejection on ableism": what is
        # called or blamed comes between; one word may name the prejudice ("blame 'weight bias'")
        calling = (v.value.endswith(" every") or between[:1] == ["every"]) and len(between) <= 6
        named = len([w for w in between if w not in allowed]) == 1 and not _PREPOSITIONS.intersection(between)
        if not (calling or named or set(between) <= allowed):
            continue  # "cry over the harassment", "hide behind humour to cope with bullying"
        if v.value in _BLAME and not _blamed_for_all(low, between, n):
            continue
        return n.end
    return None


def _blamed_for_all(low: str, between: list[str], n: Hit) -> bool:
    """ "blame racism for everything", "whenever ...", "blame every rejection on ableism": an
    excuse for all, not a cause named ("blame racism for the housing gap")."""
    if between[:1] == ["every"]:
        return True
    after = " ".join(g.first_words(low, n.end, len(low), 4))
    return any(after.startswith(f) for f in (*_FOR_EVERYTHING, *_FREQUENCY))


def _dismissed(
    low: str,
    m: Mention,
    at: tuple[int, bool],
    by_kind: Mapping[str, list[Hit]],
    nouns: list[Hit],
    following: Neighbour | None,
    asked: bool,
) -> int | None:
    """A report by the group dismissed: "<group> complain about racism, but it's in their heads";
    "when a <group> employee says a remark was hostile, don't take it at face value". The end of
    the dismissal. `at`: the group's end, and whether the report is a case ("when a <group>
    employee says ...")."""
    end, case = at
    for c in by_kind.get("claim_verbs", []):
        if c.start < end or c.start > end + _NEAR_CHARS or g.after(low, m, c, _VERB_REACH) is None:
            continue
        if g.negated(low, c.start, m.end):
            continue
        n = p.object_of(low, c, nouns, _OBJECT_REACH)
        if n is None and not case:
            continue
        start = c.end if n is None else n.end
        if not asked:
            for x in (*by_kind.get("dismissals", []), *by_kind.get("discounting_advice", [])):
                if x.start < start or x.start > start + 12 * _DISMISSAL_REACH:
                    continue
                if len(g.first_words(low, start, x.start, _DISMISSAL_REACH + 1)) > _DISMISSAL_REACH:
                    continue
                if _dismisses(low, c, n, x, start):
                    return x.end
        if following is not None:
            opening = p.reach(low, following[0], following[1], _OPENING)
            for x in following[2]:
                dismissing = x.kind in ("dismissals", "discounting_advice")
                early = x.start < opening and not _reported(x, following[2])
                if early and dismissing and _dismisses(low, c, n, x, following[0]):
                    return x.end
    return None


def _dismisses(low: str, c: Hit, n: Hit | None, x: Hit, floor: int) -> bool:
    """`x` dismisses the report `c` (of the prejudice `n`, if named): advice for a case, any
    dismissal for a report of prejudice; the writer's, and not denied."""
    if x.kind == "discounting_advice":
        return _imperative(low, x, floor) and _of_the_report(low, x)
    if n is None:
        return False  # a case needs advice on it
    if x.value in _FREQUENCY and c.value not in _PERCEIVING:
        return False  # "report harassment every time it happens" is how often, not a dismissal
    before = g.words(low, g.colon_clause_start(low, floor, x.start), x.start)
    if _OTHERS_DISMISS.intersection(before) or p.refused(low, x, floor):
        return False
    # the dismissal's clause has the group, "they" or "it" as its subject, not someone else
    # ("Women complain about harassment and HR treats it as a joke")
    opening = _clause_opening(low, floor, x.start)
    if opening == floor:
        return True  # the report's own clause ("what <group> describe as bias is really just ...")
    clause = g.words(low, opening, x.start)
    return not clause or clause[0] in _SAME_SUBJECT


def _clause_opening(low: str, floor: int, pos: int) -> int:
    """Where the clause holding `pos` opens: after a comma, a semicolon or a joining word."""
    start = max(g.colon_clause_start(low, floor, pos), pos - 160)
    for w in g.WORD.finditer(low, start, pos):
        if w.group(0) in _JOINING and not low.startswith(" of", w.end()):
            start = w.end()  # not "because of", a preposition
    return start


def _of_the_report(low: str, x: Hit) -> bool:
    """Advice whose object is the report or its teller ("don't believe her", "ignore it"), with no
    condition after it ("don't escalate it without her consent", "... at face value that ...")."""
    after = g.first_words(low, x.end, len(low), 6)
    if x.value.endswith("believe") and (not after or after[0] not in _REPORT_OBJECTS):
        return False
    return not _CONDITIONS.intersection(after)
