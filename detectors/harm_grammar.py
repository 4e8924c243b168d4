"""Where a harm term stands relative to a group mention: the small grammar behind the tripwires.

Everything works on the normalised (lowercased) text, so capitalisation never changes a verdict
about harm; only `in_proper_name` looks at the original text, to damp slurs inside names.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from typing import NamedTuple, TypeVar

from detectors.described import described_head
from detectors.sentences import ends_with_abbreviation
from detectors.taxonomy import Mention

WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")  # a word of the lowercased text
# A sentence ends at its punctuation, or after the closing quote that follows it, so each quoted
# turn of a dialogue ('"What about X?" "Rats."') is a sentence of its own.
_SENTENCE_END = re.compile(r"[.!?;\n]+[\"\u201d\u2019')\]]*(?:\s+|$)")
# Words that end one clause and start another: an attribute after them is not predicated of the
# group before them ("women are welcome but the pay is bad").
CLAUSE_BREAKS = frozenset(["but", "while", "whereas", "although", "though", "because", "unless", "however"])
NEGATIONS = frozenset(["not", "never", "no", "hardly", "rarely", "nor", "neither", "seldom"])
# Words naming children in a group's phrase ("Black kids", "toddlers"): what is said of children is
# often care or development, not a claim about the group.
CHILDHOOD = frozenset(
    ["child", "children", "kids", "kid", "toddlers", "toddler", "babies", "baby", "infants", "infant"]
)
# Kin and family roles: a precaution about one's own family is care ("my son is gay so I keep an
# eye on him"), and a family role given as a cause ("she's emotional, she's a mother") is no
# group's fault. Not "girl", "boy", "kid" or "partner": those name anyone.
FAMILY = frozenset(
    [
        *("son", "daughter", "mom", "mum", "mother", "dad", "father", "husband", "wife", "brother", "sister"),
        *("grandma", "grandmother", "grandpa", "grandfather", "parent", "pregnant", "widow", "widower"),
    ]
)
# Words that make a sentence someone else's account ("apparently", "according to my uncle",
# "..., my grandma says").
SOURCED = frozenset(
    ["apparently", "according", "allegedly", "supposedly", "reportedly", "says", "said", "claims", "claimed"]
)
# Links that make "<group> ... <term>" a predication ("are", "like", "nothing but", "breed like").
LINKS = frozenset(
    [
        *("are", "is", "were", "was", "be", "been", "being", "am", "become", "became", "becoming", "remain"),
        *("remains", "act", "acts", "behave", "behaves", "breed", "breeds", "multiply", "multiplies"),
        *("spread", "spreads"),
        # "they're", a resolved "they" followed by its contracted copula
        "re",
    ]
)
# After a predicate term, these keep it a predication ("are vermin who ..."); any other word makes
# it a modifier of something else ("are dog lovers", "are animal rights activists").
_FOLLOWERS = frozenset(
    [
        *("and", "or", "who", "that", "which", "to", "in", "on", "of", "from", "with", "for", "at", "the", "a"),
        *("like", "than", "but", "too", "all", "everywhere", "really", "honestly", "now", "then", "here", "there"),
    ]
)
# Links that make "<term> ... <group>" a predication ("vermin like them", "parasites such as ...").
BACKWARD_LINKS = frozenset(["like", "such", "as", "called", "namely", "are", "is", "those", "these", "the"])
_RELATIVES = frozenset(["who", "whom", "that", "which"])
_PROPER_NAME_JOINERS = frozenset(["of", "the", "and", "de", "la", "van", "von"])
# Between a group and an emoji said of it, only links, these, person nouns and negative attributes
# (harm.py adds those two): "<group> are just filthy 🐀", "<group> = 🐷", "their <group> family are
# nothing but 🐖". Any other word makes the emoji a reaction to what was said ("<group> are so
# funny 🙈", "<group> are amazing cooks 🐷"), not a predicate.
EMOJI_GLUE = frozenset(
    [
        *("like", "just", "all", "nothing", "but", "such", "as", "the", "a", "an", "literally", "basically"),
        *("really", "so", "total", "complete", "fucking", "dirty", "filthy", "disgusting", "little"),
        *("bunch", "pack", "of", "these", "those", "them", "they", "more", "than", "no", "better", "still"),
    ]
)
# An emoji before the group is said of it only through these ("🐀 like them", "🐀 such as ...").
_EMOJI_BACKWARD_LINKS = frozenset(["like", "such", "as", "called", "namely"])


class Hit(NamedTuple):
    """A harm-lexicon term found in the text; a tuple, since every match of a text makes one."""

    start: int
    end: int
    kind: str
    value: str


# Another sentence's span and hits, for readings that join two sentences ('"... <group>?" "Yes, but ..."').
Neighbour = tuple[int, int, list[Hit]]


def sentences(low: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _ends(low):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(low):
        spans.append((start, len(low)))
    return spans


def first_sentence(low: str) -> tuple[int, int] | None:
    """The first span of `sentences(low)` holding more than spaces, found without splitting the rest."""
    start = 0
    for m in _ends(low):
        if low[start : m.end()].strip():
            return start, m.end()
        start = m.end()
    return (start, len(low)) if low[start:].strip() else None


def _ends(low: str) -> Iterator[re.Match[str]]:
    """The sentence ends of `low`; not the period of an abbreviation ("Still Mr. Thompson to me",
    "Dr. Lee said"), which the shared splitter knows. A lone letter may end one ("Gen Z.
    Snowflakes, the lot of them."), so initials are not read."""
    start = 0
    for m in _SENTENCE_END.finditer(low):
        if m.group(0).startswith(".") and ends_with_abbreviation(low[start : m.start() + 1], initials=False):
            continue
        start = m.end()
        yield m


Located = TypeVar("Located", Mention, Hit)


def in_sentences(spans: list[tuple[int, int]], items: Iterable[Located]) -> dict[int, list[Located]]:
    """`items` by the index of the sentence span (`sentences`: they tile the text) holding their
    start, each list in the given order."""
    starts = [s for s, _ in spans]
    out: dict[int, list[Located]] = {}
    for x in items:
        out.setdefault(bisect_right(starts, x.start) - 1, []).append(x)
    return out


def words(low: str, start: int, end: int) -> list[str]:
    return WORD.findall(low, start, end)


def next_word(low: str, start: int, end: int) -> tuple[str, int] | None:
    """The word right after `start` (separated by spaces only) and where it ends."""
    m = WORD.match(low, start + 1, end) if start < end and low[start] == " " else None
    return (m.group(0), m.end()) if m else None


def is_negation(w: str) -> bool:
    """A word of negation ("not", "never", "aren't")."""
    return w in NEGATIONS or w.endswith("n't")


def negated(low: str, start: int, floor: int) -> bool:
    """A negation among the two words before `start` ("are not lazy", "aren't lazy")."""
    prev = words(low, max(floor, start - 24), start)[-2:]
    return any(is_negation(w) for w in prev)


def set_aside(low: str, start: int, floor: int) -> bool:
    """The noun at `start` is the alternative set aside ("a difference rather than a disease",
    "neighbours instead of vermin"); only for a predicate noun, since an adjective after these
    words describes someone named ("hire a German instead of a lazy Greek")."""
    prev = words(low, max(floor, start - 32), start)[-3:]
    return any(tuple(prev[i : i + 2]) in _SET_ASIDE and set(prev[i + 2 :]) <= _ARTICLES for i in range(len(prev) - 1))


_SET_ASIDE = frozenset([("rather", "than"), ("instead", "of")])
_ARTICLES = frozenset(["a", "an", "the", "any"])


def diminished(low: str, start: int, floor: int) -> bool:
    """A quality denied or diminished ("not honest", "less reliable", "aren't natural leaders"):
    an odd number of negations among the three words before it ("no less honest" stays positive)."""
    prev = words(low, max(floor, start - 32), start)[-3:]
    count = sum(1 for w in prev if w in NEGATIONS or w in ("less", "nothing") or w.endswith("n't"))
    return count % 2 == 1


# Words that deny a quality named as a noun ("lack empathy", "without shame", "no morals", "little
# concept of hygiene", "less empathy"); right before the noun, these have it badly ("poor hygiene",
# "worse values"). A verb of having denies it only when negated ("don't have any manners"); other
# verbs say nothing of the group having it ("don't threaten our values", "owe no one gratitude").
_LACKING = frozenset(["lack", "lacks", "lacking", "lacked", "without", "little", "zero", "devoid", "no", "less"])
_BADLY = frozenset(["poor", "poorer", "bad", "worse", "low", "lower", "questionable"])
_HAVING = frozenset(["have", "has", "had", "got", "show", "shows", "showed", "feel", "feels", "possess", "possesses"])
# Between the denying word and the noun ("no real empathy", "little concept of hygiene", "lacking in").
_BEFORE_QUALITY = frozenset(
    ["a", "an", "any", "the", "much", "real", "basic", "decent", "proper", "concept", "idea", "notion", "of", "in"]
)
# A quality advised, not denied: "should feel no shame about who they are".
_ADVISING = frozenset(["should", "must", "need", "needn't", "shouldn't"])


def lacked(low: str, start: int, floor: int) -> bool:
    """A quality noun denied ("have no empathy", "lack discipline", "don't have any manners",
    "have little concept of hygiene", "a poor work ethic"); "not lacking in empathy", "no less
    empathy" and "a little patience" stay positive, and a quality advised is not denied."""
    prev = words(low, max(floor, start - 60), start)[-6:]
    if prev and prev[-1] in _BADLY:
        return True
    i = len(prev) - 1
    while i >= 0 and prev[i] in _BEFORE_QUALITY:
        i -= 1
    if i < 0:
        return False
    before = prev[max(0, i - 2) : i]
    if _ADVISING.intersection(before):
        return False  # "should feel no shame"; not "You must understand <group> have no morals"
    denied = any(w in NEGATIONS or w.endswith("n't") for w in before)
    if prev[i] == "little" and prev[i - 1 : i] == ["a"]:
        return False  # "a little patience"
    if prev[i] in _LACKING:
        return not denied  # "not lacking in", "no less"
    return prev[i] in _HAVING and denied


_LIKELY = frozenset(["likely", "prone", "apt", "inclined"])
# Verbs that only carry the attribute after "to": "to be / become / turn violent", "to commit
# violent crime". Not a verb with an object of its own: "less likely to condemn terrorists" denies
# nothing about the group.
_CARRIERS = frozenset(["be", "become", "turn", "commit", "get"])


def compared_away(low: str, start: int, floor: int) -> bool:
    """A quality or conduct denied by comparison: "<group> are no more likely to <commit crimes>",
    "no more likely to be <criminals>", "not any more prone to ...", "no likelier to ...", and the
    favourable comparison "less likely to <commit crimes>" (the words right before `start`, ending
    in "to" or "to be"). Only for a negative attribute: "less likely to be honest" says the group
    lacks a virtue, and the callers never pass a positive one here."""
    prev = words(low, max(floor, start - 48), start)[-7:]
    if prev[-2:-1] == ["to"] and prev[-1] in _CARRIERS:
        prev.pop()  # "no more likely to be criminals", "less likely to commit violent crime"
    if not prev or prev[-1] != "to":
        return False
    body = prev[-6:-1]
    if body[-2:-1] == ["less"] and body[-1] in _LIKELY:
        # "are (far) less likely to commit crimes"; not "no less likely", "more, not less, likely":
        # only the two words right before "less" can take it back ("No, <group> are less likely"
        # and "aren't more likely, they're less likely" still deny).
        return not any(w in NEGATIONS or w == "more" or w.endswith("n't") for w in body[-4:-2])
    for i, w in enumerate(body):
        if w in ("no", "not") or w.endswith("n't"):
            rest = body[i + 1 :]
            if rest == ["likelier"] or (
                len(rest) in (2, 3) and rest[-2] == "more" and rest[-1] in _LIKELY and rest[:-2] in ([], ["any"])
            ):
                return True
    return False


def denied(low: str, start: int, floor: int) -> bool:
    """An attribute or conduct denied before it: negated ("are not lazy") or by comparison ("are no
    more likely to steal")."""
    return negated(low, start, floor) or compared_away(low, start, floor)


# After "but", these begin a second predicate of the same subject ("<group> are good at math but
# lack creativity"), not a clause of its own.
_SAME_SUBJECT = frozenset(
    ["lack", "lacks", "have", "has", "are", "can't", "cannot", "don't", "never", "rarely", "tend"]
)


def _breaks(between: list[str]) -> bool:
    """A clause break among the words; "nothing but" / "all but" are not breaks, nor "but" before a
    second predicate of the same subject."""
    return any(
        w in CLAUSE_BREAKS
        and not (
            w == "but"
            and (
                (i and between[i - 1] in ("nothing", "all"))
                or (i + 1 < len(between) and between[i + 1] in _SAME_SUBJECT)
            )
        )
        for i, w in enumerate(between)
    )


def after(low: str, m: Mention, h: Hit, max_words: int) -> list[str] | None:
    """The words between the mention and a later hit, if the hit is close and in the same clause."""
    if h.start < m.end:
        return None
    between = _words_upto(low, m.end, h.start, max_words)
    if len(between) > max_words or _breaks(between):
        return None
    return between


def before(low: str, h: Hit, m: Mention, max_words: int) -> list[str] | None:
    """The words between a hit and a later mention, if close and in the same clause."""
    if m.start < h.end:
        return None
    between = _words_upto(low, h.end, m.start, max_words)
    if len(between) > max_words or _breaks(between):
        return None
    return between


def _words_upto(low: str, start: int, end: int, limit: int) -> list[str]:
    """The words in [start, end), but no more than `limit` + 1: a hit and a mention far apart in a
    long sentence are told apart without reading every word between them (every pair of them was
    read whole, which made an 8 KB sentence of groups and insults take seconds)."""
    return first_words(low, start, end, limit + 1)


def first_words(low: str, start: int, end: int, n: int) -> list[str]:
    """The first `n` words in [start, end), read no further than they are."""
    out: list[str] = []
    for w in WORD.finditer(low, start, end):
        if len(out) == n:
            break
        out.append(w.group(0))
    return out


_UNEQUAL = re.compile(r"!=|/=|=/|<>")


def unequal(low: str, start: int, end: int) -> bool:
    """An inequality sign between two points ("<group> != 🐀", "/=", "=/"): the opposite of "=" there."""
    return _UNEQUAL.search(low, start, end) is not None


def predicated(low: str, m: Mention, h: Hit, verb_like: bool, emoji_glue: frozenset[str] | None = None) -> bool:
    """True when `h` is said of the group: "<group> are (like) vermin", "vermin like <group>".

    Verb-like hits ("infest", "swarming") need no link: "<group> infest our cities". A hit read
    from an emoji (`emoji_glue` given: "<group> = 🐀 get them out") cannot modify the word after
    it, but an emoji is also how people react, so it is said of the group only after it through
    links and `emoji_glue` words, or before it through `_EMOJI_BACKWARD_LINKS`.
    """
    if emoji_glue is not None:
        if unequal(low, min(m.end, h.end), max(m.start, h.start)):
            return False
        fwd = after(low, m, h, 6)
        if fwd is not None and all(w in LINKS or w in emoji_glue for w in fwd):
            return True
        back = before(low, h, m, 3)
        return back is not None and bool(_EMOJI_BACKWARD_LINKS.intersection(back))
    if not verb_like:
        nxt = next_word(low, h.end, len(low))
        if nxt is not None and nxt[0] not in _FOLLOWERS and not nxt[0].endswith("ing"):
            return False
    fwd = after(low, m, h, 6)
    if fwd is not None and (not fwd or verb_like or LINKS.intersection(fwd)):
        # A verb-like hit is the predicate itself ("<group> infest ..."); a noun after a word of
        # risk is what the group may suffer, not what it is said to be.
        return verb_like or not _RISK_WORDS.intersection(fwd)
    back = before(low, h, m, 3)
    return back is not None and bool(BACKWARD_LINKS.intersection(back))


# "<group> are at higher risk of Tay-Sachs disease", "are more susceptible to heart disease": a
# disease named as a risk is medicine; "a pack of rats", "carriers of disease" still dehumanise.
_RISK_WORDS = frozenset(
    ["risk", "affected", "prone", "susceptible", "predisposed", "vulnerable", "diagnosed", "rates", "suffer"]
)


def near(low: str, m: Mention, h: Hit, max_words: int) -> bool:
    """The hit is within `max_words` of the mention, on either side, in the same clause, or holds
    it ("keep them out")."""
    if h.start < m.end and m.start < h.end:
        return True
    return after(low, m, h, max_words) is not None or before(low, h, m, max_words) is not None


def in_relative_clause(low: str, m: Mention, h: Hit, floor: int) -> bool:
    """The mention sits inside a relative clause and the hit follows it, so the hit is said of the
    clause's head, not the group: "the man who attacked <group> should be jailed". A copular
    relative defines the head by the group and keeps it ("anyone who is <group> should ...")."""
    if h.start < m.end:
        return False
    before = words(low, max(floor, m.start - 48), m.start)[-6:]
    for i in range(len(before) - 1, -1, -1):
        if before[i] in CLAUSE_BREAKS:
            return False
        if before[i] in _RELATIVES and i > 0:
            nxt = before[i + 1] if i + 1 < len(before) else ""
            return nxt not in LINKS and nxt not in ("a", "an")
    return False


# Possessive determiners: "my dad" is one person someone has (harm.py), "my Scots" their own people
# (harm_incompatible.py), "..., my <group> friends" an aside (below).
POSSESSIVES = frozenset(["my", "your", "our", "his", "her", "their"])


def directly_precedes(low: str, h: Hit, m: Mention) -> bool:
    """An attribute right before the group term ("filthy immigrants"), at most one word apart."""
    between = before(low, h, m, 1)
    if between is None:
        return False
    # A new clause about someone between them: "he's slow, he's elderly" is not "slow elderly"
    # (a list of adjectives, "ugly, fat <group>", still is).
    if between and "," in low[h.end : m.start] and between[0].endswith(("'s", "'re")):
        return False
    # Nor a predicate of something else, a comma and a new possessor after it: "the backlog is
    # insane, my wife has waited three years" (a fronted insult, "Lazy, my <group> coworker ...",
    # still is).
    if "," in low[h.end : m.start] and between[:1] and between[0] in POSSESSIVES and _after_copula(low, h):
        return False
    # "lazier than men", "worse at <group>": a comparison's other side, not the one insulted
    return not (set(between) & {"and", "or", "of", "to", "for", "with", "than", "at"})


def _after_copula(low: str, h: Hit) -> bool:
    """A copula right before the hit ("is insane"): it is said of the subject before it."""
    prev = WORD.findall(low, max(0, h.start - 16), h.start)
    return bool(prev) and prev[-1] in COPULAS


def in_quotes(text: str, start: int) -> bool:
    """Inside a double-quoted span (straight or curly) of the original text."""
    head = text[:start]
    straight = head.count('"') % 2 == 1
    curly = head.count("\u201c") > head.count("\u201d")
    return straight or curly


def quote_opened(text: str, start: int) -> int:
    """Where the double-quoted span holding `start` opens, or -1 outside quotes."""
    if not in_quotes(text, start):
        return -1
    return max(text.rfind('"', 0, start), text.rfind("\u201c", 0, start))


def embedded_quote(low: str, s_start: int, pos: int) -> bool:
    """`pos` is inside a double quotation that opens after other words of its sentence: someone's
    words cited ('A phrase like "..." is ...', 'he mutters "..."'), not a dialogue turn."""
    opened = quote_opened(low, pos)
    return opened > s_start and bool(words(low, s_start, opened))


_OPEN_SINGLE = "'\u2018"
# A word with its first letters left out is no quotation ("ship 'em back", "'cause", "the '90s").
_ELISION = re.compile(r"['\u2018](?:em|cause|cos|tis|til|bout|n|round|twas|[0-9]{2}s?)(?![a-z])", re.IGNORECASE)
_CLOSE_SINGLE = "'\u2019"


def _cited(text: str, s_start: int, s_end: int, pos: int) -> int:
    """Where the quotation holding `pos` opens, if it opens after other words of its sentence,
    double (`embedded_quote`) or single ("someone commented '<group> = burden' under the post"):
    someone's words cited; -1 otherwise. A single quote opens after a space and before a word, and
    closes after a word and before a space or punctuation (`quote_end`), so an apostrophe inside a
    word ("don't") is neither; one after a plural ("the Joneses' house") still closes a quotation."""
    if embedded_quote(text, s_start, pos):
        return quote_opened(text, pos)
    # The normaliser writes an emoji's name with spaces around it ("' disabled people = burden'"),
    # so one space may stand inside either quote.
    # from quote mark to quote mark (found by `rfind`), not character by character: a long
    # sentence has many claims, each looking back to its start
    opened, i = -1, pos
    while i > s_start:
        i = max(text.rfind(q, s_start, i) for q in _OPEN_SINGLE)
        if i >= 0 and (i == 0 or text[i - 1].isspace()) and text[i + 1 : i + 3].strip():
            opened = i
            break
    if opened <= s_start or not words(text.lower(), s_start, opened) or elided(text, opened):
        return -1
    closed = quote_end(text, opened, pos, s_end)
    return opened if closed > opened + 1 else -1


def quote_end(text: str, opened: int, pos: int, s_end: int) -> int:
    """Where the quotation opened at `opened` (and holding `pos`) closes in its sentence; -1 if it
    does not. A closing mark follows a word (one space allowed, the normaliser's around an emoji's
    name) and comes before a space or punctuation."""
    closers = '"\u201d' if text[opened] in '"\u201c' else _CLOSE_SINGLE
    for i in range(opened + 1, s_end):
        if text[i] in closers and text[i - 2 : i].strip() and (i + 1 >= len(text) or not text[i + 1].isalnum()):
            return i if i >= pos else -1  # a quotation closed before `pos` does not hold it
    return -1


def elided(text: str, at: int) -> bool:
    """The quote mark at `at` begins a word with its first letters left out ("'em", "'cause")."""
    return _ELISION.match(text, at) is not None


# A quoted claim between a determiner and one of these nouns names the people who say it ("the
# 'migrants are invading' guy", "those '<group> can't lead' types") or calls it false ("the
# '<claim>' myth"). Not a noun of views in general: "that '<claim>' idea is just common sense" and
# "the '<claim>' line is correct" endorse it.
_LABEL_DETERMINERS = frozenset(["the", "that", "this", "those", "these", "a", "an", "your", "his", "her", "their"])
_LABEL_NOUNS = frozenset(
    [
        *("guy", "guys", "man", "men", "crowd", "people", "folks", "types", "type", "brigade", "lot", "camp"),
        *("mob", "myth", "stereotype", "trope"),
        # what the quoted words are called ("the 'dirty <group>' joke", "that old '<claim>' canard")
        *("joke", "jokes", "cliche", "cliché", "caricature", "canard", "slur", "insult", "meme", "narrative"),
        *("generalisation", "generalization", "stereotypes", "myths", "tropes"),
    ]
)


def quoted_label(low: str, quoted: tuple[int, int], s_start: int, s_end: int) -> bool:
    """The quotation is a label: after a determiner and before a noun of people or views, so its
    words are someone else's ("the 'women can't lead' guys")."""
    opened, closed = quoted
    before = words(low, s_start, opened)[-1:]
    after = next_word(low, closed + 1, s_end) if closed + 1 < s_end else None
    return bool(before) and before[0] in _LABEL_DETERMINERS and after is not None and after[0] in _LABEL_NOUNS


def quotation(text: str, s_start: int, s_end: int, pos: int) -> tuple[int, int] | None:
    """The quotation holding `pos`, as (opening mark, closing mark): one cited after other words of
    the sentence, or one opening it; None outside quotations."""
    opened = _cited(text, s_start, s_end, pos)
    if opened < 0:
        lead = s_start + len(text[s_start:s_end]) - len(text[s_start:s_end].lstrip())
        closed = _opening_quote_end(text, s_start, s_end, pos)
        return (lead, closed) if closed >= 0 else None
    closed = quote_end(text, opened, pos, s_end)
    return (opened, closed) if closed >= 0 else None


def _opening_quote_end(text: str, s_start: int, s_end: int, pos: int) -> int:
    """Where the quotation that opens the sentence and holds `pos` closes ("'<group> = vermin' is
    what he wrote"); -1 if the sentence opens no quotation around `pos`."""
    lead = s_start + len(text[s_start:s_end]) - len(text[s_start:s_end].lstrip())
    if lead >= pos or text[lead] not in _OPEN_SINGLE + '"\u201c':
        return -1
    return quote_end(text, lead, pos, s_end)


def quoted_words(text: str, start: int, max_words: int) -> bool:
    """Inside a double-quoted span of at most `max_words` words with no punctuation before its end:
    a word quoted, not an utterance. A line of dialogue ('"Another <slur>, great."') is speech.
    """
    if not in_quotes(text, start):
        return False
    opened = max(text.rfind('"', 0, start), text.rfind("\u201c", 0, start))
    closes = [i for i in (text.find('"', start), text.find("\u201d", start)) if i >= 0]
    closed = min(closes) if closes else len(text)
    quoted = text[opened + 1 : closed].strip().rstrip(".!?,;:")
    return len(WORD.findall(quoted.lower())) <= max_words and not re.search(r"[.!?,;:]", quoted)


def single_quoted(text: str, start: int, end: int) -> bool:
    """The word alone inside single quotes ("wrote 'X' on the wall"): quoted, like a double-quoted word.

    Both quotes must touch the word and stand apart from letters, so an apostrophe ("the X's car",
    "'cause") never counts.
    """
    opens, closes = "'\u2018", "'\u2019"
    if start < 1 or end >= len(text) or text[start - 1] not in opens or text[end] not in closes:
        return False
    return (start < 2 or not text[start - 2].isalnum()) and (end + 1 >= len(text) or not text[end + 1].isalnum())


def double_quoted(text: str, start: int, end: int) -> bool:
    """The span [start, end) right inside double quotes, straight or curly ('"X"', "“X”")."""
    return start > 0 and end < len(text) and text[start - 1] in '"\u201c' and text[end] in '"\u201d'


def in_proper_name(text: str, start: int, end: int) -> bool:
    """Part of a capitalised name ("the Washington Redskins"): the hit and a neighbour capitalised.

    A capitalised neighbour that opens the sentence does not count, and shouting (all caps) is not
    a name, so "THOSE X ARE" and "Those X are" still fire.
    """
    if not text[start].isupper() or text[start:end].isupper():
        return False
    prev = re.search(r"([A-Za-z][\w'-]*)[^\w.!?]*$", text[max(0, start - 40) : start])
    if prev:
        p_start = start - (len(text[max(0, start - 40) : start]) - prev.start(1))
        opener = text[:p_start].rstrip()
        if prev.group(1)[0].isupper() and opener and opener[-1] not in '.!?:"\u201c\n':
            return True
    nxt = re.match(r"\s+([A-Za-z][\w'-]*)", text[end : end + 40])
    return bool(nxt and nxt.group(1)[0].isupper() and nxt.group(1).lower() not in _PROPER_NAME_JOINERS)


# The generic nouns that keep a group's adjective the group ("<group> people", "<group> kids");
# any other person noun names a subgroup by what they do ("<group> landlords", "<group> waiters").
_GENERIC_PERSONS = frozenset(
    [
        *("people", "persons", "men", "women", "folk", "folks", "guys", "kids", "children", "families"),
        *("boys", "girls", "lads", "ladies", "youth", "youths", "person", "man", "woman", "family"),
    ]
)
# Taxonomy terms that end in a thing the group has ("black churches", "Hindu temples", "Asian
# culture"): hatred of it, a wish or a world without it is not said of the people.
_THING_NOUNS = frozenset(
    [
        *("church", "churches", "temple", "temples", "mosque", "mosques", "synagogue", "synagogues"),
        *("culture", "cultures", "music", "food", "cuisine", "festival", "festivals", "art", "language"),
        "rights",
    ]
)


def names_rights(low: str, m: Mention) -> bool:
    """The mention names the group's rights ("trans rights"): what is said of them is not said of
    the people. Not its places or culture, which often stand for the people in a generalisation
    ("every mosque is hostile")."""
    return words(low, m.start, m.end)[-1:] == ["rights"]


# A group named by a belief or movement it holds ("white supremacists", "Hindu nationalists") is
# judged for that, not for who they are: contempt or a swear word aimed at it is not aimed at the group.
_IDEOLOGIES = frozenset(
    [
        *("supremacist", "supremacists", "nationalist", "nationalists", "extremist", "extremists"),
        *("fundamentalist", "fundamentalists", "separatist", "separatists", "militant", "militants"),
        *("terrorist", "terrorists", "radical", "radicals", "jihadist", "jihadists", "zealot", "zealots"),
    ]
)


def movement(low: str, m: Mention, s_end: int) -> bool:
    """The mention names a movement: its own last word, or the word right after it, is one
    ("white supremacists", "Hindu nationalists"); not across a comma ("<group>, radical or not")."""
    own = words(low, m.start, m.end)[-1:]
    nxt = next_word(low, m.end, s_end)
    if _IDEOLOGIES.intersection(own):
        return True
    return nxt is not None and not low[m.end : nxt[1] - len(nxt[0])].strip() and nxt[0] in _IDEOLOGIES


# Prepositions whose object a mention can be, inside a noun phrase about something else ("the
# comments about the <group> family are vile", "attacks on <group> are rising"). Not "with": "The
# trouble with <group> is they are lazy" is said of them.
_ABOUT = frozenset(["about", "against", "toward", "towards", "regarding", "concerning", "on", "at", "to", "for"])
# The copula: in "<group> who are <group>" the second is a predicate, not an object.
COPULAS = frozenset(["are", "is", "were", "was", "be"])
# "who" or "whom", then a verb: the group is its object ("people who hate <group> are ..."). Not
# "that", which as often opens a clause the group is the subject of ("it means that <group> are").
_WHO = frozenset(["who", "whom"])
# After "who", verbs of saying and thinking open a clause the group is the subject of ("Those who
# say <group> control the banks are right").
_SAYING = frozenset(
    [
        *("say", "says", "said", "think", "thinks", "thought", "believe", "believes", "believed", "know"),
        *("knows", "knew", "claim", "claims", "claimed", "insist", "insists", "argue", "argues", "feel"),
        *("feels", "assume", "assumes", "agree", "agrees", "realise", "realize", "realised", "realized"),
    ]
)
# What may stand between the preposition or verb and the group ("attacks on all the <group>").
_NOT_OBJECT_VERBS = COPULAS | _SAYING
# Nouns of description before "of" are what is described, not the group ("the living conditions
# of <group>", "assessments", "portrayals", "treatment"); they are told by their endings.
_OF_NOUN_ENDINGS = ("tions", "sions", "ments", "ances", "ences", "ings", "als", "ment", "tion", "sion")
# Nouns with those endings that count or name the group's people, so the group stays the subject
# ("a large portion of <group>", "the population of", "individuals of <group> descent"), and
# "version" ("the <x> version of <group> are ...": a claim restated). Words with other endings
# ("most of", "members of", "millions of") are never read as description.
_OF_PEOPLE = frozenset(
    [
        *("portion", "portions", "fraction", "fractions", "proportion", "proportions", "section", "sections"),
        *("population", "populations", "generation", "generations", "nation", "nations", "congregation"),
        *("congregations", "delegation", "delegations", "organisation", "organisations", "organization"),
        *("organizations", "association", "associations", "coalition", "federation", "selection"),
        *("collection", "faction", "factions", "denomination", "denominations", "individuals", "nationals"),
        *("arrivals", "siblings", "beings", "version", "versions"),
    ]
)
# Adjectives between "of" and the group ("assessments of young <group>").
_OF_ADJECTIVES = frozenset(["young", "old", "elderly", "new", "recent", "local", "other", "older", "younger"])
_OBJECT_DETERMINERS = frozenset(["the", "these", "those", "a", "an", "our", "their", "some", "all", "many", "most"])


def described_of(low: str, m: Mention, floor: int) -> bool:
    """The mention follows "of" after a noun of description ("the living conditions of many
    <group>", "age assessments of young <group>"): what follows is said of that noun, not of the
    group. Not a noun that counts or names the group's people ("most of", "members of")."""
    before = words(low, clause_start(low, floor, m.start), m.start)
    while before and (before[-1] in _OBJECT_DETERMINERS or before[-1] in _OF_ADJECTIVES):
        before.pop()
    if len(before) < 2 or before[-1] != "of":
        return False
    return before[-2].endswith(_OF_NOUN_ENDINGS) and before[-2] not in _OF_PEOPLE


def object_of_noun(low: str, m: Mention, floor: int) -> bool:
    """The mention is the object of a preposition after another word of its clause ("jokes about
    <group> are ...") or of a relative clause's verb ("the people who murder <group> are ..."):
    what follows it is said of that phrase, not of the group. Not a preposition opening the clause
    ("On <group>, they are ...")."""
    before = words(low, clause_start(low, floor, m.start), m.start)
    while before and before[-1] in _OBJECT_DETERMINERS:
        before.pop()
    if before[-2:] == ["expense", "of"]:
        return True  # "jokes at the expense of <group>"
    if len(before) < 2:
        return False
    return before[-1] in _ABOUT or (before[-2] in _WHO and before[-1] not in _NOT_OBJECT_VERBS)


# Words in "-ing" before a group that do not take it as a gerund's object: adjectives ("working
# women are ...", "practising Catholics"), intensifiers and pronouns ("fucking <group> are ...",
# "nothing <group> do ..."), and verbs of saying and thinking (below).
_ING_NOT_GERUNDS = frozenset(
    [
        *("working", "aging", "ageing", "aspiring", "growing", "loving", "caring", "visiting", "returning"),
        *("emerging", "remaining", "practising", "practicing", "striking", "developing", "leading", "living"),
        *("ruling", "incoming", "outgoing", "existing", "struggling", "grieving", "expecting", "nursing"),
        *("fucking", "freaking", "everything", "nothing", "something", "anything"),
        # verbs of saying and thinking take a clause whose subject is the group ("implying <group>
        # are ...", "believing <group> are ..."): the clause says something of the group
        *("implying", "saying", "believing", "thinking", "claiming", "assuming", "suggesting", "arguing"),
        *("pretending", "knowing", "realising", "realizing", "hoping", "feeling", "noting", "reasoning"),
        *("insisting", "admitting", "acknowledging", "meaning", "considering", "seeing", "finding"),
    ]
)
# Words before a gerund opening its clause.
_GERUND_OPENERS = frozenset(["and", "but", "so", "or", "just", "honestly", "also", "even", "that", "because"])


def gerund_object(low: str, m: Mention, floor: int) -> bool:
    """The mention is the object of a gerund that opens its clause ("skipping <group> would be
    illegal", "hiring the <group> applicants is smart"): what follows is said of the act, not of
    the group. Not an adjective in "-ing" ("working women are ...")."""
    before = words(low, colon_clause_start(low, floor, m.start), m.start)
    while before and before[-1] in _OBJECT_DETERMINERS:
        before.pop()
    # five letters at least: "king", "ring", "sing" are no gerunds
    if not before or not before[-1].endswith("ing") or before[-1] in _ING_NOT_GERUNDS or len(before[-1]) < 5:
        return False
    return set(before[:-1]) <= _GERUND_OPENERS


# A question that asks only for agreement with what it says: "Immigrants — lazy, right?", "<group>
# are never satisfied, aren't they?". The tag, at the end of the sentence.
TAG_QUESTION = re.compile(
    r",?\s*(?:right|aren't they|don't they|isn't it|innit|eh|yeah|no|am i right|amirite|tbh)\s*\?[\s\"'\u2019\u201d)]*$"
)


def is_question(low: str, s_end: int) -> bool:
    """The sentence ending at `s_end` is a question. Read back from its end, not by copying the
    text before it (asked once a sentence, for every sentence of a long text)."""
    i = s_end
    while i > 0 and low[i - 1] in _QUESTION_TAIL:
        i -= 1
    return i > 0 and low[i - 1] == "?"


_QUESTION_TAIL = frozenset(" \"'\u201d\u2019)")


def clause_start(low: str, s_start: int, pos: int) -> int:
    """Where the clause holding `pos` starts: after the last comma or semicolon before it."""
    return max(s_start, low.rfind(",", s_start, pos) + 1, low.rfind(";", s_start, pos) + 1)


def colon_clause_start(low: str, s_start: int, pos: int) -> int:
    """The clause's start, a colon counting too ("Reasoning: <group> often ...", "Manager tip:
    when a <group> employee says ...")."""
    return max(clause_start(low, s_start, pos), low.rfind(":", s_start, pos) + 1)


def clause_end(low: str, pos: int, s_end: int) -> int:
    """Where the clause holding `pos` ends: at the next comma or semicolon, or the sentence's end."""
    ends = [i for i in (low.find(",", pos, s_end), low.find(";", pos, s_end)) if i >= 0]
    return min(ends, default=s_end)


def group_end(low: str, m: Mention, s_end: int, roles: frozenset[str] = frozenset()) -> int:
    """Where the group's noun phrase ends: after a generic person noun that follows its adjective
    ("<group> people"); another person noun names a subgroup and is taken only when the caller
    passes it in `roles` (the contempt and avoidance readings: "I can't stand <group> priests")."""
    nxt = next_word(low, m.end, s_end)
    if nxt is None:
        return m.end
    if nxt[0] in _GENERIC_PERSONS:
        return nxt[1]
    return nxt[1] if nxt[0] in roles and nxt[0].endswith("s") else m.end


# Words that cannot modify a role noun after a group's adjective ("<group> business partners"):
# they start a predicate, a clause or a phrase of their own.
_NOT_MODIFIERS = (
    LINKS
    | NEGATIONS
    | frozenset(
        [
            *("and", "or", "but", "who", "that", "which", "the", "a", "an", "of", "in", "on", "at", "for", "from"),
            *("with", "to", "by", "as", "all", "just", "so", "too", "very", "tend", "often", "usually", "generally"),
            *("have", "has", "do", "does", "can", "will", "would", "should", "must", "may", "might", "could"),
            # a cause, an institution or a field the adjective names, not its people ("<group>
            # rights activists", "<group> Communist Party officials", "<group> studies lecturers")
            *("rights", "studies", "party", "government", "regime", "state", "war", "affairs", "communist"),
            *("military", "army", "police", "embassy", "ministry", "foreign", "language", "sign", "national"),
        ]
    )
)


def role_end(low: str, end: int, s_end: int, persons: AbstractSet[str], plural: bool = True) -> int:
    """After a group's adjective (ending at `end`), where a role noun behind one or two modifiers
    ends ("<group> business partners", "<group> IT workers"); `end` itself if there is none. With
    `plural`, only a plural role: "<group> business partner" names one person."""
    at = end
    for _ in range(3):
        nxt = next_word(low, at, s_end)
        if nxt is None or nxt[0] in _NOT_MODIFIERS or not (nxt[0].isalpha() or "-" in nxt[0]):
            return end
        if nxt[0] in persons:
            return nxt[1] if at > end and (nxt[0].endswith("s") or not plural) else end
        at = nxt[1]
    return end


def people_end(low: str, m: Mention, between: list[str], s_end: int, roles: frozenset[str] = frozenset()) -> int | None:
    """Where the group's phrase ends, if it names several people (`plural_group`; `between` are the
    words before it); None otherwise."""
    end = group_end(low, m, s_end, roles)
    return end if plural_group(low, m, end, between) else None


# Modals of obligation or desert, as word sequences: what a call says should be done.
OBLIGATIONS: tuple[tuple[str, ...], ...] = (
    *(("should",), ("must",), ("ought", "to"), ("need", "to"), ("needs", "to"), ("have", "to"), ("has", "to")),
    *(("deserve", "to"), ("deserves", "to"), ("gotta",), ("got", "to"), ("shud",), ("shld",)),
)


def split_modal(before: list[str], modals: Sequence[tuple[str, ...]]) -> tuple[list[str], tuple[str, ...]] | None:
    """`before` without the modal it ends with, and that modal; None if it ends with none of `modals`."""
    modal = next((mo for mo in modals if tuple(before[-len(mo) :]) == mo), None)
    return None if modal is None else (before[: -len(modal)], modal)


def called_subject(
    low: str,
    mentions: Sequence[Mention],
    before: list[str],
    modals: Sequence[tuple[str, ...]],
    glue: AbstractSet[str],
    s_start: int,
    s_end: int,
) -> tuple[Mention, tuple[str, ...], list[str]] | None:
    """The group, several people, that is the subject of a call: `before` (a clause's words up to
    the verb called for) ends with one of `modals`, the group's phrase right before it, with only
    `glue` adverbs on either side ("<group> should all just <verb>"). Returns the group, the modal
    and the glue after it."""
    rest = list(before)
    after: list[str] = []
    while rest and rest[-1] in glue:
        after.append(rest.pop())
    split = split_modal(rest, modals)
    if split is None:
        return None
    rest, modal = split
    while rest and rest[-1] in glue:
        rest.pop()
    for m in mentions:
        ahead = words(low, clause_start(low, s_start, m.start), m.start)
        end = people_end(low, m, ahead, s_end)
        if end is not None and ahead + words(low, m.start, end) == rest:
            return m, modal, after
    return None


def whole_people(low: str, end: int, s_end: int, followers: AbstractSet[str]) -> bool:
    """The group's phrase (ending at `end`) names its people, all of them: it ends the clause, or one
    of `followers` comes next. Not a possessive ("<group>'s cooking"), a thing its adjective names
    ("<group> food") or a relative clause that narrows it ("<group> who cheat")."""
    rest = low[end:s_end]
    if rest.startswith(("'", "\u2019")):
        return False
    rest = rest.lstrip(" ")
    if not rest or rest[0] in ',.;:!?)"\u201d\u2014\u2013\u2026':
        return True
    nxt = WORD.match(rest)
    return nxt is not None and nxt.group(0) in followers


_PLURAL_WORDS = frozenset(["people", "men", "women", "children", "folk", "folks", "kids", "they", "them"])
# Names of peoples with no plural ending.
_INVARIANT_PLURALS = frozenset(["swiss", "roma", "inuit", "sami", "amish", "romani", "maori", "navajo"])
# Adjectives that name a group's people after "the" ("the homeless", "the disabled"), unless a
# noun for one person follows ("the old man").
_NOMINAL_PLURALS = frozenset(
    [
        *("homeless", "poor", "elderly", "disabled", "deaf", "rich", "wealthy", "young", "old", "unemployed"),
        *("handicapped", "infirm", "needy", "underprivileged", "crippled", "ill", "obese", "aged"),
    ]
)
_ONE_PERSON = frozenset(
    [
        *("man", "woman", "guy", "lady", "boy", "girl", "person", "fellow", "chap", "bloke", "dude"),
        *("gentleman", "kid", "child", "soul", "sod", "bastard", "fool", "dear", "one", "thing", "git"),
    ]
)
# Nominalised demonyms are plural: "the Chinese", "the Irish", "the French".
_DEMONYM_PLURAL = ("ese", "ch", "sh")


def plural_noun(w: str) -> bool:
    """The word is a plural noun of people or looks like one ("applicants", "men", "staff"), not
    "boss"."""
    return w in _PLURAL_WORDS or w in _INVARIANT_PLURALS or (len(w) > 3 and w.endswith("s") and not w.endswith("ss"))


def plural_group(low: str, m: Mention, end: int, between: list[str]) -> bool:
    """The group phrase `low[m.start:end]` names several people: its last noun is plural, a singular
    one is quantified ("every <group>"), or a demonym follows "the". Not one person ("the old man"),
    nor a thing the group has ("Hindu temples")."""
    own = words(low, m.start, end)
    if not own or own[-1] in _THING_NOUNS:
        return False
    w = own[-1]
    head = described_head(own)
    if head is not None:  # "anyone over 60", "workers from Poland": the noun described is the head
        return head.generic or plural_noun(head.word)
    if plural_noun(w):
        return True
    if {"every", "each"}.intersection(between):
        return True
    the = between[-1:] == ["the"] or (len(own) > 1 and own[0] == "the")  # "the Dutch" may be the term
    if the and w in _NOMINAL_PLURALS:
        nxt = next_word(low, end, len(low))
        return nxt is None or nxt[0] not in _ONE_PERSON  # "the homeless", not "the old man"
    return the and w.endswith(_DEMONYM_PLURAL)
