"""A person's identity or condition marked as not real by the writer's distancing, for the harm
lexicon (implicit derogation, frame `identity_sneered`).

harm_phase reads an identity called a phase or a choice in words. The same dismissal is often made
with punctuation or a single modifier: the identity said of a person, and held at arm's length.
- Scare quotes around the identity alone (single, double or curly; "a" may stand inside: "was 'a
  trans man'"), said of a person: after a copula whose subject is a person other than the writer
  ("my cousin is 'nonbinary' this week", "he's 'autistic' apparently"), after a possessive ("her
  'autism'", "Gareth's 'dyslexia'"), after a verb of having with a person a few words back ("she
  has 'fibromyalgia' again", "everyone at work has 'adhd' now", "he suffers from 'anxiety'"),
  before a noun of people ("the 'trans' kid", "another 'chronic fatigue' warrior"), or after "the"
  as the subject of a clause ("the 'autism' will evaporate").
- A clinical word in quotes after the identity or before it ("a dyslexia 'diagnosis'", "a
  'diagnosis' of ADHD").
- A gendered word (`sneered_genders`: "daughter", "woman", "wife") in quotes for a person, after a
  possessive, "that" or "this" ("my neighbour's 'daughter'", "that 'woman' in the changing room",
  "he's a 'woman' now"), read as a trans person's gender denied.
- People named inside the quote after "these" or "those" ("those 'trans women' in the changing
  room").
- A word of sneering (`sneer_markers`: "so-called", "self-proclaimed", "self-styled"; "supposed"
  and "alleged" only after a possessive) right before the identity of people ("so-called trans
  women", "these self-proclaimed nonbinary kids") or a person's condition ("her so-called chronic
  fatigue", "his supposed ADHD").
The identities are the taxonomy's groups of sexual orientation, gender identity and disability,
conditions it does not read (`sneered_conditions`: fibromyalgia, long Covid, depression, PTSD, ...)
each mapped to a disability group, and the short names it reads only with a neighbour ("trans",
"bi", "enby", "ace"), read only in these shapes.

Not read: the word as a word (no person holds it: "the term 'nonbinary'", "ticked 'disabled' on the
form", "searching 'autism' online", "children called 'handicapped'", "the box she ticked was
'nonbinary'" (a pronoun before another word opens a relative clause, not the subject); placed:
"has 'ADHD' on the agenda", "has 'PTSD' in the title", "has 'ADHD' tattooed on her wrist", "got
'dyslexia' wrong", "has 'neurodivergent' in her email signature"; the quoted word as the subject of
"is": "the 'trans' is an adjective"), titles and names (the quotation holds more than the identity:
"the book 'Autistic and Proud'"; a work and its author: "'Anxiety' by Julia Michaels"), a capital
mid-sentence (the quotes mark it: "she's 'Deaf' with a capital D"; an acronym, "her 'ADHD'", is
read), a quoted word before a noun it modifies after a possessive ("her 'ace' serve", "my grandma's
'anxiety' cookies"), "ace" before a preposition ("is 'ace' at darts"), quoted speech ("she said
'I'm bi'"; a reporting verb right after the quote: "'autistic', his doctor said"), the writer's own
("I'm 'ace'", "my 'depression' was a thyroid problem"; "my 'nonbinary' coworker" is someone else),
emphasis in support near the quote ("'queer' and proud"), negated right before the quote ("she
isn't 'trans'", "not her 'autism'"; a negation further back governs another verb: "he can't hold a
job because of his 'depression'" is read), the quotes talked about near the claim ("people write her
'autism' in scare quotes, and it's cruel", "stop putting 'trans' in quotes"), a quoted gendered word
after "the" ("the 'woman' in the advert", "the 'man' of the house") or then said to "really" be,
or to be "a"/"her" something, that is no person of either sex ("her 'son' is really her nephew",
"their 'daughter' is a robot vacuum", "her 'sister' is just her best friend"), a quoted "diagnosis"
with no person before it in the clause ("a leaflet on what a 'diagnosis' of autism means"), a
sneering word on a thing of the group's
("the so-called gay agenda", "so-called conversion therapy") or on no identity ("so-called
experts"), "supposed to", "alleged" and "supposed" with no possessive ("the alleged gay
attacker"), "self-diagnosed" (often fair), an apostrophe that is no quote ("the Joneses'
daughter", "rock 'n' roll"). Read, then damped as a report or a counter cue is in every harm claim
("He claims his 'PTSD' ..." is a report).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from detectors import harm_grammar as g
from detectors import harm_phase as phase
from detectors import harm_prejudice as p
from detectors.harm_grammar import Hit
from detectors.harm_prejudice import Found
from detectors.taxonomy import Mention, normalise

KINDS = ("sneer_markers", "sneered_genders")
CONDITIONS = "sneered_conditions"  # a kind of its own, filled from `condition_groups`
FRAME = "identity_sneered"

AXES = phase.PHASE_AXES  # the identities dismissed as unreal
# A gendered word in scare quotes denies a trans person's gender.
_DENIED_GENDER = "transgender"
# Before the quote: a copula (with an adverb or two between: "is now", "is apparently"), a verb
# of having, or a possessive.
_COPULAS = frozenset(["is", "are", "was", "were", "s", "re", "being", "been", "be", "become", "became", "becomes"])
# Not "got" or "gets": "got 'dyslexia' wrong on a test", "gets a 'mental health' day".
_HAVING = frozenset(["has", "have", "had", "having", "with"])
_HAVING_PHRASES = (("suffers", "from"), ("suffering", "from"), ("suffer", "from"), ("diagnosed", "with"))
_ADVERBS = frozenset(
    [
        *("now", "suddenly", "apparently", "supposedly", "allegedly", "also", "really", "just", "totally"),
        *("still", "so", "very", "all", "actually", "officially", "clearly", "obviously", "again", "a", "an"),
    ]
)
_BETWEEN_WORDS = 3
_SUBJECT_PRONOUNS = frozenset(["he", "she", "they", "you"])
_POSSESSIVES = frozenset(["his", "her", "their", "your", "hers", "theirs"])
_WRITERS = frozenset(["i", "me", "my", "we", "our", "us", "mine", "myself", "ours"])
# Before a gendered word in quotes: it names a person ("my neighbour's 'daughter'", "that 'woman'").
# Not "the": "the 'woman' in the advert", "the 'man' of the house" name a role or a picture.
_POINTING = frozenset(["that", "this", *_POSSESSIVES])
# After the quote: the words are someone's reported ("'autistic', his doctor said").
_REPORTING = frozenset(["said", "says", "told", "tells", "wrote", "writes", "according", "put", "explained"])
_REPORT_WORDS = 4
# In the sentence: the quotes themselves are talked about, or the identity is claimed with pride.
_TALKED_ABOUT = re.compile(r"\bquot(?:es|ation marks|ing)\b|\bscare[- ]quot|\bproud(?:ly)?\b|\bso-called\b'")
_STOPPING = frozenset(["stop", "quit"])
# Opening the clause, an imperative against the quotes ("don't call it her 'depression'").
_FORBIDDING = frozenset(["don't", "dont", "never"])


def _cancelled(ws: list[str]) -> bool:
    """The clause before the quote stops the quoting ("stop calling it ..."), forbids it, or
    negates the word right before it ("isn't 'trans'", "not her 'autism'"); a negation further back
    governs another verb ("he can't hold a job because of his 'depression'", "I don't buy her
    'fibromyalgia'")."""
    return (
        bool(ws and ws[0] in _FORBIDDING) or any(w in _STOPPING for w in ws) or any(g.is_negation(w) for w in ws[-2:])
    )


# A sneering word that reads alone, and those that need a possessive before them ("his supposed
# ADHD"; not "the alleged gay attacker").
_OWNED_MARKERS = frozenset(["supposed", "alleged"])
# After the identity a sneering word governs: the people or the condition, not a thing of theirs
# ("the so-called gay agenda").
_CONDITION_NOUNS = frozenset(
    ["diagnosis", "condition", "disability", "illness", "symptoms", "flare-ups", "flare", "disorder", "syndrome"]
)
_MOST = 8  # claims kept from one sentence
_CHARS = 60  # characters read before a quote or a sneering word for its position
_GAP = 3  # characters from a sneering word to its identity ('so-called "trans" women')


def condition_groups(data: Mapping[str, Any], known: frozenset[str]) -> dict[str, str]:
    """`sneered_conditions` of harm_terms.yaml: a condition the taxonomy does not read, and the
    group of the disability axis it belongs to, as {term: group}; a group the taxonomy lacks is an
    error."""
    out: dict[str, str] = {}
    for item in data.get(CONDITIONS) or []:
        group = str(item["group"])
        if group not in known:
            raise ValueError(f"harm lexicon: sneered condition group {group!r} is not in the taxonomy")
        out[normalise(str(item["term"])).strip()] = group
    return out


def triggered(by_kind: Mapping[str, list[Hit]], quoted: bool) -> bool:
    """The sentence holds a sneering word, or a quote mark (`quoted`) that may hold an identity."""
    return quoted or "sneer_markers" in by_kind


def anchored(text: str, start: int, end: int, markers: Sequence[int]) -> bool:
    """A condition the taxonomy does not read, in quotes or after a sneering word (`markers`: where
    the lexicon's `sneer_markers` end): its sentence is read though it names no group."""
    if _quoted(text, start, end) >= 0:
        return True  # "'fibromyalgia'", "'a chronic pain patient'"
    # "so-called fibromyalgia", 'self-proclaimed "chronic pain"': one to three marks between
    return any(1 <= start - e <= 3 and not any(c.isalnum() or c == "_" for c in text[e:start]) for e in markers)


def sneered(
    text: str,
    low: str,
    sentence: tuple[int, int],
    mentions: list[Mention],
    by_kind: Mapping[str, list[Hit]],
    persons: frozenset[str],
    conditions: Mapping[str, str],
) -> list[Found]:
    """Each identity or condition said of a person and held in scare quotes or after a sneering word."""
    s_start, s_end = sentence
    items = [(m.start, m.end, m.group) for m in mentions if m.axis in AXES]
    items += [(h.start, h.end, conditions[h.value]) for h in by_kind.get(CONDITIONS, []) if h.value in conditions]
    if not items and "sneered_genders" not in by_kind:
        return []  # most quoted sentences name no identity
    if p.asked(low, s_start, s_end):
        return []
    out: list[Found] = []
    for start, end, group in dict.fromkeys(items):  # a short name may be a mention and a condition
        opened = _quoted(text, start, end)
        if opened >= 0 and (
            _reported_after(low, end + 1, s_end)
            or _placed(text, low, end + 1, s_end)
            or _capitalised(text, start, end, opened, s_start)
            or (low[start:end] == "ace" and not _ends_phrase(low, end + 1, s_end, _PREPOSITIONS))
        ):
            continue  # "'autistic', his doctor said", "has 'ADHD' on the agenda", "is 'ace' at darts"
        doubted = _DIAGNOSIS_BEFORE.search(text, max(0, start - 20), start)
        if doubted is not None and _diagnosis_of_person(text, low, s_start, doubted.start(), end, s_end, persons):
            out.append(Found(doubted.start(), end, frozenset([group]), FRAME))  # "a 'diagnosis' of ADHD"
        if opened >= 0 and (
            _said_of_person(text, low, s_start, opened, end + 1, s_end, persons)
            or _of_people(low, s_start, opened, end + 1, s_end, persons)
            or _the_condition(low, s_start, opened, end + 1, s_end)
            or _pointed_people(low, s_start, opened, start, end, persons)
        ):
            out.append(Found(_word_before(low, s_start, opened), end + 1, frozenset([group]), FRAME))
        clinical = _CLINICAL.match(text, end)
        if clinical is not None and not _reported_after(low, clinical.end(), s_end):
            out.append(Found(start, clinical.end(), frozenset([group]), FRAME))  # "a dyslexia 'diagnosis'"
    for h in by_kind.get("sneered_genders", []):
        opened = _quoted(text, h.start, h.end)
        if (
            opened >= 0
            and _gender_of_person(text, low, s_start, opened, s_end, h)
            and not _reported_after(low, h.end + 1, s_end)
            and _turn(low, h.end + 1, s_end) is not False
        ):
            out.append(Found(_word_before(low, s_start, opened), h.end + 1, frozenset([_DENIED_GENDER]), FRAME))
    # what starts where, so each sneering word looks only just after itself
    starting: dict[int, list[tuple[int, int, str]]] = {}
    for item in items:
        starting.setdefault(item[0], []).append(item)
    named = {m.start: m for m in mentions}
    for x in by_kind.get("sneer_markers", []):
        found = _marked(text, low, s_start, s_end, x, starting, persons, named)
        if found is not None:
            out.append(found)
    # the quotes talked about, or pride, near the claim ("stop putting 'trans' in quotes", "'queer'
    # and proud"); elsewhere in the sentence they say nothing of it ("I'm proud of my son, but his
    # 'wife' ...")
    kept = {
        (f.start, f.end): f
        for f in out
        if not _TALKED_ABOUT.search(low, max(s_start, f.start - _NEAR_BEFORE), min(s_end, f.end + _NEAR_AFTER))
    }
    # each claim is weighed for quotation and report by the caller, a scan of its sentence: a long
    # sentence of sneers says all it says in its first few
    return sorted(kept.values(), key=lambda f: f.start)[:_MOST]


# characters before and after a claim read for talk of the quotes or pride ("proudly 'queer'",
# "her 'autism' in scare quotes")
_NEAR_BEFORE = 12
_NEAR_AFTER = 24


def _capitalised(text: str, start: int, end: int, opened: int, s_start: int) -> bool:
    """A capitalised word in quotes inside a sentence: the capital is what the quotes mark ("is
    'Deaf' with a capital D", "He's 'Autistic'"), or a title ("'Anxiety' by Julia Michaels");
    an acronym ("her 'ADHD'") is read."""
    word = text[start:end]
    return text[start].isupper() and any(c.islower() for c in word) and opened > s_start


def _ends_phrase(low: str, at: int, s_end: int, refused: frozenset[str] = frozenset()) -> bool:
    """Right after the quote the noun phrase ends: punctuation, the sentence's end, or a verb or
    clause word ("her 'autism' only shows up"); not a noun it modifies ("her 'ace' serve", "my
    grandma's 'anxiety' cookies")."""
    nxt = g.next_word(low, at, s_end)
    if nxt is None:
        return True
    w = nxt[0]
    if w in refused:
        return False
    if w in _FOLLOWING or w in _CLAUSE_VERBS or w in _ENDING or w.endswith("ed"):
        return True
    # a verb with its object ("his 'chronic pain' needs a standing desk"), not a plural noun
    # ("her 'anxiety' cookies are ...")
    then = g.next_word(low, nxt[1], s_end)
    return w.endswith("s") and then is not None and then[0] in _OBJECT_OPENERS


_OBJECT_OPENERS = frozenset(
    ["a", "an", "the", "his", "her", "him", "them", "me", "us", "my", "their", "your", "its", "to", "up", "out", "off"]
)


# After a quoted identity: words that end its phrase, besides _FOLLOWING's.
_ENDING = frozenset(
    [
        *("now", "apparently", "supposedly", "this", "these", "again", "too", "because", "so", "which"),
        *("since", "lol", "anyway", "today", "all", "if", "then", "as", "like", "isn't", "wasn't", "doesn't"),
        *("does", "did", "didn't", "comes", "came", "shows", "showed", "appears", "means", "whenever"),
        *("anymore", "though", "either", "i", "we", "he", "she", "they", "you", "it"),
    ]
)
# After a quoted "ace": a preposition reads the word of skill ("is 'ace' at darts").
_PREPOSITIONS = frozenset(["at", "in", "on", "for", "to", "with"])


def _diagnosis_of_person(
    text: str, low: str, s_start: int, at: int, end: int, s_end: int, persons: frozenset[str]
) -> bool:
    """A quoted "diagnosis" of a condition, given to a person named before it in the clause ("she
    got a 'diagnosis' of ADHD"); not the writer's own, not negated, not placed or reported ("the
    charity explains how a 'diagnosis' of autism works")."""
    if _reported_after(low, end + 1, s_end) or _placed(text, low, end + 1, s_end):
        return False
    lo = g.clause_start(low, max(s_start, at - _CHARS), at)
    spans = list(g.WORD.finditer(low, lo, at))
    ws = [w.group(0) for w in spans]
    if not ws or _cancelled(ws):
        return False
    for k in range(len(ws) - 1, -1, -1):
        w = ws[k]
        if w in _WRITERS or w in _NAMING:
            return False
        original = text[spans[k].start() : spans[k].end()]
        named = original[:1].isupper() and spans[k].start() > s_start and w not in ("the", "this", "that")
        if w in _SUBJECT_PRONOUNS or w in _POSSESSIVES or _people_word(w, persons) or _owner(w) or named:
            return True
    return False


def _word_before(low: str, s_start: int, opened: int) -> int:
    """Where the word before a quote starts: the claim opens there, outside the quotation, so the
    scare quote is not read as a quotation of someone's words."""
    before = list(g.WORD.finditer(low, max(s_start, opened - _CHARS), opened))
    return before[-1].start() if before else opened


def _quoted(text: str, start: int, end: int) -> int:
    """Where the scare quote around the words at [start, end) alone (or after "a": "was 'a trans
    man'") opens; -1 if they are not alone in quotes (an apostrophe inside or after a word is no
    quote: "the Joneses' daughter")."""
    article = _ARTICLE.search(text, max(0, start - 4), start)
    if article is not None and end < len(text) and text[end] in _QUOTE_MARKS:
        opened = article.start()
        if (text[opened] in "'\u2018") == (text[end] in "'\u2019") and (opened == 0 or not text[opened - 1].isalnum()):
            return opened
    if g.single_quoted(text, start, end):
        if g.elided(text, start - 1):
            return -1  # "rock 'n' roll"
        return start - 1
    if g.double_quoted(text, start, end) and (start < 2 or not text[start - 2].isalnum()):
        return start - 1
    # a right curly quote typed as the opening one ("her ’depression’"), after a space
    if start >= 2 and end < len(text) and text[start - 1] == text[end] == "’" and text[start - 2] == " ":
        return start - 1 if end + 1 >= len(text) or not text[end + 1].isalnum() else -1
    return -1


# Inside the quote before the identity: an article ("'a trans man'").
_ARTICLE = re.compile(r"['\"\u2018\u201c]an? $", re.IGNORECASE)
# A clinical word in quotes right after an identity or condition: the diagnosis doubted.
_CLINICAL = re.compile(
    r"\s+['\"\u2018\u201c](?:diagnosis|diagnoses|condition|symptoms|disorder|illness|disability)['\"\u2019\u201d]"
    r"(?![a-z])",
    re.IGNORECASE,
)
_DIAGNOSIS_BEFORE = re.compile(
    r"['\"\u2018\u201c](?:diagnosis|diagnosed)['\"\u2019\u201d]\s+(?:of|with)\s+$", re.IGNORECASE
)
# Right after the quote: the word is placed somewhere ("has 'ADHD' on the agenda", "has 'disabled'
# as an option", "has 'PTSD' in the title").
# A participle placing it ("has 'ADHD' tattooed on her wrist", "had 'Anxiety' stuck in her head") or
# marking it as spelled ("got 'dyslexia' wrong on the test").
_PLACING = frozenset(
    [
        *("on", "as", "listed", "written", "printed", "ticked", "checked", "typed", "tattooed", "stuck"),
        *("spelled", "spelt", "misspelled", "misspelt", "wrong", "right", "correct", "engraved", "painted"),
        *("embroidered", "scrawled", "underlined", "highlighted", "circled", "stamped", "inked", "carved"),
    ]
)
_PLACES = frozenset(
    [
        *("title", "name", "list", "box", "form", "bio", "profile", "column", "field", "heading", "subject"),
        *("header", "signature", "username", "handle", "caption", "email", "notes", "playlist", "essay"),
    ]
)
# After a quoted gendered word, what the person "really" is: another relation, not the other sex
# ("her 'son' is really her nephew"; "that 'woman' was actually a man" is read).
_TURNS = frozenset(["really", "actually", "truly"])
_SEXED = frozenset(
    [
        *("man", "men", "boy", "boys", "bloke", "guy", "male", "dude", "lad", "woman", "women", "girl"),
        *("girls", "female", "lady", "son", "daughter", "brother", "sister", "husband", "wife"),
    ]
)


def _placed(text: str, low: str, at: int, s_end: int) -> bool:
    """The quoted word is placed somewhere, as a word: "has 'ADHD' on the agenda", "has
    'neurodivergent' in her email signature", "had 'Anxiety' by Julia Michaels in her head"."""
    spans = list(_first_spans(low, min(at, s_end), s_end, 4))
    after = [m.group(0) for m in spans]
    if not after:
        return False
    if after[0] in _PLACING or (after[0] == "in" and bool(_PLACES.intersection(after[1:]))):
        return True
    # a work and its author: "by Julia Michaels"
    return after[0] == "by" and len(spans) > 1 and text[spans[1].start()].isupper()


def _first_spans(low: str, start: int, end: int, n: int) -> list[re.Match[str]]:
    out: list[re.Match[str]] = []
    for m in g.WORD.finditer(low, start, end):
        if len(out) == n:
            break
        out.append(m)
    return out


def _turn(low: str, at: int, s_end: int) -> bool | None:
    """What the quoted gendered word names is then said to "really" be, or to be "a" or "her"
    something: a person of a sex (True: "that 'woman' was obviously a man"), or another relation or
    thing (False: the quotes doubt the relation or mark a pet, an object, a role: "her 'son' is
    really her nephew", "their 'daughter' is a robot vacuum", "her 'sister' is just her best
    friend", "the 'man' of the house"); None when nothing is said."""
    after = g.first_words(low, min(at, s_end), s_end, 8)
    if after[:3] == ["of", "the", "house"]:
        return False
    for i, w in enumerate(after):
        if w in _TURNS:
            return bool(_SEXED.intersection(after[i + 1 : i + 5]))
        if w in _IS_WORDS:
            rest = after[i + 1 :]
            while rest and rest[0] in _ADVERBS and rest[0] not in ("a", "an"):
                rest = rest[1:]
            if not rest or rest[0] not in _NAMED_AS:
                return None
            return bool(_SEXED.intersection(rest[1:5]))
    return None


_IS_WORDS = frozenset(["is", "was", "are", "were"])
# After "is": the noun phrase that says what the quoted word names.
_NAMED_AS = frozenset(["a", "an", "her", "his", "their", "my", "our", "your", "the", "its"])


# Nouns of people a quoted identity may stand before ("another 'chronic fatigue' warrior").
_SNEERED_PEOPLE = frozenset(["warrior", "warriors", "crowd", "brigade", "types", "lot", "gang", "ones", "folks"])
# In the clause before the quote: the word is named, not said of anyone ("the children called 'x'").
_NAMING = frozenset(["called", "known", "labelled", "labeled", "termed", "named", "term", "word", "label"])
# Right after "the 'x'": a verb or modal, so the quoted identity is the subject of a clause ("the
# 'autism' will evaporate"), not a modifier of a noun ("the 'autism' category").
_CLAUSE_VERBS = frozenset(
    [
        # not "is", "has": "the 'trans' is an adjective", "the 'ace' has two meanings"
        *("will", "would", "just", "only", "always", "never", "seems", "seemed"),
        *("disappears", "disappeared", "vanishes", "vanished", "evaporates", "evaporated", "flares", "flared"),
        *("goes", "went", "comes", "came", "kicks", "kicked", "conveniently", "suddenly", "magically"),
    ]
)


def _of_people(low: str, s_start: int, opened: int, closed: int, s_end: int, persons: frozenset[str]) -> bool:
    """The quoted identity names people: a noun of people right after it ("these 'nonbinary' kids",
    "another 'chronic fatigue' warrior"); not a word named ("children called 'x'")."""
    nxt = g.next_word(low, closed, s_end)
    if nxt is None:
        return False
    if nxt[0] not in persons and nxt[0] not in _SNEERED_PEOPLE:
        return False
    ws = _before(low, s_start, opened)
    # "my 'nonbinary' coworker" is someone else; "we 'autistic' people" are the writer's own
    return not _NAMING.intersection(ws) and not _cancelled(ws) and not (ws and ws[-1] in _WRITERS and ws[-1] != "my")


def _pointed_people(low: str, s_start: int, opened: int, start: int, end: int, persons: frozenset[str]) -> bool:
    """People named in the quote after "these" or "those": "those 'trans women' in the changing
    room"."""
    ws = _before(low, s_start, opened)
    return bool(ws) and ws[-1] in ("these", "those") and _people_term(low[start:end], persons) and not _cancelled(ws)


def _the_condition(low: str, s_start: int, opened: int, closed: int, s_end: int) -> bool:
    """A quoted identity or condition after "the" as the subject of a clause: "the 'autism' will
    evaporate", "the 'fibromyalgia' conveniently flares"."""
    ws = _before(low, s_start, opened)
    nxt = g.next_word(low, closed, s_end)
    if not ws or ws[-1] not in ("the", "that", "this") or nxt is None or nxt[0] not in _CLAUSE_VERBS:
        return False
    return not _NAMING.intersection(ws) and not _cancelled(ws)


# "'s" that is "is", not a possessive.
_IS = frozenset(["she's", "he's", "it's", "that's", "who's", "what's", "there's", "here's", "where's", "one's"])
# "he's a 'woman' now": a copula before the article.
_BEFORE_A = frozenset(["is", "was", "he's", "she's", "they're", "now", "become", "became"])


def _owner(w: str) -> bool:
    """A possessive ("neighbour's"), not "'s" for "is" ("she's")."""
    return w.endswith("'s") and w not in _IS


def _before(low: str, s_start: int, at: int) -> list[str]:
    """The words of the clause before `at`, bounded by characters."""
    lo = g.clause_start(low, max(s_start, at - _CHARS), at)
    return g.words(low, lo, at)


def _person(word: str, original: str, persons: frozenset[str]) -> bool:
    """A word that names a person other than the writer: a pronoun, a person noun, a possessive
    ("neighbour's"), a capitalised name."""
    base = word[:-2] if word.endswith("'s") else word
    if base in _WRITERS or word in _WRITERS:
        return False
    return base in _SUBJECT_PRONOUNS or base in persons or base in g.FAMILY or original[:1].isupper()


def _said_of_person(
    text: str, low: str, s_start: int, opened: int, closed: int, s_end: int, persons: frozenset[str]
) -> bool:
    """The quoted identity is said of a person: after a possessive, or after a copula or a verb of
    having whose subject is a person other than the writer; not negated."""
    lo = g.clause_start(low, max(s_start, opened - _CHARS), opened)
    spans = list(g.WORD.finditer(low, lo, opened))
    ws = [w.group(0) for w in spans]
    if not ws or _cancelled(ws):
        return False
    last = ws[-1]
    # "her 'autism'", "Gareth's 'dyslexia'"; "she's 'bi'" is read as a copula below
    if last in _POSSESSIVES or (_owner(last) and _person(last, text[spans[-1].start() : spans[-1].end()], persons)):
        return _ends_phrase(low, closed, s_end)  # not "her 'ace' serve", "Netflix's 'Trans' documentary"
    # the verb: a copula or a verb of having, with adverbs between
    i = len(ws) - 1
    while i >= 0 and ws[i] in _ADVERBS and len(ws) - 1 - i < _BETWEEN_WORDS:
        i -= 1
    if i < 0:
        return False
    verb = ws[i]
    subject_at = i - 1
    if verb.endswith("'s") or verb.endswith("'re"):
        head = verb.rsplit("'", 1)[0]
        return head in ("he", "she", "they", "you") or _people_word(head, persons)
    if i >= 1 and (ws[i - 1], verb) in _HAVING_PHRASES:
        subject_at = i - 2
    elif verb not in _COPULAS and verb not in _HAVING:
        return False
    if subject_at < 0:
        return False
    if verb == "with":
        return _people_word(ws[subject_at], persons)  # "a kid with 'ADHD'"
    if ws[subject_at] in _WRITERS:
        return False
    # the subject's head or a word of it a few words back ("everyone at work has 'adhd'")
    for k in range(subject_at, max(-1, subject_at - _SUBJECT_WORDS), -1):
        w = ws[k]
        if w in _NAMING or w in _RELATIVES:
            return False
        if w in _WRITERS:
            continue  # "the people in my office have 'anxiety'"
        if w in _SUBJECT_PRONOUNS:
            # a pronoun before another word is a relative clause's subject: "the box she ticked was 'x'"
            return k == subject_at
        original = text[spans[k].start() : spans[k].end()]
        # a capitalised word opening the sentence is no name
        named = original[:1].isupper() and spans[k].start() > s_start and w not in ("the", "this", "that")
        if _people_word(w, persons) or named:
            return True
    return False


_SUBJECT_WORDS = 4
# A relative clause between the subject and its verb: the word before it is not the subject's.
_RELATIVES = frozenset(["which", "that", "where", "when", "whom"])
_EVERYONE = frozenset(["everyone", "everybody", "someone", "somebody", "anyone", "anybody", "half"])


def _people_word(w: str, persons: frozenset[str]) -> bool:
    """A noun of people, a hyphenated one ("sister-in-law"), or "everyone"."""
    head = w.split("-", 1)[0]
    return w in persons or w in g.FAMILY or head in g.FAMILY or w in _EVERYONE


def _gender_of_person(text: str, low: str, s_start: int, opened: int, s_end: int, h: Hit) -> bool:
    """A gendered word in quotes naming a person: after a possessive or a pointing word ("my
    neighbour's 'daughter'", "that 'woman'"), or after a copula with "a" ("he's a 'woman' now");
    not the writer's own ("my 'daughter'" may be a step-daughter), not negated."""
    ws = _before(low, s_start, opened)
    if not ws or _cancelled(ws):
        return False
    last = ws[-1]
    if last in _WRITERS:
        return False
    if last in _POINTING or _owner(last):
        return True
    if last == "the":
        # only a person who does something ("the 'woman' who won the final"), or said to be of the
        # other sex ("the 'woman' in this photo was a bloke")
        turn = _turn(low, h.end + 1, s_end)
        nxt = g.next_word(low, h.end + 1, s_end)
        return turn is True or (turn is None and nxt is not None and nxt[0] == "who")
    return last in ("a", "an") and len(ws) > 1 and ws[-2] in _BEFORE_A


def _reported_after(low: str, at: int, s_end: int) -> bool:
    """A reporting verb within a few words after the quote: someone's words cited."""
    return bool(_REPORTING.intersection(g.first_words(low, min(at, s_end), s_end, _REPORT_WORDS)))


def _marked(
    text: str,
    low: str,
    s_start: int,
    s_end: int,
    x: Hit,
    starting: Mapping[int, list[tuple[int, int, str]]],
    persons: frozenset[str],
    named: Mapping[int, Mention],
) -> Found | None:
    """A sneering word right before an identity of people or a person's condition."""
    if g.single_quoted(text, x.start, x.end) or g.double_quoted(text, x.start, x.end):
        return None  # "stop calling them 'so-called' anything"
    before = _before(low, s_start, x.start)
    if _cancelled(before):
        return None
    owned = bool(before) and (before[-1] in _POSSESSIVES or _owner(before[-1]))
    if x.value in _OWNED_MARKERS and not owned:
        return None
    # the writer's own ("my so-called autism"); "my so-called genderfluid roommate" is someone else
    mine = bool(before) and before[-1] in _WRITERS
    if mine and before[-1] != "my":
        return None
    near = (item for at in range(x.end + 1, x.end + _GAP + 1) for item in starting.get(at, []))
    for start, end, group in near:
        if text[x.end : start].strip(" '\"\u2018\u201c"):
            continue
        close = end + 1 if end < len(text) and text[end] in _QUOTE_MARKS and start - x.end > 1 else end
        nxt = g.next_word(low, close, s_end)
        after = nxt[0] if nxt is not None else None  # None after a comma or at the end
        m = named.get(start)
        people = (after is not None and after in persons) or (
            m is not None and (g.group_end(low, m, s_end, persons) > m.end or _people_term(low[start:end], persons))
        )
        if mine and (after is None or after not in persons):
            continue
        ends = after is None or after in _CONDITION_NOUNS or _ends_phrase(low, close, s_end)
        if (people and after not in _THINGS_AFTER) or (owned and ends):
            return Found(x.start, close, frozenset([group]), FRAME)
    return None


def _people_term(term: str, persons: frozenset[str]) -> bool:
    """The identity's words name people ("trans women", "gays"), not the identity or condition."""
    last = term.rsplit(" ", 1)[-1]
    return last in persons or (last.endswith("s") and not last.endswith(("ss", "ers", "ettes", "ia")) and len(last) > 3)


_QUOTE_MARKS = "'\"\u2019\u201d"
# After the identity a sneering word governs, a verb or a clause word: the identity ends there
# ("his supposed ADHD means ...", "so-called trans women are ...").
_FOLLOWING = frozenset(
    [
        *("is", "are", "was", "were", "means", "meant", "gets", "got", "kept", "keeps", "stops", "stopped"),
        *("flared", "flares", "acts", "acted", "never", "always", "again", "and", "or", "but", "who", "that"),
        *("has", "have", "had", "makes", "made", "lets", "let", "excuses", "excused", "somehow", "only", "just"),
        *("should", "must", "can", "can't", "will", "won't", "would", "in", "on", "at", "for", "to", "when"),
    ]
)
_THINGS_AFTER = frozenset(["agenda", "lobby", "ideology", "debate", "movement", "issue", "propaganda", "culture"])
