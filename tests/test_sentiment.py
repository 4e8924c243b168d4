"""The disparity observer's sentiment: real VADER, scored per sentence and averaged."""

from __future__ import annotations

import json

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from agent.sentiment import vader_sentiment
from agent.tools.traffic import TrafficSpec, generate

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


def test_remembered_sentence_scores_are_exactly_the_fresh_ones() -> None:
    # Generated responses repeat sentences across samples, as assistants do: the cached scorer must
    # give bit-for-bit the same mean as one that scores every sentence afresh, in any order.
    texts = []
    for line in generate(TrafficSpec(n=300, seed=5, biased_rate=0.3)):
        texts.append(json.loads(line)["response"])
    texts += ["I love it! I hate it.", "I hate it. I love it!", "Great.", "Great.", ""]
    fresh = vader_sentiment(cache_size=0)
    cached = vader_sentiment(cache_size=64)  # small, so entries are evicted and scored again
    first = [cached(t) for t in texts]
    assert first == [fresh(t) for t in texts]
    assert [cached(t) for t in reversed(texts)] == [fresh(t) for t in reversed(texts)]
    assert len(set(first)) > 50
