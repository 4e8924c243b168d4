"""Response sentiment for the disparity observer: VADER, scored sentence by sentence.

vaderSentiment is built for sentences; its negation check lower-cases the whole token list once per
sentiment word, so one call on a long answer costs time quadratic in its length (a 300-word response
took several ms). Its authors' advice for longer texts is to score sentences and average them,
which keeps the cost linear and is what this module does.
"""

from __future__ import annotations

from collections.abc import Callable

from detectors.sentences import split_sentences


def vader_sentiment() -> Callable[[str], float]:
    """A function from text to the mean VADER compound score of its sentences, in [-1, 1]."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = SentimentIntensityAnalyzer()

    def score(text: str) -> float:
        scores = [float(analyser.polarity_scores(s.text)["compound"]) for s in split_sentences(text)]
        return sum(scores) / len(scores) if scores else 0.0

    return score
