"""Hatred or disgust the writer says they feel for a group, for the harm lexicon.

"I hate <group>", "we can't stand <group>", "<group> disgust me", "they make my skin crawl", "Fuck
the <group>": the strongest negative feeling stated outright, with no insult word. Three shapes
from harm_terms.yaml state it, a fourth calls for it:
- the writer (`i`, `we`, at most a few adverbs between) feels it for the group as the object of a
  `contempt_verbs` verb: "I honestly despise those <group>";
- the group is the subject of a `disgust_verbs` phrase, whose object is the writer: "<group>
  repulse me", "<group> make my skin crawl", "<group> can go fuck themselves";
- a curse (`contempt_curses`) opening its clause with the group as its object: "Fuck the <group>";
- the feeling called for, or scorn (`scorn_verbs`, read only here): "everyone should hate <group>",
  "keep hating <group>", "teach your kids to mock <group>" (frame `call_to_hate`).
The group must be people, several and whole: not one person ("I hate the old man"), not a
religion or idea ("I despise <religion>"), not a thing its adjective names or it has ("I hate
<group> food", "<group> temples"), not a possessive ("<group>'s cooking"), not narrowed ("I hate
<group> who cheat", "<group> like my uncle"), not a movement named with the group's word ("white
supremacists"). In the disgust shape the group opens its clause and agrees with the verb ("the way
people treat <group> disgusts me" is not it). A question states nothing. Negation ("I don't hate
<group>"), reporting and counter-speech are applied by the harm lexicon. A resolved anaphor is a
mention, so "I met some <group> and honestly they disgust me" is read too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention

# harm_terms.yaml kinds read here (the harm lexicon adds them to its automaton).
KINDS = ("contempt_verbs", "scorn_verbs", "disgust_verbs", "contempt_curses")
_SUBJECTS = frozenset(["i", "we", "i'm", "we're", "im"])
# The feeling named as a noun takes the writer's possessive at the head of its clause ("my hatred
# for <group> grows", "my deep hatred for"); not "our", as often a nation's self-criticism ("Our
# hatred of <group> is a national disgrace"), nor a possessive inside another phrase ("let go of my
# hatred for"). A verb after the group that says the feeling is over disowns it.
_POSSESSIVES = frozenset(["my"])
_FEELING_ADJECTIVES = frozenset(["deep", "deepest", "pure", "burning", "utter", "growing", "absolute", "total"])
_DISOWNED = frozenset(["ended", "faded", "stopped", "disappeared", "vanished", "died", "melted", "left"])
_BEFORE_MY = frozenset(["and", "but", "so", "honestly", "frankly", "still", "yet"])
_NOUN_FORMS = ("hatred ", "contempt ", "loathing ", "disgust ")
# How much, after the group: "I hate <group> with a passion" keeps the whole group.
_WITH_FEELING = re.compile(r"\s+with (?:a passion|every fib(?:re|er) of my being|all my heart)(?![a-z])")
# After the group in the noun form, the clause's verb follows ("... <group> grows every day"); these
# narrow the group or make it a thing's owner instead.
_NARROWING = frozenset(["who", "that", "which", "like", "with", "whose", "from"])
# Between the writer and the feeling ("I really fucking hate", "we all just despise", "I'm so sick of").
_ADVERBS = frozenset(
    [
        *("really", "truly", "just", "honestly", "absolutely", "seriously", "genuinely", "so", "all", "fucking"),
        *("bloody", "totally", "utterly", "completely", "simply", "still", "always", "do", "literally"),
        *("personally", "kinda", "lowkey", "secretly", "am", "are", "very", "damn", "feel", "have", "such"),
        # before a feeling named as a noun ("I have a deep loathing of", "I feel nothing but hatred for")
        *("a", "deep", "pure", "real", "nothing", "but"),
    ]
)
_BEFORE_POSSESSIVE = _ADVERBS | _BEFORE_MY
_NOT_THE_CLAUSE_VERB = _NARROWING | _DISOWNED
# A longer run of words between the writer and the verb is another clause, not adverbs.
_ADVERB_WORDS = 3
# Between the verb and the group it is felt for ("hate all the <group>").
_DETERMINERS = frozenset(["the", "those", "these", "all", "every", "any", "most", "of", "them", "damn", "fucking"])
_OBJECT_WORDS = 3
# After the object: the clause goes on with these and the group stays whole people. Not "like" or
# "with", which narrow it ("<group> like my uncle", "<group> with no sense of humour").
_AFTER_PEOPLE = frozenset(
    [
        *("and", "or", "so", "because", "since", "but", "more", "most", "too", "as", "in", "here", "there"),
        *("everywhere", "now", "anyway", "honestly", "already", "for", "even", "all"),
        # a contact clause keeps every one of them: "I hate every <group> I meet"
        *("i", "we", "you"),
    ]
)
# Before the group in the disgust shape: the start of its clause, determiners or interjections.
_CLAUSE_OPENERS = frozenset(
    [
        *("the", "those", "these", "all", "most", "so", "many", "honestly", "frankly", "yeah", "and", "but"),
        *("lol", "tbh", "seriously", "just", "well", "ok", "oh", "man", "god", "ugh", "damn"),
    ]
)
# Between the group and the disgust it causes ("<group> all really do disgust me").
_GROUP_ADVERBS = frozenset(
    ["all", "just", "really", "honestly", "truly", "seriously", "genuinely", "so", "fucking", "do", "literally"]
)


def contempt(
    low: str,
    mentions: Sequence[Mention],
    by_kind: Mapping[str, list[Hit]],
    s_start: int,
    s_end: int,
    roles: frozenset[str] = frozenset(),
) -> list[tuple[Hit, list[Mention]]]:
    """Each stated hatred or disgust for a group in the sentence, with the group it is felt for;
    `roles` are the person nouns that may follow the group's adjective ("<group> priests")."""
    out: list[tuple[Hit, list[Mention]]] = []
    if g.is_question(low, s_end):
        return out  # a question states nothing: "Do I hate <group>? Of course not."
    mentions = [m for m in mentions if not g.movement(low, m, s_end)]
    for h in by_kind.get("contempt_verbs", []):
        noun = h.value.startswith(_NOUN_FORMS)
        if _by_the_writer(low, s_start, h, noun):
            felt = h
        elif not noun and _called_for(low, s_start, h):
            felt = Hit(h.start, h.end, "call_to_hate", h.value)
        else:
            continue
        aimed = [m for m in mentions if _object(low, h, m, s_end, roles, noun)]
        if aimed:
            out.append((felt, aimed[:1]))  # the verb's object: the first group after it, not a later one
    for h in by_kind.get("scorn_verbs", []):
        if _called_for(low, s_start, h):
            aimed = [m for m in mentions if _object(low, h, m, s_end, roles)]
            if aimed:
                out.append((Hit(h.start, h.end, "call_to_hate", h.value), aimed[:1]))
    for h in by_kind.get("contempt_curses", []):
        # A curse is the writer's when it opens its clause ("Fuck the <group>", "honestly, screw <group>").
        opening = g.words(low, g.clause_start(low, s_start, h.start), h.start)
        if not set(opening) <= _CLAUSE_OPENERS:
            continue
        aimed = [m for m in mentions if _object(low, h, m, s_end, roles)]
        if aimed:
            out.append((h, aimed[:1]))
    for h in by_kind.get("disgust_verbs", []):
        for m in mentions:
            end = g.group_end(low, m, s_end, roles)
            if h.start < end or not set(g.words(low, end, h.start)) <= _GROUP_ADVERBS:
                continue
            if _subject(low, m, h, s_start, end):
                out.append((h, [m]))
                break
    return out


def _subject(low: str, m: Mention, h: Hit, s_start: int, end: int) -> bool:
    """The group, several people, opens the disgust's clause as its subject, and the verb agrees:
    not the object of a verb, a preposition or a gerund before it ("the way people treat <group>
    disgusts me", "headlines about murdered <group> make me sick", "those who mock <group> ...")."""
    lo = s_start
    for mark in (",", ";", " and ", " but ", " so "):
        at = low.rfind(mark, s_start, m.start)
        if at >= 0:
            lo = max(lo, at + len(mark))
    before = g.words(low, lo, m.start)
    if not all(w in _CLAUSE_OPENERS for w in before) or g.in_relative_clause(low, m, h, s_start):
        return False
    if not g.plural_group(low, m, end, before[-2:]):
        return False
    # "<group> disgusts me": a plural subject takes "disgust"; the singular verb's subject is
    # something else ("the way ... <group> disgusts me").
    return not h.value.split(" ")[0].endswith("s") or bool({"every", "each"}.intersection(before))


def _by_the_writer(low: str, s_start: int, h: Hit, noun: bool = False) -> bool:
    """The feeling's subject is the writer: "I" or "we", with at most a few adverbs between; a
    feeling named as a noun may also be the writer's own ("my hatred for")."""
    before = g.words(low, max(s_start, h.start - 60), h.start)
    if noun:
        own = g.words(low, g.clause_start(low, s_start, h.start), h.start)
        while own and own[-1] in _FEELING_ADJECTIVES:
            own.pop()
        if own and own[-1] in _POSSESSIVES and set(own[:-1]) <= _BEFORE_POSSESSIVE:
            return True
    for i in range(len(before) - 1, max(-1, len(before) - _ADVERB_WORDS - 2), -1):
        if before[i] in _SUBJECTS:
            return True
        if before[i] not in _ADVERBS:
            return False
    return False


# Hatred or scorn called for: everyone told to feel it ("everyone should hate <group>", "we must
# despise <group>"), a command that goes on with it or invites it ("keep hating <group>", "let's
# hate <group>"), or children taught it ("teach your kids to mock and shun <group>"). Not a bare
# imperative: "just hate the French already, they beat us fair and square" is banter.
_CALLED = frozenset(["everyone", "everybody", "people", "we", "you", "y'all", "yall", "folks", "all"])
_COMMANDS = frozenset(["keep", "just", "so", "please", "let's", "lets", "always", "and", "on"])
_INVITATIONS = frozenset(["let's", "lets"])
_GERUND_LEADS = frozenset(["keep", "start", "continue", "on"])
_TAUGHT = frozenset(["teach", "tell", "raise", "train", "encourage"])
_PUPILS = frozenset(["kids", "children", "sons", "daughters", "students", "son", "daughter", "followers", "people"])
_PUPILS_OF = frozenset(["your", "our", "their", "my", "the"])
_JOINED_SCORN = frozenset(["mock", "hate", "despise", "shun", "ridicule", "bully", "and"])


def _called_for(low: str, s_start: int, h: Hit) -> bool:
    """The feeling is called for: told to everyone, commanded, or taught to children."""
    before = g.words(low, g.clause_start(low, s_start, h.start), h.start)
    while before and before[-1] in _ADVERBS and before[-1] not in _COMMANDS:
        before.pop()
    if h.value.startswith(("hating", "despising")):
        # "keep hating <group>", "start despising ...": the gerund after a verb of going on
        return bool(before) and before[-1] in _GERUND_LEADS and set(before) <= _COMMANDS | _GERUND_LEADS
    if before[:1] and before[0] in _INVITATIONS and set(before) <= _COMMANDS:
        return True
    while before and before[-1] in _JOINED_SCORN:
        before.pop()
    if before[-1:] == ["to"] and _taught(before[:-1]):
        return True
    split = g.split_modal(before, g.OBLIGATIONS)
    if split is None:
        return False
    subject = split[0]
    while subject and subject[-1] in ("all", "just", "really"):
        subject.pop()
    return 0 < len(subject) <= 2 and subject[-1] in _CALLED


def _taught(words: list[str]) -> bool:
    """The words end with someone taught: "teach your kids", "raise children"."""
    if not words or words[-1] not in _PUPILS:
        return False
    rest = words[:-1]
    if rest and rest[-1] in _PUPILS_OF:
        rest = rest[:-1]
    return bool(rest) and rest[-1] in _TAUGHT


def _object(low: str, h: Hit, m: Mention, s_end: int, roles: frozenset[str], noun: bool = False) -> bool:
    between = g.before(low, h, m, _OBJECT_WORDS)
    if between is None or not set(between) <= _DETERMINERS:
        return False
    end = g.people_end(low, m, between, s_end, roles)
    if end is None:
        return False
    if noun and not low.startswith(("'", "\u2019"), end):
        # "my hatred for <group> grows": the clause's verb may follow the group.
        nxt = g.next_word(low, end, s_end)
        if nxt is None or nxt[0] not in _NOT_THE_CLAUSE_VERB:
            return True
    if _WITH_FEELING.match(low, end):
        return True  # "I hate <group> with a passion": the feeling's measure, not a narrower group
    return g.whole_people(low, end, s_end, _AFTER_PEOPLE)
