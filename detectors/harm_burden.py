"""A group said to be a cost that others carry, for the harm lexicon (implicit derogation, frame
`burden_on_others`).

Said politely, this is how much hostility toward immigrants, disabled people, the poor and the old
is put: not that they are bad, but that they take.
- A noun of burden (`burden_nouns`: "drain", "strain", "liability") after a copula, with a
  determiner, or after "put", the group its subject: "<group> are a huge drain on the welfare
  system", "<group> put a real strain on our schools".
- A verb of taking or costing (`cost_verbs`: "cost", "eat up", "drive up", "live off") with the
  group as its subject and a public resource or other people as its object (`public_resources`):
  "<group> cost taxpayers billions", "eat up staff time", "drive up everyone's premiums".
- Others said to pay for them (`payers` then `payments`): "<group> get free housing and the rest
  of us end up paying", in the sentence that names the group as its subject or as the people a
  gerund takes on ("hiring <group> means the rest of the team ends up covering"), or opening the
  next sentence ("We hired two <group> interns. Honestly the rest of the team carries them.").

The verbs come in families, each with the objects it takes from others: costing ("cost", any
resource or people: "cost us a fortune"), draining ("drain", "strain", "overwhelm": a public
resource), taking ("eat up", "take up": a thing, "staff time", "hospital beds"), raising ("drive
up": a cost, "premiums", "rents") and living off ("live off", "sponge off", "exploit": the public
purse or other people, "welfare", "taxpayers").

Not read: negated ("aren't a drain", "nobody ends up paying", "a burden on nobody"), asked, ironic,
the group as the object of the burden ("the strain on <group>", "a burden for <group> families",
"<group> are facing a drain on their savings", "put a strain on their bodies") or of a noun or
gerund ("the cost of housing <group>"), a few of the group ("some <group>"), children, another
sense of the word ("fixing the drain", "the new strain", "burden-free"), an object that is not
taken from others ("drive up wages", "live off the state pension they paid into"), a comparison
("cost far less than", "take up fewer beds than", "end up paying less"), a payment for something
else ("taxpayers ended up paying for the bailout"), the cost approved ("..., and that's fine by
me"), a claim a contrast sets evidence against ("..., but the data show they pay more in taxes")
or rebutted after it ("..., that's the lie we keep hearing"). A report, a quotation or a counter
cue damps it as it damps every harm claim (harm.py).

"""

from __future__ import annotations

from collections.abc import Mapping

from detectors import harm_grammar as g
from detectors import harm_prejudice as p
from detectors.harm_grammar import Hit, Neighbour
from detectors.harm_prejudice import Found
from detectors.taxonomy import Mention

KINDS = ("burden_nouns", "cost_verbs", "public_resources", "payers", "payments")
_TRIGGERS = ("burden_nouns", "cost_verbs", "payments")
FRAME = "burden_on_others"

# Between the group and its verb or copula: adverbs, auxiliaries and modals only ("<group> are
# basically draining ...", "will always cost ...", "tend to eat up ...").
_BETWEEN = frozenset(
    [
        *("just", "all", "really", "basically", "honestly", "frankly", "simply", "mostly", "mainly", "largely"),
        *("only", "clearly", "obviously", "always", "constantly", "now", "increasingly", "already", "still"),
        *("literally", "also", "too", "often", "usually", "typically", "generally", "tend", "to", "keep", "end"),
        *("up", "will", "would", "do", "does", "are", "is", "have", "has", "been", "ever", "then", "re"),
        *("inevitably", "effectively", "essentially", "practically", "quietly", "seriously", "massively"),
        *("here", "there", "nowadays", "today", "anyway", "ultimately", "'ll", "can", "could", "gonna", "going"),
        # "<group> (just) come here to live off ...": the purpose of coming is the taking
        *("come", "comes", "came", "coming", "move", "moved", "over"),
    ]
)
_BETWEEN_WORDS = 4
_REACH = 60  # characters from the group's phrase to its verb or copula
# A noun of burden is a predicate after one of these ("are a drain", "have become a burden").
_COPULAS = frozenset(
    ["are", "is", "were", "was", "become", "became", "becoming", "remain", "remains", "re", "being", "be", "been", "r"]
)
# ... or the object of one of these, "on" after it ("put a huge strain on the clinics").
_PUTTING = frozenset(["put", "puts", "putting", "place", "places", "placing", "impose", "imposes", "add", "adds"])
_DETERMINERS = frozenset(["a", "an", "the", "one", "such", "another"])
# From the copula to the noun of burden only these: a determiner and the burden's grading ("are
# nothing but a massive drain"); not a verb ("are facing a drain on their savings", "are fixing the
# drain"), a preposition ("under a huge strain", "vulnerable to the new strain") or a comparison
# ("less of a drain", "the opposite of a drain").
_PREDICATE = frozenset(
    [
        *_DETERMINERS,
        *("huge", "real", "massive", "big", "serious", "major", "constant", "growing", "enormous", "terrible"),
        *("heavy", "financial", "net", "economic", "nothing", "but", "just", "basically", "simply", "really"),
        *("honestly", "literally", "total", "complete", "permanent", "unsustainable", "bottomless", "ongoing"),
        *("significant", "biggest", "largest", "single", "greatest", "absolute", "frankly", "always"),
        *("all", "mostly", "clearly", "obviously", "increasingly", "unfair", "unbearable", "intolerable", "costly"),
    ]
)
_PREDICATE_WORDS = 5
# After a noun of burden: what it weighs on, or the clause's end.
_ON = frozenset(["on", "upon", "to", "for", "and"])
# ... but not nobody, or the group itself ("a burden on nobody", "on themselves").
_NOT_ON = frozenset(["nobody", "no", "noone", "themselves", "itself"])
# ... nor the group's own body, health or money ("a strain on their bodies", "on their savings").
_OWN_THINGS = frozenset(
    [
        *("bodies", "body", "joints", "health", "savings", "budgets", "budget", "finances", "wallets", "time"),
        *("mental", "minds", "backs", "knees", "hearts", "relationships", "marriages", "own"),
    ]
)
# Verbs of costing by family: what each takes from others (`_OBJECTS`).
_RAISING = frozenset(["drive", "drives", "driving", "push", "pushes", "pushing", "jack", "jacks", "bump", "bumps"])
_TAKING = frozenset(
    [
        *("eat", "eats", "eating", "soak", "soaks", "soaking", "suck", "sucks", "sucking", "use", "uses"),
        *("using", "take", "takes", "taking", "tie", "ties", "tying", "gobble", "gobbles", "hog", "hogs", "hogging"),
    ]
)
_LIVING = frozenset(
    [
        *("live", "lives", "living", "sponge", "sponges", "sponging", "mooch", "mooches", "mooching", "leech"),
        *("leeches", "leeching", "freeload", "freeloading", "scrounge", "scrounging", "feed", "feeding", "milk"),
        *("milks", "milking", "exploit", "exploits", "exploiting"),
    ]
)
_COSTS = frozenset(
    [
        *("insurance premiums", "premiums", "everyone's premiums", "healthcare costs", "costs", "prices", "rents"),
        *("taxes",),
    ]
)
_PEOPLE = frozenset(
    [
        *("the rest of us", "everyone else", "everybody else", "everyone", "hardworking people", "working people"),
        *("honest people", "us", "the community", "small businesses", "employers", "the team", "the company"),
    ]
)
_PURSE = frozenset(
    [
        *("taxpayers", "the taxpayer", "taxpayer", "tax dollars", "our taxes", "your taxes", "tax money"),
        *("public money", "public funds", "the public purse", "welfare", "the welfare system", "benefits"),
        *("the benefits system", "the system", "the state", "the government", "the nhs", "our nhs", "society"),
        *("our welfare system", "the rest of us", "everyone else", "everybody else", "hardworking people"),
        *("working people", "honest people", "the public"),
    ]
)
_OBJECT_WORDS = 6
_OBJECT_REACH = 70  # characters from a verb of costing to its object
# Right after the verb or its object, or a payment: nothing or less ("cost nothing", "end up paying
# less"); in the words after, a comparison ("cost far less than", "a third of what ...").
_LESS = frozenset(["less", "nothing", "little", "fewer", "back", "lower", "under", "only", "just", "cheaper"])
_COMPARED = frozenset(["less", "fewer", "fraction", "than", "cheaper", "half", "third", "quarter", "lower", "under"])
# Between a verb of costing and its object: what may stand in the object's phrase before it.
_OBJECT_GLUE = frozenset(
    [
        *("the", "our", "your", "their", "a", "an", "lot", "of", "so", "much", "many", "all", "every", "public"),
        *("local", "scarce", "precious", "limited", "billions", "millions", "in", "up", "huge", "massive", "dry"),
        *("too", "more", "extra", "hard-earned", "hardworking", "already", "stretched", "overstretched"),
        *("ever", "larger", "bigger", "greater", "growing", "share", "disproportionate", "lion's", "half"),
    ]
)
# Between payers and their payment ("the rest of us end up paying", "taxpayers are left footing").
_PAYING_GLUE = frozenset(
    [
        *("end", "ends", "ended", "up", "have", "has", "had", "to", "are", "is", "get", "gets", "got", "left"),
        *("stuck", "forced", "always", "then", "quietly", "all", "who", "must", "will", "basically"),
        # how often they pay ("colleagues usually end up picking up the slack")
        *("usually", "often", "generally", "typically", "inevitably", "eventually", "still", "always"),
        *("just", "literally", "somehow", "effectively", "the", "ones"),
    ]
)
_PAYER_GAP = 4
_PAYER_REACH = 40  # characters from the payers to their payment
_PAID_REACH = 240  # characters from the group's phrase to the payment
# After a payment: what it is for; only the group ("for them", "for their housing") or nothing
# ("taxpayers ended up paying for the bailout" pays for something else).
_FOR_THEM = frozenset(["them", "their", "it", "all", "this", "that", "those", "these", "everything"])
# The gerund that makes the group the people taken on ("hiring <group> means ...").
_TAKING_ON = frozenset(
    [
        *("hiring", "accommodating", "housing", "admitting", "employing", "letting", "taking", "having"),
        *("accepting", "insuring", "treating", "covering", "supporting", "funding", "keeping", "bringing"),
    ]
)
_GERUND_DETERMINERS = frozenset(["in", "more", "all", "these", "those", "the", "any", "so", "many", "our", "new"])
# Before the next sentence's payers: a few words that open it ("Honestly, the rest of us ...").
_NEXT_OPENERS = 3
# After a contrast, evidence set against the claim: a word of evidence, then a verb of showing.
_EVIDENCE = frozenset(
    ["data", "study", "studies", "research", "evidence", "figures", "statistics", "surveys", "survey", "treasury"]
)
_SHOWING = frozenset(
    [
        *("show", "shows", "showed", "suggest", "suggests", "find", "finds", "found", "prove", "proves"),
        *("say", "says", "contradict", "contradicts", "disagree", "disagrees", "actually", "pay", "contribute"),
    ]
)
# After the claim: the writer's rebuttal or approval of the cost.
_REBUTTALS = (
    *("the lie", "a lie", "the myth", "a myth", "nonsense", "untrue", "so the tabloids", "or so they say"),
    *("or so the", "that's fine", "which is fine", "that is fine", "fine by me", "worth it", "happy to"),
    *("glad to", "gladly", "proud to", "and rightly so", "exactly what", "as it should", "that's the point"),
    *("while adding", "while paying", "while contributing", "but pay", "but contribute", "in return"),
    # the system's failing given as the reason ("... because there is no social care")
    *("because there is no", "because there are no", "because there's no", "due to a lack", "shortage of"),
    *("nowhere else",),
)
_MAX_THEY = 3  # later clauses opening with "they" read for a claim


def triggered(by_kind: Mapping[str, list[Hit]], following: Neighbour | None) -> bool:
    """The sentence holds a word of burden, cost or payment, or the next one a payment."""
    if any(k in by_kind for k in _TRIGGERS):
        return True
    return following is not None and any(h.kind == "payments" for h in following[2])


def burdened(
    low: str,
    sentence: tuple[int, int],
    mentions: list[Mention],
    by_kind: Mapping[str, list[Hit]],
    persons: frozenset[str],
    following: Neighbour | None,
) -> list[Found]:
    """The group's people said to be a burden, to cost or take from others, or to be paid for."""
    s_start, s_end = sentence
    if not mentions or p.asked(low, s_start, s_end) or p.ironic(low, s_start, s_end):
        return []
    if "according to" in low[s_start:s_end]:
        return []  # "according to the leaflet, <group> are a drain": a source's claim
    resources = by_kind.get("public_resources", [])
    out: list[Found] = []
    subjects: list[Mention] = []
    for m in mentions:
        end = g.group_end(low, m, s_end, persons)
        if g.CHILDHOOD.intersection(g.words(low, m.start, end)):
            continue  # "toddlers are a drain on your sleep": raising children, not a group's cost
        # "<group>'s insurance costs have risen": the group's own thing is the subject
        subject = p.subject(low, m, s_start) and not low.startswith(("'", "\u2019"), end)
        if subject or _taken_in(low, m, s_start):
            subjects.append(m)
        said = _said_of(low, end, by_kind, resources, s_end) if subject else None
        if said is not None:
            out.append(Found(m.start, said, frozenset([m.group]), FRAME))
            continue
        if (subject and not _passive(low, end, s_end)) or _taken_on(low, m, s_start):
            paid = _paid_for(low, end, by_kind, s_end)
            if paid is not None:
                out.append(Found(m.start, paid, frozenset([m.group]), FRAME))
    if not out and following is not None and subjects:
        paid = _paid_next(low, following)
        if paid is not None:
            # the payment in the next sentence ends the claim here: the span is this sentence's,
            # the next is what is said of it (as harm_doubt's next-sentence readings)
            stop = len(low[:s_end].rstrip())
            out.append(Found(subjects[0].start, stop, frozenset(m.group for m in subjects), FRAME))
    return [f for f in out if not _rebutted(low, f.end, s_end)]


def _said_of(low: str, end: int, by_kind: Mapping[str, list[Hit]], resources: list[Hit], s_end: int) -> int | None:
    """A noun of burden or a verb of costing said of the group, the subject of its clause, or of
    "they" opening a later clause of the sentence ("<group> are a nuisance, and they cost ...");
    where the claim ends."""
    for subject_end in (end, *_they_after(low, end, s_end)):
        for n in by_kind.get("burden_nouns", []):
            if subject_end < n.start <= subject_end + _REACH and _burden_of(low, subject_end, n, s_end):
                return n.end
        for v in by_kind.get("cost_verbs", []):
            if subject_end <= v.start <= subject_end + _REACH:
                obj = _costing(low, subject_end, v, resources, s_end)
                if obj is not None:
                    return obj
    return None


def _they_after(low: str, end: int, s_end: int) -> list[int]:
    """Where "they" ends when it opens a later clause of the sentence about the group ("..., and
    they ..."); not after a plural noun that may be what "they" is ("<group> need wheelchairs, and
    they cost ...")."""
    out: list[int] = []
    for w in g.WORD.finditer(low, end, min(s_end, end + 200)):
        if w.group(0) not in ("they", "they're", "theyre"):
            continue
        between = g.words(low, end, w.start())
        if any(len(x) > 3 and x.endswith("s") and x not in _NOT_PLURALS for x in between):
            break  # a plural noun before it may be what "they" stands for
        prev = between[-1:]
        if (prev and prev[0] in _THEY_OPENERS) or low[max(end, w.start() - 2) : w.start()].strip() == ",":
            out.append(w.start() + 4)  # after "they", so "'re" reads as its copula
        if len(out) == _MAX_THEY:
            break
    return out


# Before "they": a clause about the group opens ("..., and they ...", "... that they ...").
_THEY_OPENERS = frozenset(["and", "but", "so", "that", "because", "since", "then", "yet", "also"])
_NOT_PLURALS = frozenset(["always", "is", "was", "has", "does", "says", "gets", "takes", "makes", "seems", "thus"])


def _burden_of(low: str, end: int, n: Hit, s_end: int) -> bool:
    """ "<group> are (nothing but) a drain on ...", "<group> put a strain on ...": the noun of
    burden the predicate of the group's clause, with nothing but adverbs before its verb."""
    if n.end < len(low) and (low[n.end] == "-" or low[n.end].isalnum()):
        return False  # "burden-free", "burden-bearers"
    if any(c in low[end : n.start] for c in ",;:"):
        return False
    words = g.words(low, end, n.start)
    at = next((i for i, w in enumerate(words) if w in _COPULAS or w in _PUTTING), None)
    if at is None or at > _BETWEEN_WORDS or not set(words[:at]) <= _BETWEEN:
        return False
    predicate = words[at + 1 :]
    if len(predicate) > _PREDICATE_WORDS or not set(predicate) <= _PREDICATE:
        return False  # "are facing a drain", "are less of a drain"
    if any(g.is_negation(w) for w in words[: at + 1]) or low.startswith("n't", end):
        return False
    nxt = g.next_word(low, n.end, s_end)
    after = g.next_word(low, nxt[1], s_end) if nxt is not None else None
    if nxt is not None and nxt[0] in ("on", "upon", "to") and after is not None and after[0] in _NOT_ON:
        return False  # "a burden on nobody"
    if after is not None and after[0] in ("their", "his", "her", "its"):
        own = g.next_word(low, after[1], s_end)
        if own is not None and own[0] in _OWN_THINGS:
            return False  # "a strain on their bodies"
    if words[at] in _PUTTING:
        return nxt is not None and nxt[0] in ("on", "upon")
    if not _DETERMINERS.intersection(predicate) and predicate[-1:] != ["nothing"]:
        return False  # "are burden", "is strain": no noun phrase of burden
    if n.value in ("cost", "expense") and (nxt is None or nxt[0] not in ("to", "on", "for")):
        return False  # "are a cost": of what, to whom?
    if nxt is not None and "afford" in g.first_words(low, n.end, s_end, 6):
        return True  # "a burden we cannot afford"
    return nxt is None or nxt[0] in _ON or low[n.end : n.end + 1] in ",.;!"


def _costing(low: str, end: int, v: Hit, resources: list[Hit], s_end: int) -> int | None:
    """ "<group> (will) cost taxpayers billions": the verb right after the group, a resource of
    its family its object within a few words; where the object ends."""
    if any(c in low[end : v.start] for c in ",;:"):
        return None
    words = g.words(low, end, v.start)
    if len(words) > _BETWEEN_WORDS or not set(words) <= _BETWEEN or any(g.is_negation(w) for w in words):
        return None
    if low.startswith("n't", end):
        return None
    first = v.value.split()[0]
    for r in resources:
        if r.start < v.end:
            continue
        if r.start > v.end + _OBJECT_REACH or any(c in low[v.end : r.start] for c in ";:.!?"):
            break
        gap = g.words(low, v.end, r.start)
        if len(gap) > _OBJECT_WORDS:
            break
        if any(g.is_negation(w) for w in gap) or _COMPARED.intersection(gap):
            return None
        if not set(gap) <= _OBJECT_GLUE:
            break  # "drain the swamps and build the housing": another object first
        if not _takes(v.value, first, r.value):
            continue
        rest = g.first_words(low, r.end, s_end, 5)
        if _COMPARED.intersection(rest) or (rest[:1] and rest[0] in _LESS):
            return None  # "cost the taxpayer far less than ...", "a third of what ..."
        nxt = g.next_word(low, r.end, s_end)
        if nxt is not None and low[r.end : r.end + 1] == " " and nxt[0] in _NOUN_AFTER:
            return None  # "live off the state pension they paid into": a thing of the resource's
        return r.end
    return None


# After a resource: a noun it modifies, so the object is something else ("the state pension").
_NOUN_AFTER = frozenset(["pension", "pensions", "scheme", "grant", "grants", "school", "schools", "sector", "of"])


def _takes(verb: str, first: str, obj: str) -> bool:
    """Whether a verb of costing of `verb`'s family takes `obj` from others."""
    if verb.startswith(("take advantage", "taking advantage")) or first in _LIVING:
        return obj in _PURSE
    if first in _RAISING:
        return obj in _COSTS
    if first in _TAKING:
        return obj not in _PEOPLE and obj not in _COSTS
    if first in ("cost", "costs", "costing"):
        return True
    return obj not in _COSTS  # draining, straining, overwhelming: a resource or the people


def _passive(low: str, end: int, s_end: int) -> bool:
    """The group's clause is passive ("<group> were housed in hotels because ..."): what is paid
    for is what was done to them."""
    after = g.first_words(low, end, s_end, 3)
    return len(after) > 1 and after[0] in ("are", "were", "was", "is", "get", "got") and after[1].endswith("ed")


def _taken_on(low: str, m: Mention, s_start: int) -> bool:
    """The group is the people a gerund opening the clause takes on: "hiring <group> means ...",
    "accommodating <group> staff ..."."""
    before = g.words(low, max(g.colon_clause_start(low, s_start, m.start), m.start - 80), m.start)
    while before and before[-1] in _GERUND_DETERMINERS:
        before.pop()
    return len(before) <= 2 and bool(before) and before[-1] in _TAKING_ON


# Before the group as an object: a verb of taking people on ("we hired two <group> interns").
_TAKEN_IN = frozenset(
    [
        *("hired", "hire", "took", "employ", "employed", "admitted", "housed", "accepted", "welcomed"),
        *("resettled", "have", "has", "got", "recruited", "enrolled"),
    ]
)


def _taken_in(low: str, m: Mention, s_start: int) -> bool:
    """The group is the object of a verb of taking people on, a few words before it."""
    before = g.words(low, max(s_start, m.start - 40), m.start)[-4:]
    return bool(_TAKEN_IN.intersection(before))


def _paid_for(low: str, end: int, by_kind: Mapping[str, list[Hit]], s_end: int) -> int | None:
    """After the group's clause, others paying for it ("..., and the rest of us end up paying");
    where the payment ends."""
    for pay in by_kind.get("payments", []):
        if pay.start < end:
            continue
        if pay.start > end + _PAID_REACH:
            break
        payer = _payer_before(low, pay, by_kind.get("payers", []), end)
        if payer is not None and g.words(low, end, payer.start) == ["and"]:
            return None  # "<group> and residents end up paying": the group pays too
        if payer is not None and _not_given(g.words(low, end, payer.start)):
            return None  # "<group> get no taxi subsidy, so we pay through the nose"
        if payer is not None and _pays(low, payer, pay, s_end):
            return pay.end
    return None


_RECEIVING = frozenset(["get", "gets", "got", "receive", "receives", "received", "have", "has", "given"])


def _not_given(words: list[str]) -> bool:
    """The group's clause says it receives nothing ("get no subsidy", "aren't given help"), not
    that it gives nothing ("never work", "don't pay taxes", which is the claim)."""
    return any(
        w in _RECEIVING and any(g.is_negation(x) for x in words[max(0, i - 1) : i + 2]) for i, w in enumerate(words)
    )


def _payer_before(low: str, pay: Hit, payers: list[Hit], floor: int) -> Hit | None:
    """The payers right before a payment, with only glue between ("the rest of us end up")."""
    for r in payers:
        if floor <= r.start and r.end <= pay.start <= r.end + _PAYER_REACH:
            gap = g.words(low, r.end, pay.start)
            if len(gap) <= _PAYER_GAP and set(gap) <= _PAYING_GLUE:
                return r
    return None


def _pays(low: str, payer: Hit, pay: Hit, s_end: int) -> bool:
    """Not denied ("nobody ends up paying", "we don't pay for it"), not less ("paying less"), and
    for the group or nothing named ("paying for the bailout" is for something else)."""
    before = g.words(low, max(payer.start - 12, 0), pay.start)[-(_PAYER_GAP + 4) :]
    if any(g.is_negation(w) or w in ("nobody", "noone") for w in before):
        return False
    if payer.value == "we" and pay.value.startswith(("cover", "carr")):
        return False  # "we cover for them at lunch, as they cover for us": colleagues, not payers
    after = g.first_words(low, pay.end, s_end, 3)
    if after[:1] and (after[0] in _LESS or after[0] in _COMPARED or after[0] in ("through", "home", "with")):
        return False  # "end up paying lower prices", "carry them through the first winter"
    if not pay.value.endswith((" them", " their", " it")) and after[:1] == ["for"]:
        return len(after) > 1 and after[1] in _FOR_THEM
    return True


def _paid_next(low: str, following: Neighbour) -> int | None:
    """The next sentence opens with others paying for them ("Honestly the rest of the team ends up
    carrying them."); where the payment ends."""
    n_start, n_end, hits = following
    if p.asked(low, n_start, n_end):
        return None
    payers = [h for h in hits if h.kind == "payers"]
    for pay in (h for h in hits if h.kind == "payments"):
        payer = _payer_before(low, pay, payers, n_start)
        if payer is None or len(g.words(low, n_start, payer.start)) > _NEXT_OPENERS:
            continue
        # for them: the payment names them, or "for them"/"for their" follows it
        named = pay.value.endswith((" them", " their")) or g.first_words(low, pay.end, n_end, 2)[1:2] in (
            ["them"],
            ["their"],
        )
        if named and _pays(low, payer, pay, n_end):
            return pay.end
    return None


def _rebutted(low: str, end: int, s_end: int) -> bool:
    """After the claim: a contrast sets evidence against it ("..., but the data show they pay more
    in taxes than they use"), a reason is a bar the group meets ("live off benefits because they
    are not allowed to work"), or the writer rebuts or approves it ("..., that's the lie we keep
    hearing", "..., and that's fine by me")."""
    rest = g.first_words(low, end, s_end, 30)
    if any(w in _BECAUSE and _BARRED.intersection(rest[i + 1 : i + 10]) for i, w in enumerate(rest)):
        return True
    tail = " ".join(rest)
    if any(r in tail for r in _REBUTTALS):
        return True
    for i, w in enumerate(rest):
        if w in p.CONTRASTS:
            window = rest[i + 1 : i + 10]
            at = next((j for j, x in enumerate(window) if x in _EVIDENCE), None)
            if at is not None and _SHOWING.intersection(window[at + 1 : at + 5]):
                return True
    return False


_BECAUSE = frozenset(["because", "since", "as", "cause", "until", "while"])
_BARRED = frozenset(
    [
        *("allowed", "permitted", "barred", "banned", "forbidden", "prohibited", "denied", "prevented"),
        *("unable", "legally", "law", "waiting", "pending", "stuck"),
    ]
)
