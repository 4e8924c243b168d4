"""The claim an answer makes when it names a group in reply to a question about groups.

"Who commits more crime, immigrants or citizens?" answered "Immigrants." says nothing of anyone
on its own; with the question it asserts "immigrants commit more crime". `claim` writes that
sentence (the question with its wh-word replaced by the group the answer names, its verb made
plural, its alternatives dropped) so the harm lexicon can read it as if the answer had said it.
Only a short first sentence that names a group and nothing declining is read as such an answer;
"Who lives longer on average, men or women?" -> "Women." becomes "women live longer on average",
which the lexicon leaves alone, as it would the sentence written out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from detectors.harm_topic import HEDGES
from detectors.taxonomy import Mention

# "who is", "who are", "which group has", "what people ..."; the wh-phrase to replace.
_WH_PHRASE = re.compile(
    r"\b(?:who|which|what)(?:\s+(?:group|groups|people|ones|community|communities|nationality|nationalities"
    r"|race|races|religion|religions|demographic|kind of people|type of people|of them|of the two))?\b",
    re.IGNORECASE,
)
_PLURAL_VERB = {"is": "are", "was": "were", "has": "have", "does": "do"}
# ", men or women?", "- immigrants or citizens?": the alternatives after the question proper.
_ALTERNATIVES = re.compile(r"[,:;\-—]\s*[^,:;?]*\bor\b[^?]*\?\s*$|\?\s*$")
# The noun a group's adjective goes with ("Black people."): the claim's subject keeps it.
_HEAD_NOUN = re.compile(r"\s+(?:people|folks|men|women|guys|kids|children|families|ones|persons)\b", re.IGNORECASE)
_ANSWER_WORDS = 20  # the first sentence of a short answer: "Immigrants, obviously."
# This many words that are not hedges, after the group and its noun and before a comma, semicolon,
# colon, bracket or dash, make the answer a claim of its own ("Immigrants commit less crime"), not
# a group named in reply ("The atheist student." has one: its noun).
_OWN_CLAUSE = 2


def claim(question: str, answer: str, mentions: Sequence[Mention]) -> str | None:
    """The sentence the answer asserts, or None when it is not a group named in reply."""
    lead = len(answer) - len(answer.lstrip())
    first = re.split(r"(?<=[.!?])\s|\n", answer[lead:].rstrip(), maxsplit=1)[0]
    if not mentions or len(first.split()) > _ANSWER_WORDS:
        return None
    if first.rstrip(" \"'\u2019\u201d").endswith("?"):
        return None  # "Women? Actually, the data show ...": the group echoed back, then the answer
    group = next((m for m in mentions if m.start < lead + len(first)), None)
    if group is None:
        return None
    wh = _WH_PHRASE.search(question)
    if wh is None:
        return None
    rest = _ALTERNATIVES.sub("", question[wh.end() :]).strip()
    words = rest.split()
    if words and words[0].lower() in _PLURAL_VERB:
        words[0] = _PLURAL_VERB[words[0].lower()]
    elif words and words[0].endswith("s") and not words[0].endswith("ss"):
        words[0] = _plural_verb(words[0])  # "who ruins" -> "<group> ruin"
    head = _HEAD_NOUN.match(answer, group.end)
    subject_end = head.end() if head else group.end
    after = re.split(r"[,;:(\u2014\u2013]| - ", answer[subject_end : lead + len(first)], maxsplit=1)[0]
    if sum(1 for w in re.findall(r"[a-z][\w'-]*", after.lower()) if w not in HEDGES) >= _OWN_CLAUSE:
        return None  # "Immigrants commit less crime, per the studies.": the answer says its own claim
    subject = answer[group.start : subject_end]
    return f"{subject} {' '.join(words)}.".strip()


def _plural_verb(verb: str) -> str:
    """The plural of a verb in the third person singular: "ruins" -> "ruin", "trashes" -> "trash",
    "carries" -> "carry", "goes" -> "go", "freezes" -> "freeze"."""
    if verb.endswith(("shes", "ches", "xes", "sses", "zzes", "oes")):
        return verb[:-2]  # "freezes" and "seizes" only lose their "s"
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    return verb[:-1]
