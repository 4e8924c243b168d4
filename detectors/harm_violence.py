"""Violence wished on, planned against or approved of a group, for the harm lexicon.

A phrase list cannot hold every way of saying "<group> deserve to be assaulted", "someone should
stab those <group>" or "beating up <group> is good sport", so these readings are composed from parts
in harm_terms.yaml:
- normative threats: a modal of obligation or desert and a violent passive ("should all be
  lynched", "deserves to get beaten up"), expanded into the `threats` phrases, near a group;
- planned violence: a violent act (`violent_verbs`) with an agent who intends it right before
  (`threat_agents`: "we'll", "I'm going to", "someone should") or given as a command ("just go
  stab ..."), and the group as its object ("... stab those <group>"), read as people ("the <group>
  family", not "the <group> restaurant"); a gerund only after an agent ("we need to start hunting
  down <group>"), since one opening its sentence names the deed ("Beating up <group> is never okay");
- approved violence: the act named as a deed (`violent_acts`: "hitting", "violence against") done
  to the group and approved right after it (`violence_endorsements`: "is fine", "they had it
  coming"); the approval is contiguous, so "is not fine" and "is never okay" do not match.
Listed threats whose verb has an everyday sense ("kill the lights"), or a knife in a verb's place
("about to 🔪 this lasagna"), need the group's people as their object (`at_a_thing`). The harm
lexicon applies negation, reporting, quoting and counter-speech as to every threat.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from detectors import harm_grammar as g
from detectors.harm_address import AddressWords
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention, normalise

# harm_terms.yaml kinds read here (the harm lexicon adds them to its automaton).
KINDS = ("violent_verbs", "violent_acts", "violence_endorsements")
# Words that may stand between an act and the group it is done to ("stab every last one of those <group>").
_DETERMINERS = frozenset(
    [
        *("a", "an", "the", "every", "all", "those", "these", "some", "any", "each", "of", "them", "their"),
        *("last", "next", "first", "one", "single", "few", "bunch", "lot", "couple", "group", "more", "other"),
        *("dirty", "damn"),
    ]
)
_OBJECT_WORDS = 4  # words between the act and its group ("every last one of <group>")
_APPROVAL_WORDS = 3  # words between the group and the approval ("<group> on sight is fine")
# After the group, a word that keeps it a group of people: the act is done to them, not to a
# thing named by the group's adjective ("burn the <group> flag").
_CLAUSE_WORDS = frozenset(
    [
        *("and", "or", "in", "on", "at", "for", "with", "who", "that", "until", "because", "if", "when"),
        *("tonight", "today", "tomorrow", "now", "again", "soon", "here", "there", "first", "next", "too", "this"),
        *("out", "up", "down", "off", "alive", "to", "like", "wherever", "whenever", "before", "after"),
        *("we", "i", "you", "they", "he", "she"),
        *("is", "are", "was", "were", "will", "would", "should", "must", "can", "deserve", "deserves", "get"),
    ]
)
# Nouns ending in "-ing" that a group's adjective names as a thing ("the <group> wedding"); other
# "-ing" words after the group are verbs said of its people ("the <group> living next door").
_THINGS_IN_ING = frozenset(["wedding", "weddings", "building", "buildings", "clothing", "housing", "meeting"])


# "must be" also guesses a state ("<group> fans must be hurt by the club's silence"): not with these.
_STATES = frozenset(["hurt", "harmed"])


def normative_threats(data: Mapping[str, Any]) -> set[str]:
    """Every `threat_modals` x `violent_participles` phrase ("should all be lynched"), normalised."""
    modals = [normalise(str(m)).strip() for m in data.get("threat_modals") or []]
    acts = [normalise(str(p)).strip() for p in data.get("violent_participles") or []]
    return {f"{m} {p}" for m in modals for p in acts if not (m.startswith("must") and p in _STATES)}


# Words that may open a command before its verb ("just go stab ...", "now kill ...").
_COMMAND_OPENERS = frozenset(["just", "go", "now", "so", "pls", "please", "and", "then", "simply", "fucking", "damn"])


def _imperative(low: str, s_start: int, h: Hit) -> bool:
    """The act is a command: it opens its sentence or clause ("Stab the <group>.", "so just go kill ...")."""
    lo = max(s_start, low.rfind(",", s_start, h.start) + 1, low.rfind(":", s_start, h.start) + 1)
    return all(w in _COMMAND_OPENERS for w in g.words(low, lo, h.start))


def _as_people(low: str, m: Mention, s_end: int, persons: frozenset[str]) -> bool:
    """The mention names people here: it ends the clause or a person word or clause word follows."""
    if low.startswith("'", m.end) or low.startswith("\u2019", m.end):
        return False  # a possessive: the act is done to what they own ("shoot the <group> couple's photos")
    nxt = g.next_word(low, m.end, s_end)
    if nxt is None or nxt[0] in persons or nxt[0] in _CLAUSE_WORDS:
        return True
    # An adverb ("... the <group> quickly") or a verb in "-ing" ("the <group> living next door").
    return nxt[0].endswith("ly") or (nxt[0].endswith("ing") and nxt[0] not in _THINGS_IN_ING)


# Listed threats ("shoot the", "kill every", "bomb the") whose verb has an everyday sense when its
# object is a thing: a photographer shoots "the <group> wedding", "kill the lights before the
# <group> guests arrive", "bomb the interview". Their object is what follows them, so it must be
# the group, read as people.
_EVERYDAY_ACTS = frozenset(["shoot", "kill", "killing", "bomb"])
_OPEN_OBJECT = frozenset(["the", "a", "an", "every", "all", "some", "those", "these"])
# Objects that stand for people already named ("<group>? shoot the lot of them"), or people at all
# after a weapon emoji ("<group> coming to 🔪 us all"): no thing is "us" or "everyone".
_PEOPLE_WORDS = frozenset(
    ["lot", "rest", "ones", "them", "bunch", "whole", "entire", "lots", "us", "you", "everyone", "everybody"]
)


# A knife or a weapon emoji in a verb's place ("to 🔪") is also a cook's or a gamer's ("about to 🔪
# this lasagna"): a threat only with people as its object.
_OBJECT_NEEDED = frozenset(["to kitchen knife", "to knife", "to dagger", "to water pistol", "to skull and crossbones"])


def at_a_thing(low: str, h: Hit, mentions: Sequence[Mention], s_end: int, persons: frozenset[str]) -> bool:
    """A listed threat with an everyday verb whose object, right after it, is a thing, not people."""
    said = h.value.split(" ")
    if h.value not in _OBJECT_NEEDED and (
        said[0] not in _EVERYDAY_ACTS or (len(said) > 1 and said[-1] not in _OPEN_OBJECT)
    ):
        return False
    for m in mentions:
        if _right_after(low, h, m):
            return not _as_people(low, m, s_end, persons)
    following = next(
        (w for w in g.WORD.finditer(low, h.end, min(s_end, h.end + 80)) if w.group(0) not in _DETERMINERS), None
    )
    if following is None:
        return False
    named = next((m for m in mentions if m.start == following.start()), None)
    if named is not None:
        # "to 🔪 every last one of the <group> 🔪🔪": the emoji after them is no thing they own
        return h.value not in _OBJECT_NEEDED and not _as_people(low, named, s_end, persons)
    return following.group(0) not in persons and following.group(0) not in _PEOPLE_WORDS


def _right_after(low: str, h: Hit, m: Mention) -> bool:
    """The mention follows the act with nothing but determiners between: its object."""
    between = g.before(low, h, m, _OBJECT_WORDS)
    return between is not None and all(w in _DETERMINERS for w in between)


def _done_to(low: str, h: Hit, mentions: Sequence[Mention], s_end: int, persons: frozenset[str]) -> list[Mention]:
    """The groups the act `h` is done to: named right after it, as people."""
    return [m for m in mentions if _right_after(low, h, m) and _as_people(low, m, s_end, persons)]


def threats(
    low: str,
    mentions: Sequence[Mention],
    by_kind: Mapping[str, list[Hit]],
    agents: AddressWords,
    persons: frozenset[str],
    s_start: int,
    s_end: int,
) -> list[tuple[Hit, list[Mention]]]:
    """Planned and approved violence in the sentence, each with the groups it is aimed at."""
    out: list[tuple[Hit, list[Mention]]] = []
    for h in by_kind.get("violent_verbs", []):
        # A gerund opening its sentence names the deed ("Beating up <group> is never okay"), no command.
        gerund = h.value.split(" ")[0].endswith("ing")
        if agents.intended(low, s_start, h) or (not gerund and _imperative(low, s_start, h)):
            aimed = _done_to(low, h, mentions, s_end, persons)
            if aimed:
                out.append((h, aimed))
    approvals = by_kind.get("violence_endorsements", [])
    if not approvals:
        return out
    for h in by_kind.get("violent_acts", []):
        aimed = _done_to(low, h, mentions, s_end, persons)
        if not aimed:
            continue
        last = max(aimed, key=lambda m: m.end)
        for a in approvals:
            words = g.after(low, last, a, _APPROVAL_WORDS)
            if words is not None:
                out.append((Hit(h.start, a.end, "violent_acts", f"{h.value} {a.value}"), aimed))
                break
    return out
