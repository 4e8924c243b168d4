"""Groups named by a description instead of a listed word: an age given as a number or a decade
("candidates over 50", "people in their sixties", "70-year-olds", "the over-40s"), a nationality
given as the country people come from ("guys from Pakistan", "anyone born in Romania").

Lists cannot hold every number or every "<noun> from <country>", and text that names a group this
way says of it what text naming it by its usual word says: "workers over 55 are slow and set in
their ways" is "older workers are ...". The readers here find the description and the noun it
describes; the taxonomy (detectors/taxonomy.py) makes a mention of the whole phrase, so the harm
grammar sees the same noun phrase as for the usual word.

Both readings need the noun: "over 50 candidates" is a count and "a parcel from Nigeria" no
person. A number followed by what it counts ("players over 50 games", "users over 50 GB", "over
60 percent") is no age.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")  # a word of the lowercased text, as harm_grammar reads one

OLDER = "older_people"
YOUNG = "young_people"
TEENS = "teenagers"

# Words that stand where a plural person noun would before a description, for whoever fits it
# ("anyone over 60", "the ones from Albania", "that lot from Romania").
HEADS = frozenset(
    "anyone anybody everyone everybody those ones lot bunch crowd".split()  # noqa: SIM905 - a word list reads better as text
)
# Between the noun and an age: "workers who are over 50", "staff aged 55 and over".
_AGE_LINKS = frozenset(["who", "that", "are", "is", "were", "aged", "age", "of", "all", "mostly", "now", "being"])
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine".split())}  # noqa: SIM905
_NUMBER = (
    r"(?:\d{2,3}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
)
_DECADE = r"(?:(?:twen|thir|for|fif|six|seven|eigh|nine)ties|[2-9]0'?s|teens)"
_ABOVE = r"over|above|past|beyond|older than|north of|pushing|nearing|approaching|at least"
_BELOW = r"under|below|younger than|not yet"
# "<noun> [who are] over 50", "<noun> aged over 60", "<noun> under 25"; then what follows is read.
_THRESHOLD = re.compile(rf"\b({_ABOVE}|{_BELOW}) (?:the age of |age )?({_NUMBER})(?![\d.,]\d)")
# "<noun> aged 55 and over", "<noun> aged 60+"
_AGED = re.compile(rf"\b(?:aged )?({_NUMBER})(?: ?\+| and (?:over|up|above|older)| or (?:over|older|more))")
# "<noun> in their (late) fifties", "<noun> in their 60s"
_IN_THEIR = re.compile(rf"\bin (?:their|his|her) (?:(?:early|mid|late)[- ])?({_DECADE})\b")
# "70-year-olds", "70 year old workers", "sixty-somethings", "the over-40s", "under-25s"
_YEAR_OLDS = re.compile(rf"\b({_NUMBER})[- ](?:year|yr)[- ]olds?\b")
_SOMETHINGS = re.compile(r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|[2-8]0)[- ]somethings\b")
_OVER_NS = re.compile(rf"\b(over|under)[- ](\d{{2}}'?s|{_DECADE})(?![a-z0-9])")
# Before the noun: "over-50 workers", "50-plus workers", "the 50+ crowd".
_CROWDS = frozenset(["crowd", "brigade", "set", "lot", "bracket"])
_BEFORE_NOUN = re.compile(r"\b(?:(over|under)-(\d{2})|(\d{2})(?:-plus| plus|\+)) ([a-z]+)")
# What a number counts, after it: no age ("players over 50 games", "over 60 percent").
_COUNTED = frozenset(
    """percent per cent pc times hours hour hrs minutes mins seconds days weeks months games matches
    goals points runs wickets miles mile km kilometres kilometers metres meters feet foot ft inches
    mph kph kg kilos kilograms pounds lbs lb stone grams dollars dollar euros euro quid grand k gb mb
    tb million billion thousand hundred items pages words countries cities states languages
    degrees percent people members users staff employees sales orders calls tickets cases shifts
    stories floors reps sets laps bmi mg mmol ml units""".split()  # noqa: SIM905
)
# Words ending in "s" that follow a plural subject without being a plural noun.
_S_WORDS = frozenset(
    """always sometimes perhaps as is was has does this thus less unless across plus besides nowadays
    whereas regardless towards""".split()  # noqa: SIM905
)
_PLURAL_NOUNS = frozenset(["people", "men", "women", "children", "folk", "staff", "police", "youth"])


# Cheap test first: most texts hold no digit, decade or "year".
_AGE_CUES = re.compile(r"\d|ties|teens|somethings|year|(?:for|fif|six|seven|eigh|nine)ty")


# The words that open a description after the noun it describes ("workers over 55", "guys from").
_DESCRIBING = frozenset(
    """over above past beyond under below aged from born raised north older younger pushing nearing
    in who that""".split()  # noqa: SIM905
)


class Head(NamedTuple):
    word: str
    generic: bool  # "anyone", "those": whoever fits, several people


def described_head(words: list[str]) -> Head | None:
    """The noun a description follows in a group's phrase ("workers" of "workers over 55"), or None
    when the phrase has no description after a word ("in a wheelchair", "older workers")."""
    at = next((i for i, w in enumerate(words) if w in _DESCRIBING), 0)
    if at == 0:
        return None
    return Head(words[at - 1], words[at - 1] in HEADS)


def number(word: str) -> int | None:
    """The value of a written age: "55", "sixty", "sixty-five"."""
    if word.isdigit():
        return int(word)
    parts = re.split(r"[- ]", word)
    value = _TENS.get(parts[0])
    if value is None:
        return None
    return value + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)


_DECADES = {"teens": 10, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60}
_DECADES |= {"seventies": 70, "eighties": 80, "nineties": 90}


def _decade(word: str) -> int:
    return int(word[:2]) if word[0].isdigit() else _DECADES.get(word, 0)


def _older(age: int) -> str | None:
    return OLDER if 40 <= age <= 110 else None


def _below(age: int) -> str | None:
    return YOUNG if 19 <= age <= 35 else None


def _aged(age: int) -> str | None:
    """A group by one age ("70-year-olds"): older people from 50, teenagers, young adults."""
    if 50 <= age <= 110:
        return OLDER
    if 13 <= age <= 19:
        return TEENS
    if 20 <= age <= 29:
        return YOUNG
    return None


def _by_decade(decade: int) -> str | None:
    if decade >= 40:
        return OLDER
    if decade == 10:
        return TEENS
    return YOUNG if decade in (20, 30) else None


def _word_before(low: str, at: int) -> tuple[str, int] | None:
    """The word ending just before `at` (one space between), and its start."""
    end = at - 1
    if end <= 0 or low[end] != " ":
        return None
    start = end
    while start > 0 and (low[start - 1].isalnum() or low[start - 1] in "'-"):
        start -= 1
    return (low[start:end], start) if start < end else None


def noun_before(low: str, at: int, persons: frozenset[str], links: frozenset[str], generic: bool = False) -> int | None:
    """The start of the person noun (or "anyone", "those", "that lot") the description at `at`
    describes, past up to two linking words ("workers who are over 50"); None if there is none, or
    if it names one person ("a woman in a hijab", "my colleague from Poland"): no group. With
    `generic`, "an employee over 55" is any such person: an age rule or advice names the group so."""
    pos = at
    for _ in range(3):
        found = _word_before(low, pos)
        if found is None:
            return None
        word, start = found
        if word in persons and (_plural(word) or (generic and _indefinite(low, start))):
            return start
        if word in HEADS and (word != "lot" or _determined(low, start)):
            return start
        if word not in links:
            return None
        pos = start
    return None


def _determined(low: str, at: int) -> bool:
    """ "that lot", "this lot", "the lot": people; "a lot from Nigeria" is an amount."""
    found = _word_before(low, at)
    return found is not None and found[0] in ("that", "this", "the", "them")


def _indefinite(low: str, at: int) -> bool:
    """ "an employee over 55": any one of them, as advice and rules say of a group."""
    found = _word_before(low, at)
    return found is not None and found[0] in ("a", "an", "any", "every", "each")


def _plural(word: str) -> bool:
    return word in _PLURAL_NOUNS or (word.endswith("s") and not word.endswith("ss"))


def _counts_something(low: str, end: int, head: str) -> bool:
    """Whether the number ending at `end` counts what follows ("over 50 games", "over 60%")."""
    rest = low[end : end + 2]
    if rest.startswith(("%", "k ", "k.", "k,")) or rest == "k":
        return True
    nxt = WORD.match(low, end + 1) if low[end : end + 1] == " " else None
    if nxt is None:
        return False
    word = nxt.group(0)
    if word in ("years", "yrs", "year"):
        # "over 50 years old", "over 60 years of age"; not "over 50 years of service"
        rest = low[nxt.end() : nxt.end() + 8]
        return not rest.startswith((" old", " of age", " or ", " and ", " plus"))
    if word in _COUNTED:
        return True
    # A plural noun after a plural subject's number: "players over 50 games"; a verb after a plural
    # subject takes no "s" ("candidates over 50 struggle").
    return _plural(head) and word.endswith("s") and not word.endswith("ss") and word not in _S_WORDS


def ages(low: str, persons: frozenset[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, group) of every group named by age in `low` (lowercased, normalised text)."""
    if _AGE_CUES.search(low) is None:
        return
    for m in _THRESHOLD.finditer(low):
        age = number(m.group(2))
        if age is None:
            continue
        group = _older(age) if m.group(1) not in _BELOW.split("|") else _below(age)
        start = noun_before(low, m.start(), persons, _AGE_LINKS, generic=True)
        if group is None or start is None:
            continue
        head = WORD.match(low, start)
        if head is not None and _counts_something(low, m.end(), head.group(0)):
            continue
        yield start, _tail(low, m.end()), group
    for m in _AGED.finditer(low):
        age = number(m.group(1))
        start = noun_before(low, m.start(), persons, _AGE_LINKS, generic=True)
        if age is not None and start is not None and (group := _older(age)) is not None:
            yield start, m.end(), group
    for m in _IN_THEIR.finditer(low):
        start = noun_before(low, m.start(), persons, _AGE_LINKS, generic=True)
        if start is not None and (group := _by_decade(_decade(m.group(1)))) is not None:
            yield start, m.end(), group
    for m in _YEAR_OLDS.finditer(low):
        age = number(m.group(1))
        group = _aged(age) if age is not None else None
        if group is None:
            continue
        nxt = WORD.match(low, m.end() + 1) if low[m.end() : m.end() + 1] == " " else None
        if m.group(0).endswith("s"):
            yield m.start(), m.end(), group
        elif nxt is not None and nxt.group(0) in persons and _plural(nxt.group(0)):
            yield m.start(), nxt.end(), group  # "70-year-old workers": many people of one age
    for m in _SOMETHINGS.finditer(low):
        word = m.group(1)
        decade = int(word) if word.isdigit() else _TENS[word]
        if (group := _by_decade(decade)) is not None:
            yield m.start(), m.end(), group
    for m in _OVER_NS.finditer(low):
        said = m.group(2)
        age = int(said[:2]) if said[0].isdigit() else _decade(said)
        group = _older(age) if m.group(1) == "over" else _below(age)
        if group is not None:
            yield m.start(), m.end(), group
    for m in _BEFORE_NOUN.finditer(low):
        noun = m.group(4)
        if noun not in _CROWDS and not (noun in persons and _plural(noun)):
            continue
        age = int(m.group(2) or m.group(3))
        group = _below(age) if m.group(1) == "under" else _older(age)
        if group is not None:
            yield m.start(), m.end(), group


def _tail(low: str, end: int) -> int:
    """The end of an age phrase with its "and over", "+", "years old" taken in."""
    tail = re.compile(r" ?\+| (?:and|or) (?:over|up|above|older|more)| plus| years? (?:old|of age)")
    m = tail.match(low, end)
    return m.end() if m is not None else end


# Between a person noun and the country: "guys from", "families who came from", "anyone born in".
_ORIGIN = re.compile(
    r"(?:(?:who|that) (?:come|came|are|were|moved|emigrated|immigrated|fled|arrived) )?"
    r"(?:from|born in|raised in|straight from|fresh from|over from)(?: the)? $"
)
_ORIGIN_LINKS = frozenset(["originally", "all", "mostly", "recently", "newly", "just"])


def origin(low: str, at: int, persons: frozenset[str]) -> int | None:
    """The start of the noun phrase a country at `at` is the origin of ("guys from Pakistan"), or
    None when the country names no people's origin ("a parcel from Nigeria"). Not where people
    live ("women in the UK are paid less"): that names residents of any nationality."""
    window = low[max(0, at - 60) : at]
    m = _ORIGIN.search(window)
    return noun_before(low, at - len(window) + m.start(), persons, _ORIGIN_LINKS) if m is not None else None


# Between a person noun and what they wear: "women in hijabs", "guys with yarmulkes", "anyone
# wearing a niqab", "men who wear a kippah".
_WORN = re.compile(r"(?:(?:who|that) wears? |wearing |in |with )(?:a |an |the |their |those |big |long )?$")


def worn(low: str, at: int, persons: frozenset[str]) -> int | None:
    """The start of the noun phrase whose people wear the garment at `at` ("women in hijabs"), or
    None when no person noun wears it ("a shop that sells hijabs")."""
    m = _WORN.search(low, max(0, at - 30), at)
    return noun_before(low, m.start(), persons, _ORIGIN_LINKS) if m is not None else None


# Between a person noun and a condition: "people with dyslexia", "kids with ADHD", "anyone living
# with schizophrenia", "those diagnosed with autism".
_HAVING = re.compile(r"(?:with|who have|that have|diagnosed with|living with)(?: a| an)? $")


def having(low: str, at: int, persons: frozenset[str]) -> int | None:
    """The start of the noun phrase whose people have the condition named at `at`, or None."""
    m = _HAVING.search(low, max(0, at - 30), at)
    return noun_before(low, m.start(), persons, _ORIGIN_LINKS) if m is not None else None


# Between a person noun and what they practise: "families who keep kosher", "people that fast for
# Ramadan".
_PRACTISING = re.compile(r"(?:who|that) (?:all |still |strictly |actually |really )?$")


def practising(low: str, at: int, persons: frozenset[str]) -> int | None:
    """The start of the noun phrase whose people practise what is named at `at`, or None."""
    m = _PRACTISING.search(low, max(0, at - 20), at)
    return noun_before(low, m.start(), persons, _ORIGIN_LINKS) if m is not None else None
