"""Violence wished on, planned against or approved of a group, for the harm lexicon.

A phrase list cannot hold every way of saying "<group> deserve to be assaulted", "someone should
stab those <group>" or "beating up <group> is good sport", so these readings are composed from parts
in harm_terms.yaml:
- normative threats: a modal of obligation or desert and a violent passive ("should all be
  lynched", "deserves to get beaten up"), expanded into the `threats` phrases, near a group;
- planned violence: a violent act (`violent_verbs`) with an agent who intends it right before
  (`threat_agents`: "we'll", "I'm going to", "someone should") or given as a command ("just go
  stab ..."), and the group as its object ("... stab those <group>"), read as people ("the <group>
  family", not "the <group> restaurant");
- approved violence: the act named as a deed (`violent_acts`: "hitting", "violence against") done
  to the group and approved right after it (`violence_endorsements`: "is fine", "they had it
  coming"); the approval is contiguous, so "is not fine" and "is never okay" do not match.
Listed threats whose verb has an everyday sense ("kill the lights") need the group's people as
their object (`at_a_thing`). The harm lexicon applies negation, reporting, quoting and
counter-speech as to every threat.
"""

from __future__ import annotations

import re
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
        *("tonight", "today", "tomorrow", "now", "again", "soon", "here", "there", "first", "next", "too"),
        *("out", "up", "down", "off", "alive", "to", "like", "wherever", "whenever", "before", "after"),
        *("we", "i", "you", "they", "he", "she"),
        *("is", "are", "was", "were", "will", "would", "should", "must", "can", "deserve", "deserves", "get"),
    ]
)
# Nouns ending in "-ing" that a group's adjective names as a thing ("the <group> wedding"); other
# "-ing" words after the group are verbs said of its people ("the <group> living next door").
_THINGS_IN_ING = frozenset(["wedding", "weddings", "building", "buildings", "clothing", "housing", "meeting"])


def normative_threats(data: Mapping[str, Any]) -> set[str]:
    """Every `threat_modals` x `violent_participles` phrase ("should all be lynched"), normalised."""
    modals = [normalise(str(m)).strip() for m in data.get("threat_modals") or []]
    acts = [normalise(str(p)).strip() for p in data.get("violent_participles") or []]
    return {f"{m} {p}" for m in modals for p in acts}


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
# Objects that stand for people already named ("<group>? shoot the lot of them").
_PEOPLE_WORDS = frozenset(["lot", "rest", "ones", "them", "bunch", "whole", "entire", "lots"])


def at_a_thing(low: str, h: Hit, mentions: Sequence[Mention], s_end: int, persons: frozenset[str]) -> bool:
    """A listed threat with an everyday verb whose object, right after it, is a thing, not people."""
    said = h.value.split(" ")
    if said[0] not in _EVERYDAY_ACTS or (len(said) > 1 and said[-1] not in _OPEN_OBJECT):
        return False
    for m in mentions:
        if _right_after(low, h, m):
            return not _as_people(low, m, s_end, persons)
    after = [w for w in g.words(low, h.end, min(s_end, h.end + 80)) if w not in _DETERMINERS]
    return bool(after) and after[0] not in persons and after[0] not in _PEOPLE_WORDS


# Listed threats that are nouns naming a deed: named as an event ("the Rwandan genocide", "the
# extermination of European Jews", "evidence of ethnic cleansing", "genocide scholars", "the Lavender
# Scare was a purge of gay men") they are history, which encyclopaedias, survivors and assistants'
# answers name all the time. What makes such a sentence hate is said of the deed itself, so each
# check below is held to the deed: a word calling for it right before it, an approval in the
# predicate it is the subject of, mockery, or a call in the sentence after a bare "The <deed>?".
_EVENT_NOUNS = frozenset(
    ["genocide", "extermination", "eradication", "ethnic cleansing", "lynching", "slaughter", "massacre", "purge"]
)
_DEFINITE = frozenset(["the", "this", "that", "its", "their"])
_EVENT_WORDS = 4  # words between the article and the noun ("the 1994 Rwandan genocide")
# Before "a <deed>": a verb that classifies something as one ("was a purge of", "call it a genocide").
_CLASSIFYING = frozenset(
    [
        *("was", "were", "call", "called", "calls", "calling", "constitutes", "constituted", "amounted"),
        *("recognise", "recognised", "recognize", "recognized", "declared", "labelled", "labeled", "termed"),
        *("ruled", "deemed", "considered"),
    ]
)
_CLASSIFY_WORDS = 6  # words between the classifying verb and "a" ("called the killing of Rwandan Tutsi a")
# Before "of <deed>": a noun that reports it ("evidence of ethnic cleansing", "survivors of genocide").
_REPORTING_NOUNS = frozenset(
    [
        *("evidence", "accusations", "allegations", "charges", "hallmarks", "acts", "crimes", "history"),
        *("victims", "survivors", "memory", "anniversary", "denial", "recognition", "scale", "years", "site"),
    ]
)
# After the noun, a noun it modifies: a field, a record, a memorial ("genocide scholars").
_MODIFIED = frozenset(
    [
        *("scholars", "scholar", "studies", "survivors", "survivor", "memorial", "museum", "denial", "deniers"),
        *("researchers", "education", "awareness", "convention", "trial", "trials", "tribunal", "victims"),
        *("remembrance", "prevention", "commemoration", "historians", "watch", "site", "sites"),
    ]
)
# Between the article and the noun: another one asked for ("the next genocide", "a real purge").
_ANOTHER = frozenset(["next", "another", "more", "new", "second", "real", "proper", "coming", "future", "final"])
# Right before the article: a verb or phrase calling for the deed or approving it.
_GOVERNING = frozenset(
    [
        *("finish", "repeat", "redo", "bring", "start", "begin", "continue", "complete", "restart", "resume"),
        *("support", "supports", "want", "wants", "need", "needs", "love", "loved", "enjoy", "miss", "demand"),
        *("celebrate", "cheer", "applaud", "praise", "approve", "deserve", "deserves", "deserved", "dream"),
        *("crave", "do", "let's", "lets", "should", "must", "more", "another", "watch", "see", "witness"),
    ]
)
# ... or a regret or a wish, which calls for the deed only when what follows says it failed or
# should go on ("Shame the genocide of the Armenians failed", "I wish the purge had gone further");
# not "It's a shame the genocide is so little known" or "I wish that genocide had never happened".
_REGRETS = frozenset(["shame", "sad", "pity", "bad", "wish", "hope", "pray"])
_UNFINISHED = frozenset(
    [
        *("failed", "ended", "stopped", "incomplete", "unfinished", "finish", "finished", "complete"),
        *("completed", "enough", "further", "succeeded", "continued", "again", "more", "sooner", "everywhere"),
    ]
)
# "for" calls for the deed after these ("all for", "can't wait for", "thank god for", "time for").
_FOR_CALLS = frozenset(["all", "wait", "thank", "god", "time", "pray", "ready", "vote", "hope", "here"])
# In the predicate of a deed that is its clause's subject: an approval of it ("was a blessing", "was
# fine by me", "is something I dream about", "didn't go far enough", "and it worked").
_APPROVALS = frozenset(
    [
        *("good", "great", "fine", "ok", "okay", "justified", "justice", "necessary", "needed", "deserved"),
        *("deserving", "right", "heroic", "hero", "heroes", "blessing", "mercy", "favour", "favor", "favourite"),
        *("favorite", "perfect", "beautiful", "glorious", "amazing", "awesome", "best", "hilarious", "funny"),
        *("fun", "overdue", "enough", "worked", "success", "successful", "victory", "win", "relief", "gift"),
        *("again", "soon", "tomorrow", "tonight", "dream", "dreams", "love", "proud", "happy", "glad"),
        *("legend", "legendary", "epic", "cool", "nice", "wonderful", "excellent", "brilliant", "deserve"),
        *("deserves", "want", "wants", "revive", "revived", "save", "saves", "failed", "incomplete"),
        *("holiday", "celebrate", "celebrated", "celebration", "rejoice", "rejoiced", "coming"),
    ]
)
# ... and approvals said in more than one word, whose words alone are ordinary ("the way the state
# answered", "came back into the news", "was done within a hundred days").
_APPROVAL_PHRASES = re.compile(
    r"(?<![a-z0-9'])(?:well done|job done|half done|only way|only answer|only solution|the answer|the solution"
    r"|brought it on themselves|asked for it|no tears|public service|good start|had it coming"
    r"|what they need|what we need|what the world needs|god's work|bring (?:it|them|those days) back"
    r"|do it again|finish (?:it|the job))(?![a-z0-9'])"
)
# ... unless the predicate remembers, teaches or condemns it ("... will never be forgotten", "...
# should be taught in every school", "... must never happen again", "... was the worst crime").
_REMEMBRANCE = frozenset(
    [
        *("forgotten", "forget", "remembered", "remember", "taught", "teach", "recognised", "recognized"),
        *("recognition", "commemorated", "commemorate", "acknowledged", "acknowledge", "studied"),
        *("documented", "condemned", "mourned", "tragedy", "tragic", "crime", "crimes", "atrocity"),
        *("atrocities", "horror", "horrific", "evil", "shameful", "worst"),
    ]
)
_NEVER_AGAIN = re.compile(r"(?<![a-z0-9'])never (?:again|happen|be repeated|repeat)")
# A bare "The <deed> of <group>?" has no verb of these; the call is then in the next sentence.
_VERBS = frozenset(["is", "was", "were", "are", "did", "does", "do", "has", "had", "have", "happened", "began"])
# Before the article, words that keep the deed its clause's subject ("Honestly, the ...", "And the ...").
_SUBJECT_OPENERS = frozenset(["honestly", "frankly", "and", "but", "so", "yes", "yeah", "well", "imo", "tbh", "oh"])
_MOCKERY = frozenset(["lol", "lmao", "lmfao", "rofl", "haha", "kek"])
# "based" as slang approval, not "based on" a source.
_BASED = re.compile(r"(?<![a-z0-9'])based(?![a-z0-9'])(?! (?:on|upon|in|at|off|around|out|near)\b)")


def named_event(low: str, h: Hit, s_start: int, s_end: int, following: tuple[int, int] | None = None) -> bool:
    """A deed's noun named as an event history knows, with nothing calling for it, approving it
    or mocking its victims: a report, not a threat. `following` is the next sentence's span."""
    if h.value not in _EVENT_NOUNS:
        return False
    said = g.words(low, s_start, s_end)
    if any(_squeezed(w) in _MOCKERY for w in said) or _BASED.search(low, s_start, s_end):
        return False
    spans = [(t.group(0), t.start()) for t in g.WORD.finditer(low, s_start, h.start)]
    before = [w for w, _ in spans]
    nxt = g.next_word(low, h.end, s_end)
    if nxt is not None and nxt[0] in _MODIFIED:
        return True
    if len(before) >= 2 and before[-1] == "of" and before[-2] in _REPORTING_NOUNS:
        return True
    at = next(
        (i for i in range(len(before) - 1, max(-1, len(before) - _EVENT_WORDS - 1), -1) if before[i] in _DEFINITE), None
    )
    if at is None:
        return _classified(before)
    if any(w in _ANOTHER for w in before[at + 1 :]):
        return False
    predicate = g.words(low, h.end, s_end)
    governing = before[max(0, at - 3) : at]
    if any(w in _GOVERNING for w in governing) or (
        governing and governing[-1] == "for" and len(governing) > 1 and governing[-2] in _FOR_CALLS
    ):
        return False
    if any(w in _REGRETS for w in governing) and any(w in _UNFINISHED for w in predicate):
        return False
    opening = g.words(low, g.clause_start(low, s_start, spans[at][1]), spans[at][1])
    # The deed opens its clause, alone or after another it is joined to ("The Holocaust and the ...").
    coordinated = len(opening) > 1 and opening[0] in _DEFINITE and opening[-1] in ("and", "or")
    subject = coordinated or all(w in _SUBJECT_OPENERS for w in opening)
    remembered = any(w in _REMEMBRANCE for w in predicate) or _NEVER_AGAIN.search(low, h.end, s_end)
    approved = any(w in _APPROVALS for w in predicate) or _APPROVAL_PHRASES.search(low, h.end, s_end)
    if subject and approved and not remembered:
        return False
    if following is not None and g.is_question(low, s_end) and not any(w in _VERBS for w in said):
        nxt_said = g.words(low, *following)
        called = any(w in _APPROVALS or w in _GOVERNING for w in nxt_said)
        return not (called or _APPROVAL_PHRASES.search(low, *following))
    return True


def _classified(before: list[str]) -> bool:
    """ "a <deed>" classifying something: "was a purge of", "called the killing ... a genocide"."""
    if not before or before[-1] not in ("a", "an"):
        return False
    window = before[-1 - _CLASSIFY_WORDS : -1]
    at = next((i for i in range(len(window) - 1, -1, -1) if window[i] in _CLASSIFYING), None)
    # The classifying verb governs this "a" only with no verb of wanting between ("Muslims were a
    # mistake and we need a genocide of them").
    return at is not None and not any(w in _GOVERNING for w in window[at + 1 :])


def _squeezed(word: str) -> str:
    """A word with its stretched letters written once ("lmaooo", "hahahaha")."""
    if len(word) >= 4 and word.startswith("ha") and set(word) <= {"h", "a"}:
        return "haha"
    return re.sub(r"(.)\1+", r"\1", word)


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
        if agents.intended(low, s_start, h) or _imperative(low, s_start, h):
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
