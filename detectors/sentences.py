"""Split a response into sentences with their character offsets, for sentence-level scoring.

A regular-expression splitter is enough here: the spans only decide which stretch of a long
response is embedded on its own, and a wrong split costs a slightly different embedding, never a
lost sample. It keeps common abbreviations ("Dr.", "e.g.", "U.S.") and decimals inside a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (or an ellipsis), optionally followed by closing quotes/brackets, then
# whitespace; or at a blank line. Offsets come from the match positions, so spans index the input.
_BOUNDARY = re.compile(r"""(?<=[.!?…])(["'”’)\]]*)\s+|\n\s*\n""")
# Tokens that end with a period without ending the sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "cf",
        "fig",
        "approx",
        "dept",
        "est",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "a.m",
        "p.m",
    ]
)
_WORD = re.compile(r"\w+(?:[-']\w+)*")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def ends_with_abbreviation(chunk: str, initials: bool = True) -> bool:
    """The chunk ends with an abbreviation's period ("Mr.", "e.g."), or with `initials` an
    initial's ("J."), which ends no sentence."""
    last = chunk.rstrip().rsplit(None, 1)[-1] if chunk.strip() else ""
    token = last.rstrip(".!?…\"'”’)]").lower().lstrip("(\"'“‘[")
    if not last.rstrip("\"'”’)]").endswith("."):
        return False
    # A single capital letter ("J. Smith") is an initial, not a sentence end.
    return token in _ABBREVIATIONS or (initials and len(token) == 1 and token.isalpha())


def split_sentences(text: str) -> list[Sentence]:
    """Non-empty sentences in order, each with `text[start:end] == sentence.text` (trimmed)."""
    out: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end(1) if m.group(1) is not None else m.start()
        if end > start and not ends_with_abbreviation(text[start:end]):
            _append(out, text, start, end)
            start = m.end()
    _append(out, text, start, len(text))
    return out


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    s = start + (len(chunk) - len(chunk.lstrip()))
    e = s + len(stripped)
    out.append(Sentence(s, e, text[s:e]))
