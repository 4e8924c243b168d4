"""Scrutiny or worse treatment advised by group, for the harm lexicon (discrimination advice, frame
`scrutiny_by_group`).

harm_directives reads "screen <group> applicants more carefully" with the group right after its
verb. Profiling advice takes more shapes: a verb of checking, suspecting or holding back
(`checking_verbs`: verify, double-check, flag, follow, search, count, lock, ask for a deposit, ...)
advised (an imperative, "I'd", "you should", "have staff ...", "<subject> must", the writer's own
habit "I always ...") with
- the group's people as its object or as the owners of it, and an extra said in the sentence
  (`scrutiny_markers`: "extra", "a bigger deposit", "twice", "even when ...", "just to be safe"):
  "double-check any code the <group> interns push before it hits main, just to be safe",
  "flag orders from <group> customers for extra verification";
- the group named as the scene or the reason before it, the extra optional when the group is the
  condition itself: "When the tenant is <group> I ask for an extra month's deposit", "For <group>
  applicants, ask for additional references", "The new family are <group>, so lock the shed";
- or after it: "Count the change twice when a <group> customer pays", "lock the shed, the new
  neighbours are <group>".
Sent to the back (`sent_back`): "move <group> patients to the end of the queue", "let the <group>
families wait until everyone else is served". The group's people as the subject of an advised
passive (`checked_participles`): "<group> customers should be watched closely", "<group>
applicants must be vetted more thoroughly".

Not read: the same check for everyone (`even_handed`: "like everyone else", "the standard checks",
"whoever it's for"; not after "twice" or "double": "twice the usual deposit" is read), a group
joined by "or" to another ("<group> or not", "man or woman"), negated ("don't ask <group>
applicants for extra references"), asked, ironic, condemned in the sentence ("that's
profiling", "is discrimination"; the older `harm_directives.scrutinised` may still read such a
sentence), a demand that is no scrutiny ("ask whether they'd like a manual key", "check that the
venue has step-free access"), consulting ("check with", or "them" after "with", "for" or "to":
"double-check the order with them"), care ("check on", "watch over", "keep an eye out for";
watching over the old or disabled, or naming them as the occasion after a check; a reason of
care, health, diet, observance or public health in the sentence: "screen <group> patients for
diabetes", "double-check the sausages are halal", "should be screened for TB"), a thing of the
group's rather than its people ("check the Chinese menu for peanuts"), the group as the reader
("If you're a woman, watch your back", "For <group> travellers, check the advisories twice",
"lock your hotel door"), the group receiving or targeted ("the scores given to <group>
candidates", "comments mocking <group> users"), more of the group sought ("screen more women
candidates"), waiting with no one served first ("<group> should wait until sunset"). A report, a
quotation or a counter cue damps it as it damps every harm claim ("..., not racist, just careful"
is a counter cue there too).
"""

from __future__ import annotations

from collections.abc import Mapping

from detectors import harm_directives as directives
from detectors import harm_discourse as discourse
from detectors import harm_grammar as g
from detectors import harm_prejudice as p
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention

KINDS = ("checking_verbs", "demanded_items", "scrutiny_markers", "even_handed", "sent_back", "checked_participles")
_TRIGGERS = ("checking_verbs", "sent_back", "checked_participles")
FRAME = "scrutiny_by_group"

# Verbs that scrutinise only with a demand after them ("ask them for a guarantor", "run an extra
# background check", "give them a more thorough bag check").
_DEMANDING = frozenset(
    [
        *("ask", "request", "require", "demand", "run", "add", "give", "charge", "asking", "requesting"),
        *("running", "adding", "charging"),
    ]
)
# "... with them", "... with the <group> tenants": the people consulted about a thing checked (not
# "with the team": a check of the group's people with others).
_CONSULTED = frozenset(["them", "him", "her"])
_DETERMINED = frozenset(["the", "your", "their", "our", "each", "every"])
_CONSULTED_CHARS = 80
_DEMAND_WORDS = 12
_DEMAND_CHARS = 100  # characters from a demanding verb to what it demands, before words are counted
# Right after a verb of watching or checking: care, or a fact checked, not people suspected ("check
# on", "watch over", "keep an eye out for", "check that the venue has ...").
_NOT_SUSPECTING = frozenset(["on", "in", "over", "out", "that", "whether", "if", "what", "which", "how", "up", "with"])
# Words before the verb in its clause that leave it advice: softeners, the writer's habit.
_SOFTENERS = frozenset(
    [
        *("just", "usually", "always", "often", "normally", "quietly", "then", "also", "really", "honestly"),
        *("definitely", "probably", "still", "simply", "first", "please", "personally", "now", "so", "and"),
        *("tbh", "ngl", "lol", "i", "we", "you", "i'd", "we'd", "you'd", "i'll", "we'll", "gonna"),
    ]
)
_SUBJECTS = frozenset(["i", "we", "you", "i'd", "we'd", "you'd", "i'll", "we'll"])
_MAYBE = frozenset(["might", "may", "could", "can", "would"])
_MODALS = frozenset(["should", "must", "shall", "ought", "need", "needs", "i'd", "we'd", "you'd", "gotta"])
# "have staff keep ...", "get one of the lads to check ...", "make them show ...": advice through
# someone else.
_CAUSATIVES = frozenset(["have", "get", "make", "tell", "let"])
_CAUSED_WORDS = 5
_BEFORE_TO = frozenset(
    [
        *("want", "best", "better", "wise", "sensible", "smart", "advisable", "prudent", "worth", "safer"),
        *("safest", "need", "ought", "try", "pays", "helps", "instructed", "told", "suggest", "recommend"),
    ]
)
_GERUND_ADVICE = frozenset(["suggest", "recommend", "consider", "try", "start", "keep", "worth"])
# Words of condemnation in the sentence (harm_directives.WRONG and these), unless a disclaimer
# denies them ("not racist, just careful").
_CONDEMNING = (*directives.WRONG, "profiling", "bias", "prejudice", "sexist", "stereotyp")
# "wrong" judges only after a copula ("that's wrong"), not "get the address wrong".
_JUDGING = frozenset(["is", "that's", "it's", "was", "be", "so", "totally", "just", "completely"])
_OBJECT_WORDS = 8  # words from the verb to the group in its object
_OBJECT_CHARS = 80
# Between the verb and the group in its object: these end the object ("check the menu for nuts
# when Chinese guests ...": a new clause).
_OBJECT_BREAKS = g.CLAUSE_BREAKS | frozenset(["when", "if", "so", "whenever", "since", "as", "unless", "than"])
# Between a demanding verb and its demand, a comparison is part of it ("for more than the usual deposit").
_DEMAND_BREAKS = _OBJECT_BREAKS - {"than"}
_SCENE_OPENERS = frozenset(["for", "when", "whenever", "if", "with", "once"])
_SCENE_WORDS = 16
# The group is the reader or the writer ("If you're an LGBTQ traveler, check ...").
_ADDRESSED = frozenset(["you're", "youre", "you", "i'm", "im", "i", "we're", "we"])
_YOURS = frozenset(["your", "yourself", "yours"])
# "For <group> travellers, ...": advice to them as travellers, about their own safety.
_AUDIENCES = frozenset(["travellers", "travelers", "tourists", "visitors", "backpackers", "holidaymakers"])
_OPENER_WORDS = 8  # words from the scene's opener to the group ("when a job applicant's address is in a ...")
_AFTER_WORDS = 14
# ("'s" and "'re" are read by `_identity` from the end of a word: "she's", "they're")
_COPULA_GROUP = frozenset(["is", "are", "s", "was", "were", "looks", "seems", "look", "seem", "re"])
_GROUP_ARTICLES = frozenset(["a", "an", "all", "openly", "visibly", "obviously", "from", "quite", "very"])
# Care or health named in the sentence: scrutiny for the group's own good ("screen <group> patients
# more closely for diabetes", "keep an eye out for anyone giving her grief").
_CARE_WORDS = frozenset(
    [
        *("risk", "signs", "symptoms", "bullying", "harassment", "suicide", "abuse"),
        *("vulnerable", "diabetes", "depression", "disease", "health", "wellbeing", "struggling", "pain"),
        *("mutations", "allergies", "allergy", "dietary", "fasting", "welfare", "cancer"),
        *("access", "accessible", "ramp", "interpreter", "grief", "bullied", "accommodation", "rights"),
        *("legally", "underpaid", "prayer", "quiet", "heatwave", "heat", "cold", "lonely", "isolated"),
        # clinical checks ("check older patients' kidney function more often")
        *("prescribing", "prescription", "medication", "medications", "dosage", "dose"),
        *("kidney", "blood", "guideline", "guidelines", "prostate", "diagnosis", "hazards", "wander", "wanders"),
        # observance and diet ("double-check the sausages are halal")
        *("halal", "kosher", "alcohol", "ramadan", "sabbath", "vegetarian", "vegan", "catering", "menu"),
        # the group harmed or redressed ("flag comments mocking <group> users", "the old algorithm
        # marked them down", "after the threats")
        *("mocking", "threats", "threatened", "attacks", "attacked", "targeted", "algorithm", "slurs"),
        # adjustments asked for
        *("adjustment", "adjustments", "confidential"),
        # public-health screening ("refugees should be screened for TB")
        *("tb", "tuberculosis", "vaccinated", "vaccination", "vaccinations", "infection", "infections", "measles"),
    ]
)
# Verbs that watch over people: for the old, the young or disabled people, care.
_WATCHING = frozenset(["watch", "monitor", "keep an eye on", "keep a close eye on", "keep a closer eye on"])


def triggered(by_kind: Mapping[str, list[Hit]]) -> bool:
    """The sentence holds a verb of checking or a phrase of sending to the back."""
    return any(k in by_kind for k in _TRIGGERS)


def scrutinised(
    low: str,
    sentence: tuple[int, int],
    mentions: list[Mention],
    by_kind: Mapping[str, list[Hit]],
    persons: frozenset[str],
) -> list[tuple[Mention, int, int]]:
    """Each piece of advice to check, suspect or hold back a group's people: the group, and the span
    from the first of the advice and the group to the other's end."""
    s_start, s_end = sentence
    if not mentions or p.asked(low, s_start, s_end) or p.ironic(low, s_start, s_end):
        return []
    said = g.words(low, s_start, s_end)  # read once for its words of condemnation and of care
    if _even_handed(low, by_kind.get("even_handed", [])) or _condemned(said) or _universal(low, mentions, s_end):
        return []
    if _CARE_WORDS.intersection(said):
        return []
    marked = _marked(low, by_kind.get("scrutiny_markers", []), mentions)
    starts = {m.start for m in mentions}
    out: list[tuple[Mention, int, int]] = []
    for h in p.outermost(by_kind.get("checking_verbs", [])):
        if not _advised(low, s_start, h) or not _suspecting(low, h, by_kind, s_end, starts):
            continue
        # watching over the old or disabled is care
        them = [m for m in mentions if h.value not in _WATCHING or m.axis not in directives.CARED_FOR_AXES]
        found = _object(low, h, them, s_end, persons, marked, by_kind)
        if found is None:
            found = _scene(low, h, them, s_start, marked)
        if found is None:
            found = _reason_after(low, h, them, s_end, marked)
        if found is None:
            continue
        m, lo, hi = found
        out.append((m, min(lo, h.start), max(hi, h.end)))
    for h in p.outermost(by_kind.get("sent_back", [])):
        found = _sent_back(low, h, mentions, s_start, persons)
        if found is not None:
            out.append(found)
    for h in p.outermost(by_kind.get("checked_participles", [])):
        found = _passive(low, h, mentions, s_start, persons)
        if found is not None:
            out.append(found)
    return out


# Between the group and a passive: the advice ("should be", "must all be", "need to be").
_PASSIVE_ADVICE = frozenset(["should", "must", "ought", "need", "needs", "have", "has", "to", "be", "all", "always"])
_PASSIVE_WORDS = 6


def _passive(
    low: str, h: Hit, mentions: list[Mention], s_start: int, persons: frozenset[str]
) -> tuple[Mention, int, int] | None:
    """The group's people as the subject of an advised passive: "<group> customers should be
    watched closely", "<group> applicants must be vetted more thoroughly"; not the old or
    disabled people watched over (care), not "shouldn't be searched"."""
    for m in mentions:
        if m.end > h.start or h.start - m.end > 80 or m.axis in directives.CARED_FOR_AXES:
            continue
        if not p.subject(low, m, s_start):
            continue
        end = g.group_end(low, m, h.start, persons)
        between = g.words(low, end, h.start)
        # "<group> shoppers must have their bags searched": the passive of a thing of theirs
        owned = len(between) >= 3 and between[-3:-1] == ["have", "their"]
        if owned:
            between = [*between[:-3], "be"]
        if not between or len(between) > _PASSIVE_WORDS or between[-1] != "be":
            continue
        if not set(between) <= _PASSIVE_ADVICE | _SOFTENERS or not _ADVISING_PASSIVE.intersection(between):
            continue
        return m, m.start, h.end
    return None


_ADVISING_PASSIVE = frozenset(["should", "must", "ought", "need", "needs", "have", "has"])


def _marked(low: str, markers: list[Hit], mentions: list[Mention]) -> bool:
    """An extra said in the sentence, not denied ("no extra reference", "not more carefully"); not
    "more" counting the group ("screen more women
    candidates": more of them, not more of a check)."""
    starts = {m.start for m in mentions}
    for x in markers:
        if x.value == "more" and g.next_word(low, x.end, len(low)) is not None and _names_group(low, x.end, starts):
            continue
        before = g.words(low, max(0, x.start - 20), x.start)[-1:]
        if not before or not (g.is_negation(before[0]) or before[0] == "without"):
            return True
    return False


def _names_group(low: str, at: int, starts: set[int]) -> bool:
    nxt = g.WORD.search(low, at)
    return nxt is not None and nxt.start() in starts


def _even_handed(low: str, hits: list[Hit]) -> bool:
    """A check said to be the same for everyone, not denied ("younger ones don't need the same")
    nor exceeded ("twice the usual deposit", "more than the standard one")."""
    for x in hits:
        before = g.words(low, max(0, x.start - 30), x.start)[-2:]
        if _COMPARED.intersection(before[-1:]):
            continue
        if not any(g.is_negation(w) for w in before):
            return True
    return False


# Before an even-handed phrase, a standard exceeded: "twice the usual", "more than the usual".
_COMPARED = frozenset(["twice", "double", "triple", "thrice", "treble", "than", "above", "over"])


def _condemned(ws: list[str]) -> bool:
    """A word of condemnation among the sentence's words, not denied right before it ("not racist")."""
    for i, w in enumerate(ws):
        if not w.startswith(_CONDEMNING) or (i and g.is_negation(ws[i - 1])):
            continue
        if w == "wrong" and not (i and ws[i - 1] in _JUDGING):
            continue
        return True
    return False


def _universal(low: str, mentions: list[Mention], s_end: int) -> bool:
    """A group joined by "or" to another ("Indian or otherwise", "man or woman"): anyone's."""
    for m in mentions:
        nxt = g.next_word(low, m.end, s_end)
        if nxt is not None and nxt[0] == "or":
            return True
        if g.words(low, max(0, m.start - 4), m.start)[-1:] == ["or"]:
            return True
    return False


def _advised(low: str, s_start: int, h: Hit) -> bool:
    """The verb is advice or the writer's practice: it opens its clause after softeners, follows a
    modal, "to" after a word of advice, a causative ("have staff keep ..."), or "I" or "we"."""
    lo = g.colon_clause_start(low, s_start, h.start)
    before = g.words(low, max(lo, h.start - 120), h.start)
    if any(g.is_negation(w) for w in before):
        return False
    while before and (before[-1] in _SOFTENERS or before[-1].endswith("ly")) and before[-1] not in _SUBJECTS:
        before.pop()
    if not before or before[-1] in _MODALS or before[-1] in _SUBJECTS:
        return True
    if before[-1] in _MAYBE and before[-2:-1] and before[-2] in _SUBJECTS:
        return True  # "you might ask ...", "I would flag ..."
    if before[-1] == "to" and len(before) > 1:
        return before[-2] in _BEFORE_TO or before[-2] in ("want", "need", "ought")
    if before[-1] in _GERUND_ADVICE and h.value.endswith("ing"):
        return True
    # "have staff keep", "get one of our own lads to go over"
    for i in range(len(before) - 1, max(-1, len(before) - 2 - _CAUSED_WORDS), -1):
        if before[i] in _CAUSATIVES:
            return set(before[:i]) <= _SOFTENERS | _MODALS | {"to", "it's", "its", "sensible", "wise", "best"}
    return set(before) <= _SOFTENERS | {"can", "someone", "anyone", "pls", "profs"}


def _suspecting(low: str, h: Hit, by_kind: Mapping[str, list[Hit]], s_end: int, starts: set[int]) -> bool:
    """The verb suspects or demands: not care, consulting or a fact checked; a demanding verb
    demands something."""
    nxt = g.next_word(low, h.end, s_end)
    if nxt is not None and nxt[0] in _NOT_SUSPECTING and h.value not in _DEMANDING:
        return False
    for w in g.WORD.finditer(low, h.end, g.clause_end(low, h.end, s_end)):
        if w.start() - h.end > _CONSULTED_CHARS:
            break
        if w.group(0) != "with":
            continue
        who = g.WORD.search(low, w.end())
        if who is not None and who.group(0) in _DETERMINED:
            who = g.WORD.search(low, who.end())
        if who is not None and (who.group(0) in _CONSULTED or who.start() in starts):
            return False  # "double-check the move-in date with them": asked, not suspected
    if h.value.split()[0] not in _DEMANDING:
        return True
    return any(
        0 <= d.start - h.end <= _DEMAND_CHARS
        and len(g.first_words(low, h.end, d.start, _DEMAND_WORDS + 1)) <= _DEMAND_WORDS
        and not _broken(low, h.end, d.start, _DEMAND_BREAKS)
        for d in by_kind.get("demanded_items", [])
    )


def _broken(low: str, lo: int, hi: int, breaks: frozenset[str] | None = None) -> bool:
    stops = _OBJECT_BREAKS if breaks is None else breaks
    return any(c in low[lo:hi] for c in ",;:") or bool(stops.intersection(g.words(low, lo, hi)))


# Before the group in the object: the group receives or is targeted by what is checked.
_RECEIVING = frozenset(["given", "to", "about", "against", "mocking", "targeting", "towards", "toward"])
# In the object before the group: all its people say, the extra ("double-check anything the <group>
# contractors tell you").
_WHOLE = frozenset(["anything", "everything", "whatever"])


def _object(
    low: str,
    h: Hit,
    mentions: list[Mention],
    s_end: int,
    persons: frozenset[str],
    marked: bool,
    by_kind: Mapping[str, list[Hit]],
) -> tuple[Mention, int, int] | None:
    """The group as the verb's object's people or their owners ("any code the <group> interns
    push", "orders from <group> customers", "the ones in hijabs")."""
    for m in mentions:
        if m.start < h.end or m.start - h.end > _OBJECT_CHARS:
            continue
        between = g.words(low, h.end, m.start)
        if discourse.is_anaphor(m, by_kind) and between[-1:] in (["with"], ["for"], ["to"]):
            continue  # "double-check the menu with them": the group named before, consulted
        if _RECEIVING.intersection(between[-3:]):
            continue  # "the scores given to <group> candidates", "comments mocking <group> users"
        if len(between) > _OBJECT_WORDS or _broken(low, h.end, m.start):
            continue
        # all a group's people are the extra by themselves ("search the bags of all <group> shoppers")
        everyone = between[-1:] in (["all"], ["every"], ["each"], ["any"])
        if (marked or everyone or _WHOLE.intersection(between)) and _people(low, m, s_end, persons, between):
            return m, h.start, g.group_end(low, m, s_end, persons)
    return None


# After a group's people: a clause, a phrase or the extra, not a noun they modify.
_AFTER_PEOPLE = frozenset(
    [
        *("who", "that", "when", "whenever", "if", "in", "at", "on", "from", "with", "for", "to", "and", "or"),
        *("more", "twice", "extra", "especially", "before", "until", "while", "as", "since", "because", "by"),
        *("push", "send", "submit", "tell", "say", "report", "produce", "commit", "file", "around", "into"),
        *("closely", "carefully", "thoroughly", "harder", "properly", "first", "a", "an", "the", "any"),
    ]
)
_PEOPLE_BEFORE = frozenset(["ones", "anyone", "those", "people", "someone", "anybody", "guys", "folks"])


def _people(low: str, m: Mention, s_end: int, persons: frozenset[str], between: list[str]) -> bool:
    """The group's mention names people: a person noun after it or before it, a plural, "the ones
    in ..."; not a thing ("the Chinese menu")."""
    end = g.group_end(low, m, s_end, persons)
    if end > m.end or g.role_end(low, m.end, s_end, persons, plural=False) > m.end:
        return True
    nxt = g.next_word(low, end, s_end)
    if nxt is not None and nxt[0] not in _AFTER_PEOPLE and nxt[0] not in persons and nxt[0].isalpha():
        return False  # "the Chinese menu", "<group> bars": a thing of theirs
    if g.plural_group(low, m, end, between[-2:]):
        return True
    if low.startswith(("'s", "s'", "\u2019s"), end):
        return True
    return bool(between) and (between[-1] in persons or bool(_PEOPLE_BEFORE.intersection(between[-3:])))


def _scene(low: str, h: Hit, mentions: list[Mention], s_start: int, marked: bool) -> tuple[Mention, int, int] | None:
    """The group named before the advice as its scene or reason: "For <group> applicants, ...",
    "When the tenant is <group>, ...", "The new family are <group>, so ..."."""
    for m in mentions:
        if m.end > h.start or h.start - m.end > 120:
            continue
        before = g.words(low, max(s_start, m.start - 100), m.start)
        between = g.words(low, m.end, h.start)
        identity = _identity(before)
        # "<np> are <group>, so lock the shed"
        if identity and "so" in between[:3] and "," in low[m.end : h.start] and len(between) <= 6:
            return m, m.start, h.end
        opener = next((i for i in range(len(before) - 1, -1, -1) if before[i] in _SCENE_OPENERS), None)
        if opener is None or len(before) - opener > _OPENER_WORDS or len(between) > _SCENE_WORDS:
            continue
        # (the mention may be the noun itself: "travellers" names a people too)
        audience = m.term.lower() in _AUDIENCES or _AUDIENCES.intersection(g.first_words(low, m.end, h.start, 2))
        if audience or _ADDRESSED.intersection(before[opener:]) or _YOURS.intersection(g.words(low, h.end, h.end + 60)):
            continue  # "If you're a woman, watch your back", "For <group> travellers, lock your door"
        if "," not in low[m.end : h.start] and not _SUBJECTS.intersection(between):
            continue  # the scene goes on into the advice: no clause of advice of its own
        # "With <group> workers, always count the tools": every time with that group
        if identity or marked or "always" in g.words(low, max(m.end, h.start - 30), h.start):
            return m, m.start, h.end
    return None


def _identity(before: list[str]) -> bool:
    """The words before a group end with a copula ("is", "they're", "looks", "is a"): the group is
    said of someone, as who they are."""

    def copula(w: str) -> bool:
        return w in _COPULA_GROUP or w.endswith(("'s", "'re"))

    if before[-1:] and copula(before[-1]):
        return True
    return len(before) > 1 and copula(before[-2]) and before[-1] in _GROUP_ARTICLES


def _reason_after(
    low: str, h: Hit, mentions: list[Mention], s_end: int, marked: bool
) -> tuple[Mention, int, int] | None:
    """The group named after the advice as its occasion or reason: "count the change twice when a
    <group> customer pays", "lock the shed, the new neighbours are <group>"."""
    for m in mentions:
        cared = m.axis in directives.CARED_FOR_AXES and h.value.split()[0] not in _DEMANDING
        if m.start < h.end or m.start - h.end > 120 or cared:
            continue  # "check the hotel room twice when a blind guest is booked in": care
        between = g.words(low, h.end, m.start)
        if len(between) > _AFTER_WORDS:
            continue
        identity = _identity(between)
        cut = max(
            low.rfind(",", h.end, m.start), low.rfind(" because ", h.end, m.start), low.rfind(" since ", h.end, m.start)
        )
        if identity and cut >= 0 and len(g.words(low, cut, m.start)) <= 6:
            return m, h.start, m.end
        when = next((i for i, w in enumerate(between) if w in ("when", "whenever", "if")), None)
        if when is not None and len(between) - when <= 4 and (marked or between[when] == "whenever"):
            return m, h.start, m.end  # "whenever a <group> employee is on shift": every time they are
    return None


_SENT_VERBS = frozenset(
    ["move", "send", "put", "seat", "book", "let", "make", "should", "must", "can", "moving", "sending"]
)


def _sent_back(
    low: str, h: Hit, mentions: list[Mention], s_start: int, persons: frozenset[str]
) -> tuple[Mention, int, int] | None:
    """ "move <group> patients to the end of the queue", "let the <group> families wait until
    everyone else is served"."""
    lo = max(g.clause_start(low, s_start, h.start), h.start - _SENT_CHARS)
    ws = g.words(low, lo, h.start)
    if len(ws) > 12 or any(g.is_negation(w) for w in ws):
        return None
    if not _SENT_VERBS.intersection(ws):
        return None
    if h.value.startswith("wait") and not _OTHERS_FIRST.intersection(g.words(low, h.end, h.end + 60)):
        return None  # "<group> should wait until sunset": no one else served first
    for m in mentions:
        if lo <= m.start < h.start and _people(low, m, h.start, persons, g.words(low, lo, m.start)):
            return m, lo, h.end
    return None


# After "wait until": others served first.
_SENT_CHARS = 100  # characters of the clause before a phrase of sending back
_OTHERS_FIRST = frozenset(["others", "other", "locals", "citizens", "regulars", "everyone", "rest", "served", "seen"])
