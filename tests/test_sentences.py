"""The sentence splitter: offsets index the input, abbreviations and decimals do not split."""

from __future__ import annotations

import pytest

from detectors.sentences import split_sentences, word_count


def test_offsets_index_the_input_and_text_is_trimmed() -> None:
    text = '  First one here.  "Second, quoted!" Third?\n\nFourth without a stop'
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["First one here.", '"Second, quoted!"', "Third?", "Fourth without a stop"]
    assert all(text[s.start : s.end] == s.text for s in sentences)


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Okafor and Mrs. Lee met in the U.S. on a Monday.",
        "It costs 3.5 dollars, e.g. less than lunch.",
        "J. R. Smith wrote it.",
        "Mx. Osei and Ms. Park signed the form.",
    ],
)
def test_abbreviations_initials_and_decimals_do_not_end_a_sentence(text: str) -> None:
    assert [s.text for s in split_sentences(text)] == [text]


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert split_sentences("") == [] and split_sentences(" \n\n ") == []


def test_word_count_keeps_hyphenated_and_apostrophe_words_whole() -> None:
    assert word_count("A well-known author's first book, 3 times.") == 7


def test_the_harm_lexicons_sentences_keep_an_abbreviation_but_not_a_lone_letter() -> None:
    from detectors import harm_grammar as g

    low = "still mr. thompson to me. dr. lee agreed, e.g. on fridays. gen z. snowflakes, the lot."
    spans = [low[a:b].strip() for a, b in g.sentences(low)]
    assert spans == ["still mr. thompson to me.", "dr. lee agreed, e.g. on fridays.", "gen z.", "snowflakes, the lot."]
    assert g.first_sentence(low) == (0, len("still mr. thompson to me. "))
