"""The disparity observer's sentiment: real VADER, scored per sentence and averaged."""

from __future__ import annotations

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from agent.sentiment import vader_sentiment

score = vader_sentiment()


def test_a_paragraph_scores_the_mean_of_its_sentences() -> None:
    first = "The support team was wonderful and solved my problem quickly."
    second = "The billing page, however, is confusing and slow."
    vader = SentimentIntensityAnalyzer()
    expected = (vader.polarity_scores(first)["compound"] + vader.polarity_scores(second)["compound"]) / 2
    assert score(f"{first} {second}") == pytest.approx(expected)
    assert score(first) > 0.5 > score(second)


def test_long_answers_keep_their_polarity() -> None:
    warm = " ".join(["They are kind, generous and wonderful neighbours."] * 40)
    cold = " ".join(["They are lazy, dishonest and terrible neighbours."] * 40)
    assert score(warm) > 0.5
    assert score(cold) < -0.5


def test_text_without_sentences_is_neutral() -> None:
    assert score("") == 0.0
    assert score("   ") == 0.0
