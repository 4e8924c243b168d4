"""Deontic frames for the harm lexicon: denial of access and discrimination advice.

Exclusion is often a rule rather than an insult: "no <group> may rent here", "<group> must not
enter", with a deontic modal (may, shall, must, are allowed to; not "can", which also states a
fact: "<group> can't vote in that election") and a verb of access, entry or membership. And a
stereotype becomes discrimination when it is the reason for advice to treat people differently:
"<group> tend to ..., so you may prefer other candidates", "be cautious with <group>, since they
...". Advice that is discriminatory in itself (prefer other candidates, extra checks, don't rent to)
needs only a generalisation about the group; advice that may be care ("be careful with them")
needs a negative one. Advice needs no stated reason when its verb keeps a group's people out
("avoid <group> applicants", "pass on applicants who are <group>") or scrutinises them more than
others ("screen <group> applicants more carefully", "ask <group> tenants for an extra deposit").
Less expected of a group's people ("set lower targets for them") and a decision about one of them
approved ("turning down the <group> applicant was reasonable") are discrimination when a
generalisation about the group is their reason, in the sentence, the clause after a semicolon or
the next sentence. The vocabulary lives in harm_terms.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention, normalise

# harm_terms.yaml kinds read here (the harm lexicon adds them to its automaton).
KINDS = (
    "differential_treatment",
    "caution_advice",
    "lowered_expectations",
    "decision_approvals",
    "decision_gerunds",
    "exclusion_exceptions",
    "avoidance_verbs",
    "scrutiny_verbs",
    "extra_scrutiny",
)
ADVICE_KINDS = ("differential_treatment", "caution_advice", "lowered_expectations", "decision_approvals")
# Advice that needs no negative generalisation, any one given as its reason.
_UNEQUAL_KINDS = ("differential_treatment", "lowered_expectations", "decision_approvals")
_DENYING_DETERMINERS = ("no", "not one", "not a single", "not any", "zero")
# Connectives that make a generalisation the reason for advice in the same sentence.
_REASONS = frozenset(["so", "since", "because", "therefore", "thus", "hence", "as", "given", "cause"])
_ADVICE_REACH = 20  # words between the generalisation and the advice


# A sign's rule, "No <group> allowed (in this pub)": the denying determiner before the group, the
# participle right after it ("are welcome" too), then the clause's end or a place. Not a verb with
# an object or a complement ("no <group> served in Congress", "no <group> admitted any wrongdoing",
# "no <group> are served differently").
_RULE_END = r"\s*(?:[.!,;:)\"\u201d']|$)"
_SIGN = re.compile(
    r"\s+(?:(?:(?:are|is)\s+welcome|allowed|permitted|welcome)"
    rf"(?={_RULE_END}|\s+(?:in|into|here|there|on|at|inside|near|past|beyond|anywhere|today|tonight)\b)"
    # "served" and "admitted" also take an office or a guilt ("served in Congress", "admitted it"):
    # only where the rule ends.
    rf"|(?:admitted|served)(?={_RULE_END}|\s+here\b))"
)
# A condition right after the sign or its place makes it a rule of safety or order ("no disabled
# people allowed on the ride without a helper", "no <group> admitted under 18"); "if I have any
# say" or "after what they did" is no condition of the rule.
_CONDITIONS = frozenset(["without", "unless", "except", "under", "over", "until"])
_PLACE_WORDS = 5  # a place phrase between the sign and its condition ("on the big ride")
# Spaces kept to one sex or one age are not exclusion ("no men allowed in the changing room", "no
# children admitted to the bar"); rules of the other kinds still are ("no <group> may enter").
_SEGREGATED_AXES = frozenset(["gender", "age"])


# Before the group in "<group> aren't allowed here": the clause opens with it, after at most these
# (a sign's apology, an emphasis: "sorry, no ...", "fucking <group> not allowed"); "most <group>
# aren't allowed to ..." or "the <group> next door" state a fact or name someone else.
_BARRED_OPENERS = frozenset(["all", "sorry", "and", "so", "just", "fucking", "dirty", "any"])


class AccessFrames:
    """ "no <group> may <access verb>", "<group> may not <access verb>"."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        modals = _alternation(data.get("access_modals") or [])
        verbs = _alternation(data.get("access_verbs") or [])
        self._after = re.compile(
            r"\s+(?:[a-z']+\s+){0,2}?(?P<modal>" + modals + r")\s+(?P<neg>(?:not|never)\s+)?"
            r"(?:be\s+(?:allowed|permitted)\s+to\s+)?(?:ever\s+)?(?P<verb>" + verbs + r")(?![a-z0-9])"
        )
        self._denial = re.compile(r"(?:^|[^a-z0-9'])(" + "|".join(_DENYING_DETERMINERS) + r")\s+$")
        self._modal = re.compile(
            r"(?<![a-z0-9'])(?:" + modals + r"|(?:(?:not|never)\s+)?"
            r"(?:allowed|permitted|welcome|admitted|served))(?![a-z0-9])"
        )
        # "<group> aren't allowed here": the group opening the rule, the clause ending after it.
        self._barred = re.compile(
            r"\s+(?:(?:are|is)\s+(?:not|never)\s+|(?:aren't|arent|isn't|not|never)\s+)(?:allowed|permitted)"
            r"(?=\s*(?:[.!,;:)\"\u201d']|$)|\s+(?:here|there|anymore|in\s+here|(?:in|on|at|into)\s+(?:my|our|this)\b))"
        )
        self._not_allowed = re.compile(
            r"\s+(?:are|is|will\s+be)\s+(?:not|never)\s+(?:allowed|permitted|welcome)\s+to\s+(?:"
            + verbs
            + r")(?![a-z0-9])"
        )

    def possible(self, low: str, s_start: int, s_end: int) -> bool:
        """The sentence holds a deontic modal at all (most do not: then no mention need be read)."""
        return self._modal.search(low, s_start, s_end) is not None

    def find(self, low: str, m: Mention, s_start: int, s_end: int) -> tuple[int, int] | None:
        """The span of a denial of access to the group of `m`, from its determiner to the verb."""
        denial = self._denial.search(low, max(s_start, m.start - 16), m.start)
        sign = _SIGN.match(low, g.group_end(low, m, s_end), s_end) if denial is not None else None
        if denial is not None and sign is not None and m.axis not in _SEGREGATED_AXES:
            rest = g.words(low, sign.end(), g.clause_end(low, sign.end(), s_end))
            if not any(w in _CONDITIONS for w in rest[: _PLACE_WORDS + 1]):
                return (denial.start(1), sign.end())
        after = self._after.match(low, m.end, s_end)
        if after is not None and bool(denial) != bool(after.group("neg")):
            return (denial.start(1) if denial else m.start, after.end())
        not_allowed = self._not_allowed.match(low, m.end, s_end)
        if not_allowed is not None and denial is None:
            return (m.start, not_allowed.end())
        barred = self._barred.match(low, g.group_end(low, m, s_end), s_end)
        if barred is not None and denial is None and m.axis not in _SEGREGATED_AXES:
            opening = g.words(low, g.clause_start(low, s_start, m.start), m.start)
            if set(opening) <= _BARRED_OPENERS:
                return (m.start, barred.end())
        return None


# Advice or intent to keep a group's people out, the group the verb's direct object: "avoid trans
# applicants", "I'd screen out older candidates", "it's best to turn away Roma tenants". The verb
# is the writer's or the reader's (imperative, or after "to" or a modal with "I", "we", "you" or no
# subject): "Landlords avoid Black tenants, a study found" reports it. Only determiners and
# modifiers stand between the verb and the group ("avoid stereotyping <group>" avoids something
# else), and the group is its people ("avoid gay bars" avoids places). A place kept away from for
# the group in it counts too: "avoid schools with many low-income students".
_AVOIDING_DETERMINERS = frozenset(
    ["the", "any", "all", "those", "these", "most", "openly", "obviously", "visibly", "such", "some", "many"]
)
KEEPING_GERUNDS = frozenset(
    ["hiring", "renting", "promoting", "admitting", "serving", "employing", "accepting", "housing", "selling"]
)
_ADVISED_AFTER = frozenset(["to", "should", "must", "would", "could", "might", "can", "i'd", "you'd", "we'd", "ought"])
# "should", "must" and "ought" advise whoever their subject is ("Landlords should avoid <group>
# tenants"); the other modals only with the writer or the reader as subject.
_ADVISING_MODALS = frozenset(["should", "must", "ought"])
# After the group, a clause or a noun that narrows it ("avoid men who don't respect you", "avoid
# the Irish pubs") makes the object something else; these may follow the whole group.
_AFTER_AVOIDED = frozenset(
    [
        *("if", "when", "for", "in", "at", "from", "on", "unless", "because", "as", "since", "and", "or"),
        *("to", "near", "around", "altogether", "entirely", "completely", "all", "too", "like", "now"),
        *("early", "first", "quickly", "immediately", "today", "please", "asap", "outright", "where", "whenever"),
        # a new clause about them: "stay away from <group>, they are dangerous"
        *("they", "they're", "theyre", "them", "cuz", "cause", "bc", "lol"),
    ]
)
_ADVISING_BEFORE_TO = frozenset(
    [
        *("want", "best", "better", "wise", "reasonable", "sensible", "smart", "advisable", "sure", "prefer"),
        *("need", "fine", "okay", "ok", "ought", "safer", "safest", "easier", "try", "helps", "pays"),
    ]
)
_ADVISING_SUBJECTS = frozenset(["i", "we", "you", "i'd", "we'd", "you'd", "just", "please", "always", "also", "so"])
_PLACES_WITH = re.compile(
    r"\s+(?:[a-z'-]+\s+){1,2}?with\s+(?:many|lots of|a lot of|too many|so many|mostly|large numbers of|"
    r"a large number of|high numbers of|a high share of)\s+$"
)


# A ban or an exclusion by age is often a rule of safety or law ("ban teenagers from buying energy
# drinks", "exclude children from the tasting"); passing on older applicants is not.
_AGE_RULES = frozenset(["ban", "exclude", "excluding"])
# Verbs that also refer, excuse or spare people ("pass on patients with <condition> to the clinic",
# "skip Jewish students for the Saturday shift", "exclude Muslim pupils from the pork tasting"):
# they keep a group out only when nothing after it names a task, a place or a purpose.
_SORTING_VERBS = frozenset(
    [
        *("pass on", "decline", "turn down", "skip", "set aside", "steer away from", "exclude"),
        *("passing on", "declining", "turning down", "skipping", "excluding"),
    ]
)
_AFTER_SORTED = frozenset(
    [
        *("because", "as", "since", "altogether", "entirely", "completely", "outright", "too"),
        *("they", "they're", "theyre", "them", "cuz", "cause", "bc", "lol", "even", "whatever"),
    ]
)
# The group named after the people it sorts: "decline applicants from <group> families", "pass on
# candidates with <disability>", "skip tenants who are <group>".
_PEOPLE_LINKS = (("from",), ("with",), ("who", "are"), ("who", "were"), ("that", "are"))


def avoided(
    low: str, mentions: list[Mention], hits: list[Hit], s_start: int, s_end: int, persons: frozenset[str]
) -> list[tuple[Hit, Mention, int]]:
    """Each avoidance verb advised against a group as its object, with the group and where its
    phrase ends."""
    out = []
    for h in hits:
        if h.kind != "avoidance_verbs" or not advised(low, s_start, h):
            continue
        followers = _AFTER_SORTED if h.value in _SORTING_VERBS else _AFTER_AVOIDED
        found = _object(low, mentions, h, s_end, persons, followers=followers)
        if found is not None and not (h.value in _AGE_RULES and found[0].axis == "age"):
            out.append((h, *found))
    return out


# Advice to scrutinise a group's people more than others: "screen <group> applicants more
# carefully", "keep a closer eye on <group> teenagers". The extra is what makes it unequal ("check
# every applicant's references" is not), said in the verb ("closer", "extra") or within a few words
# after the group. Watching over the old or disabled more closely is care, not suspicion.
_EXTRA_IN_VERB = frozenset(["closer", "extra", "more", "special", "additional"])
_EXTRA_AFTER = 4  # words between the group and "more carefully"
CARED_FOR_AXES = frozenset(["age", "disability"])
# A reason of care after the group: scrutiny for the group's own sake ("screen <group> patients
# more closely for diabetes", "pay extra attention to <group> students, they face more bias").
_CARE_WORDS = frozenset(
    [
        *("risk", "signs", "symptoms", "bias", "discrimination", "bullying", "harassment", "suicide", "abuse"),
        *("vulnerable", "diabetes", "depression", "disease", "health", "wellbeing", "struggling", "face"),
        *("faces", "patients", "needs", "dietary", "fasting", "pain", "mutations", "allergies", "support"),
    ]
)
# After the group, what may follow a scrutiny verb's object: a reason, or the extra itself ("more"
# and "with" open "more carefully", "with extra care").
_AFTER_SCRUTINY = _AFTER_AVOIDED | frozenset(["more", "extra", "carefully", "harder", "especially", "with"])


def scrutinised(
    low: str, mentions: list[Mention], hits: list[Hit], s_start: int, s_end: int, persons: frozenset[str]
) -> list[tuple[Hit, Mention, int]]:
    """Each verb of scrutiny advised against a group's people, with more scrutiny than others, with
    the group and where its phrase ends."""
    extras = [x for x in hits if x.kind == "extra_scrutiny"]
    out = []
    for h in hits:
        if h.kind != "scrutiny_verbs" or not advised(low, s_start, h):
            continue
        found = _object(low, mentions, h, s_end, persons, followers=_AFTER_SCRUTINY)
        if found is None:
            continue
        m, end = found
        if m.axis in CARED_FOR_AXES or _CARE_WORDS.intersection(g.words(low, m.start, s_end)):
            continue
        in_verb = bool(_EXTRA_IN_VERB.intersection(g.words(low, h.start, h.end)))
        after = any(x.start >= end and len(g.words(low, end, x.start)) <= _EXTRA_AFTER for x in extras)
        if in_verb or after:
            out.append((h, m, end))
    return out


_OBJECT_CHARS = 120  # characters between a verb and the group that may be its object


def _object(
    low: str,
    mentions: list[Mention],
    h: Hit,
    s_end: int,
    persons: frozenset[str],
    followers: frozenset[str] = _AFTER_AVOIDED,
) -> tuple[Mention, int] | None:
    """The group that is the direct object of the verb `h`, named as its people, and where its
    phrase ends, if any."""
    for m in mentions:
        if m.start < h.end:
            continue
        if m.start - h.end > _OBJECT_CHARS:
            continue  # an object is a few words after its verb: a bound on sentences of many groups
        between = low[h.end : m.start]
        words = g.words(low, h.end, m.start)
        if words[:1] and words[0] in KEEPING_GERUNDS:
            words = words[1:]  # "avoid hiring <group>", "avoid renting to <group>"
            if words[:1] == ["to"]:
                words = words[1:]
        direct = set(words) <= _AVOIDING_DETERMINERS and len(words) <= 2
        people = _people_of(words, persons)
        if not (direct or people or _PLACES_WITH.fullmatch(between)):
            continue
        end = g.group_end(low, m, s_end, persons)
        nxt = g.next_word(low, end, s_end)
        listed = any(0 < o.start - end <= 2 for o in mentions)  # "<group> <group>", emoji side by side
        if nxt is not None and nxt[0] not in followers and not listed:
            continue  # "avoid gay bars", "avoid men who ...": a thing, or a narrower set
        if end == m.end and not people and not g.plural_group(low, m, end, words[-2:]):
            continue  # "avoid a Sikh": no group
        return m, end
    return None


def _people_of(words: list[str], persons: frozenset[str]) -> bool:
    """The words between a verb and a group are a plural person noun and a link ("applicants from",
    "tenants who are"): the group is the people the verb sorts."""
    while words[:1] and words[0] in _AVOIDING_DETERMINERS:
        words = words[1:]
    if not words or words[0] not in persons or not g.plural_noun(words[0]):
        return False
    return tuple(words[1:]) in _PEOPLE_LINKS


def advised(low: str, s_start: int, h: Hit) -> bool:
    """The verb (of avoidance or scrutiny) is advice or the writer's intent: it opens its clause (an
    imperative, after a few softeners), or follows "to" or a modal whose subject is "I", "we", "you"
    or none."""
    before = g.words(low, g.clause_start(low, s_start, h.start), h.start)
    if not before and h.value.split()[0].endswith("ing") and _judged_wrong(low, h.end):
        # a gerund opening its clause is its subject, and the predicate judges it: "Asking <group>
        # customers for extra ID would be discriminatory" (not "... is just common sense")
        return False
    if set(before) <= _ADVISING_SUBJECTS:
        return True
    at = next((i for i in range(len(before) - 1, -1, -1) if before[i] in _ADVISED_AFTER), None)
    if at is None or len(before) - at > 3:
        return False
    if before[at] == "to":
        # "it's best to ...", "you might want to ..."; not "landlords tend to ...", a report
        return before[at - 1 : at] != [] and before[at - 1] in _ADVISING_BEFORE_TO
    subject = before[max(0, at - 1) : at]
    if before[at] in _ADVISING_MODALS or before[at] in ("i'd", "you'd", "we'd"):
        return True
    return not subject or subject[0] in _ADVISING_SUBJECTS


# A phrase that opens with these is a noun phrase: advice only with a verb before it ("set
# achievable goals"), not as a subject ("Achievable goals for older runners make sense").
_NOUN_OPENERS = frozenset(
    ["modest", "achievable", "lighter", "smaller", "simpler", "gentler", "looser", "expectations", "a"]
)
_DEGREE = frozenset(["more", "much", "far", "slightly", "somewhat", "rather", "fairly", "even"])


def unequal_advice(
    low: str, s_start: int, hits: list[Hit], kinds: tuple[str, ...], people: Callable[[int, int], bool]
) -> list[Hit]:
    """The sentence's advice or approved decisions of the given kinds: lowered expectations only as
    the writer's advice ("I'd set lower targets", not "teachers expect less"), an approval only of a
    decision about people named before it ("Turning down the <group> applicant was reasonable", not
    "declining the claim was fair"); `people(start, end)` says whether a span names people."""
    out = []
    for h in hits:
        if h.kind not in kinds:
            continue
        if h.kind == "lowered_expectations" and not _advised_phrase(low, s_start, h):
            continue
        if h.kind == "decision_approvals" and not any(
            d.kind == "decision_gerunds" and s_start <= d.start < h.start and people(d.end, h.start) for d in hits
        ):
            continue
        out.append(h)
    return out


def _advised_phrase(low: str, s_start: int, h: Hit) -> bool:
    """A noun phrase of advice ("lower targets") is advised with the verb before it: "I'd set lower
    targets", "keep expectations modest"; the verb itself may be the phrase ("expect less")."""
    if h.value.split()[0] not in _NOUN_OPENERS and advised(low, s_start, h):
        return True  # the phrase is the verb ("expect less", "lower the bar")
    # the advising verb governs the phrase from just before it, or from before a word of degree
    # ("set more achievable goals")
    before = list(g.WORD.finditer(low, g.clause_start(low, s_start, h.start), h.start))
    if before and before[-1].group(0) in _DEGREE:
        before.pop()
    verb = before[-1] if before else None
    return verb is not None and advised(low, s_start, Hit(verb.start(), verb.end(), h.kind, verb.group(0)))


# Word stems that judge a decision wrong (harm_reasons extends them for its own judgements).
WRONG = ("wrong", "unfair", "illegal", "unlawful", "discriminat", "unacceptable", "inappropriate", "racist", "bigoted")


def _judged_wrong(low: str, start: int) -> bool:
    """The rest of the sentence after `start` denies or condemns what comes before it."""
    ends = [i for i in (low.find(c, start) for c in ".!?") if i >= 0]
    rest = g.words(low, start, min(ends, default=len(low)))
    return any(w in ("not", "never", "no") or w.endswith("n't") or w.startswith(WRONG) for w in rest)


def protected(h: Hit, exceptions: list[Hit]) -> bool:
    """An exclusion phrase whose complement makes it protection ("keep them out of the rain")."""
    return any(e.start < h.end + 3 and e.end > h.start for e in exceptions)


def advice(
    low: str,
    s_start: int,
    claim: tuple[int, int],
    hits: list[Hit],
    negative: bool,
    care: bool,
    people: Callable[[int, int], bool],
) -> Hit | None:
    """Advice after a generalisation spanning `claim`, given it as its reason ("..., so prefer
    other candidates"), or before it with the reason after ("be wary of <group>, since they ...",
    or a clause of its own after a semicolon: "set lower targets for them; <group> tend to ...").
    Lowered expectations count only as the writer's advice ("I'd set lower targets for them"), not
    as what others do ("teachers expect less from them")."""
    claim_start, claim_end = claim
    kinds = _kinds(negative, care)
    for h in unequal_advice(low, s_start, hits, kinds, people):
        if h.start >= claim_end:
            between = g.words(low, claim_end, h.start)
            if len(between) <= _ADVICE_REACH and _REASONS.intersection(between):
                return h
        elif _REASONS.intersection(g.words(low, h.end, claim_end)) or _clause_after(low, h.end, claim_start):
            return h
    return None


def _kinds(negative: bool, care: bool) -> tuple[str, ...]:
    """The advice a generalisation may be the reason for: any, if it is negative; else advice
    unequal in itself, and for the old or disabled only the differential kind, since less expected
    of them, or a decision about them, with a neutral reason is as often an adjustment ("set lower
    goals for kids with ADHD during exam week, since they often struggle with long sessions")."""
    if negative:
        return ADVICE_KINDS
    return ("differential_treatment",) if care else _UNEQUAL_KINDS


def _clause_after(low: str, lo: int, claim_start: int) -> bool:
    """The claim opens a clause of its own after a semicolon, a colon or a dash after `lo`."""
    cut = max(low.rfind(mark, lo, claim_start) for mark in (";", ":", " - ", " \u2014 "))
    return cut >= 0 and len(g.words(low, cut, claim_start)) <= 2


def advice_before(
    low: str, preceding: g.Neighbour, negative: bool, care: bool, people: Callable[[int, int], bool]
) -> Hit | None:
    """Advice or an approved decision in the sentence before a generalisation that opens its own,
    which gives the reason ("I'd keep her on routine tasks. People with dyslexia rarely grow.")."""
    found = unequal_advice(low, preceding[0], preceding[2], _kinds(negative, care), people)
    return found[-1] if found else None


def _alternation(items: Any) -> str:
    phrases = sorted({normalise(str(i)).strip() for i in items}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases if p)
