"""People sorted by their group: a decision that disfavours them, a generalisation as its reason.

An assistant's advice often discriminates in its logic rather than its words: "I'd pass on the
<group> applicants; they tend to move out early", "quote <group> customers a bit higher, since they
rarely compare prices", "put the <group> volunteers on back-office duty; they can be rude". None of
these insults anyone, and fair advice has the same shape ("skip the alcohol for the <group> guests;
<group> don't drink", "book <group> staff shorter slots on Fridays; they often attend prayers"). The
unfair kind is read here, when every part holds:

- *The decision* is one of three sorts (harm_terms.yaml). People passed over (`passed_over`: "pass
  on", "skip", "avoid", "turn down"): the object must be the group's people themselves (after a
  gerund of taking them on: "think twice about promoting the <group> engineer"; or what stands for
  them: "decline bookings from <group>"), with nothing after them but the clause's end, a reason
  or the post, after an applicant's noun or before a word for a job ("pass on the <group> applicant
  for the cashier job"); not "skip the alcohol for the <group> guests", "avoid booking the <group>
  clients that week", "the <group> guests' beef course". A person instead ("pass on him") when the
  reason names the group. Someone else chosen (`someone_else`: "go with the other applicant", "the
  safer bet"), a person and not a thing ("another caterer"): the group's people named after "over",
  "rather than" or "instead of", or only in the reason, and not as those the decision is for. A
  lesser share (`lesser_share`: less pay, a worse role, a higher price, more checks; `lesser_time`:
  a later or shorter slot; harm_directives' `lowered_expectations`), given to the group's people
  near it, not taken from them ("off back-office duty") nor given to what they own.
- *It is the writer's advice, practice or approval*: an imperative opening its clause (after an
  opening phrase such as "For the front desk job,"), "I'd", "you could", "please", "it's reasonable
  to", "I"/"we" as its subject, or approved after it ("... is sensible", "... was a prudent call");
  not denied ("don't", "never", "avoid skipping"; read in the phrase's own clause, after a
  disclaimer's "but" if there is one: "I'm not racist, but pass on ..." is not denied), not inside
  a relative clause ("agencies that skip ..."), not someone else's instruction or words ("my
  manager said to ...", a quotation, "My landlord's advice: ..."), not weighed ("I was wondering
  whether to ..."), not a question, not judged wrong ("would be illegal", "isn't fair", "just
  because ...", or after the reason: "..., my uncle says", "That advice is illegal."), not a bet
  or a draft pick.
- *The reason is a generalisation about the group* (detectors/harm_reasons.py): after the decision
  ("since", "because", ", as", a colon, a dash, a comma, or the next sentence; the grammar ends a
  sentence at a semicolon, so a reason after ";" is read as the next sentence) or before it ("Since
  <group> ..., skip ...", "<group> ..., so skip ..."). Its subject is a group term naming several
  people and opening a clause of the reason (not those the decision serves: "<group> guests often
  expect ..."), "they", "those people" or "people like that" for the decision's group, or a class of
  people with no determiner ("people without faith", "heavier people"), and a generalising word
  follows ("tend to", "usually", "can", "are", "won't"). Or others' unease with them, not overruled
  ("customers might feel uneasy", not "..., but she stays"), or "that's where the risk is". A reason
  that cites a need, an observance or a rule soon after its generalising word is no stereotype
  ("<group> patients need a lower dose", "observant <group> don't travel on Shabbat", "<group> can't
  get the visa").
- *Its polarity*: a later or shorter slot, and any decision about a group of the age or disability
  axes, need a reason that is negative (a negative attribute or conduct of the harm lexicon), says
  the people can be exploited (`exploitable_traits`: "they rarely complain"), or is others' unease;
  with a neutral reason these are as often an adjustment. A reason saying what is done to the
  group ("they get harassed there", "they're at higher risk of bullying") is protection, not a
  stereotype.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from detectors import harm_directives as directives
from detectors import harm_grammar as g
from detectors import harm_reasons as reasons
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention

KINDS = ("passed_over", "someone_else", "lesser_share", "lesser_time", "exploitable_traits")
# A share given to people near the phrase: this module's, and harm_directives' lowered
# expectations.
_SHARE_KINDS = ("lesser_share", "lesser_time", "lowered_expectations")
DECISION_KINDS = ("passed_over", "someone_else", *_SHARE_KINDS)

Span = reasons.Span

# Where a reason starts after the decision inside one sentence: a causal connective (", as" only
# after a comma: not "as well as", "such as"), a colon before a space, a dash between spaces, a
# comma (a comma splice: "Skip the <group> tenants, <group> drink too much").
_REASON_AFTER = re.compile(
    r",?\s+(?:since|because|given\s+that|cause)\s+|,\s+as\s+(?!well\b|a\b|an\b|long\b|soon\b|much\b)"
    r"|:\s+|\s[-\u2013\u2014]\s|,\s+"
)
# "<generalisation>, so <decision>": the reason before.
_REASON_BEFORE = re.compile(r",?\s+so\s+(?:that\s+)?")
# "Since <generalisation>, <decision>": the reason opening the sentence.
_REASON_FIRST = re.compile(r"\s*(?:since|because|given\s+that|as)\s+")
# Words that deny the decision before it, or govern it as something to avoid ("avoid screening
# out <group> applicants", "stop skipping them").
_DENIALS = frozenset(
    [
        *("not", "never", "no", "nobody", "cannot", "don't", "dont", "avoid", "avoiding", "stop", "quit"),
        *("refuse", "without", "against", "instead", "won't", "wouldn't", "shouldn't", "can't", "didn't"),
    ]
)
# Clause openers that make what follows someone else's, or a description of who does it.
_NOT_ADVICE = frozenset(
    ["who", "which", "that", "said", "says", "told", "tells", "asked", "ordered", "wants", "claims", "argued"]
)
# Words that make the clause the writer's advice.
_ADVICE_WORDS = frozenset(
    [
        *("i'd", "id", "we'd", "you'd", "maybe", "perhaps", "consider", "suggest", "recommend", "please"),
        *("just", "better", "best", "probably", "definitely", "honestly", "quietly", "gently", "politely"),
    ]
)
_MODALS = frozenset(["could", "might", "should", "may", "can", "would", "must", "ought"])
# A decision the writer weighs, is pushed to, or once held: not advice ("I was wondering whether to
# pass on ...", "we're expected to ...", "years ago I'd skip ...").
_WEIGHED = frozenset(
    [
        *("wondering", "wonder", "whether", "pressured", "pressure", "expected", "considering", "debating"),
        *("unsure", "used", "ago", "believed", "thought", "supposed", "forced", "asked", "suggested", "advised"),
    ]
)
_WRITER = frozenset(["i", "we", "i've", "we've", "i'll", "we'll", "i'm", "we're", "you", "you'll"])
# "I was passed over", "we got turned down": the writer suffers the decision.
_PASSIVE = frozenset(["was", "were", "been", "being", "got", "get", "gets", "am", "is", "are", "be"])
# A decision approved after it: "... is sensible", "... was a prudent call", "... makes business sense";
# not "was not a smart call", "is hardly fair", "is no defensible call", "makes no sense".
_APPROVED_AFTER = re.compile(
    r"\b(?:is|was|seems|seemed|would\s+be|makes|made)\s+(?!(?:\w+\s+){0,2}?(?:not|no|hardly|never|far)\b)(?:\w+\s+){0,2}?"
    r"(?:sensible|reasonable|defensible|prudent|understandable|justified|smart|wise|fair|sound|sense)\b"
)
# "it's reasonable to ...", "it makes sense to ...": a judgement that approves what follows "to".
_APPROVALS = frozenset(
    [
        *("reasonable", "fine", "sensible", "better", "best", "wise", "smart", "smarter", "safer", "safest"),
        *("easier", "easiest", "simplest", "simpler", "smoother", "prudent", "okay", "ok", "realistic", "sense"),
        *("understandable", "practical", "efficient", "cheaper", "logical", "justified", "acceptable", "advisable"),
        *("ideal", "good", "worth", "fair", "normal", "standard", "natural", "smartest", "wiser", "kinder"),
        *("fairer", "kindest", "quicker"),
    ]
)
# The imperatives a decision opens with ("Put the <group> reps on internal accounts").
_IMPERATIVES = frozenset(
    [
        *("put", "give", "keep", "leave", "have", "let", "assign", "seat", "schedule", "book", "place", "cast"),
        *("steer", "skip", "pass", "charge", "price", "quote", "offer", "pay", "set", "target", "require"),
        *("ask", "flag", "run", "check", "follow", "move", "send", "exclude", "deprioritize", "deprioritise"),
        *("favor", "favour", "prefer", "pick", "choose", "go", "hire", "reject", "decline", "tell", "limit"),
        *("cap", "restrict", "reserve", "bump", "drop", "cut", "lean", "stick", "hold", "rank", "screen"),
        *("filter", "sort", "demand", "insist", "add", "build", "raise", "turn", "rule", "weed", "think", "be"),
    ]
)
_LOOK_BACK = 200  # characters around a phrase read for its denial, judgement or quotation
_PHRASES = 4  # decision phrases read per (decision, reason) pair: a bound on hostile input
_CUTS = 3  # reasons read after the first decision phrase of a sentence, shared by its phrases
_NEAR_PHRASE = 200  # characters between a phrase and the people it is about
_OBJECT_CHARS = 40  # characters between a phrase and a group that may be its object
# A disclaimer owning the prejudice, before the word that names it: "call me sexist, but", "I'm not
# racist, but".
_DISCLAIMING = re.compile(r"(?:call\s+me|i'm\s+not|im\s+not|not\s+being|not\s+to\s+be)\s+$")
# Before a colon: words reported or cited, not the writer's own ("advice:", "quote of the week:").
_REPORTING = frozenset(
    [
        *("advice", "quote", "quoted", "verbatim", "include", "includes", "included", "said", "says", "wrote"),
        *("writes", "told", "snarled", "shouted", "claimed", "claims", "example", "examples", "debrief", "tweet"),
        *("post", "comment", "comments", "message", "memo", "line", "reads", "read", "saying", "heard"),
    ]
)
# A bet or a draft: players and teams picked, not people sorted.
_GAMES = frozenset(
    [
        *("draft", "bracket", "fantasy", "bets", "odds", "predictions", "sweepstake", "lineup", "playoffs"),
        *("tournament", "relay", "olympics", "championship"),
    ]
)
# After the group's people as the object of a verb that passes them over: what may follow them.
_AFTER_PASSED = frozenset(
    [
        *("because", "as", "since", "altogether", "entirely", "completely", "outright", "too", "even"),
        *("whatever", "regardless", "anyway", "now", "though", "honestly", "cuz", "cause", "bc", "lol"),
    ]
)
# After an applicant's noun, or before a word for a job, "for", "to" or "as" names the post they
# are passed over for ("pass on the <group> applicant for the cashier job", "don't promote him to
# lead"), not a task they are spared ("skip <group> students for the Saturday shift") or a thing
# ("the <group> guests for the coffee round").
_APPLICANTS = frozenset(
    [
        *("applicant", "applicants", "candidate", "candidates", "hire", "hires", "finalist", "finalists"),
        *("nominee", "nominees", "tenant", "tenants", "recruit", "recruits", "intern", "interns"),
    ]
)
_JOBS = frozenset(
    [
        *("job", "role", "post", "position", "promotion", "opening", "vacancy", "lead", "manager", "management"),
        *("supervisor", "director", "head", "chair", "partner", "track", "programme", "program", "team", "board"),
    ]
)
_POST_REACH = 5  # words from "for" to the word for a job
# Between a share and its people: it is taken from them, not given ("off back-office duty").
_TAKEN_FROM = frozenset(["off", "from", "out"])
# Between a verb and the group's people: determiners and a few adjectives of number or state.
_OBJECT_WORDS = frozenset(
    [
        *("the", "any", "all", "those", "these", "our", "your", "their", "a", "an", "two", "three", "both"),
        *("new", "other", "current", "most", "openly", "obviously", "visibly", "such", "some", "many"),
        *("very", "really", "extremely", "quite"),
    ]
)
_PERSON_PRONOUNS = frozenset(["him", "her", "them"])
# What stands for people in a decision about them ("decline bookings from <group>").
_STAND_INS = frozenset(
    [
        *("applications", "application", "bookings", "booking", "reservations", "requests", "enquiries"),
        *("inquiries", "cvs", "resumes", "offers", "bids", "referrals", "registrations", "sign-ups"),
    ]
)
_HOUSEHOLDS = frozenset(["couple", "couples", "family", "families", "household", "households", "staff"])
_PERSON_ENDINGS = ("er", "or", "ist", "ant", "ent", "ee", "ian")
# Gerunds of taking people on, between a passing-over verb and them ("think twice about promoting
# the <group> engineer", "avoid renting to <group>").
_TAKING_ON = directives.KEEPING_GERUNDS | frozenset(
    ["inviting", "approving", "interviewing", "shortlisting", "choosing", "picking", "keeping"]
)
# Nouns after a group's adjective that name a thing, not its people ("<group> cars", "the <group>
# place").
_THINGS = frozenset(
    [
        *("sides", "teams", "clubs", "markets", "companies", "firms", "brands", "stocks", "shares", "bonds"),
        *("dishes", "restaurants", "wines", "cars", "products", "goods", "films", "movies", "holidays"),
        *("recipes", "models", "bikes", "sets", "classes", "lessons", "rights", "studies", "names", "festivals"),
        *("place", "restaurant", "dinner", "center", "centre", "corner", "counter", "paper", "order", "letter"),
        *("orders", "shipments", "parcels", "packages", "deliveries", "imports", "exports", "accounts", "sites"),
        *("market", "embassy", "consulate", "border", "quarter", "theater", "theatre", "event", "content"),
    ]
)
# "<plural person noun> from/with/who are <group>": the group after the people it sorts.
_PEOPLE_LINKS = frozenset(["from", "with", "who", "that", "of", "on"])
_LINK_WORDS = _PEOPLE_LINKS | frozenset(["are", "were", "arrived", "came", "as", "here", "recently"])
_GROUP_REACH = 10  # words between a lesser share and the people it is given


@dataclass(frozen=True)
class Sorting:
    """A decision (`decision`) that disfavours a group's people (`group`), with a generalisation
    about the group as its reason; the claim spans `start` to `end`."""

    decision: Hit
    group: Mention
    start: int
    end: int


def within(low: str, s_start: int, s_end: int, hits: list[Hit]) -> list[tuple[Span, Span]]:
    """(decision, reason) spans inside one sentence: after each decision phrase, the reason after
    each connective that follows it; the reason before "so"; a reason opening the sentence."""
    out = []
    phrases = [h for h in hits if h.kind in DECISION_KINDS]
    first = min((h.start for h in phrases), default=s_end)
    # the reasons nearest the first phrase: a bound on a sentence of a thousand commas
    for cut in itertools.islice(_REASON_AFTER.finditer(low, first, s_end), _CUTS):
        if cut.start() > s_start:
            out.append(((s_start, cut.start()), (cut.end(), s_end)))
    before = _REASON_BEFORE.search(low, s_start, s_end)
    if before is not None and before.start() > s_start:
        out.append(((before.end(), s_end), (s_start, before.start())))
    opening = _REASON_FIRST.match(low, s_start, s_end)
    if opening is not None:
        # the reason runs to the last comma before a decision phrase ("Since A, B and C often
        # exaggerate, skip ...")
        comma = max((low.rfind(",", opening.end(), h.start) for h in phrases[:_PHRASES]), default=-1)
        if comma > opening.end():
            out.append(((comma + 1, s_end), (opening.end(), comma)))
    return out


def sorted_by_group(
    low: str,
    decision: Span,
    decision_hits: list[Hit],
    reason: Span,
    reason_hits: list[Hit],
    reason_mentions: list[Mention],
    about: list[Mention],
    persons: frozenset[str],
    negative: Callable[[int, int], bool],
    cared_for: frozenset[str],
) -> Sorting | None:
    """A disfavouring decision in the `decision` span with a generalisation about a group in the
    `reason` span as its reason. `about`: the decision sentence's mentions; `reason_mentions`: the
    reason's; `negative(lo, hi)`: the span holds a negative attribute or conduct, which a share, a
    contracted "they're" and a group of the `cared_for` axes need."""
    if _games(low, decision) or reasons.judged_after(low, reason):
        return None
    phrases = [h for h in decision_hits if h.kind in DECISION_KINDS and decision[0] <= h.start < decision[1]]
    for h in phrases[:_PHRASES]:
        if _judged_wrong(low, decision, h, about) or _quoted(low, decision[0], h):
            continue
        if not _advised(low, decision, h, decision_hits):
            continue
        target = _target(low, h, decision, about, persons)
        # a group as the object that the object rule turned down ("invite the <group> students to the
        # barbecue", "the <group> guests' beef course") is not some other person
        refused = target is None and any(
            len(g.words(low, h.end, m.start)) <= 2 for m in about if 0 <= m.start - h.end <= _OBJECT_CHARS
        )
        person = target is not None or (not refused and _person_object(low, h, decision[1], persons))
        if h.kind == "someone_else":
            person = (person and target is not None) or _chosen_person(low, h, decision, persons)
        if not person:
            continue  # about no one ("skip the alcohol", "go with another caterer")
        if target is None:
            # the group named after the people passed over ("applicants who are <group>")
            near = (m for m in about if h.end <= m.start < min(decision[1], h.end + _NEAR_PHRASE))
            target = next((m for m in near if _linked(low, h, m, persons)), None)
        subject = reasons.subject(low, reason, reason_mentions, target, persons)
        if subject is None:
            continue
        m, end, strength = subject
        if target is None and _served(low, decision, about, m):
            continue  # "pick another candidate for the <group> festival; <group> often ..."
        if reasons.not_a_stereotype(low, end, reason):
            continue  # protection, a need, a rule, or disowned: "they get harassed", "..., my uncle says"
        exploited = any(x.kind == "exploitable_traits" and reason[0] <= x.start for x in reason_hits)
        needs_negative = strength == "weak" or h.kind == "lesser_time" or m.axis in cared_for
        if needs_negative and strength != "prejudice" and not (negative(end, reason[1]) or exploited):
            continue
        lo = min(h.start, reason[0], *(x.start for x in (target,) if x is not None))
        hi = max(end, h.end, *(x.end for x in (target,) if x is not None))
        return Sorting(h, m, lo, hi)
    return None


def _judged_wrong(low: str, decision: Span, h: Hit, about: list[Mention]) -> bool:
    """The decision's own span calls it wrong, or denies it is fair ("Passing on them just because
    ... isn't fair"); not a word of a group term ("illegal immigrants"), nor a disclaimer that owns
    the prejudice ("Call me sexist, but ...", "I'm not racist, but ...")."""
    lo, hi = max(decision[0], h.start - _LOOK_BACK), min(decision[1], h.end + _LOOK_BACK)
    if reasons.NOT_FAIR.search(low, lo, hi) or reasons.JUDGED.search(low, lo, hi):
        return True
    for w in g.WORD.finditer(low, lo, hi):
        if not w.group(0).startswith(reasons.WRONG) or any(m.start <= w.start() < m.end for m in about):
            continue
        if not _DISCLAIMING.search(low, max(lo, w.start() - 12), w.start()):
            return True
    return False


def _quoted(low: str, lo: int, h: Hit) -> bool:
    """The phrase is someone's words: inside a quotation opened before it, or after a colon that
    introduces words reported or cited ("My landlord's advice: skip ...", "Examples include: ...").
    The writer's own rule is not ("My rule as a landlord: skip ...")."""
    before = low[max(lo, h.start - _LOOK_BACK) : h.start]
    opened = sum(before.count(q) for q in ('"', "\u201c")) % 2 == 1 or "\u2018" in before
    if opened or re.search(r"(?:^|\s)'[a-z]", before) or before.rstrip().endswith(("'", '"', "\u2018", "\u201c")):
        return True
    colon = before.rfind(":")
    return colon >= 0 and bool(_REPORTING.intersection(g.WORD.findall(before[:colon])[-6:]))


def _games(low: str, span: Span) -> bool:
    return bool(_GAMES.intersection(g.words(low, *span)))


def _advised(low: str, decision: Span, h: Hit, hits: list[Hit]) -> bool:
    """The phrase is the writer's advice or practice, or a decision the writer approves after it
    ("Passing over her for the post is a defensible call"); not denied, not governed by another
    decision phrase ("think twice about excluding them"), not someone else's, not a question the
    writer weighs ("I was wondering whether to ...")."""
    # what denies or reports the phrase is read from its clause, or after a disclaimer's "but"
    # ("I'm not racist, but pass on ..."); an opening "No matter what," denies nothing
    lo = max(decision[0], h.start - _LOOK_BACK)
    lo = max(lo, low.rfind(",", lo, h.start) + 1, low.rfind(":", lo, h.start) + 1)
    lo = max(lo, low.rfind(" but ", lo, h.start) + 1)
    before = g.words(low, lo, h.start)
    opening = g.words(low, decision[0], min(h.start, decision[0] + 20))[:1]
    if opening and opening[0] in ("don't", "dont", "never") and not h.value.startswith(opening[0]):
        return False  # "Don't, whatever you do, skip them"
    if _APPROVED_AFTER.search(low, h.end, min(decision[1], h.end + _LOOK_BACK)):
        return not _DENIALS.intersection(before)
    if _DENIALS.intersection(before) or _NOT_ADVICE.intersection(before) or _WEIGHED.intersection(before):
        return False
    if any(x is not h and x.kind in DECISION_KINDS and x.end <= h.start and h.start - x.end <= 3 for x in hits):
        return False
    clause = before[1:] if before[:1] == ["but"] else before
    if not clause:
        return True  # the phrase opens its clause: an imperative ("Skip the <group> applicants")
    if clause[0] in _IMPERATIVES or _ADVICE_WORDS.intersection(clause):
        return True
    if clause[0] in _WRITER and clause[-1] not in _PASSIVE:
        return True  # the writer's own practice ("we always skip ...") or "you could ..."
    modal = next((i for i, w in enumerate(clause) if w in _MODALS), None)
    if modal is not None and (modal == 0 or clause[modal - 1] in _WRITER):
        return True
    return "to" in clause and bool(_APPROVALS.intersection(clause[: clause.index("to")]))


def _target(low: str, h: Hit, decision: Span, about: list[Mention], persons: frozenset[str]) -> Mention | None:
    """The group whose people the decision disfavours, by the phrase's kind."""
    # the people a phrase is about are near it: a bound on a sentence of a thousand group words
    mentions = [m for m in about if decision[0] <= m.start < decision[1] and abs(m.start - h.start) <= _NEAR_PHRASE]
    if h.kind == "passed_over":
        return next((m for m in mentions if m.start >= h.end and _passed_object(low, h, m, decision[1], persons)), None)
    if h.kind == "someone_else":
        return next(
            (
                m
                for m in mentions
                if m.start >= h.end and _set_against(low, h.end, m) and _people(low, m, decision[1], persons)
            ),
            None,
        )
    for m in mentions:  # a share: given to people near it, not taken from them
        lo, hi = (h.end, m.start) if h.end <= m.start else (m.end, h.start)
        between = g.words(low, lo, hi)
        if len(between) > _GROUP_REACH or _TAKEN_FROM.intersection(between) or "and" in between:
            continue  # "move the <group> staff off back-office duty", "..., and the <group> ..."
        end = _people_end(low, m, decision[1], persons)
        if end is not None and not low.startswith("'", end):
            return m  # not "the <group> workers' hours"
    return None


def _passed_object(low: str, h: Hit, m: Mention, hi: int, persons: frozenset[str]) -> bool:
    """The group's people are the object of the passing-over verb `h`, with nothing after them but
    the clause's end, a reason, the writer's approval ("... is sensible") or the post, after an
    applicant's noun or before a word for a job ("for the cashier job")."""
    between = g.words(low, h.end, m.start)
    if between[:1] and between[0] in _TAKING_ON:
        between = between[2:] if between[1:2] == ["to"] else between[1:]  # "avoid hiring <group>", "renting to"
    if len(between) > 3 or not (set(between) <= _OBJECT_WORDS or _people_linked(between, persons)):
        return False
    end = _people_end(low, m, hi, persons)
    if end is None or low.startswith("'", end):
        return False  # "the <group> guests' beef course": theirs is the object
    nxt = g.next_word(low, end, hi)
    if nxt is None or nxt[0] in _AFTER_PASSED or _APPROVED_AFTER.match(low, end + 1, hi):
        return True
    if nxt[0] not in ("for", "to", "as"):
        return False
    applicant = bool(_APPLICANTS.intersection(g.words(low, m.start, end)))
    return applicant or bool(_JOBS.intersection(g.words(low, nxt[1], hi)[:_POST_REACH]))


def _people_linked(between: list[str], persons: frozenset[str]) -> bool:
    """ "applicants from <group>", "tenants who are <group>", "bookings from <group>": people, or
    what stands for them, then a link to the group."""
    words = [w for w in between if w not in _OBJECT_WORDS]
    if len(words) > 1 and words[-2] in _STAND_INS and words[-1] == "from":
        return True  # "decline (membership) applications from <group>"
    return (
        bool(words) and words[0] in persons and g.plural_noun(words[0]) and set(words[1:]) <= (_PEOPLE_LINKS | {"are"})
    )


def _set_against(low: str, lo: int, m: Mention) -> bool:
    """The group is named after "over", "rather than", "instead of" or "than" after `lo`."""
    before = g.words(low, lo, m.start)
    for k in range(len(before) - 1, -1, -1):
        if before[k] in ("over", "than", "of"):
            rest = before[k + 1 :]
            return (
                len(rest) <= 2
                and set(rest) <= _OBJECT_WORDS
                and (before[k] != "of" or before[k - 1 : k] == ["instead"])
            )
    return False


def _people(low: str, m: Mention, hi: int, persons: frozenset[str]) -> bool:
    return _people_end(low, m, hi, persons) is not None


def _people_end(low: str, m: Mention, hi: int, persons: frozenset[str]) -> int | None:
    """Where the phrase naming the group's people ends, if the mention names people: a plural group,
    or a noun of people after it ("<group> applicants", "the <group> engineer", "<group> buyers",
    "the <group> couple"); not a thing ("the <group> place", "<group> cars")."""
    end = g.group_end(low, m, hi, persons)
    nxt = g.next_word(low, end, hi)
    if nxt is not None and nxt[0] not in _THINGS and _person_word(nxt[0], persons):
        return nxt[1]
    after = g.next_word(low, nxt[1], hi) if nxt is not None else None
    compound = after is not None and nxt is not None and nxt[0] not in _THINGS and nxt[0] not in reasons.NOT_SUBJECT
    if compound and after is not None and g.plural_noun(after[0]) and after[0] not in _THINGS:
        return after[1]  # "<group> tour groups", "<group> staff members"
    if end > m.end or g.plural_group(low, m, end, []):
        return end
    own = g.words(low, m.start, m.end)
    if own and own[-1] in persons:
        return end  # the group's word is itself a person's: "the woman", "a trans man"
    return None


def _person_word(w: str, persons: frozenset[str]) -> bool:
    """A noun for a person or people: the taxonomy's, a household's, a plural noun, or one in "-er",
    "-or", "-ist", "-ant", "-ent", "-ee", "-ian" ("engineer", "tutor", "applicant", "trainee")."""
    return w in persons or w in _HOUSEHOLDS or g.plural_noun(w) or (len(w) > 4 and w.endswith(_PERSON_ENDINGS))


def _linked(low: str, h: Hit, m: Mention, persons: frozenset[str]) -> bool:
    """Between the phrase and the group: its people and a link ("applicants who are <group>")."""
    words = [w for w in g.words(low, h.end, m.start) if w not in _OBJECT_WORDS]
    k = next((i for i, w in enumerate(words) if w in persons or w in _APPLICANTS), None)
    return k is not None and k <= 1 and len(words) - k <= 4 and set(words[k + 1 :]) <= _LINK_WORDS


def _chosen_person(low: str, h: Hit, decision: Span, persons: frozenset[str]) -> bool:
    """What someone else's choice picks is a person: "someone else", "the other applicant", "one of
    the other finalists", or a person before "the safer bet" ("the <group> candidate is the safer
    bet"); not "another date", "the other caterer"."""
    if h.value.endswith(("someone else", "the safer bet")):
        if h.value.endswith("someone else"):
            return True
        return any(_person_word(w, persons) for w in g.words(low, max(decision[0], h.start - 60), h.start)[-5:])
    nxt = g.next_word(low, h.end, decision[1])
    return nxt is not None and nxt[0] not in _THINGS and (nxt[0] in persons or nxt[0] in _APPLICANTS or nxt[0] == "one")


def _served(low: str, decision: Span, about: list[Mention], m: Mention) -> bool:
    """The reason's group is named in the decision as those it is for ("for the <group> guests")."""
    for x in about:
        if x.group == m.group and decision[0] <= x.start < decision[1]:
            before = g.words(low, max(decision[0], x.start - 20), x.start)[-2:]
            if {"for", "with"}.intersection(before):
                return True
    return False


def _person_object(low: str, h: Hit, hi: int, persons: frozenset[str]) -> bool:
    """A person is the object of the phrase: in it ("leave her off"), or after it ("pass on him",
    "skip the new applicant", "think twice about promoting him")."""
    if _PERSON_PRONOUNS.intersection(h.value.split()):
        return True
    words = g.words(low, h.end, min(hi, h.end + 60))[:4]
    if words[:1] and words[0] in _TAKING_ON:
        words = words[1:]
    while words and words[0] in _OBJECT_WORDS:
        words = words[1:]
    return any(w in _PERSON_PRONOUNS or w in persons or w in _APPLICANTS or w in _HOUSEHOLDS for w in words[:2])
