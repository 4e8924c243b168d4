"""A group named as a topic, and what is said of it in a fragment with no subject of its own.

People name a group on its own and then say the thing of it with no subject and no verb: an
answer ("Mormons. A cult full of weirdos."), a heading ("Women — gold diggers looking for a
paycheck."), a post ("Gen Z, by far: selfie-obsessed narcissists"). The harm rules read a claim as
a group and what is predicated of it, so the fragment on its own says nothing of anyone, and the
discourse rules (harm_discourse) read it only when every word of it is derogatory. `topic_claims`
finds such a topic and its fragment and writes the sentence they make together ("Mormons are a
cult full of weirdos."); the harm lexicon reads the text with that sentence in place of the pair,
so the fragment is judged as the sentence written out would be, in the same context (a writer
rejecting it, a quotation, a negation all still apply).

The topic is short and holds nothing but the group and hedges ("Probably the new migrants.",
"Boomers, I'd say"), with no verb of its own; the fragment has no finite verb before its first
relative or subordinate clause and does not open with a subject ("Refugees? The policy failed."
and "Pensioners. They vote." are clauses of their own: the second is the discourse rules' "they").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from detectors import harm_grammar as g
from detectors.taxonomy import Mention

# A topic holds at most this many words, the group's own among them ("Probably the new migrants"):
# more, and the sentence says something of its own.
_TOPIC_WORDS = 6
# A comment longer than this is a passage of its own, not something said of the topic.
_FRAGMENT_WORDS = 30
# Marks that make the words after them a comment on the words before ("Women — ...", "X: ...").
_MARK = re.compile(r"\s*(?:\u2014|\u2013|--|-(?=\s)|:|,|->|\u2192|(?<![!<>=~/])=>?(?!=))\s*")
# Hedges around the group in a topic ("Boomers, I'd say"); none but "the" is written into the
# subject.
HEDGES = frozenset(
    [
        *("probably", "honestly", "definitely", "obviously", "clearly", "easily", "mostly", "mainly"),
        *("surely", "certainly", "undoubtedly", "frankly", "personally", "sadly", "unfortunately"),
        *("tbh", "imo", "imho", "ngl", "lol", "lmao", "well", "yeah", "yes", "yep", "oh", "ugh", "hmm"),
        *("i'd", "say", "i", "think", "guess", "suppose", "reckon", "by", "far", "hands", "down"),
        *("for", "sure", "of", "course", "especially", "usually", "always", "generally", "the"),
    ]
)
# Words that make a stretch a clause with its own verb (or a topic that already says something).
_FINITE = frozenset(
    [
        *("is", "are", "was", "were", "am", "be", "has", "have", "had", "do", "does", "did", "will", "would"),
        *("can", "could", "should", "shall", "may", "might", "must", "isn't", "aren't", "wasn't", "weren't"),
        *("don't", "doesn't", "didn't", "won't", "can't", "cannot", "couldn't", "shouldn't", "wouldn't"),
        *("hasn't", "haven't", "hadn't", "ain't", "it's", "that's", "there's", "they're", "we're", "you're"),
        *("he's", "she's", "i'm", "what's", "who's", "get", "gets", "got", "go", "goes", "went", "make"),
        *("makes", "made", "say", "says", "said", "think", "thinks", "know", "knows", "want", "wants", "need"),
        *("needs", "love", "loves", "hate", "hates", "like", "likes", "live", "lives", "come", "comes"),
    ]
)
_I = frozenset(["i", "i'd", "id", "i'll", "would"])
# Nouns for the people a service serves: a topic ending on one heads guidance for them.
_SERVED = frozenset(
    [
        *("patients", "users", "clients", "guests", "residents", "customers", "visitors", "passengers"),
        *("travellers", "travelers", "attendees", "participants", "applicants", "members", "learners"),
        *("pupils", "candidates", "callers", "riders", "diners", "shoppers"),
    ]
)
_PLACE_TIME = frozenset(["there", "here", "nowadays", "today", "these", "lately", "now", "round", "around"])
_PLACE_WORDS = 4  # "at the school down the road"
_PREPOSITIONS = frozenset(["on", "of", "about", "for", "with", "to", "from", "in", "at", "by", "against", "among"])
# A fragment opening with one of these is a clause with a subject of its own, or not a comment.
_SUBJECTS = frozenset(
    [
        *("it", "he", "she", "i", "we", "you", "they", "there", "this", "that", "these", "those", "my", "our"),
        *("your", "his", "her", "their", "its", "what", "why", "how", "who", "when", "where", "if", "but"),
        *("and", "so", "because", "yes", "never", "nobody", "everyone", "everybody", "someone"),
        *("somebody", "nothing", "none", "neither", "both", "either", "which", "whose", "thanks", "thank"),
        *("please", "see", "source", "sources", "note", "ok", "okay", "same", "me", "us", "them"),
    ]
)
# A comment of these (and hedges) alone answers a question ("Gay couples? No."), saying nothing of them.
_REPLIES = frozenset(["no", "nope", "nah", "not", "really", "maybe", "perhaps", "sometimes", "agreed", "exactly"])
_LIST_WORDS = 5  # a second group this close to a comment's opening group makes the comment a list
# Where a comment's pieces part: "dirty, lazy, and they ...".
_PIECE_BREAK = re.compile(r"\s*(?:[,;]\s*(?:and|but)?|\s(?:and|but))\s+")
# The finite-verb test stops at the first of these: a relative or subordinate clause may have its
# own verb ("Parasites who live off everyone else").
_CLAUSE_OPENERS = frozenset(
    ["who", "whom", "that", "which", "because", "since", "when", "while", "if", "as", "cause", "cuz", "whose"]
)


@dataclass(frozen=True, slots=True)
class TopicClaim:
    """A topic and its fragment, and the sentence they make together."""

    start: int  # the topic's first character (normalised text)
    end: int  # the fragment's last character, its closing punctuation included
    sentence: str  # "<topic> are <fragment>"


def topic_claims(
    low: str,
    text: str,
    spans: Sequence[tuple[int, int]],
    by_sentence: dict[int, list[Mention]],
    heads: frozenset[str],
    from_emoji: Callable[[int, int], bool] | None = None,
) -> list[TopicClaim]:
    """Each topic-and-fragment pair of the text, in order and not overlapping; `text` is the
    normalised text (`low` lowercased), `by_sentence` the group mentions by sentence index,
    `heads` the person nouns a group phrase may end on ("ones", "people", "kids"), `from_emoji`
    tells words that stand for emoji ("Mexicans 🌮😴 lazy": the emoji part topic and comment)."""
    # A ranking's list is read as one; its items are no topics of their own ("1. Asians 2. women").
    ranked, listed = _ranked(low, text, by_sentence, heads) if "worst" in low else ([], [])
    out: list[TopicClaim] = []
    for i in sorted(by_sentence):
        if out and out[-1].end > spans[i][0]:
            continue
        if _too_long(low, spans[i][0], by_sentence[i][0].end):
            continue  # most sentences: more than a topic's words before the group's end
        if any(lo < spans[i][1] and spans[i][0] < hi for lo, hi in listed):
            continue
        found = _within(low, text, spans[i], by_sentence[i], heads, from_emoji)
        if found is None and i + 1 < len(spans):
            comment_mentions = by_sentence.get(i + 1, [])
            found = _across(low, text, spans[i], spans[i + 1], by_sentence[i], comment_mentions, heads, from_emoji)
        if found is not None:
            out.append(found)
    # A comment sentence may lie in a ranking's list: the pairs are written in place of the text,
    # so none may overlap another.
    claims: list[TopicClaim] = []
    for c in sorted([*out, *ranked], key=lambda c: c.start):
        if not claims or claims[-1].end <= c.start:
            claims.append(c)
    return claims


def _within(
    low: str,
    text: str,
    span: tuple[int, int],
    mentions: list[Mention],
    heads: frozenset[str],
    from_emoji: Callable[[int, int], bool] | None = None,
) -> TopicClaim | None:
    """ "Women — gold diggers." / "Immigrants: lazy, all of them": a mark after the topic."""
    s_start, s_end = span
    # A later mark makes a longer topic: the marks past a topic's length are not looked for.
    marks = []
    for m in _MARK.finditer(low, mentions[0].end, s_end):
        if _too_long(low, s_start, m.start()):
            break
        marks.append((m.start(), m.end()))
    emoji = _emoji_run(low, mentions[0].end, s_end, from_emoji) if from_emoji is not None else None
    if emoji is not None:
        marks = sorted([emoji, *(m for m in marks if not emoji[0] <= m[0] < emoji[1])])
    if not marks or _subject(low, text, s_start, marks[0][0], mentions, heads, from_emoji) is None:
        return None  # a topic that fails before its first mark fails before every later one too
    # The comment follows the first mark that is not followed by hedges alone ("Gen Z, by far:
    # selfie-obsessed narcissists"; "Pensioners, honestly." has none, and the next sentence may be it).
    ends = [m[0] for m in marks[1:]] + [s_end]
    mark = next((m for m, e in zip(marks, ends, strict=True) if not _hedges_only(low, m[1], e)), None)
    if mark is None or mark[1] >= s_end:
        return None
    subject = _subject(low, text, s_start, mark[0], mentions, heads, from_emoji)
    axes = {m.axis for m in mentions if m.start < mark[0]}
    end = _fragment(low, mark[1], s_end, mentions, axes) if subject is not None else None
    if subject is None or end is None:
        return None
    return TopicClaim(_lstrip(low, s_start), end, f"{subject} are {_continued(text[mark[1] : end])}")


def _emoji_run(low: str, start: int, end: int, from_emoji: Callable[[int, int], bool]) -> tuple[int, int] | None:
    """The words for emoji right after the group ("Mexicans 🌮😴 lazy": "taco sleeping face"), as a mark."""
    run: tuple[int, int] | None = None
    for w in g.WORD.finditer(low, start, end):
        if not from_emoji(w.start(), w.end()):
            break
        run = (run[0] if run else w.start(), w.end())
    return run


# "worst neighbours ranked: 1. <group> (...) 2. ...": each group listed is called the worst of them.
# The list runs to a blank line or the next heading's colon ("... Best friends: 1. ..." is another).
_RANKING = re.compile(r"\bworst\s+([a-z][a-z' -]{2,60}?)\s*(?:ranked|so far|ever|list)?\s*:")
_ITEM = re.compile(r"(?:^|\s|\n)(?:\d{1,2}[.)]|[-*\u2022])\s*(?:the\s+|also\s+|still\s+)*")
_LIST_END = re.compile(r"\n\s*\n|[a-z]\s*:")
_RANKED_ITEMS = 10  # items read per list; a longer one is a table, and reading it costs the more
# What is ranked must be people in a role ("worst drivers", "worst bosses i've had") or things, not
# how hard something hit ("worst hit", "worst affected", "worst placed") or one thing ("worst case").
_PEOPLE_ENDINGS = (
    *("ers", "ors", "ants", "ents", "ists", "ians", "mates", "hires", "dates", "bosses", "people", "folks"),
    "neighbours",
)
# A group listed among the worst things is called one ("worst things about this town: 1) the
# immigrants 2) the potholes").
_THINGS = frozenset(["things", "thing", "parts", "bits"])
# After the group in an item: its end, a mark, or its head noun ("1) Black folks, never tip"); any
# other word makes the item another noun's ("1) Black-owned businesses", "2) immigrant shopkeepers").
_ITEM_ENDS = re.compile(r"\s*(?:$|[,.;:()\n\u2014\u2013-]|\d{1,2}[.)])")


def _ranked(
    low: str, text: str, by_sentence: dict[int, list[Mention]], heads: frozenset[str]
) -> tuple[list[TopicClaim], list[tuple[int, int]]]:
    """The claims of each ranking's items, and the spans of the lists read."""
    out: list[TopicClaim] = []
    lists = []
    mentions = {m.start: m for ms in by_sentence.values() for m in ms}
    for r in _RANKING.finditer(low):
        what = r.group(1).strip()
        if not any(w.endswith(_PEOPLE_ENDINGS) or w in heads or w in _THINGS for w in what.split()[:3]):
            continue
        closed = _LIST_END.search(low, r.end())
        end = closed.start() if closed else len(low)
        lists.append((r.end(), end))
        for item in list(_ITEM.finditer(low, r.end(), end))[:_RANKED_ITEMS]:
            m = mentions.get(item.end())
            if m is None or (out and out[-1].end > m.start):
                continue
            head = g.WORD.match(low, _skip_spaces(low, m.end))
            after = head.end() if head is not None and head.group(0) in heads else m.end
            if not _ITEM_ENDS.match(low, after):
                continue
            out.append(TopicClaim(m.start, after, f"{text[m.start : after]} are the worst {what}."))
    return out, lists


def _skip_spaces(low: str, pos: int) -> int:
    while pos < len(low) and low[pos] == " ":
        pos += 1
    return pos


def _across(
    low: str,
    text: str,
    topic: tuple[int, int],
    comment: tuple[int, int],
    mentions: list[Mention],
    comment_mentions: list[Mention],
    heads: frozenset[str],
    from_emoji: Callable[[int, int], bool] | None = None,
) -> TopicClaim | None:
    """ "Mormons. A cult full of weirdos.": a topic sentence, then a fragment sentence."""
    t_start, t_end = topic
    if _too_long(low, t_start, t_end):
        return None
    body_end = _body_end(low, t_start, t_end)
    if low[body_end:t_end].strip()[:1] not in (".", "?", "!", "\n", ""):
        return None  # a topic closed by ";" runs on into a clause
    subject = _subject(low, text, t_start, body_end, mentions, heads, from_emoji)
    axes = {m.axis for m in mentions}
    end = _fragment(low, comment[0], comment[1], comment_mentions, axes) if subject is not None else None
    if subject is None or end is None:
        return None
    return TopicClaim(_lstrip(low, t_start), end, f"{subject} are {_continued(text[comment[0] : end])}")


def _subject(
    low: str,
    text: str,
    start: int,
    end: int,
    mentions: list[Mention],
    heads: frozenset[str],
    from_emoji: Callable[[int, int], bool] | None = None,
    guidance: bool = True,
) -> str | None:
    """The group's phrase as the subject to write, when [start, end) is only that phrase, hedges and
    a short place or time after it ("Girls at my school", "Teenagers these days"). Words that stand
    for emoji are left out when the group is written too ("Jews 🕎 —" is "Jews", not "Jews Jews").
    A phrase ending on a noun for the people a service serves ("Elderly patients:", "Wheelchair
    users -") heads guidance for them, not a claim."""
    if _too_long(low, start, end):
        return None
    words = [(w.group(0), w.start(), w.end()) for w in g.WORD.finditer(low, start, end)]
    if from_emoji is not None:
        written = [w for w in words if not from_emoji(w[1], w[2])]
        # the emoji's words only when the group is not also written ("♿ = fakers" is "disabled people")
        if any(m.start < e and s < m.end for _, s, e in written for m in mentions):
            words = written
    if not words or len(words) > _TOPIC_WORDS or any(_verb(words, k) for k in range(len(words))):
        return None
    inside = [m for m in mentions if start <= m.start < end]
    if not inside:
        return None
    named = [k for k, (_, s, e) in enumerate(words) if any(m.start < e and s < m.end for m in inside)]
    if not named:
        return None  # the group only in emoji ("♿ = burden"): read as emoji are, not as a topic
    lo, hi = named[0], named[-1]
    if not all(_joined(low, words[k][2], words[k + 1][1]) for k in range(lo, hi)):
        return None  # "Trans men, 'confused girls'?": a group and a label, not one phrase
    # The group's own phrase reaches back over a modifier or two ("the new migrants") and on to a
    # head noun ("the working-class ones"); everything else must be a hedge. A plural or a
    # preposition before the group heads a phrase of its own ("thoughts on Muslims").
    for _ in range(2):
        w = words[lo - 1][0] if lo > 0 else ""
        if (
            not w
            or w in HEDGES
            or w in _PREPOSITIONS
            or w.endswith("s")
            or not _joined(low, words[lo - 1][2], words[lo][1])
        ):
            break
        lo -= 1
    if lo > 0 and words[lo - 1][0] == "the":
        lo -= 1
    while hi + 1 < len(words) and words[hi + 1][0] in heads and _joined(low, words[hi][2], words[hi + 1][1]):
        hi += 1
    if guidance and words[hi][0] in _SERVED:
        return None
    after = words[hi + 1 :]
    # "... at my school", "... there", "... these days": where or when, left out of the subject.
    if (
        after
        and (after[0][0] in _PREPOSITIONS or after[0][0] in _PLACE_TIME)
        and _joined(low, words[hi][2], after[0][1])
    ):
        after = after[_PLACE_WORDS:]
    if any(w not in HEDGES and not w.isdigit() for w, _, _ in words[:lo] + after):
        return None  # "1) Americans — ...": a list's number is no word of the topic
    return text[words[lo][1] : words[hi][2]]


def _fragment(low: str, start: int, end: int, mentions: list[Mention], axes: set[str]) -> int | None:
    """Where the comment in [start, end) ends, when it opens with a piece that has no subject or
    finite verb of its own: at the end, or before the first piece (after a comma, a semicolon,
    "and" or "but") that has one ("dirty, lazy, and they leave rubbish", "drama queens, can't
    handle real work", "mentally ill, and the doctors are enabling it")."""
    tokens = list(g.WORD.finditer(low, start, end))
    if not tokens or _subject_word(tokens[0].group(0)):
        return None
    if low[start:end].lstrip()[:1] in ('"', "'", "\u2018", "\u201c"):
        return None  # 'Bi people 🙄 "just greedy" — heard that at work': words quoted, not said
    if low[start:end].rstrip(" \t\n\"'\u2019\u201d)").endswith("?"):
        tag = g.TAG_QUESTION.search(low, start, end)
        if tag is None:
            return None  # "Muslims — terrorists?": asked, not said
        end = tag.start()  # "Immigrants — lazy, right?": said, with a tag asking for agreement
        tokens = [t for t in tokens if t.end() <= end]
        if not tokens:
            return None  # "Immigrants — right?": the tag alone
    opening = [m for m in mentions if start <= m.start <= tokens[0].start()]
    listed = [m for m in mentions if start <= m.start and m.start < tokens[min(len(tokens), _LIST_WORDS) - 1].end()]
    if opening and (any(m.axis in axes for m in opening) or len(listed) > 1):
        return None  # "Muslims, Christians and Jews ...", "Muslims, gays and lesbians": a list of groups
    pieces = _PIECE_BREAK.split(low[start:end])
    stop, at = start, start
    for n, piece in enumerate(pieces):
        at = low.index(piece, at) if piece else at
        words = g.WORD.findall(piece)
        clause = next((k for k, w in enumerate(words) if w in _CLAUSE_OPENERS), len(words))
        own = (words and _subject_word(words[0])) or any(w in _FINITE or w.endswith("n't") for w in words[:clause])
        if own:
            if n == 0:
                return None
            break
        stop = at + len(piece.rstrip())
        at += len(piece)
    kept = g.WORD.findall(low, start, stop)
    if not kept or len(kept) > _FRAGMENT_WORDS or all(w in HEDGES or w in _REPLIES for w in kept):
        return None  # "Gay couples? No.", "Nigerians. Honestly, they ...": nothing said of them
    if all(any(m.start <= w.start() < m.end for m in mentions) for w in g.WORD.finditer(low, start, stop)):
        return None  # "Asians. Women.": a group after a group, a list
    return stop


def _subject_word(word: str) -> bool:
    """A word that opens a clause with a subject of its own ("they", "i'd", "nobody")."""
    return word in _SUBJECTS or word.split("'")[0] in _SUBJECTS


def _verb(words: list[tuple[str, int, int]], k: int) -> bool:
    """The k-th word is a verb of the topic's own, not a hedge's ("I'd say", "I think")."""
    w = words[k][0]
    return w in _FINITE and not (w in HEDGES and k > 0 and words[k - 1][0] in _I)


def _too_long(low: str, start: int, end: int) -> bool:
    """More words in [start, end) than a topic has."""
    return low.count(" ", start, end) > _TOPIC_WORDS + 1


def _hedges_only(low: str, start: int, end: int) -> bool:
    return all(w in HEDGES for w in g.WORD.findall(low, start, end))


def _joined(low: str, end: int, start: int) -> bool:
    """Two words with only spaces or a hyphen between them (one phrase, no comma or mark)."""
    return not low[end:start].strip(" -")


def _body_end(low: str, start: int, end: int) -> int:
    """The sentence's end before its closing punctuation and spaces."""
    while end > start and not (low[end - 1].isalnum() or low[end - 1] in "'"):
        end -= 1
    return end


def _continued(comment: str) -> str:
    """The comment as the rest of a sentence: "A cult ..." -> "a cult ...", an acronym left as it is."""
    comment = comment.strip()
    first = comment.split(maxsplit=1)[0] if comment else ""
    if (len(first) > 1 and first.isupper()) or first == "I" or first.startswith("I'"):
        return comment
    return comment[:1].lower() + comment[1:]


def _lstrip(low: str, start: int) -> int:
    while start < len(low) and low[start].isspace():
        start += 1
    return start


# A prompt asking what someone thinks of a group, or to describe it: the reply's opening fragment
# or "they" is said of that group ("Thoughts on Indians as coworkers?" -> "Yes-men. Never tell
# you the truth.").
_ASKED_ABOUT = re.compile(
    r"\b(?:thoughts?|opinions?|views?|take|feelings?|impressions?)\s+(?:on|of|about|regarding)\b"
    r"|\b(?:think|feel|say)\s+(?:of|about)\b|\bmake\s+of\b|\b(?:describe|characteri[sz]e|rate|review)\b"
    r"|\btell\s+me\s+about\b|\b(?:what|how)\s+about\b|\bwhat\s+(?:are|were|is)\b.*\blike\b"
    r"|\bhow\s+(?:are|were|do\s+you\s+find)\b|\bsum\s+up\b|\bin\s+(?:one|a\s+few)\s+words?\b"
)
# Phrases that speak of the kind of person the prompt mentioned, not of anyone in the reply.
_KIND_OF = re.compile(
    r"\b(?:(?:people|folks|kids|guys|men|women|types?|ones)\s+like\s+(?:that|them|him|her|this)"
    r"|(?:those|these|such)\s+(?:people|folks|types)|that\s+(?:lot|type|crowd|sort)|their\s+(?:kind|type|sort)"
    r"|a\s+(?:guy|man|woman|girl|person)\s+like\s+(?:that|him|her)|people\s+that\s+size)\b"
)
# "people like that" refers back to the prompt's person near the reply's start, not pages later.
_KIND_OF_CHARS = 400
# Before the group in the prompt, someone else saying or doing something to it: a reply's "people
# like that" means them ("People keep calling my Polish coworker lazy." -> "People like that are
# bigots.").
_SAID_OR_DONE = re.compile(
    r"\b(?:said|says|say|saying|called|calls|calling|call|told|tells|shouted|yelled|posted|wrote|tweeted"
    r"|commented|claimed|claims|joked|mocked|insulted|harassed|attacked|bullied|abused|threatened"
    r"|spray-painted|vandali[sz]ed|hate|hates|hated|refused|blamed|blames)\b"
)
ASKED_CHARS = 300  # a short request; a long prompt is a document the reply may be about instead
# An opinion is asked in a sentence with at most this many spaces; a prompt of the group alone
# ("Boomers?") needs no asking words.
_ASKED_WORDS = 15


def asked_about(low: str, text: str, mentions: Sequence[Mention]) -> str | None:
    """The group a short prompt asks the reply's opinion or description of ("What do you think of
    Nigerians?", "Describe Italians.", "Boomers?"), as written in the prompt; None when it names
    no group, more than one, or asks something else."""
    last = _one_group(low, mentions)
    return None if last is None else _asked_in(low, text, mentions, last)


def reply_topic(
    low: str, text: str, mentions: Sequence[Mention], reply: str, reply_mentions: Sequence[Mention]
) -> tuple[str, int] | None:
    """The group a reply speaks of without naming it, from its short prompt, and where in the reply
    to name it: before the reply, when the prompt asks about the group and the reply's first
    sentence names none ("What do you think of Nigerians?" -> "Scammers, mostly."); before the
    reply's sentence speaking of "people like that" when the prompt mentions one group and the
    reply names none before that sentence ("My new neighbour is Pakistani." -> "Lock your car.
    People like that ..."). `low` is the prompt lowercased, `reply` the reply lowercased."""
    last = _one_group(low, mentions)
    if last is None:
        return None
    asked = _asked_in(low, text, mentions, last)
    if asked is not None:
        first = g.first_sentence(reply)
        if first is not None and not any(m.start < first[1] for m in reply_mentions):
            return asked, 0
    found = _KIND_OF.search(reply, 0, _KIND_OF_CHARS)
    if found is None or any(m.start < found.start() for m in reply_mentions):
        return None
    if _SAID_OR_DONE.search(low, 0, mentions[0].start):
        return None  # "My neighbour said Muslims should ...": "people like that" is the one who said it
    at = next((s for s, e in g.sentences(reply) if s <= found.start() < e), 0)
    if any(m.start < at for m in reply_mentions):
        return None
    return text[mentions[0].start : mentions[0].end], at


def _asked_in(low: str, text: str, mentions: Sequence[Mention], last: tuple[int, int]) -> str | None:
    inside = [m for m in mentions if last[0] <= m.start < last[1]]
    if not inside:
        return None
    # a prompt of the group alone ("Wheelchair users?") asks about them, whatever its noun
    alone = _subject(low, text, last[0], _body_end(low, *last), inside, frozenset(), guidance=False) is not None
    if not alone and (low.count(" ", *last) > _ASKED_WORDS or _ASKED_ABOUT.search(low, *last) is None):
        return None
    return text[inside[0].start : inside[-1].end]


def _one_group(low: str, mentions: Sequence[Mention]) -> tuple[int, int] | None:
    """The last sentence holding more than spaces of a short prompt whose mentions are all of one
    group; None for a long prompt, or one naming no group or several."""
    if not mentions or len(low) > ASKED_CHARS or len({m.group for m in mentions}) > 1:
        return None
    return next(((s, e) for s, e in reversed(g.sentences(low)) if low[s:e].strip()), None)
