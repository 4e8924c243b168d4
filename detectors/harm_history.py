"""A deed or an exclusion named as history, for the harm lexicon's threat and exclusion readings.

The listed threats include nouns that name a deed (genocide, extermination, ethnic cleansing,
eradication, lynching, slaughter, massacre, purge, and the names of a people's destruction:
holocaust, pogrom, Kristallnacht). Said near a group they were read as threats, yet
encyclopaedias, survivors, news and assistants' answers name these deeds as events all the time:
"Her family fled during the Rwandan genocide", "Museums document the extermination of European
Jews", "evidence of ethnic cleansing", "genocide scholars", "the Lavender Scare was a purge of gay
men". `named_event` says when such a noun is a report, so the threat reading skips it. What makes
such a sentence hate is said of the deed itself, so each check is held to the deed: a word calling
for it right before it (a regret or a wish only with a predicate that it failed or should go on),
another one asked for ("the next genocide"), an approval in the predicate it is the subject of
(unless that predicate remembers, teaches or condemns it), mockery, or a call in the sentence
after a bare "The <deed>?". Approval said as a phrase after the deed ("the genocide of <group> was
justified", `violence_endorsements`) is the violence reading's, as before. `named_system` does the
same for the exclusion nouns "segregation" and "apartheid", which need a word of the record.
"""

from __future__ import annotations

import re

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit

_EVENT_NOUNS = frozenset(
    [
        *("genocide", "extermination", "eradication", "ethnic cleansing", "lynching", "slaughter", "massacre"),
        *("purge", "holocaust", "pogrom", "pogroms", "kristallnacht", "final solution"),
    ]
)
_DEFINITE = frozenset(["the", "this", "that", "its", "their"])
# Names of one people's destruction, used without an article ("Kristallnacht", "Holocaust
# survivors", "fled pogroms"); "a holocaust" is the common noun.
_PROPER_EVENTS = frozenset(["holocaust", "kristallnacht", "final solution", "pogroms"])
_EVENT_WORDS = 6  # the article and up to five modifiers before the noun ("the 1871 Los Angeles Chinese massacre")
# Words that cannot stand between the article and the noun it names: the article belongs to another
# phrase ("The Jews deserve a massacre", "the time for a purge").
_NOT_MODIFIERS = frozenset(
    [
        # not "and": it joins the names of one event ("the Sabra and Shatila massacre")
        *("a", "an", "for", "to", "of", "in", "on", "at", "by", "with", "but", "been", *g.COPULAS),
        *("i", "we", "you", "they", "he", "she", "it", "them", "us"),
    ]
)
# Before "a <deed>": a verb that classifies something as one ("was a purge of", "call it a genocide").
_CLASSIFYING = frozenset(
    [
        *("was", "were", "call", "called", "calls", "calling", "constitutes", "constituted", "amounted"),
        *("recognise", "recognised", "recognize", "recognized", "declared", "labelled", "labeled", "termed"),
        *("ruled", "deemed", "considered"),
    ]
)
_CLASSIFY_WORDS = 6  # words between the classifying verb and "a" ("called the killing of Rwandan Tutsi a")
# Before "of <deed>": a noun that reports it ("evidence of ethnic cleansing", "survivors of genocide").
_REPORTING_NOUNS = frozenset(
    [
        *("evidence", "accusations", "allegations", "charges", "hallmarks", "acts", "crimes", "history"),
        *("victims", "survivors", "memory", "anniversary", "denial", "recognition", "scale", "years", "site"),
    ]
)
# After the noun, a noun it modifies: a field, a record, a memorial ("genocide scholars").
_MODIFIED = frozenset(
    [
        *("scholars", "scholar", "studies", "survivors", "survivor", "memorial", "museum", "denial", "deniers"),
        *("denier", "denying", "denialism", "historian", "jokes", "joke", "memoir", "memoirs", "literature"),
        *("researchers", "education", "awareness", "convention", "trial", "trials", "tribunal", "victims"),
        *("remembrance", "prevention", "commemoration", "historians", "watch", "site", "sites"),
    ]
)
# Between the article and the noun: another one asked for ("the next genocide", "a real purge").
_ANOTHER = frozenset(
    ["next", "another", "more", "new", "second", "real", "proper", "coming", "future", "final", "own", "third"]
)
# Right before the article: a verb or phrase calling for the deed or approving it.
_GOVERNING = frozenset(
    [
        *("finish", "repeat", "redo", "bring", "start", "begin", "continue", "complete", "restart", "resume"),
        *("support", "supports", "want", "wants", "need", "needs", "love", "loved", "enjoy", "miss", "demand"),
        *("celebrate", "cheer", "applaud", "praise", "approve", "deserve", "deserves", "deserved", "dream"),
        *("crave", "more", "another"),
    ]
)
# ... or a regret, which calls for the deed only when what follows says it failed or ended too soon
# ("Shame the genocide of the Armenians failed"; not "It's a shame the genocide is so little known"),
# and a wish, only when what follows says it should go on ("I wish the purge had gone further"; not
# "I wish that genocide had never happened", "I pray the genocide of the Uyghurs is stopped").
_REGRETS = frozenset(["shame", "sad", "pity", "bad"])
_UNFINISHED = frozenset(
    [
        *("failed", "ended", "stopped", "incomplete", "unfinished", "finish", "finished", "complete"),
        *("completed", "enough", "further", "sooner"),
    ]
)
_WISHES = frozenset(["wish", "hope", "pray"])
_GOING_ON = frozenset(["further", "succeeded", "succeeds", "continued", "continues", "again", "more", "everywhere"])
# "for" calls for the deed after these ("all for", "can't wait for", "thank god for", "time for").
_FOR_CALLS = frozenset(["all", "wait", "thank", "god", "time", "pray", "ready", "vote", "hope", "here"])
# In the predicate of a deed that is its clause's subject: an approval of it ("was a blessing", "was
# fine by me", "is something I dream about", "didn't go far enough", "and it worked").
_APPROVALS = frozenset(
    [
        *("good", "great", "fine", "ok", "okay", "justified", "justice", "necessary", "needed", "deserved"),
        *("deserving", "right", "heroic", "hero", "heroes", "blessing", "mercy", "favour", "favor", "favourite"),
        *("favorite", "perfect", "beautiful", "glorious", "amazing", "awesome", "best", "hilarious", "funny"),
        *("fun", "overdue", "enough", "worked", "success", "successful", "victory", "win", "relief", "gift"),
        *("again", "soon", "tomorrow", "tonight", "dream", "dreams", "love", "proud", "happy", "glad"),
        *("legend", "legendary", "epic", "cool", "nice", "wonderful", "excellent", "brilliant", "deserve"),
        *("deserves", "want", "wants", "revive", "revived", "save", "saves", "incomplete"),
        *("holiday", "celebrate", "celebrated", "celebration", "rejoice", "rejoiced", "coming"),
    ]
)
# ... and approvals said in more than one word, whose words alone are ordinary ("the way the state
# answered", "came back into the news", "was done within a hundred days").
_APPROVAL_PHRASES = re.compile(
    r"(?<![a-z0-9'])(?:well done|job done|half done|only way|only answer|only solution|the answer|the solution"
    r"|brought it on themselves|asked for it|no tears|public service|good start|had it coming"
    r"|what they need|what we need|what the world needs|god's work|bring (?:it|them|those days) back"
    r"|do it again|finish (?:it|the job))(?![a-z0-9'])"
)
# ... unless the predicate remembers, teaches or condemns it ("... will never be forgotten", "...
# should be taught in every school", "... must never happen again", "... was the worst crime").
_REMEMBRANCE = frozenset(
    [
        *("forgotten", "forget", "remembered", "remember", "taught", "teach", "recognised", "recognized"),
        *("recognition", "commemorated", "commemorate", "acknowledged", "acknowledge", "studied"),
        *("documented", "condemned", "mourned", "tragedy", "tragic", "crime", "crimes", "atrocity"),
        *("atrocities", "horror", "horrific", "evil", "shameful", "worst"),
    ]
)
_NEVER_AGAIN = re.compile(r"(?<![a-z0-9'])never (?:again|happen|be repeated|repeat)")
# A bare "The <deed> of <group>?" has no verb of these; the call is then in the next sentence.
_VERBS = frozenset(["is", "was", "were", "are", "did", "does", "do", "has", "had", "have", "happened", "began"])
# Before the article, words that keep the deed its clause's subject ("Honestly, the ...", "And the ...").
_SUBJECT_OPENERS = frozenset(["honestly", "frankly", "and", "but", "so", "yes", "yeah", "well", "imo", "tbh", "oh"])
_MOCKERY = frozenset(["lol", "lmao", "lmfao", "rofl", "haha", "kek"])
# "based" as slang approval, not "based on" a source.
_BASED = re.compile(r"(?<![a-z0-9'])based(?![a-z0-9'])(?! (?:on|upon|in|at|off|around|out|near)\b)")


def named_event(low: str, h: Hit, s_start: int, s_end: int, following: tuple[int, int] | None = None) -> bool:
    """A deed's noun named as an event history knows, with nothing calling for it, approving it
    or mocking its victims: a report, not a threat. `following` is the next sentence's span."""
    if h.value not in _EVENT_NOUNS:
        return False
    said = g.words(low, s_start, s_end)
    if any(_squeezed(w) in _MOCKERY for w in said) or _BASED.search(low, s_start, s_end):
        return False
    spans = [(t.group(0), t.start()) for t in g.WORD.finditer(low, s_start, h.start)]
    before = [w for w, _ in spans]
    nxt = g.next_word(low, h.end, s_end)
    joined = g.WORD.match(low, h.end + 1, s_end) if low.startswith("-", h.end) else None
    if (nxt is not None and nxt[0] in _MODIFIED) or (joined is not None and joined.group(0) in _MODIFIED):
        return True  # "genocide scholars", "Holocaust-denying"
    if len(before) >= 2 and before[-1] == "of" and before[-2] in _REPORTING_NOUNS:
        return True
    at = _article(before)
    if at is None and h.value in _PROPER_EVENTS and before[-1:] not in (["a"], ["an"]):
        if _SYSTEM_AGAIN.intersection(g.words(low, h.end, s_end)[:3]) or _ANOTHER.intersection(before[-3:]):
            return False  # "Holocaust for <group> now", "a second Holocaust", "our own Kristallnacht"
        at = len(before)  # "Kristallnacht in 1938 destroyed ...": a name needs no article
    if at is None:
        return _classified(before)
    if any(w in _ANOTHER for w in before[at + 1 :]):
        return False
    predicate = g.words(low, h.end, s_end)
    governing = before[max(0, at - 3) : at]
    if any(w in _GOVERNING for w in governing) or (
        governing and governing[-1] == "for" and len(governing) > 1 and governing[-2] in _FOR_CALLS
    ):
        return False
    if any(w in _REGRETS for w in governing) and any(w in _UNFINISHED for w in predicate):
        return False
    if any(w in _WISHES for w in governing) and any(w in _GOING_ON for w in predicate):
        return False
    head = spans[at][1] if at < len(spans) else h.start
    opening = g.words(low, g.clause_start(low, s_start, head), head)
    # The deed opens its clause, alone or after another it is joined to ("The Holocaust and the ...").
    coordinated = len(opening) > 1 and opening[0] in _DEFINITE and opening[-1] in ("and", "or")
    subject = coordinated or all(w in _SUBJECT_OPENERS for w in opening)
    remembered = any(w in _REMEMBRANCE for w in predicate) or _NEVER_AGAIN.search(low, h.end, s_end)
    approved = _approves(predicate) or _APPROVAL_PHRASES.search(low, h.end, s_end)
    if subject and approved and not remembered:
        return False
    if following is not None and g.is_question(low, s_end) and not any(w in _VERBS for w in said):
        nxt_said = g.words(low, *following)
        called = any(w in _APPROVALS or w in _GOVERNING for w in nxt_said)
        return not (called or _APPROVAL_PHRASES.search(low, *following))
    return True


# Exclusion named as a system history knows ("Jim Crow laws enforced racial segregation",
# "Segregation of Black students was ruled unconstitutional", "the end of apartheid"): a report only
# with a word of the record in its sentence (a past tense, "laws", "era", "regime", a year), and then
# not if called for just before ("bring back", "we need", "there should be"), asked for again or
# approved after ("Segregation worked", "apartheid was the answer"). With none, a wish, a need or a
# conditional is read as the call it is ("I wish we still had segregation", "Apartheid for
# <group> would make Europe safe").
_SYSTEM_NOUNS = frozenset(["segregation", "apartheid"])
_SYSTEM_CALLS = frozenset(["back", "reinstate", "restore", "should", "must", "more", "wish", "still"])
_SYSTEM_AGAIN = frozenset(["again", "now", "return", "returns", "back"])
_RECORD = re.compile(
    r"(?<![a-z0-9'])(?:was|were|ended|enforced|ruled|abolished|lasted|began|introduced|imposed|dismantled|"
    r"outlawed|banned|struck|ordered|legalised|legalized|laws?|era|end|history|historical|under|during|"
    r"regime|state|system|policy|policies|government|"
    r"(?:1[6-9]|20)\d\d|\d\ds)(?![a-z0-9'])"
)


def named_system(low: str, h: Hit, s_start: int, s_end: int) -> bool:
    """ "segregation" or "apartheid" named as a system history knows, with nothing calling for it
    or approving it: a report, not a call for exclusion."""
    if h.value not in _SYSTEM_NOUNS or not _RECORD.search(low, s_start, s_end):
        return False
    said = g.words(low, s_start, s_end)
    if any(_squeezed(w) in _MOCKERY for w in said) or _BASED.search(low, s_start, s_end):
        return False
    governing = g.words(low, s_start, h.start)[-3:]
    if any(w in _GOVERNING or w in _SYSTEM_CALLS for w in governing) or (
        len(governing) > 1 and governing[-1] == "for" and governing[-2] in _FOR_CALLS
    ):
        return False
    predicate = g.words(low, h.end, s_end)
    if any(w in _SYSTEM_AGAIN for w in predicate[:3]):
        return False
    remembered = any(w in _REMEMBRANCE for w in predicate) or _NEVER_AGAIN.search(low, h.end, s_end)
    approved = _approves(predicate) or _APPROVAL_PHRASES.search(low, h.end, s_end)
    return bool(remembered or not approved)


def _approves(predicate: list[str]) -> bool:
    """An approval among the predicate's words, not negated right before it ("are never funny")."""
    for i, w in enumerate(predicate):
        if w in _APPROVALS and not any(p in g.NEGATIONS or p.endswith("n't") for p in predicate[max(0, i - 2) : i]):
            return True
    return False


def _article(before: list[str]) -> int | None:
    """The index of the definite article whose noun phrase the deed ends, if only modifiers stand
    between them."""
    if before[-1:] == ["and"]:
        return None  # "Round up the <group> and massacre them": a verb joined to another
    for i in range(len(before) - 1, max(-1, len(before) - _EVENT_WORDS - 1), -1):
        if before[i] in _DEFINITE:
            return i
        if before[i] in _NOT_MODIFIERS or before[i] in _GOVERNING:
            return None
    return None


def _classified(before: list[str]) -> bool:
    """ "a <deed>" classifying something: "was a purge of", "called the killing ... a genocide"."""
    if not before or before[-1] not in ("a", "an"):
        return False
    window = before[-1 - _CLASSIFY_WORDS : -1]
    at = next((i for i in range(len(window) - 1, -1, -1) if window[i] in _CLASSIFYING), None)
    # The classifying verb governs this "a" only with no verb of wanting between ("Muslims were a
    # mistake and we need a genocide of them").
    return at is not None and not any(w in _GOVERNING for w in window[at + 1 :])


def _squeezed(word: str) -> str:
    """A word with its stretched letters written once ("lmaooo", "hahahaha")."""
    if len(word) >= 4 and word.startswith("ha") and set(word) <= {"h", "a"}:
        return "haha"
    return re.sub(r"(.)\1+", r"\1", word)
