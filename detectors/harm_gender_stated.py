"""How a gender, a name, a title or pronouns are said to be someone's own, for the misgendering
readings (harm_misgendering, harm_misgendering_names; frame `identity_refused`).

Nothing here is a harm: it gives the readings what they read a refusal against, each a `Cue` (where,
the group, the sex stated, whether only a name was asked for), the one nearest a reading its
(`nearest`):
- A gender identity said (`identity_cues`): a transgender or nonbinary term, "trans", "enby"
  (harm_phase's short names), `gender_cues` ("transitioned", "uses they/them", "asked to go by he"),
  giving the stated sex (a trans woman's is female, a nonbinary person's neither).
- A gender, a name or pronouns stated in words (`STATING`, `stated_cues`, up to two sentences back):
  asked for ("wants everyone to say 'she'", "asked us to use 'he'", "wants to be called 'they'"),
  gone by or used ("goes by 'they'", "uses 'ze'", "and use she"), lived, identified or called
  oneself as ("lived as a man", "identifies as male", "calls himself a woman", "says she's a boy"),
  a trans man or woman, a nonbinary pronoun quoted after a verb of naming ("calling one person
  'they'"); a name asked for ("wants to be called Finn", "Jessica is Jake now", "began styling
  himself 'Samantha'", "lived as Michael") is weaker (maybe a nickname) and only serves the readings
  of names (`names_asked`); a title asked for gives a sex ("asked to be called Mr. Carter").
- The twenty-sixth round's: "your name is Theo now", "He's Daniel now" (a name taken, the pronoun
  giving its sex), a title in scare quotes ("the new 'Ms.' Thompson"), "want to be 'they'", "asked
  me to refer to you as 'he'", "calling yourself a woman", "his deadname", "your 'transition'", a
  concession ("whatever name is on your new passport", "idc what pronouns he put on his badge", "He
  can grow his hair and wear a dress, but ..."), "changed her name", a pronoun wanted in quotes ("a
  student who wants 'he'"), and a form refused for someone ("I won't call the new player 'she'", "I
  can't bring myself to call you my son": the sex asked for), read at the form so a refusal never
  cues itself; a nonbinary pronoun derided as a word ("Ze is not a real pronoun", "invented
  pronouns"): someone asked for one.
- `NEAR`: the cheap test that a gender identity is said near a trigger, so that a sentence naming no
  group is read at all.
Not read: a stated gender denied ("she isn't a trans man", "he isn't a trans woman, he's a man who
does drag", "he doesn't go by she"), a name asked for that is not a capitalised word ("wants us to
call him out"; "wants us to call him Rick" is one), a pronoun as a name.

It also holds what the readings share: the frame, the sexes and how a form is set against the stated
one (`other_sex`, `misgendering`), the pronouns, the nouns of a sex, the writer's words, quote marks.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import NamedTuple

from detectors import harm_grammar as g
from detectors import harm_phase as phase
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention

# The frame every misgendering reading reports (harm_misgendering re-exports it for harm.py and
# harm_sex_rules).
FRAME = "identity_refused"

GROUPS = frozenset(["transgender", "nonbinary"])
# The short names the taxonomy does not read alone (harm_phase reads "bi" and "ace" too).
# harm_phase's short names of a gender identity ("trans", "enby")
_SHORT_GROUPS = {w: group for w, group in phase.SHORT_NAMES.items() if group in GROUPS}
_SHORT = re.compile(rf"(?<![a-z0-9'-])(?:{'|'.join(_SHORT_GROUPS)})(?![a-z0-9'-])")
# A cheap test for a sentence with no group mention: a gender identity said near a trigger.
NEAR = re.compile(
    r"(?<![a-z0-9-])(?<![a-z0-9]')(?:trans|transgender|transsexual|trans(?:wo)?m[ae]n|transitioned|transitioning|nonbinary|"
    r"non-binary|enby|genderqueer|genderfluid|agender|pronouns?|they/them|she/her|he/him|to be called|go by|"
    r"goes by|going by|went by|addressed as|referred to as|identif(?:y|ies|ied) as|lived as|living as|lives as|"
    r"styling|calls (?:her|him|them)sel(?:f|ves)|says? (?:she|he|they)(?:'s| is|'re| are) (?:an? )?"
    r"(?:man|woman|boy|girl|male|female|guy|lady)|"
    r"uses? ['\"\u2018\u201c]?(?:he|she|they|xe|ze)|to say ['\"\u2018\u201c]?(?:he|she|they)|[a-z]+ is [a-z]+ now|"
    r"['\"\u2018\u201c](?:they|xe|ze)[.,!?]?['\"\u2019\u201d]|"
    # a name given up, a transition held at arm's length, a title in scare quotes ("the new 'Ms.' Thompson")
    r"dead ?nam(?:e|es|ed|ing)|(?:your|her|his|their) ['\"\u2018\u201c]?transition|"
    r"refer to (?:you|him|her|them) as|calling (?:your|her|him|them)sel(?:f|ves)|"
    r"can (?:grow [a-z]+ hair|wear|put on)|(?:whatever|no matter what) (?:new )?(?:name|pronouns?)|"
    r"to (?:call (?:him|her|them|me|you) |say )(?:mr|ms|mrs|miss|mx)|"
    r"['\"\u2018\u201c](?:he|she)['\"\u2019\u201d]|"
    r"(?:birth|registered|legal|old|given) name and ['\"\u2018\u201c](?:he|she)['\"\u2019\u201d]|"
    r"['\"\u2018\u201c](?:mr|ms|mrs|miss|mx)\.?['\"\u2019\u201d])"
    r"(?![a-z0-9-]|'[a-z])"
)
NEAR_BEFORE = 300  # characters before a trigger where a gender identity is looked for
NEAR_AFTER = 120
FEMALE, MALE, NEITHER = "female", "male", "neither"
_FEMALE_TERM = re.compile(r"wom[ae]n|girl|fem|mtf|lady|\bshe\b|\bher\b|female")
_MALE_TERM = re.compile(r"\bm[ae]n\b|m[ae]n$|boy|masc|ftm|\bhe\b|\bhim\b|\bmale|\bguy|\blad\b|\bbloke|\bdude")
_THEY_TERM = re.compile(r"\bthey\b|\bxe\b|\bze\b")


class Cue(NamedTuple):
    """A gender identity said of someone: where, its group, the sex it states (None: unknown), and
    whether it is only a name asked for ("wants to be called Finn": maybe a nickname)."""

    start: int
    group: str
    sex: str | None
    name_only: bool = False


QUOTES = frozenset("'\"\u2018\u201c")


def sex_of(term: str, group: str) -> str | None:
    """The sex a term or pronoun set states: "she/they" states she, "they/them" neither."""
    if group == "nonbinary":
        return NEITHER
    if _FEMALE_TERM.search(term):
        return FEMALE
    if _MALE_TERM.search(term):
        return MALE
    return NEITHER if _THEY_TERM.search(term) else None


def identity_cues(low: str, span: tuple[int, int], mentions: Sequence[Mention], hits: Sequence[Hit]) -> list[Cue]:
    """The gender identities said in `span`, in text order."""
    lo, hi = span
    out = [
        Cue(m.start, m.group, sex_of(m.term.lower(), m.group))
        for m in mentions
        if m.group in GROUPS and lo <= m.start < hi and not _denied_identity(low, lo, m.start)
    ]
    covered = sorted((m.start, m.end) for m in mentions if m.group in GROUPS)
    starts = [a for a, _ in covered]
    reach = list(accumulate((b for _, b in covered), max))  # the furthest end of the terms so far
    for w in _SHORT.finditer(low, lo, hi):
        k = bisect_right(starts, w.start())
        if not k or reach[k - 1] <= w.start():
            out.append(Cue(w.start(), _SHORT_GROUPS[w.group(0)], None))
    for h in hits:
        if h.kind == "gender_cues" and lo <= h.start < hi:
            sex = None if h.value.startswith(("trans", "her ", "his ", "their ")) else sex_of(h.value, "")
            out.append(Cue(h.start, "nonbinary" if _THEY_TERM.search(h.value) else "transgender", sex))
    return sorted(out, key=cue_start)


_Q = "['\"\u2018\u201c]?"
_FORM = r"(he|she|they|xe|ze|him|her|them)(?![a-z0-9-]|'[a-z])"
_SUBJ = r"(he|she|they|xe|ze)(?![a-z0-9-]|'[a-z])"
_SEXED = r"(man|woman|boy|girl|male|female|guy|lady|nonbinary)(?![a-z0-9-]|'[a-z])"
# A gender, a name or a pronoun stated as the person's own: asked for ("wants everyone to say
# 'she'", "asked us to call him Ashley"), gone by, used, lived or identified as, called oneself.
STATING = re.compile(
    r"(?<![a-z])(?:wants?|wanted|asked|asks|asking|would like|told|tells|requests?|requested)(?: [a-z]+){0,2}? to "
    r"(?:be called|say|use|"
    rf"be addressed as|be referred to as|refer to (?:you|him|her|them|me|the [a-z]+(?: [a-z]+)?) as|go by|"
    r"call (?:him|her|them)(?:self)?) "
    rf"{_Q}(?:{_FORM}|([a-z]+))"
    rf"|(?<![a-z])(?:goes|go|going|went) by {_Q}{_FORM}"
    rf"|(?<![a-z])(?:uses|and use) {_Q}{_SUBJ}"
    rf"|(?<![a-z])(?:lived|living|lives|live) as an? {_SEXED}"
    rf"|(?<![a-z])(?:calls?|calling) (?:herself|himself|themself|themselves|yourself) an? {_SEXED}"
    # a pronoun wanted, in quotes ("If you want to be 'they'"), not "wants to be her friend"
    r"|(?<![a-z])(?:wants?|wanted) to be ['\"\u2018\u201c](he|she|they|xe|ze)['\"\u2019\u201d]"
    rf"|(?<![a-z])identif(?:ies|y|ied) as (?:an? )?{_SEXED}"
    rf"|(?<![a-z])says? (?:she|he|they)(?:'s| is|'re| are) (?:an? )?{_SEXED}"
    r"|styling (?:herself|himself|themself) "
    rf"|(?<![a-z])trans(?:gender)? {_SEXED}"
    # a form quoted after a verb of naming only when it is one a person asks for ("calling one
    # person 'they'"), not "say 'he' about my sister"
    r"|(?<![a-z])(?:call|calling|say|saying|use|using)(?: [a-z]+){0,3} ['\"\u2018\u201c](they|xe|ze)['\"\u2019\u201d]"
)
_STATED_CHARS = 600


def stated_cues(low: str, cased: str | None, span: tuple[int, int]) -> list[Cue]:
    """The genders, pronouns and names stated as the person's own in `span` (its last
    `_STATED_CHARS` characters)."""
    lo, hi = span
    out = []
    for m in STATING.finditer(low, max(lo, hi - _STATED_CHARS), hi):
        quoted = m.group(STATING.groups) is not None  # the refusal's own negation denies nothing
        if not quoted and _denied_identity(low, lo, m.start()):
            continue  # "she isn't a trans man", "he doesn't go by she"
        form = next((x for x in m.groups() if x is not None), None)
        titled = m.group(2) is not None and m.group(2) in ASKED_TITLES
        if m.group(2) is not None and not titled and (cased is None or not cased[m.start(2)].isupper()):
            continue  # a name is capitalised: not "wants us to call him out"
        if m.group(2) is not None and m.group(2) in ASKED_TITLES:
            # "asked to be called Mr. Carter": still only a name, but the title gives a sex
            out.append(Cue(m.start(), "transgender", ASKED_TITLES[m.group(2)], name_only=True))
        elif form is None or m.group(2) is not None:
            out.append(Cue(m.start(), "transgender", None, name_only=True))  # "wants to be called Finn"
        elif form in ("they", "them", "xe", "ze", "nonbinary"):
            out.append(Cue(m.start(), "nonbinary", NEITHER))
        else:
            out.append(Cue(m.start(), "transgender", sex_of(form, "")))
    # a transition held at arm's length, a name or pronouns conceded ("whatever name is on your new
    # passport"): a gender stated, its sex unknown
    # (read into the next sentence: "I refuse to call him 'Rachel'. He can wear a dress, but ...")
    held = _CHANGE_HELD.finditer(low, max(lo, hi - _STATED_CHARS), min(len(low), hi + NEAR_AFTER))
    out.extend(Cue(m.start(), "transgender", None) for m in held)
    # a pronoun refused for someone ("I won't call the new player 'she'", "whatever 'she' says"), or
    # wanted ("a student who wants 'he'"): the one asked for
    refused = _FORM_REFUSED.finditer(low, max(lo, hi - _STATED_CHARS), hi)
    wanted = _FORM_WANTED.finditer(low, max(lo, hi - _STATED_CHARS), min(len(low), hi + NEAR_AFTER))
    for m in (*refused, *wanted):
        k = next(i for i in range(1, (m.re.groups or 0) + 1) if m.group(i) is not None)
        form = m.group(k)
        # (at the form: a refusal's own form lies inside what it refuses, and states nothing to it)
        out.append(Cue(m.start(k), "nonbinary" if form in ("they", "xe", "ze") else "transgender", sex_of(form, "")))
    # a noun of a sex refused ("I can't bring myself to call you my son"): the sex asked for
    for m in _NOUN_REFUSED.finditer(low, max(lo, hi - _STATED_CHARS), hi):
        sex = MALE if MALE_NOUN.fullmatch(m.group(1)) else FEMALE
        out.append(Cue(m.start(1), "transgender", sex))
    # a nonbinary pronoun denied as a word ("Ze is not a real pronoun", "invented pronouns"): someone
    # asked for one
    derided = DERIDED_FORMS.finditer(low, max(lo, hi - _STATED_CHARS), hi)
    out.extend(Cue(m.start(), "nonbinary", NEITHER) for m in derided)
    return out


_CHANGE_HELD = re.compile(
    r"(?<![a-z])(?:your|her|his|their) ['\"\u2018\u201c]transition"
    r"|(?<![a-z])(?:idc|i don't care|i dont care|i do not care|doesn't matter|does not matter) what (?:pronouns|name)"
    r"|(?<![a-z])(?:changed|changing|changes) (?:his|her|their) name(?! back)(?![a-z])"
    # dress conceded ("He can grow his hair and wear a dress, but ...")
    r"|(?<![a-z])can (?:grow [a-z]+ hair(?: out)?(?: and)? )?(?:wear|put on) (?:a |whatever |all the |as many )?"
    r"(?:[a-z]+ )?(?:dress|dresses|skirt|skirts|makeup|make-up|lipstick|heels|wig|wigs)(?![a-z])"
    r"|(?<![a-z])(?:whatever|no matter what|regardless of (?:your|her|his|their|the)) (?:new )?"
    r"(?:name|names|pronouns?|passport|gender)(?![a-z])"
)
# A pronoun asked for or said as the person's own, in quotes ("a student who wants 'he'", "he asks
# for 'she'", "says 'they' now").
_FORM_WANTED = re.compile(
    r"(?<![a-z])(?:wants?|wanted|asks? for|asked for|requests?|requested|prefers?|says|said|uses)"
    r" ['\"\u2018\u201c](he|she|they|xe|ze)[.,!?]?['\"\u2019\u201d]"
)
_FORM_REFUSED = re.compile(
    r"(?<![a-z])(?:not|never|won't|wont|refuse to|can't bring myself to|cannot bring myself to)(?: [a-z']+){0,3}? "
    r"(?:call|calling|say|saying|use|using) "
    r"(?:(?:your|my|the|his|her|their|that|this|our) [a-z]+(?: [a-z]+)? |him |her )?"
    r"['\"\u2018\u201c](he|she|they|xe|ze)[.,!?]?['\"\u2019\u201d]"
    r"|(?<![a-z])whatever ['\"\u2018\u201c](he|she|they)['\"\u2019\u201d] (?:says|wants|thinks)"
)
_NOUN_REFUSED = re.compile(
    r"(?<![a-z])(?:not|never|won't|wont|refuse to|can't bring myself to|cannot bring myself to)(?: [a-z']+){0,3}? "
    r"(?:call|calling|address|addressing) (?:you|him|her|them) (?:my |a |an |our |your )?"
    r"((?:grand)?son|brother|nephew|husband|father|dad|uncle|boy|man|guy|lad|(?:grand)?daughter|sister|niece|wife|"
    r"mother|mum|mom|aunt|girl|woman|lady)(?![a-z])"
)
ASKED_TITLES = {"mr": MALE, "mrs": FEMALE, "ms": FEMALE, "miss": FEMALE, "mx": NEITHER}
DERIDED_FORMS = re.compile(
    r"(?<![a-z])(?:(?:invented|made-up|made up|fake|imaginary|pretend|novelty|neo) pronouns|"
    r"['\"\u2018\u201c]?(?:they|xe|ze|xem|zir)['\"\u2019\u201d]? (?:is|isn't|is not|ain't) "
    r"(?:not )?(?:a )?(?:real |proper |actual )?(?:pronoun|word|english|plural)(?![a-z]))"
)


def cue_start(c: Cue) -> int:
    return c.start


def _denied_identity(low: str, lo: int, start: int) -> bool:
    """The identity at `start` denied of the person ("he isn't a trans woman, he's a man who does
    drag"): nobody said to be trans, so no gender to refuse."""
    before = g.words(low, max(lo, start - 24), start)[-3:]
    return any(g.is_negation(w) for w in before)


def nearest(cues: list[Cue], at: int) -> Cue | None:
    """The cue said last before `at` (within `CUE_BEFORE` characters), else the first after it
    (within `NEAR_AFTER`); a cue that states a sex wins over one said with it that does not
    ("trans" in "trans woman")."""
    k = bisect_left(cues, (at,))
    if k and cues[k - 1].start >= at - CUE_BEFORE:
        last = cues[k - 1]
        said_with = [c for c in cues[:k] if last.start - c.start < _SAID_WITH][::-1]
        # a gender stated wins over a title asked for with it ("The trans man wants to be called Mr. Carter")
        return next(
            (c for c in said_with if c.sex is not None and not c.name_only),
            next((c for c in said_with if c.sex is not None), last),
        )
    return cues[k] if k < len(cues) and cues[k].start <= at + NEAR_AFTER else None


CUE_BEFORE = 400
_SAID_WITH = 40


# A name asked for: a capitalised word after these ("wants to be called Max", "goes by Alex").
_ASKING = re.compile(
    r"(?:called|go by|goes by|going by|went by|named|name is|name's|calls (?:herself|himself|themself)|"
    r"lived as|lives as|living as|wants? to be|wanted to be|"
    r"styling (?:herself|himself|themself)|(?:wants?|wanted|asked|asks|told)(?: [a-z]+){0,2} to call (?:him|her|them)|"
    r"addressed as|referred to as)"
)
_NAME = re.compile(r"\s+['\"\u2018\u201c]?((?:M[rs]s?|Mx|Miss|Dr)\.? [A-Z][a-z]+|[A-Z][a-z]+)")
# "Jessica is Jake now": the second name asked for (not "Bob is Robert now that he's a judge").
RENAMED = re.compile(r"(?<![A-Za-z])[A-Z][a-z]+ is ([A-Z][a-z]+) now(?![a-z]| that)")
# "your name is Theo now", "He's Daniel now": a name taken (the pronoun, when one, gives its sex)
NAMED_NOW = re.compile(
    r"(?<![A-Za-z])(?:[Nn]ame is|[Nn]ame's|([Hh]e|[Ss]he|[Tt]hey)(?:'s| is|'re| are)) ([A-Z][a-z]+) now(?![a-z]| that)"
)
# "the new 'Ms.' Thompson": a title someone took, held in scare quotes
QUOTED_TITLE = re.compile(r"['\"\u2018\u201c](Mr|Ms|Mrs|Miss|Mx)\.?['\"\u2019\u201d]")
# "lived as Michael": a name lived by (only the readings of names; maybe a stage name)
LIVED_AS = re.compile(r"(?<![A-Za-z])(?:lived|lives|living) as ([A-Z][a-z]+)(?![A-Za-z])")


def names_asked(low: str, cased: str | None, span: tuple[int, int]) -> frozenset[str]:
    """The names said to be asked for or gone by in `span`, lowercased."""
    if cased is None:
        return frozenset()
    out = set()
    for a in _ASKING.finditer(low, *span):
        n = _NAME.match(cased, a.end())
        if n is not None and n.group(1).lower() not in PRONOUNS:
            out.add(n.group(1).lower().rsplit(" ", 1)[-1])
    out.update(r.group(1).lower() for r in RENAMED.finditer(cased, *span))
    out.update(r.group(2).lower() for r in NAMED_NOW.finditer(cased, *span))
    return frozenset(out)


# What the readings share.
# The writer as a subject: a refusal, a keeping or a title said back is the writer's own only with it.
WRITER = frozenset(["i", "we", "i'm", "im", "i'll", "ill", "we'll", "we're", "i've", "we've", "i'd", "we'd", "me"])
PRONOUNS = frozenset(["he", "she", "they", "xe", "ze", "him", "her", "them", "his", "hers", "their", "it"])
JOINS = frozenset(["and", "but", "so", "because", "though", "although", "yet", "while", "whereas", "cos"])
DETERMINERS = frozenset(["my", "our", "your", "his", "her", "their", "the", "this", "that", "a", "an"])
FEMALE_NOUN = re.compile(r"(?:grand)?daughter|girl|woman|sister|niece|wife|mother|mum|mom|aunt|lady|female")
MALE_NOUN = re.compile(r"(?:grand)?son|boy|man|brother|nephew|husband|father|dad|uncle|guy|bloke|male")


def other_sex(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a != b and NEITHER not in (a, b)


def misgendering(a: str | None, stated: str | None) -> bool:
    """Pronoun or form `a` against the stated sex: the other one, or a binary one of someone neither."""
    return other_sex(a, stated) or (stated == NEITHER and a in (MALE, FEMALE))
