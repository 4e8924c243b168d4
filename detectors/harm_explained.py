"""A person's fault explained by their group, for the harm lexicon.

"She's stingy because she's Scottish", "Of course he lied to me, he's <group>", "Obviously they
smell. They're <group>." and "She's lazy like all <group>" say no "all <group> are", yet each
gives the group as the cause of the fault, which is the generalisation. The reading needs three
parts:
- a fault said of a person: a negative attribute, behaviour or misdeed with a pronoun or person
  noun as its subject and only copulas and intensifiers between (not "called lazy", not "not
  lazy");
- the group said of a person ("she's <group>", "they are <group>"), after the fault, or before it
  with "so" or "that's why";
- a link that makes the second the cause of the first: "because"/"since" before the group clause;
  "like all / like a typical <group>"; the group first ("he's <group>, so of course he ..."); or the
  two side by side (a comma or the next sentence) with a marker of the expected ("of course",
  "obviously", "after all", "what do you expect", "but then").
Not of age, disability or circumstance, where a cause is often just the fact ("she's forgetful,
she's ninety"; "he can't read it, he's dyslexic"; "stingy because she's broke"), not of a family
role, not of the writer ("they called me lazy because I'm <group>"), not someone else's belief, a
sarcastic echo, a question or a victim ("he was robbed because he's <group>").
Word lists live in harm_terms.yaml (`misdeeds`, `failings`; the negative attributes and behaviours
are shared).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention

KINDS = ("misdeeds", "failings")
FAULT_KINDS = ("negative_attributes", "negative_behaviours", "misdeeds", "failings")
# Kinds that are verbs: a fault only as `_done` reads it.
_VERB_KINDS = frozenset(["negative_behaviours", "misdeeds"])
_AFTER_A_VERB = frozenset(
    [
        *("me", "us", "from", "to", "about", "again", "all", "everything", "constantly", "always"),
        *("because", "since", "bc", "cause", "cuz", "like", "as", "my", "our", "and", "so", "lol", "it"),
        *("on", "off", "back", "bad", "awful", "terrible", "people", "everyone", "anyone", "a", "an"),
    ]
)
_PASSIVE_AUX = frozenset(["was", "were", "been", "being", "got", "get", "gets", "is", "are"])
_SETTINGS = [[w] for w in ("on", "in", "at", "during", "when")]
# Things smell too ("the cheeses reek"): no evidence that "they" are people.
_ODOURS = frozenset(["smell", "smells", "smelled", "smelt", "stink", "stinks", "stank", "reek", "reeks"])
_NOT_STOLEN = frozenset(
    [
        *("heart", "hearts", "show", "thunder", "breath", "attention", "spot", "time", "match", "game"),
        *("win", "limelight", "scene", "spotlight", "roses", "flowers", "coffee", "air"),
    ]
)

# Where a cause is often just the fact ("she's forgetful, she's ninety"; "he can't read it, he's
# dyslexic"; "she's stingy because she's broke"); family roles are `g.FAMILY`.
_EXEMPT_AXES = frozenset(["age", "disability", "socioeconomic"])
# "she's <group>", "they are a <group>": the group said of a person; the pronoun is group 1 or 2.
_GROUP_CLAUSE = re.compile(
    r"(?<![a-z0-9'])(?:(he|she|they|you)(?:'s|'re)|(he|she|they|you)\s+(?:is|are|was|were)|"
    r"the\s+(?:guy|girl|man|woman|dude|kid|lady|bloke)(?:'s|\s+is|\s+was))"
    r"\s+(?:(?:a|an|just|obviously|clearly|simply)\s+)?$"
)
_CAUSES = frozenset(["because", "since", "cause", "cuz", "coz", "cos", "bc"])
# "like all <group>", "like every other <group>", "like a typical <group>", "as most <group> are".
_TYPIFYING = re.compile(
    r"(?<![a-z0-9])(?:like|as)\s+(?:all|every|most|many|any|the rest of|a typical|your typical|a true)"
    r"(?:\s+(?:the|those|these|them|of|other))*\s+$"
)
# "What do you expect" and its kin, before or after the group clause.
_WHAT_EXPECT = r"what do you expect|what did you expect|what did i expect|what else (?:do|would) you expect"
# Markers that the fault was to be expected of the group, before or after the group clause.
_EXPECTED = re.compile(
    r"(?<![a-z0-9])(?:of course|ofc|obviously|naturally|typical|as usual|figures|no wonder|no surprise|"
    rf"after all|{_WHAT_EXPECT}|but then|then again)(?![a-z0-9])"
)
# What may follow the group clause, which closes the explanation ("..., she's <group> after all").
_CLOSING = re.compile(
    rf"\s*(?:,?\s*(?:so\s+|and\s+)?(?:after all|of course|obviously|{_WHAT_EXPECT}|lol|lmao|smh|tbh|ffs|"
    r"simple as|they all are|they(?:'re| are) all like that))*\s*[.!?,;]*\s*$"
)
# The group first, then the fault it explains ("he's <group>, so of course he stole it", "she's
# <group>, which explains why she's so cheap", "they're <group>s, of course they stole my bike").
_THEREFORE = re.compile(
    r"\s*,?\s*(?:so|that's why|that is why|which explains why|which is why|hence|of course|obviously|naturally)"
    r"(?:\s+(?:of course|obviously|naturally))?\s+"
)
_PRONOUNS = {"he": "he", "he's": "he", "him": "he", "she": "she", "she's": "she", "her": "she"}
_PRONOUNS |= {"they": "they", "they're": "they", "them": "they", "you": "you", "you're": "you"}
# Between the fault's subject and the fault: copulas, auxiliaries and intensifiers only.
_BETWEEN_SUBJECT_AND_FAULT = frozenset(
    [
        *("is", "are", "was", "were", "be", "been", "being", "s", "re", "always", "so", "really", "very"),
        *("such", "a", "an", "just", "too", "totally", "pretty", "quite", "again", "also", "still"),
        *("clearly", "obviously", "naturally", "course", "of", "has", "have", "had", "did", "does"),
        # where the person lives ("the couple next door are ...")
        *("next", "door", "upstairs", "downstairs", "across", "the", "road", "street", "hall", "here"),
    ]
)
_SUBJECT_REACH = 4  # words between the subject and the fault
# Someone else's belief or word about the person ("they think he's a thief", "called her lazy",
# "stop pretending he's dangerous", "as if she's lazy").
_HOLDERS = frozenset(
    [
        *("think", "thinks", "thought", "assume", "assumes", "assumed", "believe", "believes", "believed"),
        *("say", "says", "said", "claim", "claims", "claimed", "call", "calls", "called", "accuse", "accused"),
        *("label", "labels", "labelled", "labeled", "treat", "treats", "treated", "see", "sees", "saw", "seen"),
        *("suspect", "suspects", "suspected", "imply", "implies", "implied", "decided", "decide", "like"),
        *("figure", "figures", "figured", "pretend", "pretends", "pretending", "doubt", "doubts", "feel"),
        *("feels", "felt", "insist", "insists", "insisted", "argue", "argues", "argued", "if", "whether"),
        *("mean", "means", "meaning", "suggest", "suggests", "suggesting", "decide", "deciding"),
    ]
)
# Interjections before a sarcastic "so" that restates someone's logic ("Cool, so he's dangerous
# because he's <group>. Got it.").
_ECHO_OPENERS = frozenset(["cool", "oh", "wow", "right", "ok", "okay", "great", "yeah", "sure"])


# "..., what did you expect?" asks nothing.
_RHETORICAL = re.compile(r"what (?:else )?(?:did|do|would) (?:you|i) expect\?")
_REJECTED = re.compile(
    r"(?<![a-z0-9])(?:argument|logic|evidence|proof|pathetic|gross|ridiculous|racist|bigoted|bigotry|"
    r"nonsense|got it|makes sense|sure thing|source)(?![a-z0-9])"
)


def negation_floor(low: str, start: int, fault: Hit) -> int:
    """Where a negation of the fault may start: after any marker of the expected before it ("no
    surprise", "no wonder" are no negation of what follows)."""
    markers = [x.end() for x in _EXPECTED.finditer(low, start, fault.start)]
    return max([start, *markers])


def _done(low: str, h: Hit, before: list[str], end: int) -> bool:
    """A verb's misdeed is done by its subject: not suffered ("he was robbed"), and followed by an
    object or ending a misdeed takes ("stole my bike", "lied to me", "robbed the corner shop"),
    not an idiom's ("stole my heart", "stole the show", "smells the roses", "stinks at chess",
    "lying low", "cheated death"). A phrase that holds its object ("ripped me off") may go on."""
    verb = h.value.split(" ")[0]
    if verb.endswith("ed") and before[-1:] and before[-1] in _PASSIVE_AUX:
        return False
    after = g.words(low, h.end, end)[:2]
    nxt = g.next_word(low, h.end, end)
    if nxt is None or " " in h.value:
        return True
    if nxt[0] == "the":
        return verb not in _ODOURS and not (after[1:2] and after[1] in _NOT_STOLEN)
    if nxt[0] in ("my", "our"):
        return not (after[1:2] and after[1] in _NOT_STOLEN)
    return nxt[0] in _AFTER_A_VERB


def _fault(low: str, start: int, end: int, hits: list[Hit], persons: AbstractSet[str]) -> tuple[Hit, str] | None:
    """The last fault said of a person between `start` and `end`, with its subject, if any."""
    for h in sorted(hits, key=lambda x: -x.start):
        if h.kind not in FAULT_KINDS or h.start < start or h.end > end:
            continue
        clause = g.clause_start(low, start, h.start)
        before = g.words(low, clause, h.start)
        if g.denied(low, h.start, clause):
            continue
        # A fault limited to a setting ("dangerous on the pitch", "aggressive in the scrum").
        if h.kind == "negative_attributes" and g.words(low, h.end, end)[:1] in _SETTINGS:
            continue
        if h.kind in _VERB_KINDS and not _done(low, h, before, end):
            continue
        for k in range(1, min(len(before), _SUBJECT_REACH + 1) + 1):
            subject, between = before[-k], before[len(before) - k + 1 :]
            if subject in _PRONOUNS or subject in persons or subject.removesuffix("'s") in persons:
                # Anywhere before the subject in its clause: "everyone thinks the neighbour is ...".
                held = bool(_HOLDERS.intersection(before[: len(before) - k]))
                if all(w in _BETWEEN_SUBJECT_AND_FAULT for w in between) and not held:
                    return (h, subject)
                break
    return None


def _echoed(low: str, s_start: int, s_end: int) -> bool:
    """The sentence restates someone's reasoning with "so" or a mock "oh sure" ("So she's a
    terrorist because ...", "Oh sure, he's a thief because ...")."""
    opening = g.first_words(low, s_start, s_end, 3)
    if opening[:2] == ["oh", "sure"]:
        return True
    while opening and opening[0] in _ECHO_OPENERS:
        opening = opening[1:]
    return opening[:1] == ["so"]


def explanation(
    low: str,
    m: Mention,
    s_start: int,
    s_end: int,
    hits: list[Hit],
    persons: AbstractSet[str],
    preceding: g.Neighbour | None = None,
    following: g.Neighbour | None = None,
) -> tuple[Hit, int, str] | None:
    """The fault the group of `m` is given as the cause of: the fault's hit, where the claim
    starts and the link ("because", "like", "therefore", "expected"); None if the group explains
    nothing.
    `preceding` is the previous sentence, where the fault may be ("Obviously they smell. They're
    <group>s."); `following` the next, which may reject the claim as someone's argument.
    """
    if m.axis in _EXEMPT_AXES or g.FAMILY.intersection(g.words(low, m.start, m.end)):
        return None
    # The two shapes an explanation takes, looked for near the group first: the sentence-wide
    # checks below cost a pass over the sentence for every group in it.
    typifying = _TYPIFYING.search(low, max(s_start, m.start - 40), m.start)
    clause = _GROUP_CLAUSE.search(low, max(s_start, m.start - 24), m.start) if typifying is None else None
    if typifying is None and clause is None:
        return None
    asked = g.is_question(low, s_end) and _RHETORICAL.search(low, s_start, s_end) is None
    if asked or _echoed(low, s_start, s_end) or g.SOURCED.intersection(g.words(low, s_start, s_end)):
        return None
    # The claim after a label ("Translation: ...", "Cool story: ..."), or answered in the next
    # sentence as an argument to reject ("That's the whole argument? Pathetic.").
    if ":" in low[s_start : m.start] or (following is not None and _REJECTED.search(low, following[0], following[1])):
        return None
    end = g.group_end(low, m, s_end)
    if typifying is not None:
        found = _fault(low, s_start, typifying.start(), hits, persons)
        if found is not None and len(g.words(low, found[0].end, typifying.start())) <= 4:
            return (found[0], found[0].start, "like")
        return None
    if clause is None:
        return None
    pronoun = clause.group(1) or clause.group(2)
    # "They're <group>" as an adjective ("they're Chinese") may be said of phone cases: only a
    # misdeed that people commit ("they stole", not "they smell": cheeses do) or a subject that is
    # people makes it a group of people; "they're <group>s" names them.
    adjectival = pronoun == "they" and not g.plural_group(low, m, end, [])

    def of_people(found: tuple[Hit, str] | None) -> tuple[Hit, str] | None:
        doings = found is not None and found[0].kind in _VERB_KINDS and found[0].value not in _ODOURS
        if found is not None and adjectival and not (doings or found[1] in persons):
            return None
        return found

    therefore = _THEREFORE.match(low, end, s_end)
    if therefore is not None and not g.words(low, s_start, clause.start()):
        found = of_people(_fault(low, therefore.end(), s_end, hits, persons))
        # The fault is said of the same person ("she's <group>, so of course she ...").
        if found is None or (found[1] in _PRONOUNS and pronoun is not None and _PRONOUNS[found[1]] != pronoun):
            return None
        return (found[0], m.start, "therefore")
    # The group clause closes the sentence: a cause that goes on ("because he's <group> and keeps
    # getting followed") is another cause.
    if not _CLOSING.fullmatch(low, end, s_end):
        return None
    opening = g.words(low, s_start, clause.start())
    if opening and opening[-1] in _CAUSES:
        # "not because she's <group>" denies the cause.
        if g.negated(low, low.rfind(opening[-1], s_start, clause.start()), s_start):
            return None
        found = of_people(_fault(low, s_start, clause.start(), hits, persons))
        return (found[0], found[0].start, "because") if found is not None else None
    comma = low.rfind(",", s_start, clause.start())
    if comma >= 0:
        found = of_people(_fault(low, s_start, comma, hits, persons))
        if found is not None:
            return (found[0], found[0].start, "expected") if _EXPECTED.search(low, s_start, s_end) else None
    # Otherwise the group clause opens its sentence, after markers only ("What do you expect, he's
    # <group>."), and the fault is in the sentence before, said of the same person: the same
    # pronoun, or a person noun with no other person after it ("my son lied to his tutor. She's ...").
    if preceding is None or (opening and _EXPECTED.fullmatch(" ".join(opening)) is None):
        return None
    p_start, p_end, p_hits = preceding
    if g.SOURCED.intersection(g.words(low, p_start, p_end)) or _echoed(low, p_start, p_end):
        return None
    found = of_people(_fault(low, p_start, p_end, p_hits, persons))
    if found is None or not _EXPECTED.search(low, p_start, s_end):
        return None
    h, subject = found
    if subject in _PRONOUNS and pronoun is not None:
        same = _PRONOUNS[subject] == pronoun
    else:
        same = not any(w in persons or w in _PRONOUNS for w in g.words(low, h.end, p_end))
    return (h, h.start, "expected") if same else None
