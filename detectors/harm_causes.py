"""A group's outcomes put down to its people's character, for the harm lexicon (implicit
derogation, frame `outcome_blamed`).

"<group> have high unemployment because they don't want to work", "... mostly comes down to
<group> lacking the drive", "... is largely a product of their mindset": no "<group> are lazy",
yet the fault is said of the whole group as the cause of what befalls it. The reading needs:
- the group named, an outcome before the link in its sentence (`_OUTCOMES`: poverty, crime, debt,
  "fewer", "higher rates", "the gap", ...), then a word giving a cause (`causal_links`: "because",
  "bc", "due to", "comes down to", "a product of", "explained by") within `_LINK_REACH`; or the
  group right after the link ("the gap is just because <group> families spend everything ...");
- right after the link, a cause whose subject is the group's people or what is theirs ("they",
  "their families", "the culture there", "people like them", the group named again; nothing else
  between) and which is a fault of character: a negative attribute or behaviour said of a group,
  or one of `blamed_causes` ("don't value", "can't be bothered", "lack the discipline", "in their
  genes", "their mindset", "the lifestyle they chose");
- or a sentence pointing back at the one before, which names the group and an outcome: "Much of
  that is because they ...", "That's mostly because ...", "Part of it is that <group> ...", "The
  biggest factor is the religion itself"; after a question, a guess alone ("Why do so few <group>
  get promoted? Maybe they're just not wired for it.").

Not read: a cause of anything else ("because their degrees aren't recognised", "due to the
locker-room culture"), a fault owned by others or done to the group ("the mindset of many
teachers", "the culture there doesn't value them"), a third party's "people" ("because too many
people just don't care"), an agent ("were evicted by the council because ..."), no outcome
("<group> fast during Ramadan because the religion itself commands it"), a cause denied ("not
because they're lazy", "isn't their culture") or set aside ("rather than", "instead of"), the
writer's own group or choice ("we", "I"), a medical register, a day of rest ("refuse to work on
Saturdays"), a thing's attribute ("the worst place to ..."), the question alone (the
next-sentence rule reads the answer), evidence set against the claim after it ("..., but the
research shows hiring bias"). A report, a quotation or a counter cue damps it as it damps every
harm claim: "It's often said the French have high unemployment because they don't want to work,
but ..." is read, and damped by its report below the flag.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

from detectors import harm_discourse as discourse
from detectors import harm_grammar as g
from detectors import harm_prejudice as p
from detectors.harm_grammar import Hit, Neighbour
from detectors.harm_prejudice import Found
from detectors.taxonomy import Mention

KINDS = ("causal_links", "blamed_causes")
FRAME = "outcome_blamed"
# Faults a cause may be: this reading's own, and the group's faults the other readings share.
_FAULTS = ("blamed_causes", "negative_attributes", "negative_behaviours")

_LINK_REACH = 200  # characters from the group to its cause's link
_CAUSE_WORDS = 7  # words from the link to the fault
_SUBJECT_REACH = 30  # characters from a link to the group as its cause's subject ("because <group> ...")
# What may stand between a link and the fault, besides the group's own mentions: the group's
# people or what is theirs, as the cause's subject, and the words that grade it.
_SUBJECT_WORDS = frozenset(
    [
        *("they", "they're", "theyre", "their", "them", "themselves", "the", "a", "an", "of", "most", "many"),
        *("they'd", "they've", "they'll", "tend", "tends", "to", "get", "become"),
        *("all", "lot", "lots", "just", "simply", "really", "so", "too", "are", "is", "were", "was", "be"),
        *("re", "s", "being", "people", "folks", "like", "there", "residents", "that", "these", "those"),
        *("such", "generally", "basically", "naturally", "honestly", "still", "often", "usually", "always"),
        *("mostly", "largely", "in", "who", "lives", "live", "culture", "cultures", "religion", "faith"),
        *("families", "family", "parents", "community", "communities", "kind", "sort", "type", "types"),
        *("half", "deep", "down", "itself", "own", "differences", "difference", "plain", "very", "pretty"),
        *("whole", "entire", "national", "cultural", "general", "typical", "inherent", "natural"),
        *("how", "way", "sheer", "pure", "it's", "its", "it", "thing", "something"),
    ]
)
# The cause's subject, for an attribute: the group's people or what is theirs.
_SUBJECTS = frozenset(
    [
        *("they", "they're", "theyre", "their", "them", "people", "folks", "residents", "culture", "religion"),
        *("they'd", "they've", "they'll"),
        *("faith", "families", "parents", "community", "communities"),
    ]
)
_REBUTTAL_WORDS = 30  # words after the claim read for evidence set against it
_EVIDENCE = frozenset(
    [
        *("evidence", "data", "study", "studies", "research", "survey", "surveys", "numbers", "figures"),
        *("statistics", "stats", "economists", "researchers", "experts"),
    ]
)
# A bare noun of people after the link may be anyone's ("because the families simply don't care");
# after "their", the group's.
_BARE_PEOPLE = frozenset(["people", "families", "family", "parents", "community", "communities", "folks"])
# After a fault: someone else's ("the mindset of many teachers", "poor choices by planners",
# "cultural attitudes among recruiters", "attitudes that treat it as unskilled": a relative clause
# names whose attitudes they are), the group as its object ("doesn't value them"); a day of rest
# ("won't work on Saturdays") is read apart.
_OWNED_BY_OTHERS = frozenset(["of", "by", "among", "within", "them", "that"])
# A fault named as a noun phrase not said to be theirs, then "in" or "where": a domain's ("a
# cultural thing in hiring where ..."); a verb's "in" is its scope ("lack discipline in everything").
_NOUN_OPENERS = frozenset(["a", "the", "that", "cultural", "national", "differences", "poor", "bad"])
# An outcome that befalls a group, which a cause explains ("have higher poverty because ...").
_OUTCOMES = frozenset(
    [
        *("poor", "poorer", "poorest", "poverty", "unemployed", "unemployment", "jobless", "crime", "prison"),
        *("jail", "incarcerated", "incarceration", "arrested", "sick", "ill", "die", "died", "dying"),
        *("mortality", "divorce", "divorced", "debt", "debts", "broke", "afford", "fail", "failed", "failing"),
        *("drop", "dropout", "behind", "lag", "underrepresented", "under-represented", "underperform"),
        *("underperforming", "struggle", "struggling", "low-paid", "low-skilled", "low-paying", "lower"),
        *("fewer", "gap", "homeless", "homelessness", "benefits", "welfare", "laid", "fired"),
        *("depressed", "depression", "suicide", "obese", "obesity", "worse", "worst"),
        *("wealth", "earn", "quit", "stuck", "substance", "backward", "alcoholism", "addiction", "addicted"),
        *("dangerous", "violence", "dictatorship", "dictatorships", "hiv"),
        *("overrepresented", "over-represented", "concentrated", "promoted", "hired", "problems"),
    ]
)
# A medical register: genes, risks and symptoms are facts there ("BRCA mutations due to something in
# their genes", "drop their hobbies because they lose interest").
_MEDICAL = frozenset(
    [
        *("mutation", "mutations", "disease", "diseases", "risk", "risks", "test", "tested", "testing"),
        *("screening", "cancer", "brca", "condition", "disorder", "syndrome", "carrier", "carriers"),
        *("inherited", "hereditary", "symptom", "symptoms", "diagnosis", "diagnosed", "gene", "genetic"),
    ]
)
_MEDICAL_CHARS = 400  # characters of the sentence read for its register and its outcome
# After an attribute: the thing it describes ("the worst place", "a bad idea").
_THING_NOUNS = frozenset(["place", "places", "idea", "ideas", "thing", "things", "time", "way", "part", "food"])
# Before the link: the cause denied or set aside ("not because", "rather than because").
_SET_ASIDE = ("rather than", "instead of", "not just", "not simply", "not only")
# The next sentence's opening words, pointing back at what this one says ("Much of that is
# because", "Mostly that's because", "Maybe because", "Part of it is that").
_POINTING_BACK = frozenset(
    [
        *("maybe", "probably", "perhaps", "possibly", "could", "it's", "its", "it", "is", "that's", "thats"),
        *("that", "this", "much", "a", "lot", "part", "most", "mostly", "largely", "partly", "some", "of"),
        *("just", "simply", "really", "the", "main", "mainly", "big", "biggest", "bigger", "real", "and"),
        *("but", "though", "honestly", "frankly", "underneath", "all", "at", "its", "core", "heart", "root"),
        *("reason", "reasons", "cause", "factor", "driver", "underlying", "was", "be", "why", "one"),
    ]
)
_ANSWER_CHARS = 80  # characters of the next sentence read for its opening
# Nouns naming a cause: after them and a copula the cause is said ("the biggest factor is ...").
_CAUSE_NOUNS = frozenset(["factor", "driver", "cause", "reason"])
# After a question, these alone offer a cause ("Maybe they're just ...").
_GUESSES = frozenset(["maybe", "probably", "perhaps", "possibly", "could"])


def triggered(by_kind: Mapping[str, list[Hit]], low: str, s_start: int, following: Neighbour | None) -> bool:
    """A fault in the sentence after a link or an opening that points back, or in the next one."""
    if any(k in by_kind for k in _FAULTS) and ("causal_links" in by_kind or _points_back(low, s_start)):
        return True
    if following is None or not any(h.kind in _FAULTS for h in following[2]):
        return False
    return _points_back(low, following[0], following[2])


def _points_back(low: str, start: int, hits: Iterable[Hit] = ()) -> bool:
    """The sentence opens with a word pointing back, or with a causal link ("Cuz they're ...")."""
    opening = g.first_words(low, start, min(len(low), start + 20), 1)
    if opening and opening[0] in _POINTING_BACK:
        return True
    return any(h.kind == "causal_links" and h.start - start <= 2 for h in hits)


def blamed(
    low: str,
    sentence: tuple[int, int],
    mentions: list[Mention],
    by_kind: Mapping[str, list[Hit]],
    neighbours: tuple[Neighbour | None, Neighbour | None],
) -> list[Found]:
    """The group's outcomes said to be caused by its people's character."""
    s_start, s_end = sentence
    preceding, following = neighbours
    if not mentions or p.ironic(low, s_start, s_end):
        return []
    faults = sorted((h for k in _FAULTS for h in by_kind.get(k, [])), key=lambda h: h.start)
    spans = [(m.start, m.end) for m in mentions]
    out: list[Found] = []
    asked = p.asked(low, s_start, s_end)
    links = list(by_kind.get("causal_links", []))
    opening = _opening_link(low, s_start, s_end, links)
    if opening is not None and opening not in links:
        links.append(opening)  # "Part of it is that <group> ...": the cause of the sentence before
    blamed_at: dict[int, int] = {}
    medical = _medical(low, (s_start, s_end)) or (following is not None and _medical(low, following[:2]))
    # an opening that points back explains the sentence before, which must name an outcome
    explained = preceding is not None and _outcome(
        g.words(low, preceding[0], min(preceding[1], preceding[0] + _MEDICAL_CHARS))
    )
    if not asked and not medical:
        for link in links:
            m = _outcome_of(link, mentions, by_kind)
            explains = m is not None and (explained if link is opening else _befalls(low, m, link, s_start))
            if m is not None and m.start not in blamed_at and explains:
                end = _cause(low, link, faults, spans, s_start, s_end)
                if end is not None:
                    blamed_at[m.start] = end
    if (
        not blamed_at
        and not medical
        and following is not None
        and _outcome(g.words(low, s_start, min(s_end, s_start + _MEDICAL_CHARS)))
        and _answered(low, following, spans, asked)
    ):
        # the span is this sentence's, from the last group it names (not an anaphor resolved to one:
        # those are handed over after the names); the next says why
        named = [m for m in mentions if not discourse.is_anaphor(m, by_kind)]
        last = max(named or mentions, key=lambda m: m.start)
        blamed_at = {last.start: len(low[:s_end].rstrip())}
    for m in mentions:
        end = blamed_at.get(m.start)
        if end is not None and not _rebutted(low, end, s_end):
            out.append(Found(m.start, end, frozenset([m.group]), FRAME))
    return out


def _befalls(low: str, m: Mention, link: Hit, s_start: int) -> bool:
    """An outcome named before the link in its sentence ("Fewer <group> reach ... because", "The
    poverty rate among <group> is high because"), and no agent between the group and the link that
    did it to them ("were evicted by the council because ...")."""
    said = g.words(low, max(s_start, link.start - _LINK_REACH), link.start)
    return _outcome(said) and (m.end > link.start or "by" not in g.words(low, m.end, link.start))


def _medical(low: str, span: tuple[int, int]) -> bool:
    return bool(_MEDICAL.intersection(g.words(low, span[0], min(span[1], span[0] + _MEDICAL_CHARS))))


def _outcome(said: list[str]) -> bool:
    """An outcome among the words, a count made a disparity ("so few <group> ...", "too many"), or
    an everyday word in an outcome's phrase ("end up", "drop out", "higher rates", "stay poor")."""
    if _OUTCOMES.intersection(said):
        return True
    pairs = set(itertools.pairwise(said))
    if pairs & _OUTCOME_PHRASES:
        return True
    return any(w in ("few", "many") and i and said[i - 1] in ("so", "too", "how") for i, w in enumerate(said))


_OUTCOME_PHRASES = frozenset(
    [
        *(("end", "up"), ("ends", "up"), ("ended", "up"), ("drop", "out"), ("dropped", "out"), ("out", "of")),
        *(("higher", "rates"), ("higher", "rate"), ("lower", "rates"), ("lower", "rate"), ("less", "likely")),
        *(("stay", "on"), ("stay", "in"), ("stays", "in"), ("earn", "less"), ("paid", "less"), ("more", "likely")),
        *(("more", "often"), ("less", "often"), ("lose", "their"), ("miss", "school"), ("so", "few")),
        *(("high", "rates"), ("high", "rate"), ("rates", "of"), ("rate", "of")),
    ]
)


def _outcome_of(link: Hit, mentions: list[Mention], by_kind: Mapping[str, list[Hit]]) -> Mention | None:
    """The group a link gives the cause for: the one named right after it ("because <group> ..."),
    else the last one named before it within reach; one named earlier is another's (in "my brother
    ended up saying <group> are poor because ...", not the brother)."""
    # "they" resolved to the group is the group named before it, where the span starts
    after = [m for m in mentions if 0 <= m.start - link.end <= _SUBJECT_REACH and not discourse.is_anaphor(m, by_kind)]
    if after:
        return after[0]
    before = [m for m in mentions if m.end <= link.start <= m.end + _LINK_REACH]
    # "<group> families are poor because ...": "poor" is the outcome, not the group it befalls
    while len(before) > 1 and before[-1].term.lower() in _OUTCOMES:
        before.pop()
    return before[-1] if before else None


def _cause(
    low: str, link: Hit, faults: list[Hit], spans: list[tuple[int, int]], s_start: int, s_end: int
) -> int | None:
    """Where the fault ends, if the cause after `link` is a fault of the group's people."""
    before = low[max(s_start, link.start - 30) : link.start]
    if g.negated(low, link.start, max(s_start, link.start - 12)) or any(s in before for s in _SET_ASIDE):
        return None
    for f in faults:
        if f.start < link.end:
            continue
        if f.start > link.end + 80:
            break
        if not _said_of_group(low, link.end, f.start, spans, f.kind != "blamed_causes"):
            continue
        if g.negated(low, f.start, link.end) and f.kind != "blamed_causes":
            return None  # "because they aren't lazy": denied
        attributive = g.words(low, link.end, f.start)[-1:] in (["the"], ["a"], ["an"])
        if f.kind != "blamed_causes" and (
            attributive or _THING_NOUNS.intersection(g.first_words(low, f.end, s_end, 1))
        ):
            continue  # "because a <place> is the worst place to ...": a thing's attribute
        if f.kind == "blamed_causes" and _denied_cause(low, link.end, f.start):
            return None
        following = g.first_words(low, f.end, s_end, 2)
        nominal = f.value.split()[0] in _NOUN_OPENERS or f.value.startswith("lack of")
        if (
            _OWNED_BY_OTHERS.intersection(following[:1])
            or (nominal and following[:1] in (["in"], ["where"]))
            or following == ["to", "them"]
            or (f.value.endswith("work") and following[:1] == ["on"])
        ):
            return None  # "the mindset of many teachers", "doesn't value them", "refuse to work on Saturdays"
        return f.end
    return None


def _said_of_group(low: str, start: int, end: int, spans: list[tuple[int, int]], needs_subject: bool) -> bool:
    """Only the group's people, what is theirs and grading words between `start` and `end`; with
    `needs_subject`, a subject among them (an attribute right after the link is a thing's: "because
    cheap imported food ...")."""
    outside = [w for w in g.WORD.finditer(low, start, end) if not any(a <= w.start() < b for a, b in spans)]
    # a noun of people right after the group's name is the group's ("because <group> families ...")
    named = {w.group(0) for w in outside if any(0 < w.start() - b <= 1 for _, b in spans)}
    if len(outside) > _CAUSE_WORDS:
        return False
    said = [w.group(0) for w in outside]
    bare = [
        w
        for i, w in enumerate(said)
        if w in _BARE_PEOPLE
        and w not in named
        and (i == 0 or said[i - 1] != "their")
        and said[i + 1 : i + 2] != ["there"]  # "the people there": the place's, the group's
    ]
    many = any(w == "too" and said[i + 1 : i + 2] in (["many"], ["much"]) for i, w in enumerate(said))
    if many or bare:
        return False  # "because too many people don't care", "because the families don't care": others
    if needs_subject and not (_SUBJECTS.intersection(said) or any(start <= a < end for a, _ in spans)):
        return False
    return all(w in _SUBJECT_WORDS or g.is_negation(w) for w in said)


def _rebutted(low: str, end: int, s_end: int) -> bool:
    """Evidence set against the claim after it ("..., but the evidence points to ...")."""
    rest = g.first_words(low, end, s_end, _REBUTTAL_WORDS)
    return any(w in p.CONTRASTS and _EVIDENCE.intersection(rest[i + 1 : i + 8]) for i, w in enumerate(rest))


def _denied_cause(low: str, start: int, f_start: int) -> bool:
    """A negation before a cause that holds none itself ("because it's not their culture")."""
    return any(g.is_negation(w) for w in g.words(low, start, f_start))


def _answered(low: str, following: Neighbour, spans: list[tuple[int, int]], question: bool) -> bool:
    """The next sentence gives the group's fault as the cause of what this one says ("Maybe because
    they're just soft.", "Much of that is because they ..."); after a question, a guess alone
    gives the cause ("Why ...? Maybe they're just not wired for it.")."""
    n_start, n_end, hits = following
    if p.asked(low, n_start, n_end) and g.first_words(low, n_start, n_end, 1) != ["could"]:
        return False
    link = _opening_link(low, n_start, n_end, hits, question)
    if link is None:
        return False
    faults = sorted((h for h in hits if h.kind in _FAULTS), key=lambda h: h.start)
    return _cause(low, link, faults, spans, n_start, n_end) is not None


def _opening_link(low: str, s_start: int, s_end: int, hits: Iterable[Hit], question: bool = False) -> Hit | None:
    """The link of a sentence that opens by pointing back at what the one before says, as its cause:
    "Much of that is because ...", "That's mostly because ...", "The biggest factor is ...", "Part
    of it is that ..."; after a question, "Maybe ..."."""
    links = {h.start: h for h in hits if h.kind == "causal_links"}
    found: Hit | None = None
    before: list[str] = []
    for w in g.WORD.finditer(low, s_start, min(s_end, s_start + _ANSWER_CHARS)):
        word = w.group(0)
        if w.start() in links:
            return links[w.start()]
        share = word == "is" and before[-2:] in (["of", "it"], ["of", "that"], ["of", "this"])
        if word in _CAUSE_NOUNS or share or (question and word in _GUESSES and found is None):
            found = Hit(w.start(), w.end(), "causal_links", word)
        if word not in _POINTING_BACK:
            break
        before.append(word)
    return found
