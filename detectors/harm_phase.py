"""An identity called a phase, a fashion, a choice or a bid for attention, for the harm lexicon
(implicit derogation, frame `identity_dismissed`).

The commonest polite dismissal of sexual orientation, gender identity and disability says nothing
bad about the people, only that what they are is not real:
- The identity as the subject of a copula whose predicate is a word of dismissal
  (`identity_dismissals`: "phase", "fad", "choice", "trendy") with only the word's own grading
  between ("being bi is just a phase", "<identity> is the new trend", "your kid saying they're
  <identity> is almost certainly a phase"). The identity ends the subject ("gay is a choice", "the
  nonbinary thing"), or follows a verb of being or naming in it ("being", "identifying as",
  "saying they're"); a plural subject only as the identities ("nonbinary identities are a trend"),
  as people taking it ("teen girls identifying as trans are a social contagion") or in the phase
  ("bi people are just in a phase").
- The identity naming the phase ("going through a lesbian phase"), or "it" standing for an
  identity said just before ("your son isn't trans, it's a phase") or, for the short names below,
  after ("it's trendy to be trans"; not yet "it's a choice to be gay").
- Taking the identity with a purpose of show (`self_labels` then `attention_purposes`), the
  identity the verb's complement ("kids only say they're <identity> for attention") or, for verbs
  that take one by themselves, its subject ("<group> who come out are doing it for attention").
- Growing out of it (`outgrowing`), said of the group's people as its subject ("trans kids grow out
  of it"), or whoever grows out of it named ("she'll grow out of being bi", "get over the trans
  thing").
- Passing or pretence (`identity_passing`, `identity_pretence`, the latter after "just", "only" or
  "really") said of someone just said to have the identity ("you're not really bi, you're just
  confused", "he's gay now, but he'll settle down with a nice girl"), in the sentence or opening
  the next ("My roommate came out as nonbinary. Give it a year, they're just trying to stand
  out."), or of the identity opening the sentence ("Nonbinary identification typically fades").
- A choice of it said of anyone but the writer (`chosen_identity`: "you chose to be gay"), a
  denial of it (`denied_identity`, `identity_denied_of`: "I don't believe in asexuality", "you're
  not really bi") or it said not to be real (`identity_unreal`: "bisexuality isn't real").
- An account of the identity set against a real one (`unreal_alternatives`: "is a rebranding of
  shyness rather than a genuine orientation", "explained by social contagion rather than by
  underlying differences"), the identity the subject of its clause and the real noun of its kind
  (an orientation or identity; for a condition, a condition or disorder).
- Compared to a fashion ("is this year's cottagecore", "the new black", "a status symbol"; a
  season's word only with a fashion after it), or reduced to another word or an excuse ("just a
  fancy word for", "basically what people call it when", "an excuse for"; a relabelling needs a
  reducer or a slight, and naming people after it defines: "a label for people who ...").
- The identity as a thing to drop ("forget all this gay business", "give up the trans stuff"),
  the thing ending its phrase.
Who it is said of: the writer's own only when the nearest person word before it is the writer
("I think I might be bi"; not "I told my sister her bisexuality", "my cousin is gay"), and a
speaker's "I" in a dialogue turn ("Sam: I think I'm bi. Dad: ...") is not the writer's ("Me:"
is). Reassurance asserts ("Don't worry, it's a phase"); in the next sentence a word of dismissal
counts only said bare ("Total phase."; not "my emo phase", "the awkward phase passes"). The
subject may hold a population or an age ("lesbianism among young women", "adult ADHD").
A short name the taxonomy does not read alone ("trans", "bi", "ace", "enby": "trans fats",
"bi-weekly", "ace at chess") counts after a verb of being or naming, and makes its sentence and
the next be read.

Not read: negated ("is not a phase", "nobody comes out for attention"), asked ("my teen asked if
being gay is a choice"), ironic ("Right, ...", "Yeah because ..."), under a negated verb of saying
or a stop ("don't let anyone tell you ...", "stop telling teens that ..."), talked about ("the tired
line that ...", "it's a myth that ..."), judged after it ("... is outdated"), the writer's own ("my
emo phase", "a choice I made at thirty"), a label or a telling as the choice ("calling yourself
queer is a personal choice"), a measure of the identity ("the rise in people identifying as bisexual
is a trend"), a thing named by the group's word ("wheelchair rugby for the disabled is the new
craze"), an option ("a choice on the census"), a phase of a process ("phase 2 trial", "a phase of
the project"), a noun of another sense in the predicate ("is the heart of her one-woman
performance"), a stereotype of the people ("gays are fashionable", which no reading flags), another
subject growing out of something ("gay dads know toddlers grow out of it"). Read, then damped as a
report, a quotation or a counter cue is in every harm claim: "my parents thought being bi was a
phase", "people assume ...".
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from detectors import harm_grammar as g
from detectors import harm_prejudice as p
from detectors.harm_grammar import Hit, Neighbour
from detectors.harm_prejudice import Found
from detectors.taxonomy import Mention

TRIGGERS = frozenset(
    [
        *("identity_dismissals", "attention_purposes", "outgrowing", "identity_passing", "identity_pretence"),
        *("chosen_identity", "denied_identity", "identity_unreal", "identity_denied_of", "unreal_alternatives"),
    ]
)
KINDS = (*sorted(TRIGGERS), "self_labels")  # a verb of taking an identity triggers nothing alone
FRAME = "identity_dismissed"

# Identities dismissed as a phase or a choice; a purpose of show is read on any group.
PHASE_AXES = frozenset(["sexual_orientation", "gender_identity", "disability"])
# The copula before the word of dismissal. The identity is one thing ("being gay is", "bisexuality
# is"): a plural copula has the people as its subject ("gays are fashionable" is a stereotype, not
# a dismissal) unless they are in or following the phase (`_IN_PHASE`), or the subject is the
# identities themselves ("nonbinary identities are a trend").
_COPULAS = frozenset(["is", "was", "become", "becomes", "became", "seems", "sounds", "be", "been"])
_PLURAL_COPULAS = frozenset(["are", "were"])
_IN_PHASE = frozenset(["in", "through", "following", "chasing", "riding", "jumping", "on"])
_PASSING = frozenset(["phase", "passing phase", "stage", "fad", "trend", "craze", "bandwagon"])
_IDENTITY_NOUNS = frozenset(["identities", "labels", "pronouns", "things"])
# Between the copula and the dismissal only these: the word's own grading ("is almost certainly
# just a passing", "is the new social media"), never a noun of another sense ("is the heart of her
# one-woman performance", "is covered by the Civil Rights Act").
_PREDICATE_WORDS = 6
_PREDICATE_OK = frozenset(
    [
        *("just", "only", "simply", "merely", "basically", "probably", "almost", "certainly", "clearly"),
        *("obviously", "really", "totally", "literally", "mostly", "usually", "always", "all", "often"),
        *("a", "an", "the", "new", "latest", "passing", "temporary", "personal", "lifestyle", "modern"),
        *("social", "media", "tiktok", "internet", "online", "youtube", "instagram", "fad", "mere"),
        *("another", "kind", "of", "sort", "nothing", "but", "like", "current", "silly", "stupid"),
        *("dumb", "ridiculous", "teenage", "teen", "college", "youthful", "big", "huge", "trendy", "mental"),
        *("short-lived", "lifelong", "immoral", "sinful", "selfish", "deliberate", "conscious", "bad", "wrong"),
        *("transitional", "recent", "developmental", "adolescent", "best", "understood", "as", "behavioural"),
        *("fancy", "posh", "polite", "convenient"),
        *("confused", "largely", "generally", "frequently", "chiefly", "mainly", "primarily", "essentially"),
        *("typically", "commonly", "increasingly", "well-documented", "documented"),
        *("fashionable", "fake", "sad", "sick", "weird", "cult", "woke", "liberal", "western", "hipster"),
        *("going", "through", "in", "following", "chasing", "riding", "jumping", "on", "some", "this"),
        *("that", "their", "her", "his", "generational", "viral", "hot", "cool", "glamorous", "attention-seeking"),
    ]
)
# In the subject: the words after the last of these are the subject of the dismissal, and these
# report it ("<group> apologists believe that being gay is a choice", "it's a myth that ...").
_SUBJECT_AFTER = frozenset(
    [
        *("that", "think", "thinks", "thought", "believe", "believes", "believed", "say", "says", "said"),
        *("told", "claim", "claims", "claimed", "know", "knows", "feel", "feels", "insist", "insists"),
        *("telling", "saying", "tell", "suggesting", "suggest", "suggests", "assume", "assumes", "assumed"),
        *("argue", "argues", "argued", "insisted", "imagine", "imagines", "worry", "worries", "fear", "fears"),
        *("convinced", "sure", "certain"),
    ]
)
# After the identity, still the identity's phrase ("the nonbinary thing", "gay stuff nowadays").
_IDENTITY_TAIL = frozenset(
    [
        *("thing", "stuff", "identity", "identities", "label", "labels", "nowadays", "now", "today"),
        *("diagnosis", "diagnoses", "idea", "business", "identification", "self-identification"),
        *("nonsense", "rubbish", "malarkey", "carry-on", "drama", "act"),
        *("appears", "appear", "seems", "seem", "tends", "tend", "to"),
        *("these", "days", "movement", "lifestyle", "ness", "wave", "pronouns", "things"),
        # an auxiliary or adverb before the copula ("being trans has become a trend")
        *("has", "have", "had", "just", "really", "basically", "honestly", "totally", "literally", "all"),
        *("will", "would", "must", "might", "may", "could", "can", "always", "probably", "'ll"),
    ]
)
# Right before the identity in its subject: a verb of being or naming that makes it the identity
# taken ("being trans", "saying they're gay"), "as" after a verb of identifying ("coming out as
# <identity>"; not "casting a cis actor as trans"), or a determiner opening it ("this bi thing").
_TAKING = frozenset(
    [
        *("being", "becoming", "turning", "calling", "saying", "claiming", "choosing", "deciding"),
        *("they're", "theyre", "she's", "he's", "shes", "hes", "suddenly", "be", "go", "got", "have", "has"),
        *("yourself", "themselves", "herself", "himself"),
    ]
)
_AS_VERBS = frozenset(["identifying", "identify", "identifies", "identified", "out", "living", "presenting"])
_OPENING = frozenset(
    [
        *(("the",), ("this",), ("that",), ("these",), ("all", "this"), ("all", "these"), ("the", "whole")),
        *(("this", "whole"), ("the", "entire"), ("your",), ("their",)),
    ]
)
# In the subject: a measure or a thing of the identity, not the identity ("the rise in ...").
_MEASURES = frozenset(
    [
        *("rise", "increase", "growth", "number", "numbers", "share", "percentage", "rate", "rates", "surge"),
        *("visibility", "acceptance", "support", "representation", "coverage", "research", "awareness"),
    ]
)
# After the word of dismissal: a phase of a process, a measured trend, an option ("phase 2", "a
# trend in the data", "a choice on the form").
_PROCESS = frozenset(["of", "in", "toward", "towards", "line", "lines", "data", "report", "analysis"])
# Words of dismissal that "of" describes rather than makes a process's ("a temporary condition of
# late development"; "a phase of the project" is not the identity's).
_OF_DESCRIBES = frozenset(
    ["temporary condition", "self-diagnosis", "transient feature", "transient phase", "transient stage"]
)
_WRITERS = frozenset(["i", "me", "i'm", "im", "myself", "i've", "ive", "i'd"])
_OWN_REACH = 3  # words after the dismissal that make it the writer's own ("for me", "a choice I made")
# After the dismissal, the claim judged ("... is outdated") or mocked ("..., that's why ...").
_JUDGED = re.compile(
    r"\s+(?:is|are|was)\s+(?:so\s+|just\s+|completely\s+|totally\s+)?(?:outdated|wrong|false|untrue|a\s+myth|"
    r"nonsense|harmful|debunked|ridiculous|bs|bullshit|offensive|hurtful|ignorant|a\s+lie|garbage|absurd)\b"
)
_MOCKED = ("lol sure", "as if")
_CLAUSE_WORDS = 20  # words of the clause read before a purpose


def triggered(by_kind: Mapping[str, list[Hit]], following: Neighbour | None = None) -> bool:
    """The sentence holds a word of dismissal, a purpose of show, outgrowing, passing or pretence,
    or the next sentence one of those that may be said of an identity named here."""
    if any(k in by_kind for k in TRIGGERS):
        return True
    return following is not None and any(
        h.kind in _NEXT_KINDS and (h.kind != "identity_dismissals" or h.value in _NEXT_DISMISSALS) for h in following[2]
    )


# In the next sentence, what may dismiss an identity named in this one ("... came out as
# nonbinary. Give it a year, they're just trying to stand out.").
_NEXT_KINDS = frozenset(["identity_dismissals", "outgrowing", "identity_passing", "identity_pretence"])
_NEXT_OPENING = 12  # words of the next sentence read for it (its first clause or two)
# Words of dismissal read in the next sentence: those with no other sense near an identity ("an
# act", "made up" have too many).
_NEXT_DISMISSALS = frozenset(
    [
        *("phase", "passing phase", "stage", "fad", "trend", "craze", "bandwagon", "choice", "lifestyle"),
        *("lifestyle choice", "social contagion", "contagion", "fashion statement", "cry for attention"),
        *("bid for attention", "attention grab", "social trend", "cool thing to say", "trendy thing to say"),
    ]
)


def dismissed(
    low: str,
    sentence: tuple[int, int],
    mentions: list[Mention],
    by_kind: Mapping[str, list[Hit]],
    persons: frozenset[str],
    following: Neighbour | None = None,
) -> list[Found]:
    """The group's identity called a phase, a fashion or a choice, taken for show, or grown out of."""
    s_start, s_end = sentence
    if p.ironic(low, s_start, s_end):
        return []
    if p.asked(low, s_start, s_end):
        # "Your cousin says he's gay now?" asks nothing of the identity; the next sentence may
        # dismiss it ("He's just experimenting.")
        found = _dismissed_next(low, sentence, mentions, following)
        return [found] if found is not None else []
    out: list[Found] = []
    dismissals = by_kind.get("identity_dismissals", [])
    for d in dismissals:
        found = _phase_of(low, d, s_start, mentions) or _called(low, d, (s_start, s_end), mentions)
        if found is not None:
            out.append(found)
    for r in by_kind.get("attention_purposes", []):
        found = _for_show(low, r, (s_start, s_end), mentions, by_kind.get("self_labels", []))
        if found is not None:
            out.append(found)
    for o in by_kind.get("outgrowing", []):
        found = _outgrown(low, o, (s_start, s_end), mentions, persons, bool(dismissals))
        if found is not None:
            out.append(found)
    for h in (*by_kind.get("identity_passing", []), *by_kind.get("identity_pretence", [])):
        found = _passing(low, h, (s_start, s_end), mentions)
        if found is not None:
            out.append(found)
            break  # one is enough: the rest say the same of the same identity
    for a in by_kind.get("unreal_alternatives", []):
        found = _instead_of_real(low, a, (s_start, s_end), mentions)
        if found is not None:
            out.append(found)
            break  # one is enough: the rest set the same identity against the same
    for u in by_kind.get("identity_unreal", []):
        found = _unreal(low, u, (s_start, s_end), mentions)
        if found is not None:
            out.append(found)
    for c in (
        *by_kind.get("chosen_identity", []),
        *by_kind.get("denied_identity", []),
        *by_kind.get("identity_denied_of", []),
    ):
        found = _chosen(low, c, (s_start, s_end), mentions)
        if found is not None:
            out.append(found)
    if not out:
        found = _dismissed_next(low, sentence, mentions, following)
        if found is not None:
            out.append(found)
    return out


def _chosen(low: str, c: Hit, sentence: tuple[int, int], mentions: list[Mention]) -> Found | None:
    """The identity right after a verb of choosing it, said of anyone but the writer and not
    negated ("you chose to be gay", not "you didn't choose to be gay"), or after a denial of it,
    whose negation is the claim ("I don't believe in asexuality", "you're not really bi")."""
    s_start, s_end = sentence
    before = g.words(low, max(g.colon_clause_start(low, s_start, c.start), c.start - 60), c.start)
    # "I don't believe in asexuality", "you're not really bi": the negation is the claim
    denial = c.kind in ("denied_identity", "identity_denied_of")
    if not denial and any(g.is_negation(w) or w in BARE_NEGATIONS for w in before):
        return None  # "you didn't choose to be gay"
    if _WRITERS.intersection(before[-2:]) and not denial:
        return None  # "I chose to be open about it": the writer's own choice
    if not denial and p.told_otherwise(low, s_start, c.start):
        return None
    after = list(g.WORD.finditer(low, c.end, min(s_end, c.end + 40)))[:3]
    if after and after[0].group(0) in ("being", "a", "an"):
        after = after[1:]  # "no such thing as being nonbinary", "you're not really a lesbian"
    # a denial's span opens its clause, so the writer's "I don't believe" is the claim, not a
    # rejection of it
    start = g.colon_clause_start(low, s_start, c.start) if denial else c.start
    start += len(low[start : c.start]) - len(low[start : c.start].lstrip())
    for m in mentions:
        if after and m.start == after[0].start() and m.axis in PHASE_AXES:
            return Found(start, m.end, frozenset([m.group]), FRAME)
    if after and after[0].group(0) in SHORT_NAMES:
        return Found(start, after[0].end(), frozenset([SHORT_NAMES[after[0].group(0)]]), FRAME)
    return None


def _unreal(low: str, u: Hit, sentence: tuple[int, int], mentions: list[Mention]) -> Found | None:
    """ "Bisexuality isn't real", "ADHD isn't a real condition": the identity the subject of its
    clause (as in `_called`), not asked or said by someone else before it."""
    s_start, s_end = sentence
    clause = g.colon_clause_start(low, s_start, u.start)
    words = list(g.WORD.finditer(low, max(clause, u.start - 120), u.start))
    opens = max((i + 1 for i in range(len(words)) if _reports_subject(words, i)), default=0)
    if any(g.is_negation(w.group(0)) or w.group(0) in BARE_NEGATIONS for w in words[:opens]):
        return None  # "nobody thinks bisexuality isn't real": the denial itself denied
    words = words[opens:]
    if not words or _own([w.group(0) for w in words]):
        return None
    if "feel" in g.first_words(low, u.end, s_end, 3) or "to" in g.first_words(low, u.end, s_end, 1):
        return None  # "it isn't real to them", "doesn't feel real yet": not the identity denied
    found = _identity(low, (words[0].start(), u.start), mentions)
    return Found(words[0].start(), u.end, frozenset([found[0]]), FRAME) if found is not None else None


def _instead_of_real(low: str, a: Hit, sentence: tuple[int, int], mentions: list[Mention]) -> Found | None:
    """ "Asexuality is widely regarded as a rebranding of shyness rather than a genuine
    orientation": the identity the subject of its clause, then an account of it set against a
    real one (`unreal_alternatives` then a noun of what is real: an orientation, a condition);
    the span from the subject to the alternative."""
    s_start, s_end = sentence
    real = set(g.first_words(low, a.end, s_end, _REAL_REACH))
    if not _REAL_NOUNS.intersection(real):
        return None  # "rather than a real increase in cases": not the identity set against
    # from the sentence's start (after a speaker's label): an aside between commas may part the
    # subject from its verb ("Asexuality, as popularised online, is ...")
    clause = max(speaker_turn(low, s_start), low.rfind(":", s_start, a.start) + 1)
    words = list(g.WORD.finditer(low, clause, min(a.start, clause + 300)))
    at = next((i for i, w in enumerate(words) if w.group(0) in _PREDICATING), None)
    if at is None or at == 0:
        return None
    predicate = [w.group(0) for w in words[at:]]
    if any(g.is_negation(w) or w in BARE_NEGATIONS for w in predicate[:_REAL_REACH]):
        return None  # "is not a rebranding of shyness rather than ..."
    if _SUBORDINATE.intersection(predicate) or _WRITERS.intersection(predicate):
        return None  # "was removed from the DSM because it is ...", "my doctor and I discussed"
    opens = max((i + 1 for i in range(at) if _reports_subject(words, i)), default=0)
    if opens >= at or _own([w.group(0) for w in words[opens:at]]):
        return None
    lo, hi = words[opens].start(), words[at].start()
    comma = low.find(",", lo, hi)
    found = _identity(low, (lo, hi if comma < 0 else comma), mentions)
    if found is None or p.told_otherwise(low, s_start, words[opens].start()):
        return None
    axis = next((m.axis for m in mentions if m.group == found[0]), _SHORT_AXES.get(found[0], "disability"))
    if not real & (_REAL_CONDITIONS if axis == "disability" else _REAL_IDENTITIES):
        return None  # "being gay is a variation rather than a real illness": an illness denied
    return Found(words[opens].start(), a.end, frozenset([found[0]]), FRAME)


# Right after the alternative: what is real ("rather than a genuine orientation"); for an
# orientation or a gender identity, being one; for a condition, being a condition ("rather than
# a true disability" says a difference is no disability, which dismisses nothing).
_REAL_REACH = 4
_REAL_IDENTITIES = frozenset(["orientation", "attraction", "identity", "gender", "dysphoria"])
_REAL_CONDITIONS = frozenset(
    ["condition", "disorder", "illness", "difference", "differences", "diagnosis", "need", "needs", "impairment"]
)
_REAL_NOUNS = _REAL_IDENTITIES | _REAL_CONDITIONS
# In the predicate: a clause of its own, whose subject is not the identity's.
_SUBORDINATE = frozenset(["because", "since", "although", "though", "while", "whereas", "after", "when"])
# The verb after the subject: where the subject ends.
_PREDICATING = frozenset(
    [
        *("is", "are", "was", "were", "reflects", "reflect", "reflected", "functions", "function"),
        *("represents", "represent", "tends", "tend", "appears", "appear", "seems", "seem", "stems"),
        *("stem", "comes", "come", "arises", "arise", "has", "have", "can", "may", "often", "usually"),
    ]
)


def _dismissed_next(
    low: str, sentence: tuple[int, int], mentions: list[Mention], following: Neighbour | None
) -> Found | None:
    """An identity said of someone in this sentence ("My roommate came out as nonbinary.", "Your
    cousin says he's gay now?"), then the next sentence opening with a dismissal of it ("Give it a
    year, they're just trying to stand out.", "He's just experimenting.", "Total phase."); the span
    is this sentence's, the next is what is said of it."""
    if following is None:
        return None
    s_start, s_end = sentence
    if not any(m.axis in PHASE_AXES for m in mentions) and not _SHORT_NAME.search(low, s_start, s_end):
        return None  # most sentences name no identity: nothing to dismiss in the next
    named = _said_identity(low, (s_start, s_end), mentions)
    if named is None:
        return None
    n_start, n_end, hits = following
    if p.ironic(low, n_start, n_end) or p.asked(low, n_start, n_end):
        return None
    opening = list(g.WORD.finditer(low, speaker_turn(low, n_start), n_end))[:_NEXT_OPENING]
    if not opening:
        return None
    limit = opening[-1].end()
    for h in hits:
        if h.kind not in _NEXT_KINDS or h.start > limit:
            continue
        near = g.words(low, max(g.colon_clause_start(low, n_start, h.start), h.start - 60), h.start)
        if _denied(near) or _WRITERS.intersection(near[-2:]):
            continue  # "it isn't a social contagion", "I was confused at that age"
        if h.kind == "identity_pretence" and not (
            _ONLY.intersection(g.words(low, max(n_start, h.start - 40), h.start)) or _motive(low, h, n_start)
        ):
            continue
        if h.kind == "identity_dismissals" and h.value not in _NEXT_DISMISSALS:
            continue  # "an act", "made up": too many senses away from the identity's own sentence
        if h.kind == "identity_dismissals" and not _bare_dismissal(low, h, near, n_end):
            continue  # "my emo phase", "the awkward phase passes", "a phase of adjustment"
        if h.kind in ("identity_passing", "identity_pretence") and not _faked_sense(low, h, n_end):
            continue
        return Found(s_start, len(low[:s_end].rstrip()), frozenset([named[1]]), FRAME)
    return None


def _bare_dismissal(low: str, h: Hit, near: list[str], n_end: int) -> bool:
    """A word of dismissal in the next sentence said bare, of what was said before ("Total
    phase.", "it's just a phase", "Don't worry, it's a social contagion"): right before it a word
    a dismissal's own predicate holds, not another modifier or the writer's ("my emo phase", "the
    awkward phase passes", "a similar phase"), and nothing after it that makes it a process's or
    the writer's ("a phase of adjustment", "a phase I went through too")."""
    if near and (near[-1] in ("my", "our") or near[-1] not in _PREDICATE_OK | _BARE_LEADS):
        return False
    return _said_of_it(low, h, n_end)


# Right before a bare dismissal, besides a predicate's own words: its opener ("Total phase.").
_BARE_LEADS = frozenset(
    [
        *("it's", "its", "that's", "thats", "it", "is", "was", "total", "complete", "pure", "classic"),
        *("any", "other", "every", "practically", "personality", "such"),
    ]
)


def _denied(near: list[str]) -> bool:
    """A negation among `near`, but not one of reassurance ("Don't worry, it's a phase", "no
    need to panic, she's just experimenting"), which asserts what follows."""
    return any(
        (g.is_negation(w) or w in BARE_NEGATIONS) and not _REASSURED.intersection(near[i + 1 : i + 3])
        for i, w in enumerate(near)
    )


# After a negation: reassurance, which asserts the dismissal after it.
_REASSURED = frozenset(["worry", "worries", "panic", "fret", "stress", "freak"])


def _motive(low: str, h: Hit, lo: int) -> bool:
    """A motive of show whose cause is the identity or its label, not a person who gives it
    ("it makes them feel special", "the label makes her feel special"; not "her teachers make
    her feel special")."""
    if h.value not in _MOTIVES:
        return False
    before = g.words(low, max(lo, h.start - 80), h.start)
    near = before[-4:]
    if not any(w in _MAKERS and i > 0 and near[i - 1] in _CAUSES for i, w in enumerate(near)):
        return False
    # "it" and "that" stand for the label only after a wish for it ("They all want a diagnosis
    # now, it makes them feel special"; not "Using their new name, it makes them feel seen")
    return bool(_WANTING.intersection(before[:-4])) or bool(_LABELS.intersection(near))


_MOTIVES = frozenset(["feel special", "wants to feel special", "want to feel special", "seeking attention"])
_MAKERS = frozenset(["makes", "made", "make", "gets", "got"])
_CAUSES = frozenset(["it", "that", "label", "diagnosis", "this"])
_LABELS = frozenset(["label", "diagnosis"])
_WANTING = frozenset(["want", "wants", "wanted", "crave", "craves", "chase", "chasing", "after"])


def _faked_sense(low: str, h: Hit, n_end: int) -> bool:
    """A word of passing or pretence in its sense here ("confused about the form" is not)."""
    nxt = g.next_word(low, h.end, n_end)
    return not _other_sense(h, nxt)


def _other_sense(h: Hit, nxt: tuple[str, int] | None) -> bool:
    """A word of pretence in another sense by the word after it ("confused about the form",
    "experimenting with a YouTube channel")."""
    if nxt is None:
        return False
    return (h.value == "confused" and nxt[0] in _CONFUSED_ABOUT) or (h.value == "experimenting" and nxt[0] in _WITH)


_WITH = frozenset(["with", "on", "in"])


def _said_identity(
    low: str, span: tuple[int, int], mentions: list[Mention], floor: int | None = None
) -> tuple[int, str] | None:
    """An identity said of someone in `span`: a mention of a phase axis, or a short name, right
    after a copula, a possessive or a verb of naming ("says he's gay", "came out as nonbinary",
    "her bisexuality"), not the writer's own; `floor`, where its sentence starts."""
    s_start, s_end = span
    floor = s_start if floor is None else floor
    for start, _, group in _named(low, (s_start, s_end), mentions):
        said = g.words(low, max(floor, start - 30), start)[-2:]
        doing = said[-2:] == ["doing", "the"]  # "still doing the pansexual thing?"
        being = said and (said[-1] in _SAID or said[-1].endswith(("'s", "'re", "n't")) or said[-1] in _TAKING)
        if (being or doing) and not _writers_own(low, floor, start):
            return start, group
    return None


def _writers_own(low: str, floor: int, start: int) -> bool:
    """The identity at `start` said of the writer: the nearest person word before it is the
    writer ("I think I might be bi", "I was a lesbian", "my bisexuality"), not someone the
    writer reports ("told me she's autistic", "I told my sister her bisexuality"); in a
    speaker's turn ("Sam: I think I might be bisexual.") "I" is the speaker, not the writer."""
    turn = speaker_turn(low, floor)
    if turn > floor and low[floor:turn].split()[0] != "me:":
        return False  # a speaker's "I"; the writer's own turn is "Me:"
    for w in reversed(g.words(low, max(floor, start - 40), start)[-5:]):
        if w in _WRITERS or w == "my":
            return True
        if w not in _SEEN_THROUGH:
            return False  # "my cousin is gay": a person named between "my" and the identity
    return False


# Between a person and the identity said of them: copulas, modals, verbs of thinking, adverbs
# ("I think I might be bi", "I was a lesbian"); any other word names someone else ("my cousin is").
_SEEN_THROUGH = frozenset(
    [
        *("is", "are", "was", "were", "be", "been", "being", "am", "might", "may", "could", "must", "think"),
        *("thought", "guess", "suppose", "realised", "realized", "now", "really", "just", "still", "so"),
        *("probably", "actually", "also", "always", "like", "as", "identify", "identified", "a", "an", "too"),
        *("pretty", "sure", "kind", "of", "sort", "maybe", "definitely", "totally", "literally"),
    ]
)


_SPEAKER = re.compile(r"\s*([a-z][a-z'.]*(?: [a-z][a-z'.0-9]*)?): ")
# Labels that head a post, not a speaker ("Update: I think I'm bi.").
_HEADINGS = frozenset(
    [
        *("update", "edit", "note", "ps", "p.s.", "tldr", "fyi", "honestly", "context", "background"),
        *("summary", "disclaimer", "warning", "reminder", "question", "answer", "reason", "source"),
        *("sources", "result", "results", "conclusion", "tip", "example", "advice", "lol", "ok", "okay"),
    ]
)


def speaker_turn(low: str, start: int) -> int:
    """Where the words of a speaker's turn begin, past a label opening the sentence ("Mum: ...",
    "Aunt Jo: ..."); `start` itself when there is none or the label heads a post ("Update:")."""
    m = _SPEAKER.match(low, start, start + 30)
    if m is None or m.group(1).split()[0] in _HEADINGS:
        return start
    return m.end()


_BEING_WORDS = ("is", "are", "was", "being", "be", "not", "as", "im", "shes", "hes", "theyre", "really")
# Before a word of pretence: it is all there is ("he's just experimenting", "only copying").
_ONLY = frozenset(["just", "only", "really", "simply", "merely", "probably", "obviously", "clearly", "mostly"])
# After "confused": what the confusion is about, not the identity ("confused about how to tell ...").
_CONFUSED_ABOUT = frozenset(["about", "by", "how", "whether", "why", "what", "when", "with", "at"])
# Right before an identity said of someone: a copula or a verb of naming ("says he's gay",
# "came out as nonbinary", "calling yourself autistic", "said they were pansexual").
_SAID = frozenset(
    [
        *_BEING_WORDS,
        *("were", "yourself", "themselves", "herself", "himself", "you're", "youre", "doing"),
        # a speaker's own ("Priya: I'm pretty sure I'm asexual."): the writer's are set aside after
        *("i'm", "am"),
        *("her", "his", "their", "your", "claiming", "claim", "claims", "have", "has"),
    ]
)
_PASSING_REACH = 160  # characters before the word in which the identity is said of someone


def _passing(low: str, h: Hit, sentence: tuple[int, int], mentions: list[Mention]) -> Found | None:
    """An identity said of someone, then in the same sentence said to pass or to be pretended:
    "he's gay now, but he'll settle down with a nice girl eventually", "you're not really bi,
    you're just confused"; the span from the sentence's start to the word."""
    s_start, s_end = sentence
    near = g.words(low, max(s_start, h.start - 40), h.start)[-3:]
    if _denied(near[-2:]) or _WRITERS.intersection(near):
        return None  # "she isn't just experimenting", "I was confused"
    # a negated verb of saying governs its own clause: "I refuse to believe my daughter is
    # autistic; she's just copying ..." refuses the identity, the pretence after ";" is the claim
    if p.told_otherwise(low, max(s_start, low.rfind(";", s_start, h.start) + 1), h.start):
        return None  # "I won't tell you it's a phase that will pass"
    if h.kind == "identity_pretence" and not _ONLY.intersection(near):
        return None  # "she's trying to fit in at her new school": no pretence said
    if _other_sense(h, g.next_word(low, h.end, s_end)):
        return None
    named = _said_identity(low, (max(s_start, h.start - _PASSING_REACH), h.start), mentions, s_start)
    if named is None and h.kind == "identity_passing":
        named = _opening_identity(low, (s_start, h.start), mentions)  # "<identity> typically fades"
    if named is None:
        return None
    # the span from the sentence's start: the identity's own "says he's gay" is part of the claim,
    # not a report of it; but an identity that is the pretence's subject opens the claim, and a
    # verb of saying before it reports it ("people saying bisexuals are just confused")
    return Found(
        named[0] if _reported_subject(low, s_start, named[0]) else s_start, h.end, frozenset([named[1]]), FRAME
    )


def _reported_subject(low: str, s_start: int, start: int) -> bool:
    """The identity at `start` opens a clause a verb of saying reports: the verb right before it,
    the identity's people the copula's subject ("people saying bisexuals are just confused",
    "claims autism is"); not the people's own saying ("teens who say they're bi are", "adults
    claiming ADHD are", where "are" is the adults')."""
    before = g.words(low, max(s_start, start - 30), start)[-1:]
    if not before or before[0] not in _SUBJECT_AFTER:
        return False
    said = g.first_words(low, start, start + 60, 2)
    if len(said) < 2:
        return False
    plural = said[0].endswith("s") or said[0] == "people"
    return (said[1] in ("are", "were") and plural) or (said[1] in ("is", "was") and not plural)


def _opening_identity(low: str, span: tuple[int, int], mentions: list[Mention]) -> tuple[int, str] | None:
    """The identity opening the sentence as its subject ("Nonbinary identification ... fades")."""
    s_start, hi = span
    first = g.WORD.search(low, s_start, hi)
    if first is None:
        return None
    m = next((m for m in mentions if m.start == first.start() and m.axis in PHASE_AXES), None)
    return (m.start, m.group) if m is not None else None


def _called(low: str, d: Hit, sentence: tuple[int, int], mentions: list[Mention]) -> Found | None:
    """ "<identity> is (just) a phase": the span from the subject's start to the dismissal."""
    s_start, s_end = sentence
    clause = g.colon_clause_start(low, s_start, d.start)
    words = list(g.WORD.finditer(low, max(clause, d.start - 200), d.start))
    at = max((i for i, w in enumerate(words) if _copula(w.group(0))), default=None)
    if at is None or len(words) - at - 1 > _PREDICATE_WORDS:
        return None
    copula = words[at].group(0)
    predicate = [w.group(0) for w in words[at + 1 :]]
    if not set(predicate) <= _PREDICATE_OK or _negated(low, words, at):
        return None  # "is the heart of her performance"; "is not a phase", "isn't a choice"
    if not _said_of_it(low, d, s_end):
        return None
    if d.value in _SEASONS:
        nxt = g.next_word(low, d.end, s_end)
        if nxt is None or nxt[0] not in _FASHIONS:
            return None  # "bisexuality is this week's topic on our podcast": a season's thing, no fashion
    pronoun = copula if copula in _PRONOUN_COPULAS else " ".join(w.group(0) for w in words[max(0, at - 1) : at + 1])
    if pronoun in _PRONOUN_COPULAS:
        # "he's gay now, but it's just a phase", "you're not gay, you're going through a
        # phase", "it's trendy to be trans": the identity named just before, or after the dismissal
        lo = words[at - 1].start() if copula not in _PRONOUN_COPULAS else words[at].start()
        return _after(low, d, s_end) or _it(low, d, (s_start, lo), mentions)
    if copula.endswith("'s"):
        return None  # "Sam's a phase": a person
    plural = copula in _PLURAL_COPULAS or copula.endswith("'re")
    opens = max((i + 1 for i in range(at) if _reports_subject(words, i)), default=0)
    if any(g.is_negation(w.group(0)) or w.group(0) in BARE_NEGATIONS for w in words[:opens]):
        return None  # "I don't think being gay is a choice": the dismissal denied
    if any(w.group(0) in ("stop", "quit") for w in words[:opens]):
        return None  # "stop telling teens that being bi is a phase"
    if any(w.group(0) in ("if", "whether") for w in words[:at]):
        return None  # "my teen asked if being gay is a choice": a question reported
    words = words[opens:]
    at -= opens
    subject = [w.group(0) for w in words[:at]]
    if not subject or _MEASURES.intersection(subject) or _own(subject):
        return None  # "the rise in ...", "my bisexuality was a phase"
    if opens and _talked_about(low, clause, words[0].start()):
        return None  # "the tired line that being asexual is a phase": the claim talked about
    if d.value == "trend" and {"among", "in"} & set(subject):
        return None  # "autism among girls is a trend researchers missed": a trend in the numbers
    if d.value == "choice" and _NAMING.intersection(subject):
        return None  # "calling yourself queer is a personal choice": the label, or telling, is chosen
    lo, hi = words[0].start(), words[at].start()
    found = _identity(low, (lo, hi), mentions)
    if found is None or p.told_otherwise(low, s_start, lo):
        return None  # "don't let anyone tell you being bi is a phase"
    group, by_verb = found
    if d.value in _REDUCED and not (_REDUCERS.intersection(predicate) or d.value.startswith(_SLIGHTING)):
        return None  # "bisexual is a label for people attracted to ...": a definition, not a reduction
    if d.value in _REDUCED and _DEFINED.intersection(g.first_words(low, d.end, s_end, 2)):
        return None  # "nonbinary is simply a label for people who ...": whom it names, a definition
    in_phase = bool(_IN_PHASE.intersection(predicate)) and d.value in _PASSING
    if plural and not (in_phase or by_verb or _IDENTITY_NOUNS.intersection(subject)):
        return None  # "gays are fashionable": the people, not the identity
    return Found(lo, d.end, frozenset([group]), FRAME)


# Words of dismissal naming a season, read only with a fashion after them ("this year's
# cottagecore", "this season's must-have"; not "this year's charity of choice").
_SEASONS = frozenset(
    ["this year's", "this season's", "this decade's", "this generation's", "this week's", "this month's"]
)
_FASHIONS = frozenset(
    [
        *("thing", "trend", "fad", "craze", "fashion", "aesthetic", "accessory", "look", "vibe", "must-have"),
        *("black", "cottagecore", "emo", "goth", "hipster", "personality", "flex", "badge", "label", "it"),
        *("obsession", "hobby", "costume", "phase", "gimmick", "identity", "diagnosis", "cool", "hot"),
    ]
)
# Words of dismissal that name the identity again ("a word for", "what people call it"): a
# definition unless reduced ("just a word for") or slighted ("a fancy word for").
_REDUCED = frozenset(
    [
        *("new word for", "another word for", "a word for", "a name for", "a label for", "label for"),
        *("what people call it", "what they call it", "what people say", "synonym for", "code for"),
        # also said of a condition plainly ("dyslexia is often a symptom of a processing difference")
        *("a symptom of", "self-diagnosis"),
    ]
)
# Right after a word for the identity: the people it names, so a definition ("a label for people
# who ...", "a name for those whose brains ...").
_DEFINED = frozenset(["people", "someone", "somebody", "those", "anyone", "persons", "individuals"])
_REDUCERS = frozenset(
    [
        *("just", "only", "merely", "simply", "basically", "really", "nothing", "fancy", "posh", "polite"),
        *("largely", "mostly", "mainly"),
    ]
)
_SLIGHTING = ("fancy", "posh", "polite")
# In a subject: a verb of naming or telling, whose choice is the label's or the telling's.
_NAMING = frozenset(
    ["calling", "call", "identifying", "identify", "saying", "label", "labelling", "labeling", "coming"]
)
# A pronoun and its copula that may stand for an identity said just before, or after ("it's
# trendy to be trans"); "you're", "she's" only with the identity before ("you're not gay, you're
# going through a phase").
_PRONOUN_COPULAS = frozenset(
    [
        *("it's", "that's", "it is", "that is", "it was", "that was", "it's just", "you're", "she's"),
        *("he's", "they're", "you are", "she is", "he is", "they are", "it seems", "it becomes"),
    ]
)
# Before "that" the claim opens: a noun of speech or belief, the claim talked about.
_TALK = frozenset(
    [
        *("line", "idea", "claim", "myth", "notion", "belief", "assumption", "stereotype", "trope"),
        *("narrative", "lie", "argument", "view", "suggestion", "theory", "misconception", "cliche"),
        *("rhetoric", "talking", "point", "saying", "nonsense", "question", "accusation", "claims", "ideas"),
        *("myths", "notions", "beliefs", "assumptions", "stereotypes", "theories", "suggestions", "arguments"),
    ]
)


def _talked_about(low: str, lo: int, claim: int) -> bool:
    """The claim at `claim` follows "<noun of speech> that" ("the myth that ...")."""
    before = g.words(low, max(lo, claim - 60), claim)
    return before[-1:] == ["that"] and before[-2:-1] != [] and before[-2] in _TALK


def _after(low: str, d: Hit, s_end: int) -> Found | None:
    """ "it's trendy to be trans (now)", "it's a choice to be gay": the identity right after."""
    rest = g.first_words(low, d.end, s_end, 5)
    if rest[:2] != ["to", "be"] and rest[:1] != ["being"]:
        return None
    skip = 2 if rest[:2] == ["to", "be"] else 1
    if len(rest) > skip and rest[skip] in SHORT_NAMES:
        return Found(d.start, d.end, frozenset([SHORT_NAMES[rest[skip]]]), FRAME)
    return None


def _phase_of(low: str, d: Hit, s_start: int, mentions: list[Mention]) -> Found | None:
    """ "She's going through a lesbian phase", "his trans phase": the identity names the phase."""
    if d.value not in _PASSING:
        return None
    for start, end, group in _named(low, (max(s_start, d.start - 60), d.start), mentions):
        if low[end : d.start] == " ":
            before = g.words(low, max(g.colon_clause_start(low, s_start, start), start - 80), start)
            if _WRITERS.intersection(before) or before[-1:] in (["my"], ["our"]):
                return None  # "my lesbian phase", "I had a bi phase"
            if any(g.is_negation(w) or w in BARE_NEGATIONS for w in before):
                return None  # "it's not a gay phase"
            return Found(start, d.end, frozenset([group]), FRAME)
    return None


def _copula(w: str) -> bool:
    return w in _COPULAS or w in _PLURAL_COPULAS or w.endswith(("'s", "'re")) or w in ("isn't", "wasn't", "aren't")


def _negated(low: str, words: list[re.Match[str]], at: int) -> bool:
    """The copula or the words after it deny the dismissal ("isn't a phase", "is not a choice")."""
    after = [w.group(0) for w in words[at:]]
    return any(g.is_negation(w) or w in BARE_NEGATIONS for w in after) or low.startswith("n't", words[at].end())


def _said_of_it(low: str, d: Hit, s_end: int) -> bool:
    """Nothing after the dismissal makes it a process's phase, a measured trend, the writer's own,
    a claim judged or mocked."""
    nxt = g.next_word(low, d.end, s_end)
    process = nxt is not None and nxt[0] in _PROCESS and d.value not in _OF_DESCRIBES
    if nxt is not None and (process or nxt[0][:1].isdigit() or (d.value == "choice" and nxt[0] == "on")):
        return False  # "a phase of the project", "phase 2 trial", "a choice on the form"
    own = g.first_words(low, d.end, g.clause_end(low, d.end, s_end), _OWN_REACH)
    if _WRITERS.intersection(own) or low.startswith((" for me", " in my"), d.end):
        return False  # "was a phase for me", "a choice I made"
    rest = low[d.end : s_end]
    return _JUDGED.match(rest) is None and not any(m in rest for m in _MOCKED)


def _own(subject: list[str]) -> bool:
    """The writer's own identity: "I", or "my" right before the identity or its verb ("my coming
    out", "my bisexuality"; not "my son saying he's gay")."""
    if _WRITERS.intersection(subject):
        return True
    return subject[:1] in (["my"], ["our"]) and len(subject) <= 3 and not set(subject[1:]) & _KIN


# After "among" or "in" in the identity's subject: who has it, not what it is.
_POPULATION = frozenset(
    [
        *("young", "women", "men", "girls", "boys", "teens", "teenagers", "adolescents", "kids", "children"),
        *("students", "adults", "youth", "youths", "people", "adolescent", "teen", "teenage", "school"),
    ]
)
# Before the identity: the age or sex it is had at, still the identity ("adult ADHD").
_ONSET = frozenset(["adult", "adolescent", "teen", "teenage", "childhood", "youth", "female", "male", "late-onset"])
_KIN = frozenset(["son", "daughter", "kid", "kids", "child", "children", "brother", "sister", "nephew", "niece"])


def _identity(low: str, span: tuple[int, int], mentions: list[Mention]) -> tuple[str, bool] | None:
    """The identity the subject `span` is: a mention of a phase axis, or a short name, with only
    the identity's phrase after it and a verb of being or naming (or nothing) before it; and
    whether a verb takes it ("teen girls identifying as trans")."""
    lo, hi = span
    for m in mentions:
        if lo <= m.start < hi and m.axis in PHASE_AXES:
            taken = _taken(g.words(low, lo, m.start), g.words(low, m.end, hi))
            if taken is not None:
                return m.group, taken
    subject = g.words(low, lo, hi)
    for i, w in enumerate(subject):
        if w in SHORT_NAMES:
            taken = _taken(subject[:i], subject[i + 1 :])
            if taken is not None:
                return SHORT_NAMES[w], taken
    return None


def _taken(lead: list[str], tail: list[str]) -> bool | None:
    """Whether the identity with `lead` before it and `tail` after it is the subject: None if not,
    else whether a verb takes it."""
    if tail[:1] in (["among"], ["in"]) and len(tail) <= 4 and set(tail[1:]) <= _POPULATION:
        tail = []  # "lesbianism among young women", "bisexuality in teens": still the identity
    if not set(tail) <= _IDENTITY_TAIL:
        return None
    if len(lead) == 1 and lead[0] in _ONSET:
        lead = []  # "adult ADHD", "teen bisexuality": the identity at an age
    if (lead and lead[-1] in _TAKING) or (lead[-1:] == ["as"] and len(lead) > 1 and lead[-2] in _AS_VERBS):
        return True
    if lead and (lead[-1].endswith("'s") or lead[-1] in ("his", "her", "their", "your")) and len(lead) <= 3:
        return False  # "my son's ADHD diagnosis", "her bisexuality": a person's identity
    return False if not lead or tuple(lead) in _OPENING else None


def _it(low: str, d: Hit, span: tuple[int, int], mentions: list[Mention]) -> Found | None:
    """ "Your son isn't trans, it's a phase", "he's gay now, but it's just a phase": an identity
    said of someone just before "it's", a comma or "but" between; the span from the sentence's
    start to the dismissal."""
    s_start, hi = span
    lo = max(s_start, hi - 100)
    for start, end, group in reversed(_named(low, (lo, hi), mentions)):
        before = g.words(low, max(s_start, start - 30), start)[-2:]
        if not before or not (before[-1] in _BEING or before[-1].endswith(("'s", "'re", "n't"))):
            continue
        between = g.words(low, end, hi)
        turned = "," in low[end:hi] or "but" in between
        if turned and set(between) <= _IT_GLUE:
            return Found(s_start, d.end, frozenset([group]), FRAME)  # "says he's gay" is the claim's
        return None
    return None


# Between the identity and "it's": a turn and the writer's aside ("..., but trust me it's ...").
_IT_GLUE = frozenset(
    [
        *("but", "and", "honestly", "trust", "me", "i", "think", "reckon", "bet", "guess", "pretty", "sure"),
        *("i'm", "im", "mate", "lol", "tbh", "now", "really", "believe", "seriously", "come", "on", "so"),
    ]
)


# Before an identity said of someone: a copula ("he's gay", "isn't trans", "is bi").
_BEING = frozenset(_BEING_WORDS)


# Short names of identities, read only after a verb of being or naming in a dismissal's subject.
SHORT_NAMES = {"trans": "transgender", "bi": "bisexual", "enby": "nonbinary", "ace": "asexual"}
_SHORT_AXES = {
    "transgender": "gender_identity",
    "nonbinary": "gender_identity",
    "bisexual": "sexual_orientation",
    "asexual": "sexual_orientation",
}
_SHORT_NAME = re.compile(r"(?<![a-z0-9'-])(?:trans|bi|enby|ace)(?![a-z0-9'-])")


def _named(low: str, span: tuple[int, int], mentions: list[Mention]) -> list[tuple[int, int, str]]:
    """The identities named in `span` (each reading asks which and where): mentions of a phase
    axis and short names, as (start, end, group) in text order."""
    lo, hi = span
    named = [(m.start, m.end, m.group) for m in mentions if lo <= m.start < hi and m.axis in PHASE_AXES]
    named += [
        (w.start(), w.end(), SHORT_NAMES[w.group(0)])
        for w in g.WORD.finditer(low, lo, hi)
        if w.group(0) in SHORT_NAMES and not _OTHER_SENSE.match(low, w.end())
    ]
    return sorted(named)


# After a short name: another sense ("ace at chess", "an ace of spades", "trans fat").
_OTHER_SENSE = re.compile(r" (?:at|of|in|with|fats?|pilot|player|card|serve|shot|student)\b")


def short_name_near(low: str, start: int) -> int | None:
    """Where a short name of an identity near a word of dismissal or outgrowing at `start` is: its
    sentence and the word's are read for it though they name no group the taxonomy reads ("My ex
    said she was bi for two months. Total phase.")."""
    m = _SHORT_NAME.search(low, max(0, start - 120), start + 40)
    return m.start() if m is not None else None


def _reports_subject(words: list[re.Match[str]], i: int) -> bool:
    """The word at `i` reports what follows it ("<someone> believes (that) ...", "it's a myth
    that ..."); not the people's own saying of themselves ("teens who say they're ...")."""
    w = words[i].group(0)
    nxt = words[i + 1].group(0) if i + 1 < len(words) else ""
    if w == "that":
        return True  # "it's a myth that ...", "believe that ...": the claim opens after it
    # "teens who say they're trans", "your kid saying they're gay": the people's own saying, which
    # the dismissal is about
    return w in _SUBJECT_AFTER and nxt not in _SELF


# After "who say": the people speak of themselves.
_SELF = frozenset(["they're", "theyre", "they", "she's", "he's", "shes", "hes", "she", "he", "i'm", "im", "they've"])
# Negations written without an apostrophe, as chat often is ("i dont think being gay is a choice").
BARE_NEGATIONS = frozenset(
    ["dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "wont", "cant", "never", "nobody", "noone", "no-one", "none"]
)


def _for_show(low: str, r: Hit, sentence: tuple[int, int], mentions: list[Mention], labels: list[Hit]) -> Found | None:
    """ "kids only say they're <identity> for attention": a verb of taking an identity before the
    purpose in its clause, and the identity its complement ("say they're <identity>", "identify as
    <identity>"), or the people taking it its subject ("<group> who come out are doing it ...")."""
    s_start = sentence[0]
    clause = g.colon_clause_start(low, s_start, r.start)
    words = list(g.WORD.finditer(low, max(clause, r.start - 160), r.start))[-_CLAUSE_WORDS:]
    if not words:
        return None
    lo = words[0].start()
    said = [w.group(0) for w in words]
    if any(g.is_negation(w) or w in BARE_NEGATIONS for w in said) or _WRITERS.intersection(said):
        return None  # "nobody comes out for attention", "I came out for attention, he joked"
    for label in (v for v in labels if lo <= v.start < r.start):
        group = _complement(low, label, r.start, mentions)
        if group is None and label.value in _IDENTIFYING:
            group = next((m.group for m in mentions if lo <= m.start < label.start), None)
        if group is None and label.value.endswith(" label"):
            # "You say you have ADHD, but you only picked up that label because ...": the label
            # one said of someone before it in the sentence
            named = _said_identity(low, (max(s_start, label.start - _PASSING_REACH), label.start), mentions, s_start)
            if named is not None and not p.told_otherwise(low, s_start, r.start):
                # the span from the sentence's start: "You say you have ADHD" is the claim's
                return Found(s_start, r.end, frozenset([named[1]]), FRAME)
        if group is not None and not p.told_otherwise(low, s_start, lo):
            return Found(lo, r.end, frozenset([group]), FRAME)
    return None


# Verbs that take an identity by themselves ("<group> who come out ...", "converts to ...").
_IDENTIFYING = frozenset(
    [
        *("come out", "comes out", "coming out", "came out", "convert", "converts", "converting"),
        *("claim the label", "adopt the label", "take the label", "wear the label", "use the label"),
        *("identify as", "identifies as", "identifying as", "call themselves", "calls themselves"),
        *("calling themselves",),
    ]
)
# Between a verb of saying and the identity it claims ("say they're", "claim to be", "pretend she's").
_CLAIMED = frozenset(
    [
        *("they're", "theyre", "they", "are", "to", "be", "as", "she's", "he's", "shes", "hes", "she", "he"),
        *("is", "a", "an", "themselves", "herself", "himself", "out", "being", "they've", "become", "now"),
        *("suddenly", "really", "totally", "i'm", "we're", "were", "you're", "youre", "you"),
    ]
)
# Between a verb of saying and a condition it claims: having it ("say they have ADHD"); not of an
# orientation, where "say they have gay friends" claims the friends.
_HAVING = frozenset(["have", "has", "had"])
_CLAIM_WORDS = 4
_BEFORE_SHORT = frozenset(
    ["they're", "theyre", "are", "as", "be", "is", "she's", "he's", "shes", "hes", "i'm", "being"]
)


def _complement(low: str, label: Hit, stop: int, mentions: list[Mention]) -> str | None:
    """The identity a verb of taking one claims: right after it, with only a copula or "to be"
    between ("say they're <identity>", "call themselves <identity>", "claim to be <identity>")."""
    hi = min(stop, label.end + 60)
    for m in mentions:
        if label.end <= m.start < hi:
            between = g.words(low, label.end, m.start)
            claimed = _CLAIMED | _HAVING if m.axis == "disability" else _CLAIMED
            if len(between) <= _CLAIM_WORDS and set(between) <= claimed:
                return m.group
    for w in g.WORD.finditer(low, label.end, hi):
        if w.group(0) in SHORT_NAMES:
            between = g.words(low, label.end, w.start())
            # a short name needs a copula or "as" before it ("say they're trans", "identify as
            # bi"), in the verb's phrase or after it; not "say trans fats are ..."
            said = between or label.value.split()[-1:]
            if len(between) <= _CLAIM_WORDS and set(between) <= _CLAIMED and said[-1] in _BEFORE_SHORT:
                return SHORT_NAMES[w.group(0)]
    return None


def _outgrown(
    low: str, o: Hit, sentence: tuple[int, int], mentions: list[Mention], persons: frozenset[str], phase: bool
) -> Found | None:
    """ "<group> kids grow out of it": the group's people its subject, an identity of theirs or a
    word of dismissal in the sentence; or "grow out of being <identity>", "get over the <identity>
    thing", whoever grows."""
    s_start, s_end = sentence
    clause = g.colon_clause_start(low, s_start, o.start)
    before = g.words(low, max(clause, o.start - 80), o.start)
    if any(g.is_negation(w) or w in BARE_NEGATIONS for w in before) or _WRITERS.intersection(before):
        return None  # "they don't grow out of it", "I never grew out of it"
    if o.value.endswith((" being", " the", " this", " as")):
        phrase = list(g.WORD.finditer(low, o.end, min(s_end, o.end + 40)))[:2]
        found = _identity(low, (o.end, phrase[-1].end()), mentions) if phrase else None
        if found is None:
            return None
        if not o.value.endswith((" the", " this")):
            return Found(o.start, o.end, frozenset([found[0]]), FRAME)
        # the identity as a thing ending its phrase ("get over the trans thing", "forget all this
        # gay business."; not "forget the trans kids' toilets debate", "drop the gay couple off")
        thing = phrase[-1] if len(phrase) > 1 else None
        if thing is None or thing.group(0) not in _THINGS:
            return None
        nxt = g.next_word(low, thing.end(), s_end)
        if nxt is not None and nxt[0] not in _CLAUSE_GOES_ON:
            return None  # "the trans label debate", "the gay couple off": a noun goes on
        # the span ends at the thing: "nonsense" in "this gay nonsense" is the dismissal's own
        return Found(o.start, thing.end(), frozenset([found[0]]), FRAME)
    for m in mentions:
        # the group is the subject a few words before: checked cheaply first, since a long
        # sentence may hold many mentions
        if not (max(clause, o.start - 80) <= m.start < o.start) or not (phase or m.axis in PHASE_AXES):
            continue
        end = g.group_end(low, m, s_end, persons)
        gap = g.words(low, end, o.start)
        if len(gap) <= 4 and set(gap) <= _OUTGROW_GAP and p.subject(low, m, s_start):
            return Found(m.start, o.end, frozenset([m.group]), FRAME)
    return _grows_after(low, o, s_start, mentions, before)


def _grows_after(low: str, o: Hit, s_start: int, mentions: list[Mention], before: list[str]) -> Found | None:
    """ "At her age I was a lesbian too, and she'll grow out of it": someone's identity, then only
    a turn ("too, and", "but") before a person growing out of "it"; the span from the identity."""
    if not before or before[-1] not in _GROWERS:
        return None
    lo = max(s_start, o.start - 120)
    for start, end, group in reversed(_named(low, (lo, o.start), mentions)):
        between = g.words(low, end, o.start)[:-1]
        if set(between) <= _IT_GLUE | _TURNS:
            return Found(start, o.end, frozenset([group]), FRAME)
        return None
    return None


# Right before an outgrowing: a person other than the writer ("she'll", "you will").
_GROWERS = frozenset(["she'll", "he'll", "they'll", "you'll", "shell", "theyll", "youll", "will"])
_TURNS = frozenset(["too", "though", "anyway", "either", "also", "probably", "surely"])


# After the identity's thing: its phrase has ended ("get over the gay thing once he ...").
_CLAUSE_GOES_ON = frozenset(
    [
        *("and", "or", "but", "so", "once", "when", "by", "until", "before", "after", "if", "because"),
        *("as", "soon", "eventually", "already", "yet", "now", "then", "in", "at", "for"),
    ]
)
# After "the" or "this" and the identity: the identity as a thing ("get over the trans thing").
_THINGS = frozenset(
    [
        *("thing", "things", "stuff", "business", "nonsense", "rubbish", "malarkey", "carry-on", "drama"),
        *("act", "phase", "lifestyle", "idea", "pronouns"),
    ]
)


# Between the group and its outgrowing: auxiliaries and adverbs only ("<group> kids usually grow
# out of it"; not "<group> dads know toddlers grow out of it").
_OUTGROW_GAP = frozenset(
    [
        *("will", "'ll", "usually", "always", "eventually", "all", "just", "mostly", "generally", "often"),
        *("typically", "normally", "soon", "probably", "tend", "to", "do", "does", "can", "most", "of"),
        *("them", "they", "they'll", "theyll", "simply", "quickly", "later", "should", "would", "then", "ll"),
    ]
)
