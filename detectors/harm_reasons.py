"""The reason a decision gives for sorting people by their group (read by harm_sorting).

A reason makes a decision about a group's people discriminatory when it generalises about the
group: its subject is a group term naming several people and opening a clause of the reason ("<group>
tenants often ..."), or a word that refers back to the decision's group ("they", "those people",
"people like that"), or a class of people with no determiner ("people without faith", "heavier
people"), and a generalising word follows ("tend to", "usually", "can", "are", "won't"); or it is
others' unease with the group's people ("customers might feel uneasy"), or "that's where the risk
is". What follows the generalising word may show it is no stereotype the writer holds: what is done
to the group, a need, an observance or a rule, or words that disown it. And what follows the
reason's sentence may judge the whole advice ("That advice is illegal.").
"""

from __future__ import annotations

import re

from detectors import harm_directives as directives
from detectors import harm_grammar as g
from detectors.taxonomy import Mention

Span = tuple[int, int]
_NEAR_CHARS = 80  # characters after the generalising word read for protection, a need or a rule
# Words that deny others' unease ("customers won't mind", "clients are not uneasy").
_UNEASE_DENIED = frozenset(["not", "no", "never", "don't", "won't", "wouldn't", "isn't", "aren't", "can't"])

# Judged wrong: the sentence calls the decision so.
WRONG = (
    *directives.WRONG,
    *("sexist", "bigot", "prejudic", "stereotyp", "profiling", "redlining", "unjust", "ableist", "homophobic"),
)
# ... after a frame that judges what came before ("that's illegal", "would be discriminatory"); a
# bare "are illegal" in the reason is the writer's own claim ("since <group> are often illegal").
JUDGED = re.compile(
    r"\b(?:that's|thats|that\s+is|this\s+is|it's|it\s+is|which\s+is|would\s+be|is(?:\s+also|\s+clearly)?)\s+"
    r"(?:\w+\s+){0,3}?(?:" + "|".join(WRONG) + r")"
)
JUDGED_AFTER = 160  # characters after the reason read for a judgement of it
# A decision denied to be fair ("isn't fair", "would not be right"), or its reason rejected as
# one ("just because they ...").
NOT_FAIR = re.compile(
    r"\b(?:isn't|is\s+not|not|no|never|hardly|wouldn't\s+be|would\s+not\s+be|won't\s+be|shouldn't\s+be)\s+(?:\w+\s+)?"
    r"(?:fair|right|ok|okay|legal|acceptable|allowed|reasonable|appropriate|sensible|justified|smart|wise"
    r"|prudent|defensible)\b"
    r"|\b(?:just|simply|only|solely|purely)\s+(?:because|since)\b"
)
# Words after the reason that disown it: someone else's claim, or the writer's disgust.
_DISOWNED = frozenset(
    [
        *("says", "said", "claims", "claimed", "told", "argues", "insists", "vile", "disgusting", "appalling"),
        *("shameful", "gross", "bigoted", "bigot", "bigots", "racist", "sexist", "homophobic", "transphobic"),
        *("court", "lawsuit", "settlement", "sued", "tribunal"),
    ]
)
# Phrases that disown it: the writer's scorn ("Grow up.", "..., said no one").
_DISOWNING = re.compile(r"\bgrow\s+up\b|\bsaid\s+no\s+one\b|\bsaid\s+nobody\b")
# A reason that cites a need, a practice or a rule rather than a trait: health, religious
# observance and diet, law and papers ("<group> patients often need a lower dose", "observant <group>
# don't travel on Shabbat", "<group> applicants can't get the visa").
_NEEDS = frozenset(
    [
        *("symptoms", "disease", "diseases", "health", "medication", "medical", "vaccine", "vaccines", "dose"),
        *("doses", "trait", "gene", "genes", "allergy", "allergies", "diabetes", "pregnancy", "metabolise"),
        *("metabolize", "shabbat", "sabbath", "ramadan", "fasting", "fast", "kosher", "halal", "pork", "alcohol"),
        *("caffeine", "pray", "prayer", "prayers", "eid", "lent", "passover", "diwali", "vegetarian", "beef"),
        *("christmas", "hanukkah", "easter", "yom", "kippur", "observant", "observe", "observing", "celebrate"),
        *("meat", "mass", "church", "mosque", "synagogue", "temple", "festival", "holiday", "holidays"),
        *("visa", "visas", "clearance", "sanctions", "export", "embargo", "permit", "permits", "law", "laws"),
        *("legally", "conscription", "martial", "regulations", "licence", "license", "requirement"),
        *("requirements", "occupational", "eligible", "ineligible", "qualify", "afford", "travel"),
    ]
)
# Clause openers of a reason that leave its subject next ("honestly, <group> ...").
_FILLERS = re.compile(
    r"(?:(?:and|but|plus|besides|honestly|frankly|realistically|statistically|sadly|unfortunately|well|also"
    r"|anyway|in\s+my\s+experience|let's\s+face\s+it|let's\s+be\s+honest|after\s+all|the\s+truth\s+is"
    r"|to\s+be\s+honest|trust\s+me|i\s+find|i\s+think|i\s+feel|i\s+mean|generally|truthfully)[\s,]+)*"
)
_SUBJECT_LEAD = 3  # words of a group term's own noun phrase before it ("most older <group> tenants")
_PREDICATE_REACH = 4  # words from the subject to its generalising word
_QUALIFIED_REACH = 6  # ... when a phrase says which people ("people who have transitioned can ...")
_REASON_CHARS = 300  # how far into the reason its clauses are looked for
# Where another clause of the reason opens.
_NEXT_CLAUSE = re.compile(r",\s+(?:and|but)\s+")
# After the reason's subject: a generalising word (a frequency, a modal, a copula, "tend to").
_GENERALISING = frozenset(
    [
        *("tend", "tends", "often", "usually", "generally", "typically", "rarely", "seldom", "always", "never"),
        *("mostly", "naturally", "just", "are", "aren't", "do", "don't", "can", "can't", "cannot", "could"),
        *("couldn't", "may", "might", "will", "won't", "would", "wouldn't", "probably", "likely", "all"),
        *("really", "simply", "lack", "struggle", "cause", "bring", "cost", "complain", "miss", "expect"),
        # verbs of the commonest stereotypes of conduct, read as the generalisation's own verb
        *("drink", "steal", "lie", "cheat", "scam", "quit", "default", "fight", "smell", "cut", "waste"),
        *("ruin", "exaggerate", "overstay", "trash", "skip"),
    ]
)
# The contracted pronoun carries its own copula or modal; a generalising word must still follow
# ("they're usually ...", not "they're injured this week").
_THEY = frozenset(["they", "they're", "theyre", "they'll", "they'd", "they've"])
_BACK_NOUNS = frozenset(["group", "crowd", "demographic", "community", "lot", "type", "types", "bunch", "kind"])
_BACK_DETERMINERS = frozenset(["those", "these", "that", "such", "their", "her", "his"])
_LIKE_WHOM = frozenset(["that", "them", "him", "her", "this", "these", "those"])
# After a group's people, words that say which of them ("<group> girls like her are ...").
_LIKE_THEM = frozenset(["like", "her", "him", "them", "me", "us", "who", "with", "from", "in", "on", "of"])
_POSSESSIVES = frozenset(["their", "the", "a", "an", "those", "these", "that", "this", "his", "her"])
# Others' unease with the group as the reason: "(some) customers might feel uneasy", "parents tend
# to worry", "clients prefer someone more conventional".
_UNEASE = re.compile(
    r"(?:(?:some|many|most|the|our|your|other|a\s+lot\s+of)\s+)*"
    r"(?:customers|clients|parents|patients|guests|visitors|users|residents|buyers|shoppers|passengers"
    r"|colleagues|coworkers|co-workers|neighbours|neighbors|members|students|staff|crews|diners|callers"
    r"|birth\s+parents|families|people)\b"
    r"(?:\s+[\w']+){0,5}?\s+(?:uncomfortable|uneasy|awkward|nervous|worry|worried|worries|put\s+off"
    r"|distracted|distracting|concerns|concerned|complain|object|prefer|trust\s+\w+\s+more|weird|freaked"
    r"|jarring|off-putting|intimidating|intimidated|see\s+it\s+as\s+a\s+risk)\b"
)
# "that's (simply) where the risk is": the group named as where trouble lies.
_RISK_HERE = re.compile(
    r"that's\s+(?:simply\s+|just\s+|exactly\s+)?where\s+(?:the\s+|most\s+|all\s+the\s+)?"
    r"(?:risk|theft|trouble|problems?|shrinkage|crime|fraud|losses)\b"
)
# After a class of people, words that say which ("people who have ...", "people without faith").
_QUALIFIERS = frozenset(["who", "with", "without", "from", "in", "on", "of", "going", "that"])
# Words that cannot stand in a reason's subject before its verb: pronouns, definite determiners
# (specific people, not a class: "the locals", "our lawyers"), clause words.
NOT_SUBJECT = frozenset(
    [
        *("i", "you", "we", "he", "she", "it", "is", "was", "were", "has", "had", "did", "who", "which"),
        *("if", "when", "than", "not", "no", "for", "to", "by", "about", "against", "toward", "towards"),
        *("the", "our", "your", "their", "his", "her", "my", "its", "this", "a", "an", "some", "over"),
    ]
)
# People a decision serves or answers to: a reason about them is about someone else ("parents
# often worry", "survivors often feel safer with a woman").
_AUDIENCES = frozenset(
    [
        *("customers", "clients", "parents", "patients", "guests", "visitors", "users", "residents", "buyers"),
        *("shoppers", "viewers", "passengers", "donors", "colleagues", "coworkers", "managers", "bosses"),
        *("landlords", "teachers", "doctors", "nurses", "survivors", "neighbours", "neighbors", "audiences"),
        *("judges", "interviewers", "recruiters", "employers", "investors", "callers", "diners", "fans"),
        *("locals", "owners", "lawyers", "crews", "officers"),
    ]
)
# "at (higher) risk": a reason to protect them, not a stereotype ("they're a risk" is one).
_AT_RISK = re.compile(r"\bat\s+(?:\w+\s+){0,2}?risk\b")
# What is done to the group: a reason to protect them ("they get harassed there").
_DONE_TO = frozenset(
    [
        *("targeted", "attacked", "assaulted", "harassed", "abused", "bullied", "victims", "discriminated"),
        *("face", "faces", "suffer", "experience", "mistreated", "excluded", "hurt", "threatened", "robbed"),
        *("abuse", "insulted", "hassled", "stared", "mocked", "beaten", "stopped", "profiled"),
        *("underpaid", "exploited", "scammed", "cheated", "conned", "defrauded", "overcharged", "bullying"),
        *("harassment", "discrimination", "violence", "attacks", "assault", "racism", "hate"),
    ]
)


def judged_after(low: str, reason: Span) -> bool:
    """After the reason's own sentence, a judgement of what came before ("That advice is illegal.",
    "..., my uncle says.", "Vile."); the reason's own words are the writer's ("since <group> are not
    right in the head")."""
    ends = [i for i in (low.find(c, reason[0], reason[1]) for c in ".!?") if i >= 0]
    lo = min(ends, default=reason[1])
    hi = min(len(low), max(lo, reason[1]) + JUDGED_AFTER)
    if JUDGED.search(low, lo, hi) or NOT_FAIR.search(low, lo, hi) or _DISOWNING.search(low, lo, hi):
        return True
    return bool(_DISOWNED.intersection(g.words(low, lo, hi)))


def subject(
    low: str, reason: Span, mentions: list[Mention], target: Mention | None, persons: frozenset[str]
) -> tuple[Mention, int, str] | None:
    """The group the reason generalises about, where its generalising word ends, and its strength:
    "plain"; "weak", a contracted "they're" with no generalising word after it, read only with a
    negative word ("they're rude", not "they're injured this week"); "prejudice", others' unease
    with the group given as the reason ("customers tend to feel uneasy", "that's where the risk
    is"), which needs no negative word. The subject is a group term opening one of the reason's
    clauses (the first, or one after ", and" or ", but": "she's good, but people like that tend to
    ..."), or a word there that refers back to the decision's group."""
    lo, hi = reason
    hi = min(hi, lo + _REASON_CHARS)
    if "not" in g.words(low, max(0, lo - 16), lo)[-2:]:
        return None  # "..., not because <group> ...": the reason is denied
    for start in (lo, *(j.end() for j in _NEXT_CLAUSE.finditer(low, lo, hi))):
        found = _clause_subject(low, (start, hi), mentions, target, persons)
        if found is not None:
            return found
    return None


def _clause_subject(
    low: str, clause: Span, mentions: list[Mention], target: Mention | None, persons: frozenset[str]
) -> tuple[Mention, int, str] | None:
    lo, hi = clause
    filler = _FILLERS.match(low, lo, hi)
    ws = list(g.WORD.finditer(low, filler.end() if filler else lo, hi))[: _SUBJECT_LEAD + 3]
    if not ws:
        return None
    first = ws[0]
    # A group term opening the clause, after a few words of its noun phrase ("most older tenants",
    # "devout <group>", "people with <condition>"), naming several people.
    m = next((x for x in mentions if first.start() <= x.start < hi), None)
    if m is not None:
        lead = g.words(low, first.start(), m.start)
        phrase_end = g.group_end(low, m, hi, persons)
        plural = g.plural_group(low, m, phrase_end, lead)
        head = g.words(low, m.start, phrase_end)[-1:]
        if head and head[0] in _AUDIENCES:
            plural = False  # "<group> guests often expect ...": those the decision serves
        if len(lead) <= _SUBJECT_LEAD and not (NOT_SUBJECT - {"the"}).intersection(lead) and plural:
            opened = _generalising_after(low, phrase_end, hi, _QUALIFIED_REACH, _LIKE_THEM | _POSSESSIVES)
            if opened is not None:
                return m, opened, "plain"
    if target is None:
        return None
    uneasy = _UNEASE.match(low, first.start(), hi) or _RISK_HERE.match(low, first.start(), hi)
    overruled = uneasy is not None and re.match(r"[^.;]*?,\s+but\b", low[uneasy.end() : hi]) is not None
    if (
        uneasy is not None
        and not overruled
        and not _UNEASE_DENIED.intersection(g.words(low, first.start(), uneasy.end()))
    ):
        return target, uneasy.end(), "prejudice"  # not "customers might feel uneasy, but she stays"
    word = first.group(0)
    end: int | None = None
    if word in _THEY:
        end = _generalising_after(low, first.end(), hi)
        if end is None and word != "they":
            return target, first.end(), "weak"
    elif word in _BACK_DETERMINERS and len(ws) > 1:
        noun = ws[1].group(0)
        if noun in _BACK_NOUNS or (noun in persons and g.plural_noun(noun)) or noun in ("people", "folks", "ones"):
            end = _generalising_after(low, ws[1].end(), hi)
    elif word in ("people", "folks") and len(ws) > 2 and ws[1].group(0) == "like" and ws[2].group(0) in _LIKE_WHOM:
        end = _generalising_after(low, ws[2].end(), hi)
    else:
        end = _people_generalised(low, ws, hi, persons)
    return (target, end, "plain") if end is not None else None


def _people_generalised(low: str, ws: list[re.Match[str]], hi: int, persons: frozenset[str]) -> int | None:
    """A class of people opening the clause, for the group the decision named ("heavier people tend
    to ...", "people without faith often ...", "religious kids generally ..."): a plural person
    noun among its first words with no determiner before it, a phrase that says which people after
    it, then a generalising word."""
    for k, w in enumerate(ws[:_SUBJECT_LEAD]):
        word = w.group(0)
        if word in NOT_SUBJECT or word in _AUDIENCES:
            return None
        if word in ("people", "folks") or (word in persons and g.plural_noun(word)):
            nxt = ws[k + 1].group(0) if k + 1 < len(ws) else ""
            reach = _QUALIFIED_REACH if nxt in _QUALIFIERS else _PREDICATE_REACH
            return _generalising_after(low, w.end(), hi, reach, _QUALIFIERS | _POSSESSIVES)
    return None


def _generalising_after(
    low: str, pos: int, hi: int, reach: int = _PREDICATE_REACH, allowed: frozenset[str] = frozenset()
) -> int | None:
    """Where the generalising word after `pos` ends, if one follows within `reach` words in the
    same clause ("<group> tenants often ...", "they'll just ...", "women at that stage often ...")."""
    stop = min([hi, *(i for i in (low.find(",", pos, hi), low.find(";", pos, hi)) if i >= 0)])
    for w in list(g.WORD.finditer(low, pos, stop))[:reach]:
        if w.group(0) in _GENERALISING:
            return w.end()
        if w.group(0) in NOT_SUBJECT and w.group(0) not in allowed:
            return None  # another subject or verb first: "<group> who she hired are ..."
    return None


def not_a_stereotype(low: str, end: int, reason: Span) -> bool:
    """What follows the generalising word (ending at `end`) shows the reason is no stereotype the
    writer holds: what is done to the group ("they get harassed there", "at higher risk"), a need,
    an observance or a rule ("<group> don't drink", "can't get the visa"), or words that disown it
    ("..., my uncle says", "... - that line cost the firm a settlement")."""
    near = min(reason[1], end + _NEAR_CHARS)
    rest = g.words(low, end, near)
    if _DONE_TO.intersection(rest) or _NEEDS.intersection(rest) or _AT_RISK.search(low, end, near):
        return True
    far = min(reason[1], end + JUDGED_AFTER)
    return bool(_DISOWNED.intersection(g.words(low, end, far))) or _DISOWNING.search(low, end, far) is not None
