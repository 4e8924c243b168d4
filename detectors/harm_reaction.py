"""Contempt for a group shown with an emoji reaction, for the harm lexicon.

On social media the insult is often a reaction rather than a word: "<group> = 🤮", "<group> make
me 🤢", "all these <group> 👎". The normaliser writes each emoji's name ("face vomiting"), and
`contempt_emoji` lists the names that show disgust, mockery or rejection. The reaction counts only
when it was written as an emoji (a person typing "thumbs down" is describing, not reacting), comes
right after the group with nothing but linking words between ("=", "are", "make me", "so"), and the
group is not inside a relative clause whose head it is said of ("people who hate <group> 🤮" is
disgust at the haters). The same emoji after anything else ("the <group> buffet last night 🤢")
is not about the group, and neither is "<group> != 🤮". The group must not be the object of a
preposition ("hate toward <group> = 👎" reacts to the hate). Negation, counter-speech and reporting
apply as to every derogation.
"""

from __future__ import annotations

from collections.abc import Mapping

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.normalise import Normalised
from detectors.taxonomy import Mention

# harm_terms.yaml kinds read here (the harm lexicon adds them to its automaton).
KINDS = ("contempt_emoji",)
_LINKS = frozenset(
    [
        *("=", "is", "are", "r", "be", "make", "makes", "made", "me", "so", "just", "literally", "honestly"),
        *("all", "these", "those", "them", "they", "tbh", "ngl", "lol", "smh", "like", "really", "tho"),
    ]
)
_REACH = 4  # words between the group and the reaction
_PREPOSITIONS = frozenset(["toward", "towards", "against", "about", "at", "on", "over"])


def contempt(
    low: str,
    m: Mention,
    s_start: int,
    by_kind: Mapping[str, list[Hit]],
    norm: Normalised,
) -> Hit | None:
    """The emoji reaction of contempt said of the group of `m`, if any."""
    for h in by_kind.get("contempt_emoji", []):
        between = g.after(low, m, h, _REACH)
        if between is None or not all(w in _LINKS for w in between) or g.unequal(low, m.end, h.start):
            continue
        led = g.words(low, max(s_start, m.start - 16), m.start)[-1:]
        if led and led[0] in _PREPOSITIONS:
            continue
        if norm.from_emoji(h.start, h.end) and not g.in_relative_clause(low, m, h, s_start):
            return h
    return None
