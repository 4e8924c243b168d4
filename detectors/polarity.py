"""VADER's polarity of a short span: whether the words between a group and what follows praise it.

One analyser for the process (its lexicon loads in ~50 ms), made at the first call: most texts never
ask. agent/sentiment.py scores whole responses for the disparity observer with the same analyser.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def analyser() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def polarity(text: str) -> float:
    """VADER's compound score of `text`, in [-1, 1]; for a clause or a sentence, not a long answer."""
    return float(analyser().polarity_scores(text)["compound"])


# Comparatives and superlatives VADER's lexicon lacks, by the ending that makes them from its words.
_GRADED = (("iest", "y"), ("ier", "y"), ("est", ""), ("est", "e"), ("er", ""), ("er", "e"))
_WORD = re.compile(r"[a-z]+")


def _base(word: str, lexicon: dict[str, float]) -> str:
    """ "kindest" -> "kind", "happier" -> "happy": the lexicon's word a graded form is made from."""
    if word in lexicon:
        return word
    for ending, stem in _GRADED:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            base = word[: -len(ending)] + stem
            if base in lexicon:
                return base
    return word


def graded_polarity(text: str) -> float:
    """`polarity` with graded forms read as their base ("the kindest people" praises as "kind" does)."""
    lexicon: dict[str, float] = analyser().lexicon
    return polarity(_WORD.sub(lambda w: _base(w.group(0), lexicon), text.lower()))
