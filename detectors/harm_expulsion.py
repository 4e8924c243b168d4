"""A group told to leave, sent away or kept out, for the harm lexicon.

The listed exclusion phrases hold the fixed calls ("should be deported", "send them back"). These
readings compose the calls that have the group inside them or at their edge, from harm_terms.yaml:
- a slogan: the bare group opening its clause and a departure (`departures`) ending it ("<group>
  go home!", "<group> out!", "all <group> out of our schools"), or the departure said to the
  group, which closes the clause ("go home, <group>"). Not with a determiner ("the <group> go home
  after the final") or anything after but a time or a place ("<group> go home for Eid");
- a departure called for: the group as subject, a modal of obligation and a departure ("<group>
  should leave", "<group> need to go back to their own countries", "<group> must get out of our
  country"), which ends its clause or takes a time or the country as its place: not "<group>
  should leave abusive partners" (an object) nor "... leave early if they feel unwell";
- removal: a verb of removal (`removal_verbs`) advised by the writer, the group's people its
  object and the particle right after them ("send the <group> back", "kick <group> out", "keep
  <group> out of our schools", "run the <group> out of town"). "get" also rescues ("get the
  <group> children out of the rubble"), so only with "out of" and the writer's own place after it
  ("out of our neighbourhood"); "keep" only with "out of" or "away from" after the group, and
  protection ("out of the rain", "away from the fighting") is an exception the lexicon applies.
Negation, reporting, quoting, counter-speech and the protective complements ("out of the rain")
are applied by the harm lexicon as to every exclusion.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from detectors import harm_grammar as g
from detectors.harm_directives import advised
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention, normalise

# harm_terms.yaml kinds read here (the harm lexicon adds them to its automaton).
KINDS = ("departures", "departure_emoji", "ban_emoji", "removal_verbs")
# Before a slogan's group: nothing, or these ("all <group> out", "you <group> go home").
_SLOGAN_OPENERS = frozenset(["all", "you", "dirty", "fucking", "bloody", "filthy", "so", "just"])
_VOCATIVE = _SLOGAN_OPENERS | {"the"}
# After a departure, what keeps it one: a time, "for good", "and never come back", the way back
# ("back to where they came from", "to their own countries"), or the place left ("our country",
# a capitalised name: "leave France").
_TIMES = frozenset(["now", "already", "immediately", "asap", "today", "forever", "right", "then", "please"])
# Continents and the one country such slogans name most, for writers who do not capitalise ("back
# to africa"); a capitalised name is read as a place anyway.
_AWAY_TO = frozenset(["where", "their", "your", "africa", "asia", "europe", "mexico"])
_PLACES = frozenset(
    [
        *("country", "countries", "nation", "land", "city", "town", "village", "neighbourhood", "neighborhood"),
        *("area", "street", "streets", "estate", "island", "continent", "west", "state", "schools", "school"),
        *("homeland", "shores", "borders", "uk", "us", "usa", "britain", "england", "america", "europe"),
        *("society", "planet", "earth", "community", "parish", "county", "jobs", "club", "pub", "bar"),
        *("army", "military", "politics", "parliament", "government", "office", "offices", "universities"),
        *("workplace", "sport", "sports", "media", "police", "classrooms", "hospitals", "gym", "church"),
        *("district", "region", "province", "suburb", "suburbs", "block", "building", "park", "parks", "beach"),
    ]
)
_OWNERS = frozenset(["our", "this", "my", "the", "these", "your"])
# Subjects that open a new clause after a slogan written without punctuation ("<group> out 👋 we
# don't want you"); after a modal they are the verb's object ("should leave you alone").
_NEW_CLAUSE = frozenset(["we", "you", "nobody", "no", "i", "this", "they're", "we're", "youre", "you're"])
_MODALS = (*g.OBLIGATIONS, ("can",))
# "can" states a fact ("<group> can go home for the holidays"); a call only with these after it
# ("<group> can all go home", "can just leave").
_CAN_GLUE = frozenset(["all", "just"])
_CALL_GLUE = frozenset(["all", "just", "simply", "really", "fucking", "bloody", "now", "finally"])
# Departures a headline also states of a group ("<group> leave the UK as ..."): only after a modal.
_MODAL_ONLY = frozenset(["leave", "pack up and leave", "pack their bags", "be gone"])
# After a departure, words of a report or a plan, not a call ("<group> go back home as the war
# ends", "should go back once it is safe").
_NEWS = frozenset(
    ["as", "after", "when", "because", "since", "while", "amid", "despite", "following", "for", "once", "if"]
)
# "out" alone is a departure only in a slogan ("<group> out!"); after a modal it is something
# else ("<group> should speak out").
_SLOGAN_ONLY = frozenset(["out"])
# The particles of removal; "home" is no particle after "leave" ("should leave home at 18").
_PARTICLES = frozenset(["back", "home", "out", "away", "packing", "off"])
# What a group is kept off when it is excluded: a duty, a role, a body ("keep <group> off the
# stockroom shift", "off company boards"); not a danger ("off the stairs", "off the streets").
_DUTIES = frozenset(
    """shift shifts rota rotas roster rosters team teams reception desk till tills board boards
    committee committees panel panels jury juries payroll premises property site sites estate
    course courses programme programmes ballot register shortlist council force unit frontline
    counter stockroom floor books list lists benefits role roles job jobs duty duties post posts""".split()  # noqa: SIM905 - a word list reads better as text
)
# What "keep <group> out of" names when it names no place: harm, or the matter at hand ("out of
# trouble", "out of this, they did nothing wrong"; not "out of this country").
_KEPT_OUT_OF = frozenset(["trouble", "harm", "harm's", "danger", "poverty", "debt", "jail", "prison"])
_THE_MATTER = frozenset(["this", "that"])
# After a prohibition sign's group: a place ("🚫 <group> at my pool", "in this bar").
_SIGN_PLACES = frozenset(["in", "at", "on", "near", "here", "allowed", "inside", "into", "around"])
# Spaces kept to one sex or one age are no exclusion ("ladies night 🚫♂️", "🚫 kids at the bar").
_SEGREGATED_AXES = frozenset(["gender", "age"])
# Between a removal verb and its group: words that keep the group its whole object ("send every last
# one of them back"); anything else makes it another phrase ("send the <group> family's letters back").
_OBJECT_DETERMINERS = frozenset(["the", "all", "those", "these", "them", "every", "last", "one", "of", "any"])


def called_exclusions(data: Mapping[str, Any]) -> set[str]:
    """Every `threat_modals` x `exclusion_participles` phrase ("need to be rounded up"), normalised."""
    modals = [normalise(str(m)).strip() for m in data.get("threat_modals") or []]
    removals = [normalise(str(p)).strip() for p in data.get("exclusion_participles") or []]
    return {f"{m} {p}" for m in modals for p in removals}


class _Sentence:
    """One sentence as these readings see it. Emoji after a call are its tone ("<group> go home
    👋👋"), so the words after a point leave the emoji's names out; a place's name is read from the
    original text's capitals."""

    def __init__(self, low: str, text: str, s_start: int, s_end: int, from_emoji: Callable[[int, int], bool]) -> None:
        self.low, self.text, self.s_start, self.s_end = low, text, s_start, s_end
        self.from_emoji = from_emoji

    def words(self, start: int, end: int) -> list[tuple[str, int]]:
        """The words from `start` to `end` with where they start, the emoji's names left out."""
        found = g.WORD.finditer(self.low, start, end)
        return [(w.group(0), w.start()) for w in found if not self.from_emoji(w.start(), w.end())]

    def rest(self, pos: int) -> list[tuple[str, int]]:
        """The words of the clause after `pos`."""
        return self.words(pos, g.clause_end(self.low, pos, self.s_end))

    def named(self, at: int) -> bool:
        """The word starting at `at` is capitalised in the original text, not shouted: a place's
        name ("leave France"), not "LEAVE ABUSIVE PARTNERS"."""
        word = g.WORD.match(self.text.lower(), at)
        written = self.text[at : word.end()] if word is not None else ""
        return written[:1].isupper() and not written.isupper()


def expelled(
    low: str,
    text: str,
    mentions: Sequence[Mention],
    by_kind: Mapping[str, list[Hit]],
    s_start: int,
    s_end: int,
    persons: frozenset[str],
    from_emoji: Callable[[int, int], bool],
) -> list[tuple[Hit, list[Mention]]]:
    """Each call for a group to leave or be removed in the sentence, as one hit over the call. A
    question calls for nothing ("Do <group> need to leave?")."""
    out: list[tuple[Hit, list[Mention]]] = []
    if g.is_question(low, s_end):
        return out
    s = _Sentence(low, text, s_start, s_end, from_emoji)
    emoji = [d for d in by_kind.get("departure_emoji", []) if from_emoji(d.start, d.end)]
    for d in (*by_kind.get("departures", []), *emoji):
        found = _slogan(s, mentions, d) or _called_for(s, mentions, d)
        if found is not None:
            out.append(found)
    for b in by_kind.get("ban_emoji", []):
        found = _banned(s, mentions, b) if from_emoji(b.start, b.end) else None
        if found is not None:
            out.append(found)
    for v in by_kind.get("removal_verbs", []):
        if advised(low, s_start, v):
            found = _removal(low, mentions, v, s_end, persons)
            if found is not None:
                out.append(found)
    return out


def _slogan(s: _Sentence, mentions: Sequence[Mention], d: Hit) -> tuple[Hit, list[Mention]] | None:
    """ "<group> go home", "all <group> out of our schools", or "go home, <group>"."""
    low = s.low
    if d.value in _MODAL_ONLY or not _departs(s, d, slogan=True):
        return None
    lo = g.clause_start(low, s.s_start, d.start)
    for m in mentions:
        if m.start < lo or m.start > d.start:
            continue
        opening = g.words(low, lo, m.start)
        end = g.people_end(low, m, opening, s.s_end)
        if end is not None and set(opening) <= _SLOGAN_OPENERS and not s.words(end, d.start):
            return Hit(m.start, d.end, "slogan", low[m.start : d.end]), [m]
    comma = low.find(",", d.end, s.s_end)
    if g.words(low, lo, d.start) or d.value in _SLOGAN_ONLY or comma < 0:
        return None
    # Said to the group: the departure opens its clause and the group closes the sentence after a
    # comma ("go home, <group>!").
    for m in mentions:
        between = g.words(low, comma, m.start) if m.start > comma else None
        if between is None or not set(between) <= _VOCATIVE:
            continue
        end = g.people_end(low, m, between, s.s_end)
        if end is not None and not s.words(end, s.s_end):
            return Hit(d.start, end, "slogan", low[d.start : end]), [m]
    return None


def _called_for(s: _Sentence, mentions: Sequence[Mention], d: Hit) -> tuple[Hit, list[Mention]] | None:
    """ "<group> should leave", "<group> need to go back to where they came from"."""
    if d.value in _SLOGAN_ONLY or not _departs(s, d, slogan=False):
        return None
    before = g.words(s.low, g.clause_start(s.low, s.s_start, d.start), d.start)
    called = g.called_subject(s.low, mentions, before, _MODALS, _CALL_GLUE, s.s_start, s.s_end)
    if called is None or (called[1] == ("can",) and not _CAN_GLUE.intersection(called[2])):
        return None
    m = called[0]
    return Hit(m.start, d.end, "departure_called_for", s.low[m.start : d.end]), [m]


def _departs(s: _Sentence, d: Hit, slogan: bool) -> bool:
    """After the departure: the clause's end, a time, the way back, or the place left; no report
    or plan ("as the war ends", "once it is safe")."""
    rest = s.rest(d.end)
    said = [w for w, _ in rest]
    if _NEWS.intersection(said):
        return False
    if not said or said[0] in _TIMES or said[:2] == ["for", "good"]:
        return True
    if said[0] in _PARTICLES:
        return not (d.value == "leave" and said[0] == "home")
    if slogan and said[0] in _NEW_CLAUSE:
        return True  # "<group> out 👋👋 we don't want your kind here": a new clause with no comma
    if said[:2] in (["of", "here"], ["from", "here"]):
        return True  # "get out of here"; not "fly here", which comes
    if said[0] in ("and", "or"):
        return said[1:2] in (["never"], ["don't"], ["dont"], ["stay"])  # "... and never come back"
    if said[0] == "to":
        return len(rest) > 1 and (said[1] in _AWAY_TO or s.named(rest[1][1]))
    return _place(s, rest[1:] if said[0] == "of" else rest)


def _place(s: _Sentence, rest: list[tuple[str, int]]) -> bool:
    """The words start with a place: its name, or a place noun behind an owner and one modifier
    ("our country", "out of our normal schools")."""
    if not rest:
        return False
    if s.named(rest[0][1]) and rest[0][0] not in _OWNERS:
        return True  # "leave France"
    said = [w for w, _ in rest[:3]]
    if said[0] in _OWNERS:
        said = said[1:]
    return bool(said) and (said[0] in _PLACES or (len(said) > 1 and said[1] in _PLACES))


def _banned(s: _Sentence, mentions: Sequence[Mention], b: Hit) -> tuple[Hit, list[Mention]] | None:
    """A prohibition sign before the group's people ("🚫 <group>", "⛔ <group> at my pool"): "no
    <group>", with nothing after the group but a place or the clause's end."""
    low = s.low
    for m in mentions:
        if m.start < b.end or g.words(low, b.end, m.start) or m.axis in _SEGREGATED_AXES:
            continue
        # "the" lets a nominal group count as its people ("🚫 homeless in our neighbourhood").
        end = g.people_end(low, m, ["the"], s.s_end)
        if end is None:
            continue
        rest = s.rest(end)
        if not rest or rest[0][0] in _SIGN_PLACES:
            return Hit(b.start, end, "ban_sign", low[b.start : end]), [m]
    return None


def _removal(
    low: str, mentions: Sequence[Mention], v: Hit, s_end: int, persons: frozenset[str]
) -> tuple[Hit, list[Mention]] | None:
    """ "send the <group> back", "keep <group> out of our schools"."""
    for m in mentions:
        between = g.before(low, v, m, 4)
        if between is None or not set(between) <= _OBJECT_DETERMINERS:
            continue
        end = g.people_end(low, m, between, s_end, persons)
        if end is None:
            continue
        after = g.words(low, end, g.clause_end(low, end, s_end))
        if after[:1] == ["all"]:
            after = after[1:]  # "send them all back"
        if not after or after[0] not in _PARTICLES:
            return None
        if v.value == "get" and (after[:2] != ["out", "of"] or after[2:3] not in (["our"], ["my"], ["this"])):
            return None  # "get the <group> children out of the rubble" rescues them
        if v.value == "keep" and after[:1] == ["off"]:
            # "keep <group> off the stockroom shift": kept from a duty; not from a danger
            if not _DUTIES.intersection(after[1:5]):
                return None
            particle_end = low.find("off", end) + 3
            return Hit(v.start, particle_end, "removal", low[v.start : particle_end]), [m]
        if (
            v.value == "keep"
            and after[:2] == ["out", "of"]
            and after[2:3]
            and (after[2] in _KEPT_OUT_OF or (after[2] in _THE_MATTER and len(after) == 3))
        ):
            return None  # "keep <group> out of trouble", "out of this": kept from no place
        if v.value == "keep" and after[:2] not in (["out", "of"], ["away", "from"]):
            return None  # "keep <group> busy" keeps no one out; protection is an exception the lexicon applies
        particle_end = low.find(after[0], end) + len(after[0])
        return Hit(v.start, particle_end, "removal", low[v.start : particle_end]), [m]
    return None
