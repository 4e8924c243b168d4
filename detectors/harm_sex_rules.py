"""Names, pronouns and titles ruled by birth sex, singular "they" derided for one person, and a
change of gender said to change nothing, for the harm lexicon (implicit derogation, frame
`identity_refused`).

Misgendering as a rule says nothing of any one person's request; it says whose word will count:
- A verb that addresses someone with a rule of sex (`sex_rules`: "biological sex", "sex at birth",
  "matches the person's sex", "in keeping with her sex", "on their birth certificate",
  "biologically accurate", "just biology", "real pronouns"), the verb before the rule in its clause:
  "refer to", "address", "call", "introduce" whoever they name ("staff will address all pupils by
  the name and sex on their birth certificate"); "use", "say", "describe" only with a pronoun, a
  name or a title as what they use ("our policy is to use the title that matches your sex at
  birth", "careful writers use the pronoun that matches the person's sex").
- Singular "they" as a word (quoted, "singular they", "they/them") said not to fit one person
  (`one_person`: "for one person", "one person is", "only one of her") and derided in the writer's
  own clause (`_DERIDING`: "ungrammatical", "bad grammar", "isn't correct", "made-up"), or the
  binary offered as the only choice ("One person is a he or a she").
- A change of gender said to change nothing (`change_denials` and `_UNCHANGED`: "A wig and a new
  name don't make you one", "bro really thinks lipstick makes him a she", "A wig doesn't change his
  DNA"), with a change said near ("trans", "pronouns", "a new name") or the person told the other
  sex in the same breath ("makes him a she", "don't make you a woman, sir").

Not read: the rule set aside ("use the pronouns a person asks for, not the ones that match their
sex at birth": a negation, "rather than" or "instead of" before the rule), sex recorded, listed or
used with no one named by it ("the form asks for sex at birth and gender identity separately",
"Table 1 lists patients by their sex", "the lab used her biological sex to set the reference
range"), papers for an errand ("use the name on your birth certificate for the passport
application"), singular "they" defended or asked about ("'they' for one person is perfectly
grammatical", "Using 'they' for one person is correct", "is it wrong to say 'they' for one
person? No"), plural "they" ("only one of them is right"), derision given to someone else ("Some
teachers still mark 'they' as incorrect") or aimed at something else ("..., so the rule you
learned is nonsense"), a stereotype refused or a fact of medicine ("hair after chemo doesn't make
you a woman", "cosmetic surgery doesn't change your DNA"), asked, ironic, condemned or apologised
for in the sentence (harm_misgendering's checks). A report or a counter cue damps it as it damps
every harm claim ("the school's policy of using pronouns that match birth sex is cruel").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from detectors import harm_grammar as g
from detectors import harm_misgendering as misgendering
from detectors import harm_prejudice as p
from detectors.harm_grammar import Hit
from detectors.harm_prejudice import Found

KINDS = ("sex_rules", "one_person", "change_denials")
FRAME = misgendering.FRAME

# Verbs that address a person ("refer to her by her biological sex"): the rule names whoever they
# name. Verbs that only use a form ("use the title that matches ...") need the form said: a pronoun,
# a name or a title, not a record of sex ("the lab used her biological sex to set the range", "Table
# 1 lists patients by their sex": recording, listing and writing are not naming).
_ADDRESSING = frozenset(
    [
        *("call", "calls", "calling", "called", "refer", "refers", "referring", "referred", "address"),
        *("addresses", "addressing", "addressed", "introduce", "introduces", "introducing", "introduced"),
    ]
)
_USING = frozenset(
    ["use", "uses", "using", "used", "say", "says", "saying", "describe", "describes", "describing", "described"]
)
_FORMS = frozenset(
    [
        *("pronoun", "pronouns", "name", "names", "title", "titles", "mr", "ms", "mrs", "miss", "mx"),
        *("sir", "madam", "honorific", "honorifics"),
    ]
)
# Before a rule, what sets it aside ("not the ones that match their sex at birth").
_SET_ASIDE = frozenset(["not", "rather", "instead", "regardless", "irrespective", "than", "never", "no"])
_ASIDE_WORDS = 6
# The documents a rule may name, and the errands that need them ("for the passport application").
_PAPERS = frozenset(
    [
        *("on the birth certificate", "on their birth certificate", "on his birth certificate"),
        *("on her birth certificate", "on your birth certificate", "birth certificate says", "per birth certificate"),
    ]
)
_ADMIN = frozenset(
    [
        *("passport", "application", "applications", "bank", "insurance", "visa", "court", "legal", "legally"),
        *("form", "forms", "tax", "license", "licence", "registry", "deed", "poll", "until"),
    ]
)
_RULED_CHARS = 100
_RULED_WORDS = 12
_APART = ("\n", ";", ",", "\u2022", " - ")
_QUOTED_FORM = re.compile(r"['\"\u2018\u201c](?:he|she|him|her)[.,!?]?['\"\u2019\u201d]")
_DERIDING = re.compile(
    r"(?<![a-z])(?:ungrammatical|bad grammar|poor grammar|(?:isn't|is not|ain't|is never) (?:correct|right|"
    r"proper|real|english|a word)|incorrect|made-up|made up|nonsense|an invention|invented|makes no sense|"
    r"doesn't make sense|not a thing|plural only|only plural|is plural|not how grammar works|pick a lane|"
    r"grammar experiment)"
)
# Words that give the derision to someone else ("Some teachers still mark 'they' as incorrect, but
# dictionaries accept it"): the writer reports it.
_ATTRIBUTING = frozenset(
    [
        *("mark", "marks", "marked", "say", "says", "said", "claim", "claims", "argue", "argues", "think"),
        *("thinks", "insist", "insists", "consider", "considers", "believe", "believes", "grumble", "grumbles"),
    ]
)
# A change of gender said to change nothing: "A wig and a new name don't make you one", "lipstick
# makes him a she", "doesn't change what you are", "can't change biology with a name tag"; not "a new
# name doesn't change who you are to me" (who: the person, kept), nor "hormones don't change your height".
_THINGS = (
    r"(?:wig|wigs|dress|dresses|lipstick|make-?up|name|names|name tag|pronouns?|surgery|surgeries|hormones|"
    r"hair|haircut|skirt|skirts|heels|bio|outfit|clothes|badge|label|feelings?|paper|paperwork|passport|"
    r"costume|identity|identifying|calling (?:yourself|himself|herself))"
)
_MADE = r"(?:an? )?(?:woman|man|girl|boy|female|male|lady|she|he|one)"
_UNCHANGED = re.compile(
    rf"{_THINGS}(?: [a-z]+){{0,4}}? (?:doesn't|does not|don't|do not|won't|will not|can't|cannot|didn't|never) "
    rf"(?:make|makes|turn|turns|change|changes) (?:you|him|her|them|anyone|someone)(?: into)? {_MADE}(?![a-z])"
    rf"|{_THINGS}(?: [a-z]+){{0,4}}? (?:doesn't|does not|don't|do not|won't|will not|can't|cannot|didn't|never) "
    r"(?:change|changes) (?:what (?:you|he|she|they) (?:are|is)|(?:your|his|her|their) "
    r"(?:dna|sex|biology|chromosomes|body))(?![a-z])"
    rf"|(?:thinks?|believes?) (?:a |some |that )?{_THINGS}(?: [a-z]+){{0,2}}? (?:makes|make|made) (?:him|her) "
    rf"{_MADE}(?![a-z])"
    r"|(?:can't|cannot|can not) change biology(?![a-z])"
)
_THING_CHARS = 80
_DERIDED_CHARS = 60
_TURNS = (" so ", " but ", ";", " because ", " while ")
# A change of gender said near ("trans", "pronouns", "transition", "a new name"), or the person told
# the other sex in the same breath ("makes him a she", "don't make you a woman, sir"): not "hair after
# chemo doesn't make you a woman" (a stereotype refused) nor "surgery doesn't change your DNA".
_CHANGE_SAID = re.compile(
    r"(?<![a-z])(?:trans|transgender|transsexual|transition(?:ed|ing)?|pronouns?|they/them|she/her|he/him|"
    r"nonbinary|non-binary|identif(?:y|ies|ied) as|calls? (?:him|her|your)sel(?:f|ves)|new name|dead ?name|"
    r"came out)(?![a-z])"
)
_CHANGE_CHARS = 300
_CROSSED = re.compile(
    r"(?:him|sir|mate|bro|dude|lad)\W+(?:an? )?(?:woman|girl|lady|she|female)|"
    r"(?:her|ma'am|maam|miss|love)\W+(?:an? )?(?:man|boy|guy|he|male)"
)


def _change_denied(low: str, start: int, span: tuple[int, int], end: int | None = None) -> re.Match[str] | None:
    """The whole shape of a change denied around the hit at `start` within `span`, a change said
    near it: the anchor's test and the reading's are one."""
    lo, hi = span
    m = _UNCHANGED.search(low, max(lo, start - _THING_CHARS), min(hi, (start if end is None else end) + _THING_CHARS))
    return m if m is not None and m.start() <= start < m.end() and _changed_near(low, m, hi) else None


def _changed_near(low: str, m: re.Match[str], s_end: int) -> bool:
    if _CHANGE_SAID.search(low, max(0, m.start() - _CHANGE_CHARS), min(len(low), m.end() + _CHANGE_CHARS)):
        return True
    return _CROSSED.search(low, m.start(), min(s_end, m.end() + 20)) is not None


_BINARY_ONLY = re.compile(r"(?<![a-z])one person is (?:either )?an? (?:he|she) or an? (?:he|she)(?![a-z])")
# The form as a word: quoted, "singular they", or a set ("they/them"), not "they argued for hours".
_THEY = re.compile(
    r"['\"\u2018\u201c](?:they|them|xe|ze)[.,!?]?['\"\u2019\u201d]|(?<![a-z])(?:singular they|they/them|xe/xem|"
    r"ze/zir|ze/hir)(?![a-z])"
)
_NONBINARY = re.compile(r"(?<![a-z])(?:they|them|xe|ze|mx|nonbinary|non-binary|enby)(?![a-z])")


def triggered(by_kind: Mapping[str, list[Hit]]) -> bool:
    return any(k in by_kind for k in KINDS)


def anchored(low: str, start: int, kinds: Sequence[str]) -> bool:
    """A rule anchors its sentence: it names no group, but speaks of everyone's names. A change
    denied ("doesn't make", "make him") only where the whole shape is, with a change said near:
    the words alone are everyday ("that doesn't make sense")."""
    if "sex_rules" in kinds or "one_person" in kinds:
        return True
    if "change_denials" not in kinds:
        return False
    return _change_denied(low, start, (0, len(low))) is not None


def ruled(low: str, sentence: tuple[int, int], by_kind: Mapping[str, list[Hit]]) -> list[Found]:
    """Each naming act ruled by sex, and each singular "they" derided for one person, in the sentence."""
    s_start, s_end = sentence
    if p.asked(low, s_start, s_end) or p.ironic(low, s_start, s_end):
        return []
    said = g.words(low, s_start, s_end)
    if misgendering.disowned(said):
        return []
    group = "nonbinary" if _NONBINARY.search(low, s_start, s_end) else "transgender"
    out = []
    for h in by_kind.get("sex_rules", []):
        found = _by_sex(low, (s_start, s_end), h, group)
        if found is not None:
            out.append(found)
    for h in by_kind.get("one_person", []):
        found = _one_person(low, (s_start, s_end), h)
        if found is not None:
            out.append(found)
    for h in by_kind.get("change_denials", []):
        m = _change_denied(low, h.start, (s_start, s_end), h.end)
        if m is not None:
            out.append(Found(m.start(), m.end(), frozenset(["transgender"]), FRAME))
    return out


def _by_sex(low: str, sentence: tuple[int, int], h: Hit, group: str) -> Found | None:
    s_start, s_end = sentence
    lo = g.clause_start(low, s_start, h.start)
    aside = g.words(low, max(lo, h.start - 60), h.start)[-_ASIDE_WORDS:]
    if any(w in _SET_ASIDE or g.is_negation(w) for w in aside):
        return None
    # the verb naming by the rule: before it in its clause ("refer to colleagues by their biological
    # sex"), not a list's other line ("Name the patient uses\n- Sex assigned at birth")
    lo = max(s_start, h.start - _RULED_CHARS, *(low.rfind(x, s_start, h.start) + 1 for x in _APART))
    ws = list(g.WORD.finditer(low, lo, h.start))[-_RULED_WORDS:]
    verb = next((w for w in ws if w.group(0) in _ADDRESSING | _USING), None)
    if verb is None:
        return None
    said = [w.group(0) for w in g.WORD.finditer(low, verb.end(), h.start)]
    quoted_form = _QUOTED_FORM.search(low, verb.end(), h.start) is not None
    if verb.group(0) in _USING and not (_FORMS.intersection(said) or quoted_form):
        return None
    if h.value in _PAPERS and _ADMIN.intersection(g.words(low, s_start, s_end)):
        return None  # "use the name on your birth certificate for the passport application"
    if any(g.is_negation(w) for w in g.words(low, max(s_start, verb.start() - 20), verb.start())):
        return None  # "we do not address anyone by their sex at birth"
    return Found(verb.start(), h.end, frozenset([group]), FRAME)


def _one_person(low: str, sentence: tuple[int, int], h: Hit) -> Found | None:
    s_start, s_end = sentence
    binary = _BINARY_ONLY.search(low, s_start, s_end)
    if binary is not None:
        return Found(binary.start(), binary.end(), frozenset(["nonbinary"]), FRAME)
    they = _THEY.search(low, s_start, s_end)
    if they is None:
        return None
    deride = _DERIDING.search(low, they.end(), min(s_end, they.end() + _DERIDED_CHARS))
    if deride is None or _ATTRIBUTING.intersection(g.words(low, s_start, deride.start())):
        return None
    if any(x in low[they.end() : deride.start()] for x in _TURNS):
        return None  # "... is right there in Shakespeare, so the rule you learned is nonsense": something else derided
    if any(g.is_negation(w) for w in g.words(low, max(s_start, deride.start() - 12), deride.start())[-2:]):
        return None  # "is not ungrammatical"
    return Found(min(h.start, deride.start()), max(h.end, deride.end()), frozenset(["nonbinary"]), FRAME)
