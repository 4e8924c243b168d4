"""An identity dismissed as everywhere now, or its numbers as a fashion, for the harm lexicon
(implicit derogation, frame `identity_everywhere`).

harm_phase reads an identity called a phase or a trend. The same dismissal is often made by
saying that everyone has it now, which says the identity is not real without calling it anything:
- Ubiquity: a universal or near-universal set of people as the subject ("everyone", "everybody",
  "every <person>", "all the <people>", "all of them", "they all", "half the <people>", "half the
  class"), a verb of being, having, getting or saying (`_VERBS`: "is", "has", "gets labelled",
  "gets slapped with", "says they're", "claims to be", "wants") with an identity of
  sexual orientation, gender identity or disability as its complement, and a word of novelty in
  the sentence (`novelty_markers`: "now", "these days", "suddenly", "lately", "at this point"): "every girl in her
  grade is suddenly trans", "everyone's autistic these days", "all the kids are bi now". The
  complement may be a word standing for an identity named just before it, in the sentence or the
  one before (`_STAND_INS`: "it", "one", "that label", "a diagnosis"): "Remember when nobody had
  ADHD? Now every influencer has it.", "The doctor thinks Leo has ADHD. Nonsense, every kid gets
  slapped with that label these days" (a word and a comma opening the turn, "Nonsense,", reject
  the turn before and are part of the claim: they damp nothing).
- A measure attributed to fashion: a rise or the numbers of the identity (`measure_nouns`: "the
  rise in autism diagnoses", "the surge in teens identifying as nonbinary") put down to
  (`fashion_links`: "due to", "driven by", "a product of") a fashion (`fashion_causes`: "fashion",
  "a fad", "social contagion", "TikTok", "attention-seeking", "special treatment"): "The rise in ADHD
  diagnoses is chiefly attributable to diagnostic fashion".

Not read: the identity as the restrictor of the set rather than its complement ("every autistic
kid gets support these days", "everyone with ADHD knows this"), a set with no word of novelty
("everyone on my team is autistic"), the writer's own circle or group ("all my friends are queer
now", "everyone in our support group has ADHD"; not "every boy in my son's class"), negated or
rebutted ("not everyone is autistic these days", "it's not that everyone is queer now"), asked,
ironic, the identity modifying a noun or in a word ("all the girls are trans allies now", "every bar
is gay-friendly now"), a word that stands
for no identity ("everyone has a phone these days", "every kid gets a label on their lunchbox"),
a stand-in whose antecedent is not an identity someone has or is ("my autistic son has flu; now
every kid has it"), a set a relative clause restricts ("every child who needs it gets a
diagnosis now"), a count reported or the writer among the set ("half the students in the survey
now identify as bisexual", "now we all have it, since it runs in families"), a real cause ("due
to better awareness and broader criteria", "due to screening, not to fashion"), a measure said to
be blamed on a fashion rather than attributed to it ("is often blamed on TikTok"), a measure of
something done to the group or of another noun ("the rise in attacks on trans people", "the
number of gay characters on TV"), a fashion that is where, not why, or that modifies another
cause ("campaigns on social media", "TikTok creators describing symptoms"). Read, then damped as a
report, a quotation or a counter cue is in every harm claim ("people claim everyone's trans now, which is nonsense").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Set

from detectors import harm_grammar as g
from detectors import harm_phase as phase
from detectors import harm_prejudice as p
from detectors.harm_grammar import Hit
from detectors.harm_prejudice import Found
from detectors.taxonomy import Mention

TRIGGERS = frozenset(["novelty_markers", "fashion_causes"])
KINDS = (*sorted(TRIGGERS), "measure_nouns", "fashion_links")
FRAME = "identity_everywhere"

# The identities dismissed this way (harm_phase's: orientation, gender identity, disability).
_AXES = phase.PHASE_AXES
# Names the taxonomy does not read alone: harm_phase's short names ("trans", "bi") and phrases.
_NAMED = {**phase.SHORT_NAMES, "on the spectrum": "autistic", "gender dysphoria": "transgender"}
_ALTERNATIVES = "|".join(sorted(_NAMED, key=len, reverse=True))
_NAME = re.compile(rf"(?<![a-z0-9'-])(?:{_ALTERNATIVES})(?![a-z0-9'-])")
# A universal or near-universal set of people. Its noun (group 1) is checked to name people.
_SET = re.compile(
    r"(?<![a-z0-9'-])(?:every(?:one|body)(?:'s|s)?|every\s+(?:other\s+|single\s+)?([a-z'-]+)"
    r"|(?:all|half)\s+(?:of\s+)?(?:the|these|those|her|his|their|my|our)\s+([a-z'-]+)"
    r"|all\s+of\s+them|they\s+all)(?![a-z0-9'-])"
)
_SET_CHARS = 160  # characters either side of a word of novelty in which a set anchors a sentence
# Nouns of a set of people that are no person noun ("half the class", "every kid in the school").
_SET_NOUNS = frozenset(["class", "school", "grade", "year", "office", "generation", "internet", "world", "team"])
_OWN = frozenset(["my", "our"])
# The writer's own circle after "my" or "our" in the set's place ("everyone in our support group").
_CIRCLES = frozenset(
    [
        *("team", "group", "family", "friends", "class", "office", "circle", "club", "crew", "community"),
        *("household", "department", "band", "squad", "cohort", "unit", "ward", "clinic", "practice"),
    ]
)
# After the set, before its verb: where the set is ("in her grade", "on TikTok", "at that school",
# "I know"), read for the identity as its restrictor ("every autistic kid", "everyone with ADHD").
_TAIL_OPENERS = frozenset(["in", "at", "on", "from", "of", "with", "i", "you", "under"])
# After the set: a relative clause, which restricts it to whom it is true of.
_RESTRICTING = frozenset(["who", "that", "whose", "which"])
# In the sentence: a count reported, or the writer among the set ("we all got tested").
_COUNTED = frozenset(
    [
        *("survey", "surveyed", "study", "studies", "poll", "polled", "census", "data", "percent", "report"),
        *("respondents", "we", "us", "ourselves"),
    ]
)
_COUNTED_CHARS = 400
_TAIL_WORDS = 6
_TAIL_CHARS = 60
# Between the set and its complement: a verb of being, having, getting or saying, its auxiliaries
# and adverbs.
_VERBS = frozenset(
    [
        *("is", "are", "s", "re", "be", "being", "become", "becomes", "has", "have", "had", "got", "gets", "get"),
        *("says", "say", "saying", "claims", "claim", "claiming", "wants", "want", "identifies", "identify"),
        *("labelled", "labeled", "slapped", "diagnosed", "self-diagnosed", "self-diagnoses", "thinks", "think"),
    ]
)
_BETWEEN = frozenset(
    [
        *_VERBS,
        *("apparently", "suddenly", "now", "literally", "basically", "just", "seems", "seem", "to", "somehow"),
        *("all", "magically", "totally", "a", "an", "the", "with", "as", "they're", "theyre", "she's", "he's"),
        *("they", "she", "he", "also", "kind", "of", "officially", "going", "gonna", "probably", "either"),
        *("like", "actually", "conveniently", "miraculously", "instantly", "automatically", "getting"),
    ]
)
_BETWEEN_WORDS = 7
_BETWEEN_CHARS = 80
# A word standing for an identity named just before.
_STAND_INS = (
    ("that", "label"),
    ("the", "label"),
    ("a", "label"),
    ("that", "diagnosis"),
    ("the", "diagnosis"),
    ("a", "diagnosis"),
    ("it",),
    ("one",),
)
# Right after the complement: what may follow it in its clause (not "trans allies", "a label on
# their lunchbox", "one of the options").
_AFTER_OK = frozenset(
    [
        *("now", "these", "nowadays", "suddenly", "lately", "this", "overnight", "all", "apparently", "too"),
        *("and", "or", "but", "somehow", "lol", "lmao", "according", "if", "whatever", "of", "at", "on", "in"),
        *("today", "again", "anymore", "right", "basically", "for", "because", "since", "it's", "which"),
    ]
)
# "of" after a stand-in is another thing ("one of the options", "it of all things").
_NOT_AFTER_STAND_IN = frozenset(["of", "for", "at", "today"])
# Before an antecedent: it is what someone is or has ("Leo has ADHD", "came out as nonbinary").
_HELD = frozenset(
    [
        *("has", "had", "have", "is", "was", "s", "as", "with", "got", "be", "being", "been", "are", "were"),
        *("diagnosed", "she's", "he's", "they're", "i'm", "actually", "apparently", "now", "probably"),
    ]
)
_ANTECEDENT_CHARS = 240
_OPENING_CHARS = 24  # a word and a comma opening the turn before a set ("Nonsense, every kid ...")
_NEGATED_CHARS = 120  # characters before the set read for a negation in its clause
_MAX_SETS = 40  # sets read in one sentence
# A measure of the identity: up to these words from the measure to the identity ("the rise in
# young people identifying as transgender").
_MEASURE_WORDS = 8
_MEASURE_CHARS = 90
_MEASURE_OF = frozenset(["in", "of", "among"])
_LINK_WORDS = 10  # from the identity to the link ("... among teenage girls is largely driven by")
_LINK_CHARS = 100
_CAUSE_WORDS = 6  # from the link to the fashion ("driven by a desire for attention")
_CAUSE_CHARS = 70
# Between a link and the fashion: a contrast that makes it the cause denied ("rather than to fashion").
# Between a measure's "in"/"of" and the identity, and right after it: who is counted ("the rise
# in young people identifying as bisexual", "autism diagnoses among adult women").
_COUNTED_PEOPLE = frozenset(
    [
        *("young", "people", "adult", "adults", "teen", "teens", "teenage", "teenagers", "children", "kids"),
        *("girls", "boys", "women", "men", "students", "youth", "the", "self-identified", "identifying"),
        *("as", "who", "identify", "diagnoses", "diagnosis", "diagnosed", "identification", "referrals"),
        *("cases", "patients", "adolescents", "people's", "identities", "self-identification", "labels"),
        *("calling", "call", "themselves", "saying", "say", "they're", "claiming", "claim"),
    ]
)
# After the identity's count or the fashion: the clause goes on, no noun takes over.
_COUNT_ENDS = frozenset(
    [
        *("is", "are", "was", "were", "has", "have", "in", "among", "over", "since", "and", "or", "rather"),
        *("than", "not", "more", "nothing", "which", "that", "as", "among", "amongst", "lately", "recently"),
        *("these", "today", "now", "over", "within", "across", "alone", "itself", "plain", "pure", "simple"),
    ]
)
# Right before a fashion: where it is, not why ("campaigns on social media").
_MEDIUMS = frozenset(["on", "via", "through", "across", "in", "over"])
_CONTRASTS = frozenset(["rather", "than", "instead", "not", "never", "no", "less", "nor", "unlike"])


def triggered(by_kind: Mapping[str, list[Hit]]) -> bool:
    """The sentence holds a word of novelty or a fashion."""
    return any(k in by_kind for k in TRIGGERS)


def anchor(low: str, start: int) -> bool:
    """A set of people near a word of novelty at `start`: the sentence is read though it names no
    group ("Now every influencer has it.", "every kid is trans now")."""
    return _SET.search(low, max(0, start - _SET_CHARS), start + _SET_CHARS) is not None


def everywhere(
    low: str,
    sentence: tuple[int, int],
    mentions: list[Mention],
    by_kind: Mapping[str, list[Hit]],
    persons: Set[str],
    before: list[Mention],
) -> list[Found]:
    """Each identity said to be everywhere now, or its measure put down to a fashion. `before`: the
    mentions of the sentence before, for a stand-in ("Now every influencer has it.")."""
    s_start, s_end = sentence
    if p.asked(low, s_start, s_end) or p.ironic(low, s_start, s_end):
        return []
    out: list[Found] = []
    novelty = [h for h in by_kind.get("novelty_markers", []) if not low.startswith(" that", h.end)]
    if novelty:
        if _COUNTED.intersection(g.words(low, s_start, min(s_end, s_start + _COUNTED_CHARS))):
            return out  # "half the students in the survey now identify as bisexual": a count reported
        for m in itertools.islice(_SET.finditer(low, s_start, s_end), _MAX_SETS):
            found = _ubiquitous(low, m, sentence, mentions, persons, before)
            if found is not None:
                out.append(found)
    if "fashion_causes" in by_kind and "fashion_links" in by_kind:
        for h in p.outermost(by_kind.get("measure_nouns", [])):
            found = _attributed(low, h, sentence, mentions, by_kind)
            if found is not None:
                out.append(found)
    return out


def _named(low: str, start: int, end: int, mentions: list[Mention]) -> tuple[int, int, str] | None:
    """The first identity named in [start, end): a mention of the axes, or a name the taxonomy does
    not read alone."""
    best: tuple[int, int, str] | None = None
    for m in mentions:
        if m.axis in _AXES and start <= m.start < end and (best is None or m.start < best[0]):
            best = (m.start, m.end, m.group)
    n = _NAME.search(low, start, end)
    if n is not None and (best is None or n.start() < best[0]):
        best = (n.start(), n.end(), _NAMED[n.group(0)])
    return best


def _ubiquitous(
    low: str,
    s: re.Match[str],
    sentence: tuple[int, int],
    mentions: list[Mention],
    persons: Set[str],
    before: list[Mention],
) -> Found | None:
    s_start, s_end = sentence
    noun = s.group(1) or s.group(2)
    set_end = s.end()
    if noun is not None and noun.endswith("'s"):
        # someone's circle ("half my daughter's friends"): the noun is the next word
        possessed = g.WORD.match(low, set_end + 1, s_end) if low.startswith(" ", set_end) else None
        if possessed is None:
            return None
        noun, set_end = possessed.group(0), possessed.end()
    elif noun is not None and _OWN.intersection(low[s.start() : s.end()].split()):
        return None  # the writer's own circle ("all my friends")
    if noun is not None and noun not in persons and noun not in _SET_NOUNS:
        return None  # "every day", "all the time", "half the price"
    clause = g.colon_clause_start(low, s_start, s.start())
    said = g.words(low, max(clause, s.start() - _NEGATED_CHARS), s.start())
    if any(g.is_negation(w) or w in phase.BARE_NEGATIONS for w in said):
        return None  # "not everyone is autistic these days", "it's not that everyone is ..."
    words = list(g.WORD.finditer(low, set_end, min(s_end, set_end + _TAIL_CHARS + _BETWEEN_CHARS)))
    i = 0
    if len(words) > 2 and words[0].group(0) == "and" and words[1].group(0) == "their":
        i = 3  # "everybody and their dog"
    elif words and words[0].group(0) in _RESTRICTING:
        return None  # "every child who needs it gets a diagnosis now": the set restricted
    elif words and words[0].group(0) in _TAIL_OPENERS and not _starts_verb(words):
        # the set's place or relative clause, up to its verb
        while i < min(len(words), _TAIL_WORDS) and words[i].group(0) not in _VERBS:
            circle = [x.group(0) for x in words[i + 1 : i + 3]]
            if words[i].group(0) in _OWN and circle and not circle[0].endswith("'s") and _CIRCLES.intersection(circle):
                return None  # "everyone in our support group", not "every boy in my son's class"
            i += 1
        if i >= len(words) or words[i].group(0) not in _VERBS:
            return None
        if _named(low, set_end, words[i].start(), mentions) is not None:
            return None  # the identity restricts the set ("everyone with ADHD")
    elif words and words[0].group(0) in ("and", "or"):
        return None
    if _named(low, s.start(), set_end, mentions) is not None:
        return None
    # the verb and what stands between it and the complement; the set's own word may carry the
    # copula ("everyone's autistic")
    seen_verb = low.endswith("'s", s.start(), s.end())
    j = i
    limit = min(len(words), i + _BETWEEN_WORDS)
    while j < limit:
        w = words[j]
        if low.find(",", words[j - 1].end() if j > i else set_end, w.start()) >= 0 and seen_verb:
            return None
        named = _named(low, w.start(), w.end() + 20, mentions)
        if seen_verb and named is not None and named[0] == w.start():
            return _complement(low, s, named, s_end)
        stand_in = _stand_in(words, j)
        if seen_verb and stand_in:
            said_of = _antecedent(low, s, sentence, mentions, before)
            after = words[j + stand_in].group(0) if j + stand_in < len(words) else None
            if said_of is None or after in _NOT_AFTER_STAND_IN or (after is not None and after not in _AFTER_OK):
                return None
            return Found(_opening(low, s), words[j + stand_in - 1].end(), frozenset([said_of]), FRAME)
        word = w.group(0)
        if word in _VERBS:
            seen_verb = True
        elif word not in _BETWEEN:
            return None
        j += 1
    return None


def _opening(low: str, s: re.Match[str]) -> int:
    """Where the claim starts: at the set, or at a word and a comma opening its turn before it
    ("Dad: Nonsense, every kid gets that label these days"), which rejects the turn before and is
    part of the claim (it damps nothing), not a rejection of it."""
    before = low[max(0, s.start() - _OPENING_CHARS) : s.start()]
    turn = max(before.rfind(c) for c in ".!?:\n") + 1
    lead = before[turn:]
    if lead.rstrip().endswith(",") and 1 <= len(g.WORD.findall(lead)) <= 2:
        return s.start() - len(lead) + (len(lead) - len(lead.lstrip()))
    return s.start()


def _starts_verb(words: list[re.Match[str]]) -> bool:
    return words[0].group(0) in _VERBS


def _complement(low: str, s: re.Match[str], named: tuple[int, int, str], s_end: int) -> Found | None:
    _, end, group = named
    if end < s_end and (low[end].isalnum() or low[end] in "-'"):
        return None  # a word made of it ("gay-friendly")
    nxt = g.WORD.match(low, end + 1, s_end) if end < s_end and low[end] == " " else None
    if nxt is not None and nxt.group(0) not in _AFTER_OK:
        return None  # the identity modifies a noun ("trans allies", "gay bars")
    return Found(_opening(low, s), end, frozenset([group]), FRAME)


def _stand_in(words: list[re.Match[str]], j: int) -> int:
    """The number of words of a stand-in for an identity at `j`, or 0."""
    for ws in _STAND_INS:
        if tuple(w.group(0) for w in words[j : j + len(ws)]) == ws:
            return len(ws)
    return 0


def _antecedent(
    low: str, s: re.Match[str], sentence: tuple[int, int], mentions: list[Mention], before: list[Mention]
) -> str | None:
    """The identity a stand-in refers to: the last one named before the set, in its sentence or the
    one before, as what someone is or has ("Leo has ADHD", "came out as nonbinary")."""
    floor = max(0, s.start() - _ANTECEDENT_CHARS)
    named: list[tuple[int, int, str]] = [
        (m.start, m.end, m.group) for m in (*before, *mentions) if m.axis in _AXES and floor <= m.start < s.start()
    ]
    named += [(n.start(), n.end(), _NAMED[n.group(0)]) for n in _NAME.finditer(low, floor, s.start())]
    if not named:
        return None
    start, _, group = max(named)
    opened = max(low.rfind(c, max(floor, start - 40), start) for c in ".!?:\n")
    held = g.words(low, max(floor, start - 40, opened + 1), start)[-2:]
    if not held:
        return group  # the identity opens its sentence: what it says is about it ("adhd is the new ...")
    after_article = len(held) == 2 and held[-2] in _HELD and held[-1] in ("a", "an")
    if held[-1] not in _HELD and not after_article:
        return None  # "my autistic son has flu": not an identity someone has
    return group


def _attributed(
    low: str, h: Hit, sentence: tuple[int, int], mentions: list[Mention], by_kind: Mapping[str, list[Hit]]
) -> Found | None:
    """A measure of an identity put down to a fashion ("the rise in autism diagnoses is driven by
    TikTok")."""
    s_end = sentence[1]
    after = list(g.WORD.finditer(low, h.end, min(s_end, h.end + _MEASURE_CHARS)))[:_MEASURE_WORDS]
    if not after or after[0].group(0) not in _MEASURE_OF:
        return None
    named = _named(low, after[0].end(), after[-1].end(), mentions)
    if named is None:
        return None
    if not set(g.words(low, after[0].end(), named[0])) <= _COUNTED_PEOPLE:
        return None  # "the rise in hate crimes against trans people": a measure of something done to them
    nxt = g.next_word(low, named[1], s_end)
    if nxt is not None and nxt[0] not in _COUNTED_PEOPLE | _COUNT_ENDS:
        return None  # "the number of gay characters on TV": the identity modifies another noun
    link = next(
        (
            k
            for k in by_kind.get("fashion_links", [])
            if named[1] <= k.start <= named[1] + _LINK_CHARS
            and len(g.words(low, named[1], k.start)) <= _LINK_WORDS
            and not g.CLAUSE_BREAKS.intersection(g.words(low, named[1], k.start))
        ),
        None,
    )
    if link is None or g.negated(low, link.start, h.start):
        return None  # "isn't driven by TikTok"
    for c in by_kind.get("fashion_causes", []):
        if not link.end <= c.start <= link.end + _CAUSE_CHARS:
            continue
        between = g.words(low, link.end, c.start)
        if len(between) > _CAUSE_WORDS or _CONTRASTS.intersection(between) or "," in low[link.end : c.start]:
            continue
        if between[-1:] and between[-1] in _MEDIUMS:
            continue  # "awareness campaigns on social media": the fashion is where, not why
        after_cause = g.next_word(low, c.end, s_end)
        if after_cause is not None and after_cause[0] not in _COUNT_ENDS:
            continue  # "social media misinformation", "TikTok creators": another noun is the cause
        return Found(h.start, c.end, frozenset([named[2]]), FRAME)
    return None
