"""Implicit derogation for the harm lexicon: contempt said without an insult word.

Backhanded praise presupposes the group lacks the quality.
"Pretty articulate for a <group member>" limits the praise by the group, and "I was amazed that a
<group member> could do the job properly for once" is surprise at competence: both say, without an
insult word, that the group is not normally so. The praise must sit right before "for a/an" with a
copula or intensifier before it ("is pretty smart for a ..."), and never in the "for <someone> to
<verb>" construction ("it is normal for a Muslim to fast"); the surprise must reach the group
within a few words and a competence marker ("for once", "properly") must follow it in the clause.
Praise conceded against a person's group ("he's <group> but he's actually nice", "a <group>, but a
decent one", "although she's <group>, she's kind", "he's <group> but he's not a thief") says the
same with "but", "though" or "yet": the quality is the exception the group does not have. The
group must be said of a person (a copula right before it; the subject a pronoun or person noun,
"a <group>", or a pronoun after "but"), and only pronouns, copulas and intensifiers may stand
between the connector and the praise, which closes its clause or names the person ("a nice guy",
"nice to us"). Not of the writer's own group, not of age ("old but still sharp"), not asked back,
not with a source ("..., my grandma says") or inside a cited quotation, not "and so is everyone".
A precaution the writer takes against such a person ("she's a <group>, but I always get a second
opinion", or with "so" giving the group as the reason: a verb of guarding and what it guards)
concedes distrust the same way, also in the answer to a question that names the group ('"Your
accountant is <group>?" "Yes, but I check the books myself"'). Not of a disability or one's own
family (care), nor with a reason or purpose of its own.
Praise of the group's people called surprising ("your <group> colleague is surprisingly punctual",
"<group> are surprisingly friendly") presupposes the same, when the group names people, not a
thing ("the <group> restaurant was surprisingly good").
The group's mere presence can also be the complaint: given as the reason for
leaving ("moved the kids because too many <group> started showing up") or as a danger to guard
against ("lock your car near where <group> live"). Word lists live in harm_terms.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention

# harm_terms.yaml kinds read here (the harm lexicon adds them to its automaton).
KINDS = (
    "surprise_cues",
    "competence_markers",
    "praise_words",
    "presence_quantifiers",
    "presence_predicates",
    "guard_advice",
    "conceded_praise",
    "distrust_precautions",
    "precaution_verbs",
    "guarded_things",
    "surprise_adverbs",
)
# Kinds a sentence must hold for each reading to be tried.
PRAISE_KINDS = ("praise_words", "positive_attributes", "surprise_cues", "surprise_adverbs")
# Praise a concession may grant.
CONCEDED_KINDS = frozenset(["praise_words", "positive_attributes", "conceded_praise"])
PRESENCE_KINDS = ("presence_quantifiers", "guard_advice")
_FOR_A = re.compile(r"(?<![a-z0-9])(?:(?:especially|particularly|even)\s+)?for\s+(?:a|an)\s+$")
_LEADS = frozenset(
    ["is", "was", "are", "s", "very", "quite", "pretty", "really", "so", "surprisingly", "remarkably", "rather"]
)
_COPULAS = frozenset(["is", "was", "are", "were", "s", "re", "seems", "seemed", "looks", "be"])
# What may stand between "but" and the praise: the person again, a copula, an article, an intensifier.
_CONCESSION_FILLERS = frozenset(
    [
        *("he", "she", "they", "you", "he's", "she's", "they're", "you're", "is", "was", "are", "were"),
        *("seems", "seem", "like", "a", "an", "such", "actually", "really", "very", "quite", "pretty"),
        *("surprisingly", "still", "so", "super", "genuinely", "totally", "incredibly", "extremely"),
        *("honestly", "real", "one", "of", "the", "most", "quiet", "and"),
    ]
)
# What may follow the praise: the end of its clause, a person noun (with `persons`), or these.
_AFTER_PRAISE = frozenset(
    ["and", "too", "enough", "though", "tho", "honestly", "actually", "really", "lol", "tbh", "one", "ones", "at"]
)
_CONCESSION_REACH = 6  # words between "but" and the praise
_SURPRISE_REACH = 4  # words between the surprise cue and the group
_COMPETENCE_REACH = 12  # words between the group and the competence marker


def backhanded(
    low: str, m: Mention, s_start: int, s_end: int, hits: list[Hit], persons: AbstractSet[str]
) -> tuple[int, int] | None:
    """The span of backhanded praise about the group of `m`, if any."""
    for_a = _FOR_A.search(low, max(s_start, m.start - 28), m.start)
    # After "for a" the group names a person: it ends the phrase ("for an immigrant.") or a person
    # noun follows ("for a <group> girl"); not a thing ("good for a Japanese car", "for a
    # Muslim-majority district") nor "for a <group> to <verb>".
    if for_a is not None and g.whole_people(low, m.end, s_end, persons):
        for h in hits:
            # "impressive, especially for a <group member>": a comma before the limit's adverb
            if h.kind not in ("praise_words", "positive_attributes") or not 0 < for_a.start() - h.end <= 2:
                continue
            lead = g.words(low, max(s_start, h.start - 24), h.start)[-2:]
            led = any(w in _LEADS or w.endswith(("'s", "'re")) for w in lead)
            if led and not g.diminished(low, h.start, s_start):
                return (h.start, m.end)
        reversed_at = _praise_after(low, m, s_start, s_end, hits)
        if reversed_at is not None:
            return (for_a.start(), reversed_at)
    surprised = _surprising_praise(low, m, s_end, hits, persons)
    if surprised is not None:
        return surprised
    for c in hits:
        if c.kind != "surprise_cues" or c.end > m.start or len(g.words(low, c.end, m.start)) > _SURPRISE_REACH:
            continue
        for k in hits:
            reach = k.start >= m.end and k.end <= s_end and len(g.words(low, m.end, k.start)) <= _COMPETENCE_REACH
            if k.kind == "competence_markers" and reach:
                return (c.start, k.end)
    return None


# Between a group's people and "surprisingly" praising them ("your <group> colleague sounds
# surprisingly organised", "<group> are surprisingly friendly").
_SURPRISED_LINKS = frozenset(
    [
        *("is", "are", "was", "were", "s", "re", "seems", "seem", "seemed", "sounds", "sound", "sounded"),
        *("looks", "look", "looked", "who", "really", "so", "very", "always", "can", "be"),
    ]
)
_SURPRISED_WORDS = 4


def _surprising_praise(
    low: str, m: Mention, s_end: int, hits: list[Hit], persons: AbstractSet[str]
) -> tuple[int, int] | None:
    """Praise of the group's people called surprising ("your <group> partner sounds surprisingly
    trustworthy"): the surprise presupposes the group is not so. The group must name people (a
    person noun after it, or its plural): "the <group> bakery is surprisingly good" praises a shop."""
    nxt = g.next_word(low, m.end, s_end)
    if nxt is not None and nxt[0] in persons:
        end = nxt[1]
    elif g.plural_group(low, m, m.end, []):
        end = m.end  # "<group>s ...": the people themselves, never an adjective before a role
    else:
        end = g.role_end(low, m.end, s_end, persons, plural=False)
        if end == m.end:
            return None
    for c in hits:
        if c.kind != "surprise_adverbs" or c.start < end:
            continue
        between = g.words(low, end, c.start)
        if len(between) > _SURPRISED_WORDS or not set(between) <= _SURPRISED_LINKS:
            continue
        praise = [h for h in hits if h.kind in CONCEDED_KINDS and 0 < h.start - c.end <= 1]
        if praise:
            return (m.start, praise[0].end)
    return None


# "For a <group member>, she's very articulate": the limit said first, opening its clause.
_REVERSED_SUBJECTS = frozenset(["he", "she", "they", "he's", "she's", "they're", "you", "you're"])
_REVERSED_WORDS = 5  # words between the comma and the praise ("she's actually really quite")
_REVERSED_GLUE = _REVERSED_SUBJECTS | _LEADS | _COPULAS | {"actually"}


def _praise_after(low: str, m: Mention, s_start: int, s_end: int, hits: list[Hit]) -> int | None:
    """Where the praise ends in "For a <group member>, <pronoun> is <praise>", if the sentence is that."""
    if g.words(low, g.clause_start(low, s_start, m.start), m.start) not in (["for", "a"], ["for", "an"]):
        return None
    end = g.group_end(low, m, s_end)
    comma = low.find(",", end, s_end)
    if comma < 0 or len(g.words(low, end, comma)) > 1:
        return None
    for h in hits:
        if h.kind not in ("praise_words", "positive_attributes") or h.start < comma:
            continue
        between = g.words(low, comma, h.start)
        if 0 < len(between) <= _REVERSED_WORDS and between[0] in _REVERSED_SUBJECTS and set(between) <= _REVERSED_GLUE:
            # "..., she's smart to sit at the front" is advice, not praise of her.
            nxt = g.next_word(low, h.end, s_end)
            return None if nxt is not None and nxt[0] == "to" else h.end
    return None


# A turn that confirms the question's group before conceding ('"Your doctor is a <group>?" "Yes, but ...').
_CONFIRMED = re.compile(r"\s*[\"\u201c']?\s*(?:yes|yeah|yep|yup|sure|(?:he|she|they) (?:is|are))\s*,?\s*but\s")
_CONNECTOR = re.compile(r"\s*,?\s*(but|so|though|yet)\s+(?:(?:naturally|of course|obviously),?\s+)?")
# Words a sentence needs for a concession to be looked for in it.
_CONCEDING = re.compile(r"(?<![a-z0-9])(?:but|so|though|although|yet)(?![a-z0-9])")
# "Although he's <group>, he's ...": the concession said first.
_CONCEDED_FIRST = frozenset(["although", "though"])
_SENTENCE_CLOSE = re.compile(r"\s*[.!]+[\"\u201d']?\s*")
_BUT_OPENS = re.compile(r"\s*[\"\u201c']?\s*but\s")
_QUESTION_END = re.compile(r"\s*\?+[\"\u201d']?\s*")
# What may stand between "but" and the writer's precaution ("but I always double-check her work").
_PRECAUTION_FILLERS = frozenset(
    [
        *("i", "we", "i'd", "i'll", "i'm", "we'd", "we're", "am", "will", "would", "still", "always"),
        *("usually", "just", "also", "do", "naturally", "obviously", "of", "course", "always", "never"),
        *("get", "got", "getting", "ask", "asked", "for", "a", "keep", "kept", "keeping"),
    ]
)
_PRECAUTION_REACH = 5
# "nice to us", "kind to everyone": praise of how the person treats people.
_TOWARDS = [[w] for w in ("me", "us", "everyone", "everybody", "people", "them", "her", "him", "all")]
# "..., and so is everyone else": the quality is no exception.
_SHARED = re.compile(r"(?<![a-z0-9])(?:so (?:is|are|was|were)|as (?:is|are)|like everyone|like everybody)(?![a-z0-9])")
# A precaution with a reason or purpose of its own ("... since she's on leave", "... to make sure
# there was no pork"), and what may follow the guarded thing ("closely", "myself", "twice").
_REASONS = frozenset(["because", "since", "as", "cause", "cuz", "bc", "to", "for", "after", "so"])
_AFTER_PRECAUTION = frozenset(
    [
        *("closely", "carefully", "like", "the", "all", "every", "always", "whenever", "when", "while", "around"),
        *("just", "too", "myself", "ourselves", "twice", "again", "afterwards", "later", "now", "anyway", "now"),
        *("line", "before", "at", "on", "in", "tbh", "lol", "honestly"),
    ]
)
_PERSON_PRONOUNS = frozenset(["he", "she", "you", "he's", "she's", "you're"])
_PERSON_OBJECTS = frozenset(["he", "she", "him", "her", "his", "he's", "she's"])
_SUBJECT_REACH = 4  # words back from the copula to the subject


def _of_a_person(low: str, m: Mention, end: int, words: list[str], persons: AbstractSet[str]) -> bool:
    """The group is said of a person: `words` (before the copula, or after it in a question) hold a
    personal pronoun or a person noun; "they" only for a group named as people ("they're <group>s",
    not "they're Italian", which may be cars)."""
    for w in reversed(words[-_SUBJECT_REACH:]):
        # "sister-in-law", "my doctor's <group>"
        if w in _PERSON_PRONOUNS or w in persons or w.split("-")[0] in persons or w.removesuffix("'s") in persons:
            return True
        if w in ("they", "they're"):
            return g.plural_group(low, m, end, [])
    return False


def may_concede(low: str, s_start: int, s_end: int, following: g.Neighbour | None) -> bool:
    """The sentence could hold a concession: a word of one, or a next sentence that answers its
    question or opens on "But"."""
    if _CONCEDING.search(low, s_start, s_end) is not None:
        return True
    return following is not None and ("?" in low[s_start:s_end] or _BUT_OPENS.match(low, following[0]) is not None)


def _guarding(low: str, hits: list[Hit]) -> list[Hit]:
    """A verb of guarding and what it guards, as one precaution ("count my change", "keep an eye
    on my wallet", "double-check his code")."""
    things = [t for t in hits if t.kind == "guarded_things"]
    out = []
    for v in hits:
        if v.kind != "precaution_verbs":
            continue
        near = [t for t in things if t.start > v.end and len(g.words(low, v.end, t.start)) <= 3]
        # The longest at the earliest start: "everything he does", not "everything".
        thing = min(near, key=lambda t: (t.start, -t.end), default=None)
        if thing is not None:
            out.append(Hit(v.start, thing.end, "distrust_precautions", low[v.start : thing.end]))
    return out


def conceded(
    low: str,
    m: Mention,
    s_start: int,
    s_end: int,
    hits: list[Hit],
    persons: AbstractSet[str],
    following: g.Neighbour | None = None,
) -> tuple[int, int] | None:
    """The span of praise or a precaution conceded against the group of `m` ("he's <group> but he's
    nice", "she's a <group>, but I double-check her work"), if any; `following` is the next
    sentence, where a confirmed question's answer concedes ('"... a <group>?" "Yes, but ...');
    `persons` are the nouns that make the subject a person ("our intern is <group> but ...").
    """
    if m.axis == "age" or g.embedded_quote(low, s_start, m.start):
        return None
    # Someone else's words ("..., my grandma says").
    if g.SOURCED.intersection(g.words(low, s_start, s_end)):
        return None
    before = g.words(low, max(s_start, m.start - 60), m.start)
    if before and before[-1] in ("a", "an"):
        before = before[:-1]
    # "Is the new nanny <group>?" asks with the copula first; its answer may concede.
    opening = g.words(low, s_start, m.start)
    asked = following is not None and opening[:1] in (["is"], ["was"], ["are"], ["were"])
    if not before or not (asked or before[-1] in _COPULAS or before[-1].endswith(("'s", "'re"))):
        return None
    # The writer's own group: "am" and "'m" are no copulas here ("I'm <group> but I'm ..."), nor
    # "we're", "I was", "we were".
    if before[-1] == "we're" or before[-2:-1] in (["i"], ["we"]):
        return None
    end = g.group_end(low, m, s_end)
    subject_words = opening[1:] if asked else (before if before[-1].endswith(("'s", "'re")) else before[:-1])
    # A person: the subject says so, or the group is a noun for one ("is a <group>", "a <group>
    # woman"); failing that, a pronoun or person noun in what is conceded may say so (below).
    named = g.words(low, m.start, end)
    person = (
        _of_a_person(low, m, end, subject_words, persons)
        or opening[-1:] in (["a"], ["an"])
        or (bool(named) and named[-1] in persons)
    )
    but = None if asked else _CONNECTOR.match(low, end, s_end)
    subject_at = len(before) - (1 if before[-1].endswith(("'s", "'re")) else 2)
    first = before[max(0, subject_at - 1) : subject_at]
    consequence = False
    # A concession asked back mocks it ("she's <group> but she's the nicest? Who talks like that?").
    if but is not None and g.is_question(low, s_end):
        return None
    if but is not None:
        # "so" gives the group as the reason for a precaution; praise is conceded only by "but".
        after, scope_end, scope, consequence = but.end(), s_end, hits, but.group(1) == "so"
    elif first and first[0] in _CONCEDED_FIRST:
        after, scope_end, scope = end + len(low[end:s_end]) - len(low[end:s_end].lstrip(" ,")), s_end, hits
    elif following is not None and (
        (question := _QUESTION_END.fullmatch(low, end, s_end)) or _SENTENCE_CLOSE.fullmatch(low, end, s_end)
    ):
        f_start, f_end, f_hits = following
        # The answer to a question confirms, then concedes; a statement's next sentence opens on "But".
        opens = _CONFIRMED if question else _BUT_OPENS
        confirmed = opens.match(low, f_start, f_end)
        if confirmed is None:
            return None
        after, scope_end, scope = confirmed.end(), f_end, f_hits
    else:
        return None
    for h in [*scope, *_guarding(low, scope)]:
        if h.start < after or h.end > scope_end:
            continue
        between = g.words(low, after, h.start)
        if h.kind == "distrust_precautions":
            # Watching over a disabled person is care, not distrust ("he's autistic, but I keep an
            # eye on him at the pool").
            rest = g.words(low, h.end, g.clause_end(low, h.end, scope_end))
            aimed = person or bool(_PERSON_OBJECTS.intersection([*between, *g.words(low, h.start, h.end), *rest]))
            # Care of one's own family ("my son is gay so I keep an eye on him at school"), a purpose
            # or reason of its own ("... the bill to make sure there was no pork"), or more words
            # after the guarded thing ("watch him cook", "an eye on her kids").
            kin = g.FAMILY.intersection(subject_words[-_SUBJECT_REACH:])
            if (
                aimed
                and not kin
                and m.axis != "disability"
                and 0 < len(between) <= _PRECAUTION_REACH
                and all(w in _PRECAUTION_FILLERS for w in between)
                and not _REASONS.intersection(rest)
                and (not rest or rest[0] in _AFTER_PRECAUTION)
            ):
                return (m.start, h.end)
            continue
        # A fault denied is praise too ("he's <group> but he's not a thief", "but not stingy at all").
        denied_fault = h.kind == "negative_attributes" and g.negated(low, h.start, after)
        if consequence or not (denied_fault or h.kind in CONCEDED_KINDS):
            continue
        if denied_fault:
            between = [w for w in between if w not in g.NEGATIONS and not w.endswith("n't")]
        if len(between) > _CONCESSION_REACH or not all(w in _CONCESSION_FILLERS for w in between):
            continue
        # The praise closes its clause or names the person ("a nice guy"); "cool with pork", "kind
        # of lax", "honest about one thing" and "pretty annoying" praise nobody.
        nxt = g.next_word(low, h.end, scope_end)
        towards = nxt is not None and nxt[0] == "to" and g.words(low, nxt[1], scope_end)[:1] in _TOWARDS
        if nxt is not None and nxt[0] not in _AFTER_PRAISE and nxt[0] not in persons and not towards:
            continue
        noun = nxt is not None and nxt[0] in persons
        if not (person or noun or _PERSON_PRONOUNS.intersection(between)):
            continue
        # "..., and so is everyone else": the quality is no exception.
        if _SHARED.search(low, h.end, scope_end):
            continue
        return (m.start, nxt[1] if noun and nxt is not None else h.end)
    return None


_AVOIDING = frozenset(["because", "since", "cause", "cuz", "as"])
_PLACES = frozenset(["near", "around", "where", "when", "by", "next"])
# After the group's phrase: where its people are ("<group> at the club", "<group> on the roof").
_WHERE = frozenset(["at", "in", "on", "near", "around", "next", "by", "working", "moving", "moved", "coming"])
# Verbs of being there that are nouns after "the <group>" ("the <group> shop", "a <group> meet").
_NOUNS_TOO = frozenset(["shop", "work", "stay", "meet", "hang"])
_TOPIC_WORDS = 8  # from the group's phrase to the guard after it
_OPENING_WORDS = 3
_BEING_THERE = frozenset(
    ["live", "lives", "living", "are", "is", "hang", "gather", "stay", "stays", "work", "shop", "meet", "be", "around"]
)


def presence(low: str, m: Mention, s_start: int, s_end: int, hits: list[Hit]) -> tuple[int, int] | None:
    """The group's presence given as a reason ("... because too many <group> started showing up")
    or as a danger ("lock your car if you park near where <group> live"): its span, if any."""
    quantity = [q for q in hits if q.kind == "presence_quantifiers" and 0 <= m.start - q.end <= 1]
    if quantity:
        reason = g.words(low, max(s_start, quantity[0].start - 16), quantity[0].start)[-2:]
        there = [p for p in hits if p.kind == "presence_predicates" and 0 <= p.start - m.end <= 2]
        if there and _AVOIDING.intersection(reason):
            return (quantity[0].start, there[0].end)
    # The group is where one is ("near where <group> live", "around <group> guys at the club"), not
    # a modifier of a place ("near the <group> temple").
    end = g.group_end(low, m, s_end)
    nxt = g.next_word(low, end, s_end)
    if nxt is not None and nxt[0] not in _BEING_THERE and nxt[0] not in _WHERE:
        return None
    if nxt is not None and nxt[0] in _NOUNS_TOO and g.words(low, s_start, m.start)[-1:] in (["the"], ["a"]):
        return None  # "near the <group> shop": a place, where "near where <group> shop" is people
    for h in hits:
        if h.kind != "guard_advice":
            continue
        if h.end <= m.start:
            between = g.words(low, h.end, m.start)
            if len(between) <= 10 and _PLACES.intersection(between):
                return (h.start, end)
        elif h.start >= end and _guard_after(low, m, (s_start, end), h):
            return (m.start, h.end)
    return None


def _guard_after(low: str, m: Mention, span: tuple[int, int], h: Hit) -> bool:
    """The group's presence first, then the guard ("<group> on the roof? lock the car"). A guard of
    "your" things after a comma may be said to the group ("<group> at the mosque, lock your
    cars"), so it needs a question's mark."""
    s_start, end = span
    if not _opens(low, m, s_start) or len(g.words(low, end, h.start)) > _TOPIC_WORDS:
        return False
    return "?" in low[end : h.start] or " your " not in f" {h.value} "


def _opens(low: str, m: Mention, s_start: int) -> bool:
    """The group's phrase opens its sentence, after at most an article or a word of notice ("FYI")."""
    return len(g.words(low, s_start, m.start)) <= _OPENING_WORDS
