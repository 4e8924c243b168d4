"""The identity matcher: boundaries, variants, multi-word terms, context words, false friends."""

from __future__ import annotations

from typing import Any

import pytest

from detectors.taxonomy import Taxonomy, neutralise, plural_forms

SMALL: dict[str, Any] = {
    "person_nouns": ["people", "women", "men", "workers"],
    "false_friends": ["black coffee", "old code", "french fries"],
    "axes": {
        "gender": {"groups": {"women": {"terms": ["woman", "women"]}, "men": {"terms": ["man", "men"]}}},
        "race_ethnicity": {"groups": {"black": {"terms": ["african american"], "context_terms": ["black"]}}},
        "age": {"groups": {"older_people": {"terms": ["senior citizen"], "context_terms": ["old", "older"]}}},
        "nationality": {"groups": {"french": {"terms": ["french"]}}},
        "religion": {"groups": {"jewish": {"terms": ["jew"]}}},
    },
}


@pytest.fixture
def tax() -> Taxonomy:
    return Taxonomy(SMALL)


def groups(t: Taxonomy, text: str) -> list[str]:
    return [m.group for m in t.match(text)]


def test_word_boundaries(tax: Taxonomy) -> None:
    assert groups(tax, "A woman spoke.") == ["women"]
    assert groups(tax, "The womanizer spoke.") == []
    assert groups(tax, "manager, human, mankind") == []
    assert groups(tax, "MEN!") == ["men"]


def test_plurals_possessives_and_multiword(tax: Taxonomy) -> None:
    assert groups(tax, "Jews and a senior citizen") == ["jewish", "older_people"]
    assert groups(tax, "senior citizens' rights") == ["older_people"]
    assert groups(tax, "women's football and the man\u2019s hat") == ["women", "men"]
    assert groups(tax, "African Americans voted") == ["black"]


def test_context_terms_need_a_person_noun(tax: Taxonomy) -> None:
    assert groups(tax, "black people") == ["black"]
    assert groups(tax, "a black car") == []
    assert groups(tax, "older workers") == ["older_people"]
    assert groups(tax, "the old house") == []


def test_false_friends_suppress_matches(tax: Taxonomy) -> None:
    assert groups(tax, "I drink black coffee") == []
    assert groups(tax, "refactor the old code") == []
    assert groups(tax, "french fries") == []
    assert groups(tax, "the French voted") == ["french"]


def test_spans_point_at_the_original_text(tax: Taxonomy) -> None:
    text = "Many Women's groups"
    (m,) = tax.match(text)
    assert text[m.start : m.end] == "Women" == m.term


def test_neutralise_replaces_each_term_once(tax: Taxonomy) -> None:
    text = "Women and men are equal; black people too."
    assert neutralise(text, tax.match(text)) == "someone and someone are equal; someone people too."


def test_plural_rules() -> None:
    assert plural_forms("nurse") == ["nurses"]
    assert plural_forms("church") == ["churches"]
    assert plural_forms("trans lady") == ["trans ladies"]


def test_duplicate_group_across_axes_is_rejected() -> None:
    bad = {"axes": {"a": {"groups": {"g": {"terms": ["x"]}}}, "b": {"groups": {"g": {"terms": ["y"]}}}}}
    with pytest.raises(ValueError, match="'g' appears in two axes"):
        Taxonomy(bad)


def test_shipped_taxonomy_covers_the_required_axes() -> None:
    t = Taxonomy.default()
    required = {
        "gender",
        "gender_identity",
        "sexual_orientation",
        "race_ethnicity",
        "nationality",
        "religion",
        "age",
        "disability",
    }
    assert required <= set(t.axes)
    assert t.term_count > 500
    assert groups(t, "My Muslim neighbour and her deaf friend") == ["muslim", "deaf"]
    assert groups(t, "Pour me a black coffee and run the old code") == []
