"""Response sentiment for the disparity observer: VADER, scored sentence by sentence.

vaderSentiment is built for sentences; its negation check lower-cases the whole token list once per
sentiment word, so one call on a long answer costs time quadratic in its length (a 300-word response
took several ms). Its authors' advice for longer texts is to score sentences and average them,
which keeps the cost linear and is what this module does. A sentence's score depends on its text
alone, and assistants repeat sentences (openers, disclaimers, refusals), so scores are remembered
per sentence in a bounded cache.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from detectors.polarity import polarity
from detectors.sentences import split_sentences

# About 150 bytes a sentence plus its float: a few MB at most.
SENTENCE_CACHE = 1 << 14


def vader_sentiment(cache_size: int = SENTENCE_CACHE) -> Callable[[str], float]:
    """A function from text to the mean VADER compound score of its sentences, in [-1, 1] (the
    analyser is the process's one, `detectors.polarity`)."""

    @lru_cache(maxsize=cache_size)
    def sentence(text: str) -> float:
        return polarity(text)

    def score(text: str) -> float:
        scores = [sentence(s.text) for s in split_sentences(text)]
        return sum(scores) / len(scores) if scores else 0.0

    return score
