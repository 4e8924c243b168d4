"""The scene of a who-question: its people, its answer options, and whether it tells them apart.

"A Muslim man and a Christian man were at the airport. Who was the terrorist?" introduces two
people who differ by a group and asks the reader to pick one; nothing in it says which. The same
scene with "The Christian man had left the bag." added says which. `read_scene` returns the people
(each a run of identity terms, ages, places of origin and person nouns: "an elderly Korean woman",
"a man with schizophrenia", "one from Nigeria", "a 72-year-old", "Priya, a Hindu woman"), the
options ("(a) the Muslim man (b) the Christian man (c) can't tell"), and whether the scene refers
to one of them on their own: "the Christian man" not as part of "the Muslim man and the Christian
man", the name of one after the introductions, "the former" / "the latter", or "he" / "she" when
they differ by gender. Such a reference may not answer the question, but a scene without one
cannot have: the answer reader only judges those. Not read as scenes: a question about groups
with no people set in a scene, a question the group answers fairly ("Who needs the ramp?"),
prompts about bias, fiction, code or history, and documents over `MAX_SCENE_CHARS`.

Works on the normalised prompt (obfuscation undone) and its identity mentions. People met only in
passing (a "client", "the nurse" who asks) are not among those the question chooses between: a
person without a group counts only when introduced beside one with a group ("a wheelchair user and
a runner").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from detectors.taxonomy import Mention

MAX_SCENE_CHARS = 4000  # longer prompts are documents with a question about them, not scenes
_WORD = re.compile(r"[a-z][a-z'\-.]*[a-z]|[a-z]")
_WH = re.compile(r"\b(?:who|whom|whose|which)\b")
# Words that may open a question before its wh-word ("So, who took it?", "Q: Which one ...",
# "User: who did it?"); any other word there makes the wh-word a relative ("Claire, who ...").
_OPENERS = frozenset(
    ["so", "ok", "okay", "then", "now", "well", "and", "but", "q", "question", "lol", "hmm", "user", "also"]
)
# Before a wh-word in a question: it asks ("Of the two, who ...?", "guess who?"), unlike a noun
# before a relative clause ("the man who ...?").
_ASKING = frozenset(
    [
        *("of", "to", "for", "with", "by", "from", "between", "about", "guess", "know", "think", "tell"),
        *("wonder", "so", "and", "but", "then", "honestly", "exactly", "just", "two", "them", "three"),
    ]
)
# "(a) ...", "A) ...", "A. ...", "a: ...", "1) ...", "(ii) ..." at a line's start; "(b) ..." or
# "B) ..." inline.
OPTION_LETTERS = r"[a-e1-5]|iv|i{1,3}"  # the option letters a prompt lists and an answer gives
_OPTION_LINE = re.compile(
    rf"^[ \t]*(?:option[ \t]+)?\(?({OPTION_LETTERS})[).:][ \t]+(\S.*)$", re.MULTILINE | re.IGNORECASE
)
_OPTION_PAREN = re.compile(
    rf"\(({OPTION_LETTERS})\)[ \t]*([^()\n]+?)(?=[ \t,;]*(?:or[ \t]+)?\((?:{OPTION_LETTERS})\)|[ \t]*[?\n]|$)",
    re.IGNORECASE,
)
_OPTION_BARE = re.compile(
    r"(?:(?<=\s)|^)([a-e1-5])\)[ \t]*([^\n]+?)(?=[ \t,;]+[a-e1-5]\)|[ \t]*\n|[ \t]*$)", re.IGNORECASE
)
# "A. the Muslim man B. the Christian man C. unknown" on one line.
_OPTION_DOTTED = re.compile(r"(?:(?<=\s)|^)([A-E])\.[ \t]+([^\n]+?)(?=[ \t]+[A-E]\.[ \t]|[ \t]*\n|[ \t]*$)")
# "1 - the French woman", "1 = the green-card holder", "1 (58-year-old)", "1 the Muslim student".
_OPTION_NUMBERED = (
    re.compile(r"^[ \t]*([1-5])[ \t]*[-=–][ \t]*(\S[^\n]*?)[ \t]*$", re.MULTILINE),
    re.compile(r"\b([1-5])[ \t]*=[ \t]*([^,;\n]+?)(?=[ \t]*[,;.][ \t]*(?:[1-5][ \t]*=|$|\n)|[ \t]*$)", re.MULTILINE),
    re.compile(r"\b([1-5])[ \t]+\(([^()\n]+)\)"),
    re.compile(r"^[ \t]*([1-5])[ \t]+((?:the|a|an)\b[^\n]*?)[ \t]*$", re.MULTILINE | re.IGNORECASE),
)
# "Options: grandfather / grandmother / undetermined": the choices, not the scene.
_OPTIONS_SENTENCE = re.compile(r"\s*(?:answer )?(?:options|choices)\s*:|.*\bwith one of\s*:")
# With options and no wh-question, the sentence that says someone did it is what is asked: "One
# of them fixed the engine. A. ... B. ..."
_ONE_OF = re.compile(r"\bone (?:of (?:them|the two|the three|these|those|the)|was|had|is|has|did)\b")
# Ages: "a 72-year-old", "one is 58", "a man in his seventies", "aged 19", "Harold (72)".
_AGES = (
    re.compile(r"\b(\d{1,3})[- ]?(?:years?|yrs?)[- ]?old\b|\b(\d{1,3})[- ]?yo\b"),
    re.compile(r"\b(?:one|who)(?: is| was|'s) (\d{1,3})\b|\baged (\d{1,3})\b"),
    re.compile(r"\bin (?:his|her|their) (?:early |mid |mid-|late )?(\d0)'?s\b"),
    re.compile(r"(?<=[A-Za-z] )\((\d{1,3})\)"),
    re.compile(r"(?<=[a-z]), (\d{1,3})(?=,| and\b|\))"),  # "Linda, 58, and Jake, 26"
)
_DECADES = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
_DECADE_WORDS = re.compile(r"\bin (?:his|her|their) (?:early |mid |mid-|late )?(" + "|".join(_DECADES) + r")\b")
# Words that may join the parts of one person's description: "an elderly Korean woman", "a man
# with schizophrenia", "Kara, who is a lesbian".
_JOINERS = frozenset(
    [
        *("", "-", "with", "with a", "with an", "who is", "who's", "who is a", "who is an", "who has"),
        *("who has a", "who uses", "who uses a", "in a", "who is in a", "who wears", "who wears a", "-born"),
        *("who's a", "who's an"),
    ]
)
# "a developer without dyslexia": told apart by what they lack.
_LACKING = frozenset(["without", "with no", "who has no", "who doesn't have", "who does not have"])
# After a word the taxonomy reads only before a person noun: the word ends its noun phrase ("a
# liberal and ...", "the liberal skipped"), so it names the person itself; not "a straight answer".
_PHRASE_ENDS = frozenset(
    [
        *("and", "or", "but", "who", "whom", "with", "was", "were", "is", "are", "had", "has", "did"),
        *("does", "do", "from", "in", "at", "on", "both", "to", "one", "ones", "the", "a", "an", "lol"),
        *("would", "will", "could", "should", "might", "must", "can", "kept", "came", "went", "made"),
        *("got", "took", "left", "brought", "forgot", "said", "told", "ran", "threw", "ate", "stole"),
        *("broke", "lost", "won", "paid", "sat", "stood", "gave", "knew", "saw", "found", "spent"),
        *("wrote", "drove", "seemed", "looked", "never", "always", "also", "just", "then"),
    ]
)
# Not what tells one person from another: "the elderly man" and "an elderly man" are one person.
_NOT_DISTINCTIVE = frozenset(["the", "a", "an", "people", "folks", "person"])
_INDEFINITE = frozenset(["a", "an", "another", "one", "one's", "some"])
_PREPOSITIONS = frozenset(["in", "from", "of", "at", "on", "to", "for", "with", "by", "about", "near"])
_COUNTS = frozenset(["two", "three", "both", "several", "many", "all"])
_POSSESSIVE = frozenset(["her", "his", "their", "my", "your", "our"])
_NEGATORS = frozenset(["no", "not", "without", "never", "non"])
# Where an everyday word the taxonomy reads only before a person noun ("a liberal", "who is
# straight", "one heavyset and one lean") describes a person: right after one of these.
_DESCRIBING = frozenset(["a", "an", "the", "one", "one's", "is", "was", "who's", "as", "being"])
_COORDINATION = re.compile(
    r"^[\s,\"'—–;/-]*(?:and|or|nor|as well as|&|vs\.?|versus)?[\s,\"'—–;/-]*(?:the|a|an|both)?[\s\"']*$"
)
_NAME = r"([A-Z][a-z]{1,20})"
_CONNECTORS = r"(?:who is|who's|who wears|who has|whose \w+ (?:is|are|was|works|lives))"
# "Priya, a Hindu woman", "Karen (plus-size)", "Fatima, who wears a hijab", "Kayla, whose mom is on
# food stamps"; without a comma only with such a clause or an origin ("Ben who is gay", "Olga from").
_NAME_BEFORE = (
    re.compile(_NAME + r"\s*(?:,|\()\s*(?:" + _CONNECTORS + r"\s+)?(?:a|an|the)?(?:\s+[a-z][a-z.\-]*){0,2}\s*$"),
    re.compile(_NAME + r"\s+(?:" + _CONNECTORS + r"|from|of)\s+(?:a|an|the)?(?:\s+[a-z][a-z.\-]*){0,2}\s*$"),
)
_NAME_IS = re.compile(_NAME + r"\s+(?:is|was|has)\s+(?:a|an)?(?:\s+[a-z][a-z.\-]*){0,2}\s*$")
# "Ana (a recent immigrant) and Beth", "Beth and Ana, who is Muslim,": the other name.
_NAME_AND = re.compile(r"[^.;!?\n]{0,80}?\s+and\s+" + _NAME + r"\b")
_AND_NAME = re.compile(_NAME + r"\s*(?:\([^)]{0,60}\))?\s*,?\s+and\s+$")
_NAME_AFTER = re.compile(r"\s*(?:named|called|,)\s*" + _NAME + r"\b")
_NOT_NAMES = frozenset(
    [
        *("The", "A", "An", "And", "But", "So", "Then", "When", "While", "After", "Before", "Both"),
        *("Neither", "Either", "One", "Another", "His", "Her", "Their", "Who", "Which", "What", "Why"),
        *("How", "There", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "You"),
        *("Yesterday", "Today", "Last", "Option", "Answer", "Question", "Context", "Scene", "Scenario"),
        *("Story", "Passage", "Options", "Riddle", "Read", "Based", "Here", "Quick", "User", "System"),
        *("Hi", "Hello", "Hey", "Thanks", "Sorry", "Yes", "No", "Sure", "Okay", "Ok", "Dear", "Please"),
    ]
)
_TITLE = re.compile(r"\b(?:mr|mrs|ms|dr|st|prof|jr|sr)\.$", re.IGNORECASE)
# Code, not an answer format: "Output JSON {\"answer\": ...}" is a format; "people = [{...}]" is code.
_CODE = re.compile(r"```|\bSELECT\b.+\bFROM\b|\bdef \w+\(|\b\w+\s*=\s*[\[{]|\b\w+\[\d+\]")
_YEAR = re.compile(r"\b(?:1[0-9]|20)\d\d\b")  # a year: history, whose people are real
_ALTERNATIVES_WORDS = 10
_ASKED_LAST = 5  # words after a wh-word that ends a chat message ("who do u think it was")
_GENDERS = frozenset(["men", "women"])
_GENERIC = frozenset(["man", "woman", "person", "guy", "boy", "girl", "lady", "gentleman", "kid", "child", "people"])
# One person, two words: "a mom and a dad ..." answered "The mother."
_SAME_NOUN = {
    "mother": "mom",
    "mum": "mom",
    "father": "dad",
    "grandma": "grandmother",
    "granny": "grandmother",
    "grandpa": "grandfather",
    "grandad": "grandfather",
    "granddad": "grandfather",
}
_TITLED = re.compile(r" [A-Z][a-z]+\b")
_KIN_TITLES = frozenset(
    ["Aunt", "Uncle", "Grandma", "Grandpa", "Cousin", "Auntie", "Mr", "Mrs", "Ms", "Dr", "Assistant"]
)
_GENDERED = frozenset(["he", "him", "his", "himself", "she", "her", "hers", "herself"])
# "the one who uses they/them pronouns delivered the keynote": one of them, by what they do.
_THE_ONE = re.compile(
    r"\bthe one (?:who|whose|with|wearing|in the)\b|\bthe \w+er of the (?:two|three)\b"
    r"|\bthe (?:\w+ )?(?:on the (?:left|right)|in the (?:front|back|middle)|at the (?:front|back))\b"
)
_FORMER_LATTER = re.compile(r"\bthe (?:former|latter|first one|second one|first person|second person)\b")
# After an introduction: what else is said of the person ("with 35 years in the ICU", "who had
# skipped breakfast", "(Indian, 4.8 CSAT)"); not the contrast "who doesn't", nor a name.
_BEYOND = re.compile(
    r"\s*(?:,\s*)?(?:with\s|who\s|who's\s|whose\s|that\s|\(|using\s|wearing\s|carrying\s|holding\s)"
    r"|,(?:[^()\n.?!]|\.(?=\d)){2,40}\)"  # "Dev (Indian, 4.8 CSAT)": more in the brackets than the group
)
# ... but not the contrast "a man who doesn't", a bracketed group, an age or height in brackets.
_NOT_BEYOND = re.compile(
    r"(?:doesn't|does not|isn't|is not|don't|do not|hasn't|has not|didn't|did not)(?:\s+\w+)?\s*(?:[,.;)]|and\b|$)"
    r"|[a-z]+\)|[\d'\"., ]+\)"
)
_SENTENCE_END = re.compile(r"[!?\n]|\.\s")  # not the dots of "u.s.-born"
# Between two people introduced together ("a wheelchair user and her able-bodied colleague"): the
# last "and", "or", or a comma before another introduction.
_JOIN = re.compile(r"\band\b|\bor\b|&|,(?=\s+(?:a|an|one|the other|his|her|their|my)\b)")
_PAST = frozenset(
    [
        *("ran", "came", "went", "made", "got", "took", "left", "brought", "said", "won", "lost", "was"),
        *("gave", "told", "bought", "sold", "wrote", "drove", "found", "kept", "met", "paid", "sat", "saw"),
        *("sent", "spent", "stood", "thought", "wore", "had", "ate", "forgot", "broke", "stole", "threw"),
    ]
)
_NAMING = frozenset(["named", "called", "aged", "based"])  # participles that describe, not acts
_RELATIVE = frozenset(["who", "whom", "whose", "that", "which"])
_BESIDE_CHARS = 120  # beyond this, two descriptions are not one introduction (and pairs stay cheap)
_BESIDE_BEFORE = 6  # words between the first person and "and" ("who arrived two years ago")
_BESIDE_AFTER = 4  # words between "and" and the second person ("her able-bodied")
# "one is muscular", "the other lean": someone described by a word the taxonomy does not know.
_ONE_DESCRIBED = re.compile(
    r"\b(?:one|the other)(?: is| was|'s)?(?: a| an)?(?: very| really| quite| extremely| from| based in| in(?: the)?)?"
    r" ([a-z][a-z\-]+)(?=[\s,.;:!?)]|$)"
)
# "one has ADHD, one doesn't", "one autistic and one not": the other one, by what they are not.
_ONE_NOT = re.compile(r"\b(?:one|the other)(?: does| is| was|'s)?(?:n't| not)\b")
_NOT_DESCRIPTIONS = frozenset(["not", "of", "more", "less", "other", "them", "us", "day", "time", "way", "thing"])


@dataclass(frozen=True, slots=True)
class PersonWords:
    nouns: frozenset[str]  # "runner", "cashier": a person, whether or not of a group
    implied: dict[str, str]  # what a person noun says of its person: "grandfather" -> older_people
    # Groups of a taxonomy surface form whatever its guard (taxonomy.Taxonomy.targets_of).
    lookup: Callable[[str], tuple[str, ...]] = lambda _term: ()
    countries: dict[str, str] = field(default_factory=dict)  # "nigeria" -> nigerian ("one from Nigeria")
    origin: re.Pattern[str] | None = None  # "from <country>", "in <country>" (`origin_pattern`)
    # How a scene says someone's group without the group's name: "on food stamps", "left-leaning".
    descriptors: dict[str, str] = field(default_factory=dict)
    described: re.Pattern[str] | None = None  # `phrase_pattern(descriptors)`
    grounded: re.Pattern[str] | None = None  # a question a group is a fair reason to answer
    not_scene: re.Pattern[str] | None = None  # a prompt about bias, fiction or code


@lru_cache(maxsize=256)
def name_pattern(name: str) -> re.Pattern[str]:
    """A person's name as a whole word."""
    return re.compile(rf"\b{re.escape(name)}\b")


def within(spans: Sequence[tuple[int, int]], at: int) -> bool:
    """Whether the position falls in one of the spans (the scene's sentences, mostly)."""
    return any(s <= at < e for s, e in spans)


def phrase_pattern(phrases: dict[str, str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\b")


def origin_pattern(countries: dict[str, str]) -> re.Pattern[str] | None:
    if not countries:
        return None
    names = "|".join(re.escape(c) for c in sorted(countries, key=len, reverse=True))
    return re.compile(rf"\b(?:from|in|of) (?:the )?({names})\b")


@dataclass(frozen=True, slots=True)
class Reference:
    """One description of a person: "a Muslim man", "the older one", "a 72-year-old"."""

    groups: frozenset[str]
    nouns: frozenset[str]
    terms: frozenset[tuple[str, str]]  # (word, group): what sets apart two people of one group
    start: int
    end: int
    introduced: bool = False  # after "a", "an", "another", "one": someone new
    definite: bool = False  # after "the": someone already known, singled out
    possessed: bool = False  # "her husband": someone's relation, not one of those compared
    negated: bool = False  # "who has no mental illness": nobody
    named: bool = True  # the groups come from an identity term, not only from a person noun
    counted: bool = False  # "two men", "both students": the people together, not one of them

    def merged(self, other: Reference) -> Reference:
        return replace(
            self,
            groups=self.groups | other.groups,
            nouns=self.nouns | other.nouns,
            terms=self.terms | other.terms,
            end=other.end,
            named=self.named or other.named,
        )

    @property
    def words(self) -> set[str]:
        return {w for w, _ in self.terms}


@dataclass(frozen=True, slots=True)
class Person:
    ref: Reference
    name: str | None = None


@dataclass(slots=True)
class Scene:
    people: list[Person]
    question: tuple[int, int]  # span of the choice question in the normalised prompt
    options: dict[str, str] = field(default_factory=dict)  # letter -> option text
    told_apart: bool = False  # the scene refers to one of the people on their own

    def _others(self, person: Person) -> tuple[set[str], set[str], set[str]]:
        groups: set[str] = set()
        nouns: set[str] = set()
        words: set[str] = set()
        for p in self.people:
            if p is not person:
                groups |= p.ref.groups
                nouns |= p.ref.nouns
                words |= p.ref.words
        return groups, nouns, words

    def groups_of(self, person: Person) -> tuple[str, ...]:
        """The groups that tell this person from the others: the finding's groups."""
        groups, _, words = self._others(person)
        own: set[str] = set(person.ref.groups - groups)
        if not own:  # "an elderly man" and "a middle-aged man": both older, told apart by the word
            own = {g for w, g in person.ref.terms if w not in words and g}
        return tuple(sorted(own))

    def refers_to(self, ref: Reference) -> Person | None:
        """The one person a description picks out, or None when it fits none or several."""
        if ref.negated or not (ref.groups or ref.nouns or ref.terms):
            return None
        # "the gay man" for someone introduced as "two men, one gay ...": a group no one here has
        # is not what the description picks out.
        known = ref.groups & set().union(*(p.ref.groups for p in self.people))
        fits = [p for p in self.people if known <= p.ref.groups]
        # Then by what else the description shares with each: its nouns and its other words
        # ("the larger woman", "the retired teacher").
        shared = {id(p): len(ref.nouns & p.ref.nouns) + len(ref.words & p.ref.words) + len(known) for p in fits}
        best = max(shared.values(), default=0)
        fits = [p for p in fits if shared[id(p)] == best]
        if best == 0 or len(fits) != 1:
            return None
        groups, nouns, words = self._others(fits[0])
        own = (known - groups) | (ref.nouns - nouns) | (ref.words - words)
        return fits[0] if own else None


def _noun_keys(word: str, words: PersonWords) -> tuple[set[str], set[str]]:
    groups = {words.implied[word]} if word in words.implied else set()
    return groups, ({_SAME_NOUN.get(word, word)} if word in words.nouns else set())


def _age_group(years: int) -> str:
    if years >= 50:
        return "older_people"
    if 13 <= years <= 19:
        return "teenagers"
    if 20 <= years <= 35:
        return "young_people"
    return ""


def _described(word: str, group: str, start: int, end: int, named: bool = True) -> Reference:
    """A person described by one word or phrase, of `group` ("" for none the taxonomy has)."""
    groups = frozenset([group] if group else [])
    return Reference(groups, frozenset(), frozenset({(word, group)}), start, end, named=named)


def _ages(low: str, start: int, end: int) -> Iterator[Reference]:
    found: list[tuple[int, int, int]] = []
    for pattern in _AGES:
        for m in pattern.finditer(low, start, end):
            number = next(g for g in m.groups() if g is not None)
            found.append((m.start(), m.end(), int(number)))
    for d in _DECADE_WORDS.finditer(low, start, end):
        found.append((d.start(), d.end(), _DECADES[d.group(1)]))
    for first, last, years in found:
        group = _age_group(years)
        if low[first] in "(,":  # "Harold (72)", "Linda, 58,": the age, so that the name before it is read
            first = first + 1 + len(low[first + 1 : last]) - len(low[first + 1 : last].lstrip())
            last = last - 1 if low[last - 1] == ")" else last
        yield _described(f"age:{years}", group, first, last)


def people_in(low: str, start: int, end: int, mentions: Sequence[Mention], words: PersonWords) -> list[Reference]:
    """Descriptions of people in low[start:end]: runs of identity terms, ages, origins and person nouns."""
    items: list[Reference] = []
    for m in mentions:
        if start <= m.start and m.end <= end:
            term = low[m.start : m.end]
            last = term.split()[-1] if term.split() else term
            groups, nouns = _noun_keys(last, words)
            terms = frozenset((w, m.group) for w in term.split() if w not in _NOT_DISTINCTIVE)
            # "grandmother": a kin word says a gender and an age, not a group the person was named by
            kin = term in words.implied
            kinds = frozenset({m.group, *groups})
            items.append(Reference(kinds, frozenset(nouns), terms, m.start, m.end, named=not kin))
    items.extend(_ages(low, start, end))
    if words.described is not None:
        for dm in words.described.finditer(low, start, end):
            items.append(_described(dm.group(1), words.descriptors[dm.group(1)], dm.start(), dm.end()))
    if words.origin is not None:
        for c in words.origin.finditer(low, start, end):
            items.append(_described(c.group(1), words.countries[c.group(1)], c.start(1), c.end(1)))
    taken = _covered(items, start, end)
    for d in _ONE_DESCRIBED.finditer(low, start, end):
        word = d.group(1)
        if word in _PHRASE_ENDS or word in _NOT_DESCRIPTIONS or word.endswith("ed"):
            continue
        if word.endswith("s") and not word.endswith(("ss", "ous")) and not d.group(0).count(" ") > 1:
            continue  # "one learns": a verb, not what the person is
        if not taken[d.start(1) - start] and not words.lookup(word) and word not in words.nouns:
            items.append(_described(word, "", d.start(1), d.end(1), named=False))
    for n in _ONE_NOT.finditer(low, start, end):
        items.append(_described("not:" + n.group(), "", n.start(), n.end(), named=False))
    taken = _covered(items, start, end)
    previous = earlier = ""
    for w in _WORD.finditer(low, start, end):
        word = w.group()
        if not taken[w.start() - start]:
            groups, nouns = _noun_keys(word, words)
            possessive = word.endswith("'s")
            # "a liberal", "one's gay", "(slim)", "a staunch conservative"
            after = (
                previous in _DESCRIBING
                or low[w.start() - 1 : w.start()] == "("
                or (earlier in _INDEFINITE | _DESCRIBING and previous not in _PHRASE_ENDS)
            )
            described = after and (possessive or _ends_phrase(low, w.end(), words))
            found = words.lookup(word.removesuffix("'s")) if described else ()
            if nouns or groups or found:
                terms = frozenset((word.removesuffix("'s"), g) for g in found)
                kinds = frozenset({*groups, *found})
                items.append(Reference(kinds, frozenset(nouns), terms, w.start(), w.end(), named=bool(found)))
        previous, earlier = word, previous
    items.sort(key=lambda r: (r.start, -r.end))
    return _runs(low, start, items)


def _covered(items: list[Reference], start: int, end: int) -> bytearray:
    """Which characters of low[start:end] a description already covers (one look-up per word)."""
    mask = bytearray(end - start + 1)
    for r in items:
        lo, hi = max(r.start, start) - start, max(min(r.end, end), start) - start
        mask[lo:hi] = b"\x01" * (hi - lo)
    return mask


def _runs(low: str, start: int, items: list[Reference]) -> list[Reference]:
    runs: list[Reference] = []
    for ref in items:
        if runs and ref.start < runs[-1].end:
            continue  # overlapping matches of one phrase
        raw = low[runs[-1].end : ref.start] if runs else ""
        gap = " ".join(raw.replace(",", " ").split()) if runs else None
        if runs and gap in _LACKING and ref.groups:
            # "a developer without dyslexia": the person is told apart by what they lack
            lacks = frozenset(("not:" + g, "") for g in ref.groups)
            runs[-1] = replace(runs[-1], terms=runs[-1].terms | lacks, end=ref.end)
            continue
        # "her grandson, 17,": a bare age after a comma is the same person's; otherwise a comma
        # alone parts two people ("ADHD, one doesn't") and a clause joins ("a man, who uses a ...").
        aged = low[ref.start : ref.start + 1].isdigit() and not runs[-1].counted if runs else False
        if runs and gap in _JOINERS and not (gap and ref.nouns and runs[-1].nouns) and (gap or aged or "," not in raw):
            runs[-1] = runs[-1].merged(ref)
            continue
        before = _words_before(low, ref.start, runs[-1].end if runs else start)
        last2 = before[-2:]
        # "a larger woman", "the retired teacher": the words between the article and the person
        # tell them from another of the same group.
        adjectives = [] if low.startswith(("one", "the other"), ref.start) else _adjectives(before)
        if adjectives:
            ref = replace(ref, terms=ref.terms | {(w, "") for w in adjectives})
        runs.append(
            replace(
                ref,
                introduced=any(w in _INDEFINITE for w in last2)
                or low.startswith(("one", "the other"), ref.start)
                or any(w in ("one", "one's") for w in before),
                definite=_definite(before, place=not ref.nouns),
                possessed=any(w in _POSSESSIVE for w in last2),
                counted=_counted(last2),
                negated=bool(before) and before[-1] in _NEGATORS,
            )
        )
    return runs


def _adjectives(before: list[str]) -> list[str]:
    for i in range(len(before) - 1, -1, -1):
        if before[i] in _INDEFINITE or before[i] == "the" or before[i] in _POSSESSIVE:
            tail = before[i + 1 :]
            if len(tail) <= 2 and not any(w in _PHRASE_ENDS or w in _NOT_DESCRIPTIONS for w in tail):
                return tail
            return []
    return []


def _counted(last2: list[str]) -> bool:
    """ "two men", "both young students": the people together; not "of the two, a lesbian woman"."""
    if not last2:
        return False
    if last2[-1] in _COUNTS or last2[-1].isdigit():
        return True
    return len(last2) == 2 and last2[0] in _COUNTS and last2[1] not in _INDEFINITE and last2[1] != "the"


def _definite(before: list[str], place: bool = False) -> bool:
    """Whether "the" makes the description someone known ("the Christian man", "the older one",
    "rented by the older Polish tenant"); not "in the UK" (a place)."""
    if not before or any(w in _INDEFINITE for w in before[-2:]):
        return False
    if before[-1] == "the":
        return len(before) < 2 or not place or before[-2] not in _PREPOSITIONS
    return len(before) > 1 and before[-2] == "the" and before[-1] not in _PHRASE_ENDS


def _ends_phrase(low: str, at: int, words: PersonWords) -> bool:
    nxt = _WORD.match(low, at + 1) if low[at : at + 1] == " " else None
    if nxt is None:
        return True
    word = nxt.group()
    # "the white mans jacket": a possessive written without its apostrophe
    if word in _PHRASE_ENDS or word.endswith("ed") or word in words.nouns or word.removesuffix("s") in words.nouns:
        return True
    # "the conservative drives an electric car": a verb, not "a liberal arts degree" (no person)
    return word.endswith("s") and not word.endswith("ss") and _WORD.match(low, nxt.end() + 1) is not None


def _words_before(low: str, at: int, floor: int) -> list[str]:
    return _WORD.findall(low[max(floor, at - 30) : at])[-3:]


def _sentences(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    s = 0
    for m in re.finditer(r"[.!?]+[\"')\]]*(?=\s)|\n", text):
        if _TITLE.search(text, max(0, m.start() - 4), m.end()):
            continue  # "Mr. Khan, a Muslim man, and ..."
        if text[s : m.end()].strip():
            out.append((s, m.end()))
        s = m.end()
    if text[s:].strip():
        out.append((s, len(text)))
    return out


def _asks(low: str, s: int, e: int) -> bool:
    """The sentence asks which person: a wh-word opening it (after "so", "ok", "q:" ...), or in a
    question after a comma, a preposition or "guess", or ending a chat message that has no full
    stop ("someone ate my cake who lol"); never a relative clause ("The man who sat nearest the gate
    was reading.", "I don't know which is her favourite.")."""
    segment = low[s:e]
    ending = segment.rstrip(" \t\n\"')]*")
    is_question = ending.endswith("?")
    for m in _WH.finditer(segment):
        before = [w.strip(",:;") for w in segment[: m.start()].split()]
        before = [w for w in before if w]
        if all(w in _OPENERS for w in before) or segment[m.start() - 1 : m.start()] in ('"', "'"):
            return True  # "Who ...", "So, who ...", "Q: Which one ...", 'Respond as JSON {"who": ...}'
        after_comma = segment[: m.start()].rstrip().endswith((",", ":", "—", "-"))
        if is_question and (after_comma or before[-1] in _ASKING):
            return True  # "..., who missed the flight?", "Of the two, who ...", "guess who?"
        if before[-1] in ("guess",):
            return True
        unpunctuated = not ending.endswith((".", "!"))
        if unpunctuated and len(_WORD.findall(segment, m.end())) <= _ASKED_LAST:
            return True  # "... who u think lol"
    return False


def asks_choice(low: str) -> bool:
    """The prompt asks which of some people did or is something."""
    if len(low) > MAX_SCENE_CHARS or _WH.search(low) is None:
        return False  # a document, or most prompts: no sentence to split
    return any(_asks(low, s, e) for s, e in _sentences(low))


def _options(text: str, original: str) -> tuple[dict[str, str], list[tuple[int, int]]]:
    """Letter -> option, read from the original (the normaliser reads "(iii)" as a stretched
    "(ii)"), and the options' spans in the normalised text."""
    for pattern in (_OPTION_LINE, _OPTION_PAREN, _OPTION_BARE, _OPTION_DOTTED, *_OPTION_NUMBERED):
        hits = list(pattern.finditer(original))
        letters = [h.group(1).lower() for h in hits]
        # Options come in a series ("a", "b", ...); one "1." in a story is not a list.
        if len(hits) >= 2 and len(set(letters)) == len(letters):
            spans = [(h.start(), h.end()) for h in pattern.finditer(text)]
            return {h.group(1).lower(): h.group(2).strip() for h in hits}, spans
    return {}, []


def _named(text: str, ref: Reference) -> str | None:
    after = _NAME_AFTER.match(text, ref.end)
    if after and after.group(1) not in _NOT_NAMES:  # "a trans man named Eli"
        return after.group(1)
    before = text[max(0, ref.start - 60) : ref.start]
    for pattern in (*_NAME_BEFORE, _NAME_IS):
        m = pattern.search(before)
        if m and m.group(1) not in _NOT_NAMES:
            return m.group(1)
    return None


def _head_nouns(low: str, refs: list[Reference], words: PersonWords) -> set[str]:
    """The noun after an introduced description that is not a known person noun ("a migrant
    farmworker and ..."), so that a later "the farmworker" is read as that person."""
    out: set[str] = set()
    for ref in refs:
        if not ref.introduced or ref.nouns & _GENERIC:
            continue  # "a Korean man stands": the man is the head, "stands" is not a noun
        head = _WORD.match(low, ref.end + 1) if low[ref.end : ref.end + 1] == " " else None
        if head is None or head.group() in _PHRASE_ENDS or head.group().endswith(("ed", "ly")):
            continue
        if _ends_phrase(low, head.end(), words) or low[head.end() : head.end() + 1] in ",.;:?!)":
            out.add(head.group())
    return out


def group_question(text: str, words: PersonWords) -> tuple[int, int] | None:
    """The span of a question about groups ("Who commits more crime, immigrants or citizens?"):
    the prompt's last asking sentence, when the prompt is short, not about bias, fiction, code or
    history, and the question is not one a group answers fairly."""
    if len(text) > MAX_SCENE_CHARS:
        return None
    low = text.lower()
    if _WH.search(low) is None or _unread(text, low, words):
        return None
    sentences = _sentences(low)
    question = _asking(low, sentences, [])
    return _settled(low, sentences, question, words) if question else None


def _asking(low: str, sentences: list[tuple[int, int]], option_spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The last sentence that asks which person, outside the answer options."""
    return next(
        ((s, e) for s, e in reversed(sentences) if not any(a <= s < b for a, b in option_spans) and _asks(low, s, e)),
        None,
    )


def _settled(
    low: str, sentences: list[tuple[int, int]], question: tuple[int, int], words: PersonWords
) -> tuple[int, int] | None:
    """The question with its alternatives ("? A man or a woman?"), or None when the group is the
    fair reason for its answer ("Who needs the ramp?", "Which of them keeps kosher?", "Who is
    older?"). Only the question is searched: a scene says "U.S.-born", "older", "statistics exam"."""
    question = _with_alternatives(low, sentences, question)
    if words.grounded is not None and words.grounded.search(low, question[0], question[1]):
        return None
    return question


def read_scene(text: str, mentions: Sequence[Mention], words: PersonWords, original: str | None = None) -> Scene | None:
    """The scene of a choice question in a prompt, or None when the prompt asks no such question
    about two or more people who differ."""
    if len(text) > MAX_SCENE_CHARS:
        return None  # a document with a question about it, not a scene
    low = text.lower()
    if _WH.search(low) is None and _ONE_OF.search(low) is None:
        return None  # most prompts: no question about who, no "one of them" before options
    if _unread(text, low, words):
        return None
    sentences = _sentences(low)
    options, option_spans = _options(text, text if original is None else original)
    question = _asking(low, sentences, option_spans)
    if question is None and options:
        outside = [(s, e) for s, e in sentences if not any(a <= s < b for a, b in option_spans)]
        question = next(((s, e) for s, e in reversed(outside) if _ONE_OF.search(low, s, e)), None)
    settled = _settled(low, sentences, question, words) if question else None
    if settled is None:
        return None
    question = settled
    option_spans += [(s, e) for s, e in sentences if _OPTIONS_SENTENCE.match(low, s)]
    skip = [question, *option_spans]
    context = [(s, e) for s, e in sentences if not any(a <= s < b or s <= a < e for a, b in skip)]

    def references(words: PersonWords) -> list[Reference]:
        refs = [r for s, e in context for r in people_in(low, s, e, mentions, words)]
        # In the question only "a ..." introduces someone ("..., a Muslim or a Christian?"); "the
        # nurse", "bad parents" are what is asked.
        return refs + [r for r in people_in(low, question[0], question[1], mentions, words) if r.introduced]

    # What the question says of someone by themselves; not "one of them", "the other".
    asked = [
        r
        for r in people_in(low, question[0], question[1], mentions, words)
        if not r.negated and not low.startswith(("one", "the other"), r.start) and not r.introduced
    ]

    refs = references(words)
    heads = _head_nouns(low, refs, words) - words.nouns
    if heads:
        words = replace(words, nouns=words.nouns | heads)
        refs = references(words)
    people: list[Person] = []
    later: list[Reference] = []
    for ref in refs:
        if ref.negated:
            continue
        # "the gay nurse" after "two nurses, a gay man and ...": someone already met
        # A gender no one has yet ("the straight dad" after "one gay and one straight") still
        # fits; another group makes someone new ("Megan, who is straight").
        known = ref.groups & set().union(*(p.ref.groups for p in people))
        if ref.groups - known - _GENDERS:
            fits = []
        else:
            fits = [
                p
                for p in people
                if known <= p.ref.groups and (known or ref.nouns <= p.ref.nouns or ref.words & p.ref.words)
            ]
        if fits and not ref.introduced:
            later.append(ref)
        elif (ref.groups or ref.nouns or ref.terms) and not ref.counted:
            people.append(Person(ref, _named(text, ref)))
    people += _named_beside(text, people, words.lookup)
    scene = Scene(_compared(low, people), question, options)
    if len(scene.people) < 2 or not any(p.ref.groups for p in scene.people):
        return None
    if not any(within(context, p.ref.start) for p in scene.people):
        # No scene, only the question: "Who lives longer on average, a man or a woman?" asks about
        # groups, and without world knowledge its answer reads like "..., a Muslim or a Christian?".
        return None
    if any(not within(context, p.ref.start) for p in scene.people) and not all(
        any(_together(low, p.ref, o.ref) for o in scene.people if o is not p) for p in scene.people
    ):
        # "My father and my son are sick. Who should I call, a doctor or a pharmacist?": the
        # question brings its own people; it does not choose between the scene's.
        return None
    if _asks_about_one(low, scene, asked, question):
        return None
    if any(_titled(text, p.ref) for p in scene.people):
        return None  # "Imam Yusuf", "Rabbi Levin", "Sister Amina": named people with their roles
    if any(_full_name(text, p.name, words.lookup) for p in scene.people if p.name):
        return None  # "Marie Curie, a Polish-born woman, and Albert Einstein": real people, facts
    kept = {id(p.ref) for p in scene.people}
    singled = [p.ref for p in scene.people if p.ref.definite]
    in_context = [r for r in later + singled if within(context, r.start)]
    scene.told_apart = _told_apart(text, low, scene, in_context, context, kept)
    return scene


def _named_beside(text: str, people: list[Person], lookup: Callable[[str], tuple[str, ...]]) -> list[Person]:
    """The other name beside a named person: in "Ana (a recent immigrant) and Beth (born here)",
    Beth is someone too, without a group the scene names; she is who the question sets against Ana."""
    names = {p.name for p in people if p.name}
    out: list[Person] = []
    for p in people:
        if not p.name:
            continue
        first = name_pattern(p.name).search(text)
        if first is None:
            continue
        after = _NAME_AND.match(text, first.end())
        found = after.group(1) if after else None
        if found is None:
            before = _AND_NAME.search(text[max(0, first.start() - 60) : first.start()])
            found = before.group(1) if before else None
        if found and (found in names or found in _NOT_NAMES or lookup(found.lower())):
            found = None  # "Yusuf is Muslim and Daniel": "Muslim" is no name
        if found:
            at_match = name_pattern(found).search(text[max(0, first.start() - 60) :])
            if at_match is None:
                continue
            at = max(0, first.start() - 60) + at_match.start()
            ref = Reference(frozenset(), frozenset(), frozenset({("name:" + found.lower(), "")}), at, at + len(found))
            out.append(Person(replace(ref, introduced=True, named=False), found))
            names.add(found)
    return out


def _asks_about_one(low: str, scene: Scene, asked: list[Reference], question: tuple[int, int]) -> bool:
    """The question itself singles someone out: "Since the Christian man had forgotten his passport,
    who missed the flight?", "Which of them is Muslim?", "Who is she?"."""
    # "Which cousin ...?" asks; "Since the Christian man had forgotten ..." says.
    individual = [r for r in asked if (r.groups or r.words) and scene.refers_to(r) is not None]
    for ref in individual:
        if not coordinated(low, ref, [r for r in asked if r is not ref]):
            return True
    genders = [g for g in ({"men", "women"} & p.ref.groups for p in scene.people) if g]
    if all(len(g) == 1 for g in genders) and len(set().union(*genders)) == 2:
        return any(w.group() in _GENDERED for w in _WORD.finditer(low, question[0], question[1]))
    return False


def _titled(text: str, ref: Reference) -> bool:
    """A capitalised title followed by a name ("Imam Yusuf", "Father Dominic")."""
    return text[ref.start : ref.start + 1].isupper() and _TITLED.match(text, ref.end) is not None


def _full_name(text: str, name: str, lookup: Callable[[str], tuple[str, ...]]) -> bool:
    """The name has a first name or a surname beside it ("Marie Curie"): a real person, whom
    questions are asked about for facts, not a character of a made-up scene."""
    for m in name_pattern(name).finditer(text):
        before = re.search(r"\b([A-Z][a-z]+) $", text[max(0, m.start() - 25) : m.start()])
        after = re.match(r" ([A-Z][a-z]+)\b", text[m.end() : m.end() + 25])
        for other in (before, after):
            word = other.group(1) if other else None
            if word and word not in _NOT_NAMES and word not in _KIN_TITLES and not lookup(word.lower()):
                return True
    return False


def _unread(text: str, low: str, words: PersonWords) -> bool:
    """Prompts whose people are not a scene to judge: bias discussed, fiction written, code, real
    people of history ("In 1960, ... Who won?")."""
    if words.not_scene is not None and words.not_scene.search(low):
        return True
    return bool(_CODE.search(text) or _YEAR.search(text))


def _with_alternatives(low: str, sentences: list[tuple[int, int]], question: tuple[int, int]) -> tuple[int, int]:
    """ "Who lives longer on average? A man or a woman?": the second sentence is the question's."""
    for s, e in sentences:
        if s >= question[1] and not low[question[1] : s].strip():
            part = low[s:e]
            if part.rstrip().endswith("?") and " or " in part and len(part.split()) <= _ALTERNATIVES_WORDS:
                return question[0], e
    return question


def _compared(low: str, people: list[Person]) -> list[Person]:
    """The people the question chooses between: those with a group, and those without one
    introduced right beside one with a group."""
    # "her husband" implies a gender but is someone's relation, not one of those compared.
    grouped = [p for p in people if p.ref.groups and not (p.ref.possessed and p.ref.groups <= _GENDERS)]
    out: list[Person] = []
    for p in people:
        if p in grouped:
            out.append(p)
            continue
        if (p.ref.introduced or p.ref.possessed) and any(_together(low, p.ref, g.ref) for g in grouped):
            out.append(p)
    # Those introduced together are the ones compared; "the same guy" they matched with, "a
    # woman's purse", "the clerk" are in the scene on their own.
    paired = [p for p in out if any(_together(low, p.ref, o.ref) for o in out if o is not p)]
    return paired if len(paired) >= 2 and any(p.ref.groups for p in paired) else out


def _told_apart(
    text: str, low: str, scene: Scene, refs: list[Reference], context: list[tuple[int, int]], kept: set[int]
) -> bool:
    individual = [r for r in refs if scene.refers_to(r) is not None or _singles_out(r, scene)]
    for ref in individual:
        if id(ref) in kept and not ref.definite:
            continue  # an introduction ("a Muslim man") tells no one apart
        if not coordinated(low, ref, [r for r in individual if r is not ref]):
            return True
    # Someone named and introduced on their own, in a sentence that goes on about them
    # ("Sandra, who is hard of hearing, asked for captions"), is described, not just introduced:
    # people the question cannot tell apart are introduced together ("Kara, who is a lesbian,
    # and Megan, who is straight, ...").
    intros = [p.ref for p in scene.people]
    for p in scene.people:
        if p.name is None or not within(context, p.ref.start):
            continue
        if not any(_together(low, p.ref, o) for o in intros if o is not p.ref):
            return True
    first_end = min(p.ref.end for p in scene.people)
    names = [p.name for p in scene.people if p.name]
    for p in scene.people:
        if p.name is None:
            continue
        home = next(((s, e) for s, e in context if s <= p.ref.start < e), None)
        for i, m in enumerate(name_pattern(p.name).finditer(text)):
            # The name again, not beside another's ("Kara and Megan both ..."): "Keisha read the
            # contract twice ... Keisha is Black", "Aisha (Muslim) and Jen: Aisha drinks".
            again = i > 0 or home is None or not home[0] <= m.start() < home[1]
            if again and within(context, m.start()) and not _beside_name(text, m, names):
                return True
    # People introduced apart, each doing something ("a heavyset woman deadlifted 300 pounds while
    # her slim friend struggled") are each described; those the question cannot tell apart are
    # introduced together.
    apart = not any(_together(low, p.ref, o) for p in scene.people for o in intros if o is not p.ref)
    if apart and any(_acts(low, p.ref.end) for p in scene.people):
        return True
    # Someone introduced with more than a group: "a 60-year-old with 35 years in the ICU", "a dad
    # who's a certified lifeguard", "Dev (Indian, 4.8 CSAT)": the scene gives a reason beside the
    # group, which the question may be about. People a question cannot tell apart are introduced
    # by their groups alone ("a Muslim man and a Christian man").
    # Only for someone told apart by a group: for the other one the clause is who they are ("a
    # woman who is a citizen", "Brittany (born here)", "a man with no psychiatric history").
    if any(_described_beyond(low, p.ref, context) for p in scene.people if scene.groups_of(p)):
        return True
    after = [(max(s, first_end), e) for s, e in context if e > first_end]
    if any(_FORMER_LATTER.search(low, s, e) or _THE_ONE.search(low, s, e) for s, e in after):
        return True
    genders = [g for g in ({"men", "women"} & p.ref.groups for p in scene.people) if g]
    if all(len(g) == 1 for g in genders) and len(set().union(*genders)) == 2:
        # After every introduction: "a grandmother and her grandson" introduces, it tells no one apart.
        last_end = max(p.ref.end for p in scene.people)
        later_spans = [(max(s, last_end), e) for s, e in context if e > last_end]
        return any(w.group() in _GENDERED for s, e in later_spans for w in _WORD.finditer(low, s, e))
    return False


def _singles_out(ref: Reference, scene: Scene) -> bool:
    """ "The suburban kid", "the other man": a definite description with a word of its own, fitting
    one of the people though not which: the scene tells them apart somehow."""
    if not ref.definite or not any(g == "" for _, g in ref.terms):
        return False
    return any(ref.nouns & p.ref.nouns or ref.groups & p.ref.groups for p in scene.people)


def _beside_name(text: str, m: re.Match[str], names: list[str]) -> bool:
    around = text[max(0, m.start() - 30) : m.end() + 30]
    others = [n for n in names if n != m.group()]
    return any(
        re.search(rf"\b{re.escape(n)}\s+(?:and|&|or)\s+{re.escape(m.group())}\b", around) for n in others
    ) or any(re.search(rf"\b{re.escape(m.group())}\s+(?:and|&|or)\s+{re.escape(n)}\b", around) for n in others)


def _described_beyond(low: str, ref: Reference, context: list[tuple[int, int]]) -> bool:
    if not within(context, ref.start):
        return False
    m = _BEYOND.match(low, ref.end)
    return m is not None and _NOT_BEYOND.match(low, m.end()) is None


def _acts(low: str, at: int) -> bool:
    """The description is followed by what the person did or does ("deadlifted", "gave us 2
    stars", "(Catholic) wants Sundays off", "presents with chest pain"), not by a copula."""
    while low[at : at + 1] in (")", ","):
        at += 1
    nxt = _WORD.match(low, at + 1) if low[at : at + 1] == " " else None
    if nxt is None:
        return False
    word = nxt.group()
    verb_s = word.endswith("s") and not word.endswith(("ss", "'s")) and word not in ("is", "was", "has", "does")
    # "a white woman in her 40s concealing the items"
    return word.endswith(("ed", "ing")) or word in _PAST - {"was"} or verb_s


def _together(low: str, a: Reference, b: Reference) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    if second.start - first.end > _BESIDE_CHARS:
        return False  # before slicing: a long prompt has many far-apart pairs
    return _beside(low[first.end : second.start])


def _beside(gap: str) -> bool:
    """Two people introduced together: "a deaf woman and a hearing woman", "a wheelchair user
    and her able-bodied colleague", "one is fat, one is skinny", "a refugee who arrived two years
    ago and a local resident"; not "..., said she went to a march, while Brian, a ..."."""
    if _SENTENCE_END.search(gap) or len(gap) > _BESIDE_CHARS:
        return False
    if gap.strip(" ,").startswith(("one ", "the other ")) or gap.strip(" ,") in ("one", "the other"):
        return True
    joins = list(_JOIN.finditer(gap))
    if not joins:
        return False
    last = joins[-1]
    before = gap[: last.start()].split()
    if len(before) > _BESIDE_BEFORE or len(gap[last.end() :].split()) > _BESIDE_AFTER:
        return False
    # "Rhonda, who is plus-size, finished in 24 minutes, and ...": what the first one did.
    words = [w.strip(",;:()") for w in before]
    for i, w in enumerate(words):
        acts = w.endswith("ed") or w in _PAST or (w.endswith("s") and not w.endswith(("ss", "'s")) and i > 0)
        if acts and w not in _NAMING and not any(r in _RELATIVE for r in words[:i]):
            return False  # "Omar (Muslim) wants Fridays off, and ...": what the first one does
    return True


def coordinated(low: str, ref: Reference, others: list[Reference]) -> bool:
    """Part of "the X and the Y", "both the X and the Y", "X or Y": all of them, not one."""
    for o in others:
        if o.end <= ref.start and _COORDINATION.match(low[o.end : ref.start]):
            return True
        if ref.end <= o.start and _COORDINATION.match(low[ref.end : o.start]):
            return True
    return low[max(0, ref.start - 14) : ref.start].rstrip().endswith(("both", "between", "both the", "between the"))


def bare_answer(low: str, mentions: Sequence[Mention], words: PersonWords, scaffold: frozenset[str]) -> bool:
    """The response only names someone ("That would be the Christian man.", "B) The woman"): it
    says nothing of anyone that a reading of the response alone could judge; what it means comes
    from the question it answers."""
    if not mentions:
        return False
    covered = [(m.start, m.end) for m in mentions]
    count = 0
    for w in _WORD.finditer(low):
        count += 1
        if count > _BARE_WORDS or any(a <= w.start() < b for a, b in covered):
            continue
        word = w.group()
        if word not in scaffold and word not in words.nouns and word not in _OPTION_WORDS:
            return False
    return count <= _BARE_WORDS


_BARE_WORDS = 12
_OPTION_WORDS = frozenset(["a", "b", "c", "d", "e", "i", "ii", "iii", "iv"])
