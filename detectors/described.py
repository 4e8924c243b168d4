"""Groups named by a description instead of a listed word: an age given as a number or a decade
("candidates over 50", "people in their sixties", "70-year-olds", "the over-40s"), a nationality
given as the country people come from ("guys from Pakistan", "anyone born in Romania"), a faith
by what its people wear or practise ("women in hijabs", "families who keep kosher"), a disability
by its condition ("people with dyslexia").

Lists cannot hold every number or every "<noun> from <country>", and text that names a group this
way says of it what text naming it by its usual word says: "workers over 55 are slow and set in
their ways" is "older workers are ...". The readers here find the description and the noun it
describes; the taxonomy (detectors/taxonomy.py) makes a mention of the whole phrase, so the harm
grammar sees the same noun phrase as for the usual word.

Every reading needs a noun of several people (or "anyone", "those"): "over 50 candidates" is a
count, "a parcel from Nigeria" no person, "my colleague from Poland" one. A number followed by
what it counts ("players over 50 games", "users over 50 GB", "over 60 percent") is no age. The
readings run on every text the taxonomy matches, so each is anchored on what the scan already
found (a number, a country, a garment, a condition) and reads only the words around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

Match = tuple[int, int, Any]  # a whole-word match of the taxonomy's scan: start, end, payload

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
_ABOVE = r"over|above|past|beyond|older than|north of|pushing|nearing|approaching|at least"
_BELOW = r"under|below|younger than|not yet"
# Every reading of an age is anchored on a number (or a decade), found by one cheap scan: most
# texts hold none, and scanning each pattern over the whole text cost six times the match.
_DIGITS = re.compile(r"\d+")
# Before a number: "<noun> [who are] over 50", "<noun> aged over 60", "<noun> under 25".
_THRESHOLD = re.compile(rf"\b({_ABOVE}|{_BELOW}) (?:the age of |age )?$")
# After a number: "<noun> aged 55 and over", "<noun> 60+", "people 65 and older".
_AND_OVER = re.compile(r" ?\+| and (?:over|up|above|older)| or (?:over|older|more)")
_AGED_BEFORE = re.compile(r"\baged $")
# How the text before a number must end for each pattern to be worth a search (most numbers are
# no age: a search per number cost more than the rest of the reading).
# (derived from the thresholds' own words: "older than" ends "than ", "the age of" "of ")
_THRESHOLD_ENDS = tuple({f"{w.split()[-1]} " for w in f"{_ABOVE}|{_BELOW}".split("|")} | {"of ", "age "})
_BELOW_WORDS = frozenset(_BELOW.split("|"))
_IN_THEIR_ENDS = ("their ", "his ", "her ", "early ", "mid ", "late ", "early-", "mid-", "late-")
_OVER_ENDS = ("over ", "over-", "under ", "under-")
# Before a decade: "<noun> in their (late) fifties", "<noun> in their 60s".
_IN_THEIR = re.compile(r"\bin (?:their|his|her) (?:(?:early|mid|late)[- ])?$")
# After a number: "70-year-olds", "70 year old workers"; "sixty-somethings".
_YEAR_OLDS = re.compile(r"[- ](?:year|yr)[- ]olds?\b")
_SOMETHINGS = re.compile(r"[- ]somethings\b")
# Around a number or decade: "the over-40s", "under-25s", "over 50's", "the over-fifties".
_OVER_BEFORE = re.compile(r"\b(over|under)[- ]$")
# Before the noun: "over-50 workers", "50-plus workers", "the 50+ crowd".
_CROWDS = frozenset(["crowd", "brigade", "set", "lot", "bracket"])
_PLUS_AFTER = re.compile(r"(?:-plus| plus|\+) ([a-z]+)")
_NOUN_AFTER = re.compile(r" ([a-z]+)")
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
# Ages and decades in words, for the taxonomy's one scan (word -> (value, a decade)): looking for
# each in every text cost more than the rest of the age reading.
NUMBER_WORDS = {w: (v, False) for w, v in _TENS.items()} | {w: (v, True) for w, v in _DECADES.items()}
_UNIT_AFTER = re.compile(r"[- ](one|two|three|four|five|six|seven|eight|nine)\b")


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


def _many(noun: str, persons: frozenset[str]) -> bool:
    """The noun after an age names several people: "over-50 workers", "the 50+ crowd"."""
    return noun in _CROWDS or (noun in persons and _plural(noun))


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


class _Number(NamedTuple):
    start: int
    end: int
    value: int
    plural: bool  # "50s", "fifties", "over-45s": a decade or an age as a plural noun


def _numbers(low: str, worded: Iterable[Match]) -> list[_Number]:
    """The ages and decades written in `low`: two- or three-digit numbers (not inside a larger one,
    "50,000", "2.55"), and `worded`, the whole-word matches of `NUMBER_WORDS` the taxonomy's scan
    found (tens in words, "sixty-five", and decades, "fifties", "teens")."""
    out: list[_Number] = []
    if any(digit in low for digit in "0123456789"):  # ten substring tests beat one pattern's scan
        for m in _DIGITS.finditer(low):
            start, end = m.span()
            if not 2 <= end - start <= 3 or not _whole_number(low, start, end):
                continue
            plural = low.startswith(("s", "'s"), end)
            if plural:
                end += 1 if low[end] == "s" else 2
            out.append(_Number(start, end, int(m.group(0)), plural))
    for start, end, (value, plural) in worded:
        if not plural:
            unit = _UNIT_AFTER.match(low, end)
            if unit is not None:
                value, end = value + _UNITS[unit.group(1)], unit.end()
        out.append(_Number(start, end, value, plural))
    return out


def _whole_number(low: str, start: int, end: int) -> bool:
    """The digits are a number of their own: not part of "50,000", "2.55", "a50" or "50k" ("50s"
    is a decade)."""
    before = low[start - 1] if start else " "
    after = low[end : end + 2]
    if before.isalpha() or before in ".,":
        return False
    if after[:1] in (".", ",") and after[1:2].isdigit():
        return False
    return not (after[:1].isalpha() and after[:1] != "s")


def ages(low: str, persons: frozenset[str], worded: Iterable[Match] = ()) -> Iterator[tuple[int, int, str]]:
    """(start, end, group) of every group named by age in `low` (lowercased, normalised text);
    `worded`: the scan's matches of `NUMBER_WORDS` in it."""
    for n in _numbers(low, worded):
        before = low[max(0, n.start - 24) : n.start]
        offset = n.start - len(before)
        if n.plural:
            found = _IN_THEIR.search(before) if n.value % 10 == 0 and before.endswith(_IN_THEIR_ENDS) else None
            if found is not None:
                # "a man in his twenties" is one man; "an employee in their fifties", any of them
                generic = found.group(0).startswith("in their")
                start = noun_before(low, offset + found.start(), persons, _AGE_LINKS, generic=generic)
                if start is not None and (group := _by_decade(n.value)) is not None:
                    yield start, n.end, group
            over = _OVER_BEFORE.search(before) if before.endswith(_OVER_ENDS) else None
            if over is not None and n.value >= 20:
                group = _older(n.value) if over.group(1) == "over" else _below(n.value)
                if group is not None:
                    yield offset + over.start(), n.end, group
            continue
        yield from _age_phrases(low, n, before, offset, persons)


def _age_phrases(
    low: str, n: _Number, before: str, offset: int, persons: frozenset[str]
) -> Iterator[tuple[int, int, str]]:
    """The age phrases around one written number."""
    threshold = _THRESHOLD.search(before) if before.endswith(_THRESHOLD_ENDS) else None
    if threshold is not None:
        below = threshold.group(1) in _BELOW_WORDS
        group = _below(n.value) if below else _older(n.value)
        start = noun_before(low, offset + threshold.start(), persons, _AGE_LINKS, generic=True)
        head = WORD.match(low, start) if start is not None else None
        if group is not None and head is not None and not _counts_something(low, n.end, head.group(0)):
            yield head.start(), _tail(low, n.end), group
    over = _OVER_BEFORE.search(before) if before.endswith(("over-", "under-")) else None  # not "over 50 candidates"
    if over is not None:
        noun = _NOUN_AFTER.match(low, n.end)
        if noun is not None and _many(noun.group(1), persons):
            group = _older(n.value) if over.group(1) == "over" else _below(n.value)
            if group is not None:
                yield offset + over.start(), noun.end(), group
    plus = _PLUS_AFTER.match(low, n.end)
    if plus is not None and _many(plus.group(1), persons) and (group := _older(n.value)) is not None:
        yield n.start, plus.end(), group
    and_over = _AND_OVER.match(low, n.end)
    if and_over is not None:
        aged = _AGED_BEFORE.search(before)
        start = noun_before(low, offset + aged.start() if aged else n.start, persons, _AGE_LINKS, generic=True)
        if start is not None and (group := _older(n.value)) is not None:
            yield start, and_over.end(), group
    year_old = _YEAR_OLDS.match(low, n.end)
    if year_old is not None and (group := _aged(n.value)) is not None:
        if year_old.group(0).endswith("s"):
            yield n.start, year_old.end(), group
        else:
            noun = _NOUN_AFTER.match(low, year_old.end())
            if noun is not None and noun.group(1) not in _CROWDS and _many(noun.group(1), persons):
                yield n.start, noun.end(), group  # "70-year-old workers": many people of one age
    somethings = _SOMETHINGS.match(low, n.end)
    if somethings is not None and n.value % 10 == 0 and (group := _by_decade(n.value)) is not None:
        yield n.start, somethings.end(), group


_TAIL = re.compile(r" ?\+| (?:and|or) (?:over|up|above|older|more)| plus| years? (?:old|of age)")


def _tail(low: str, end: int) -> int:
    """The end of an age phrase with its "and over", "+", "years old" taken in."""
    m = _TAIL.match(low, end)
    return m.end() if m is not None else end


# Between a person noun and the country: "guys from", "families who came from", "anyone born in".
_ORIGIN = re.compile(
    r"(?:(?:who|that) (?:come|came|are|were|moved|emigrated|immigrated|fled|arrived) )?"
    r"(?:from|born in|raised in|straight from|fresh from|over from)(?: the)? $"
)
# Between a noun and its description: "workers originally from", "people all in hijabs".
_HEAD_LINKS = frozenset(["originally", "all", "mostly", "recently", "newly", "just"])


def origin(low: str, at: int, persons: frozenset[str]) -> int | None:
    """The start of the noun phrase a country at `at` is the origin of ("guys from Pakistan"), or
    None when the country names no people's origin ("a parcel from Nigeria"). Not where people
    live ("women in the UK are paid less"): that names residents of any nationality."""
    window = low[max(0, at - 60) : at]
    m = _ORIGIN.search(window) if window.endswith(("from ", " in ", "the ")) else None
    return noun_before(low, at - len(window) + m.start(), persons, _HEAD_LINKS) if m is not None else None


# Between a person noun and what they wear: "women in hijabs", "guys with yarmulkes", "anyone
# wearing a niqab", "men who wear a kippah".
_WORN = re.compile(r"(?:(?:who|that) wears? |wearing |in |with )(?:a |an |the |their |those |big |long )?$")


def worn(low: str, at: int, persons: frozenset[str]) -> int | None:
    """The start of the noun phrase whose people wear the garment at `at` ("women in hijabs"), or
    None when no person noun wears it ("a shop that sells hijabs")."""
    m = _WORN.search(low, max(0, at - 30), at)
    return noun_before(low, m.start(), persons, _HEAD_LINKS) if m is not None else None


# Between a person noun and a condition: "people with dyslexia", "kids with ADHD", "anyone living
# with schizophrenia", "those diagnosed with autism".
_HAVING = re.compile(r"(?:with|who have|that have|diagnosed with|living with)(?: a| an)? $")


def having(low: str, at: int, persons: frozenset[str]) -> int | None:
    """The start of the noun phrase whose people have the condition named at `at`, or None."""
    m = _HAVING.search(low, max(0, at - 30), at)
    return noun_before(low, m.start(), persons, _HEAD_LINKS) if m is not None else None


# Between a person noun and what they practise: "families who keep kosher", "people that fast for
# Ramadan".
_PRACTISING = re.compile(r"(?:who|that) (?:all |still |strictly |actually |really )?$")


def practising(low: str, at: int, persons: frozenset[str]) -> int | None:
    """The start of the noun phrase whose people practise what is named at `at`, or None."""
    m = _PRACTISING.search(low, max(0, at - 20), at)
    return noun_before(low, m.start(), persons, _HEAD_LINKS) if m is not None else None
