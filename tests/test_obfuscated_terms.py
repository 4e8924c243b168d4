"""Obfuscated group terms the long-term rules missed: short swapped words, split short words and
phrases, glued runs segmented into words; each mention's span slices the original text, and real
words, names and benign neighbours stay unmatched (detectors/obfuscated_forms.py, normalise.py)."""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detectors import obfuscated_forms
from detectors.normalise import default_normaliser, segment_words
from detectors.taxonomy import Taxonomy


@lru_cache(maxsize=1)
def _shared_taxonomy() -> Taxonomy:
    return Taxonomy.default()


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return _shared_taxonomy()


# (text, the original text the mention's span slices, its group)
FOUND = [
    # Swapped letters in a short term, where a group noun stands; a following "people" joins the
    # mention, as in the authored "asian people" (the harm grammar reads the same noun phrase).
    ("Wmoen are vermin and should be wiped out.", "Wmoen", "women"),
    ("I hate mne so much.", "mne", "men"),
    ("I hate Aisan people.", "Aisan people", "asian"),
    ("What about wmoen?", "wmoen", "women"),
    ("Every one of those Jwes again", "Jwes", "jewish"),
    # A letter dropped from a term of five or six letters, where a group noun stands.
    ("I hate wmen.", "wmen", "women"),
    ("Womn are so stupid.", "Womn", "women"),
    ("Mslim people are all the same.", "Mslim people", "muslim"),
    # ... and from an everyday word before a person noun.
    ("Blck people are vermin.", "Blck people", "black"),
    ("Disabld people are a burden.", "Disabld people", "disabled"),
    # Swapped letters in an everyday word before a person noun, and inside a phrase.
    ("Balck people are vermin.", "Balck people", "black"),
    ("daef people", "daef people", "deaf"),
    ("I hate non-ibnary people.", "non-ibnary people", "nonbinary"),
    ("those workign-class people", "workign-class people", "working_class"),
    ("those wheeclhair users", "wheeclhair users", "wheelchair_users"),
    # A space inside a short word or a phrase.
    ("I hate Je ws so much.", "Je ws", "jewish"),
    ("I hate de af people.", "de af people", "deaf"),
    ("I hate home less people.", "home less people", "homeless"),
    ("those Pol ish people", "Pol ish people", "polish"),
    ("I hate non-b inary people.", "non-b inary people", "nonbinary"),
    ("What about Mid dle Eastern people?", "Mid dle Eastern people", "middle_eastern"),
    ("Wo men are vermin.", "Wo men", "women"),
    ("Gya men are vermin.", "Gya men", "gay"),
    # Glued runs that are no English word, segmented into words.
    ("kill allgaymen now", "gaymen", "gay"),
    ("I hatemen so much", "men", "men"),
    ("I hatenon-binarypeople so much.", "non-binarypeople", "nonbinary"),
    ("thoseworking-classpeople", "working-classpeople", "working_class"),
    ("What aboutwheelchairusers?", "wheelchairusers", "wheelchair_users"),
    ("What aboutMiddleEasternpeople?", "MiddleEasternpeople", "middle_eastern"),
    # Spelt out letter by letter, the hyphen dropped: the joined run is segmented too.
    ("w o r k i n g c l a s s people", "w o r k i n g c l a s s people", "working_class"),
]


@pytest.mark.parametrize(("text", "term", "group"), FOUND)
def test_obfuscated_terms_are_found_with_spans_into_the_original(
    tax: Taxonomy, text: str, term: str, group: str
) -> None:
    mentions = [m for m in tax.match(text) if m.group == group]
    assert mentions, text
    m = mentions[0]
    assert text[m.start : m.end] == term == m.term


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jwes", []),  # a short swapped form alone names no one
        ("the MNE strategy was revised", []),  # nor after "the", before a noun that is no person
        ("Conrad Janis is an actor.", []),  # after a capitalised word: a name
        ("Judy Yung is professor emerita.", []),  # "young" without its "o", after a first name: a surname
        ("the WMEN report", []),  # a dropped-letter form alone names no one
        ("Blck coffee, no sugar", []),  # an everyday word's form still needs a person noun
        ("The tarns are cold.", []),  # "trans" swapped is an English word
        ("Every one of those grils", []),  # so is "gril" (web2): the price of that rule
        ("a home less crowded than ours", []),  # two words, no person noun after them
        ("de af", []),
        ("Balck dress on sale", []),  # an everyday word's form still needs a person noun
        ("pol ish people", []),  # a cased term's form still needs its capital
        ("Polish the silver", []),
        ("which French women wore as", ["french", "women"]),  # no gated "french women" hides them
        ("Bob Tallman is an announcer.", []),  # a name is never segmented
        ("Edward Albertson and Rebecca Gayheart", []),
        ("the cornerman and the stuntwoman managed it", []),  # compounds, not slogan words
        ("the goverment mentioned old-fashioned rules", []),  # a typo segments into a lone letter
        ("#blacklivesmatter", []),  # "black" still needs a person noun
        ("womenswear and menswear", []),
        ("the good imigrant", ["immigrants"]),  # the misspelt form, not "i" + "migrant"
        # English words that split into group words are words, not slogans ("man" + "aging").
        ("She is managing the clinic's imaging and foraging programmes.", []),
    ],
)
def test_benign_neighbours_and_names_gain_no_new_group(tax: Taxonomy, text: str, expected: list[str]) -> None:
    assert sorted({m.group for m in tax.match(text)}) == expected


def test_glued_runs_are_cut_where_words_meet_and_spans_stay_in_the_original() -> None:
    n = default_normaliser()
    out = n("kill allgaymen now")
    assert out.text == "kill all gay men now"
    assert out.original_slice(9, 12) == "gay"
    assert out.original_slice(13, 16) == "men"
    out = n("I hatenon-binarypeople")
    assert out.text == "I hate non-binary people"
    assert out.original_slice(7, 17) == "non-binary"
    for clean in ("an amendment to the Caucasian womanhood bill", "Bob Tallman", "old-fashioned", "goverment"):
        assert not n(clean).changed, clean


def test_segmenter_vocabulary_decides_what_is_a_word() -> None:
    vocabulary, split_words = segment_words()
    assert "mention" in vocabulary and "allgaymen" not in vocabulary
    assert split_words("allgaymen") == ["all", "gay", "men"]


def test_swapped_and_split_helpers() -> None:
    assert obfuscated_forms.swapped("women") == ["wmoen", "woemn", "womne"]
    assert obfuscated_forms.swapped("binary", 0)[0] == "ibnary"
    assert obfuscated_forms.swapped("too") == []  # equal neighbours are not swapped
    assert obfuscated_forms.swapped("too", 0) == ["oto"]
    assert obfuscated_forms.split("deaf") == ["d eaf", "de af", "dea f"]
    assert "tarns" in obfuscated_forms.english_forms()
    assert "home less" in obfuscated_forms.english_splits()


_WORDS = st.sampled_from(["women", "men", "jews", "deaf", "asian", "binary", "working", "class", "people", "users"])


@settings(max_examples=200, deadline=None, derandomize=True)
@given(_WORDS, st.integers(min_value=0, max_value=10), st.sampled_from(["I hate ", "those ", "kill all "]))
def test_a_span_from_any_obfuscated_spelling_slices_the_original(word: str, cut: int, prefix: str) -> None:
    """Split, swap or glue a group word anywhere: whatever is found, its span lies in the original."""
    tax = _shared_taxonomy()
    i = cut % len(word)
    swaps = obfuscated_forms.swapped(word)
    for form in (f"{word[:i]} {word[i:]}", swaps[i % len(swaps)], word):
        for text in (f"{prefix}{form} people", f"{prefix.strip()}{form}people"):
            for m in tax.match(text):
                assert 0 <= m.start < m.end <= len(text)
                assert text[m.start : m.end] == m.term


def test_a_long_glued_run_is_looked_at_once_and_never_segmented(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hostile input: a run of 90,000 letters holding 10,000 group words. Each run is judged once
    (it used to be re-expanded and re-hashed per word inside it: 98 s for 100,000 letters), and a
    run longer than any slogan is not handed to the segmenters at all."""
    n = default_normaliser()
    calls: list[str] = []

    def counting(name: str) -> None:
        real = getattr(n, name)

        def wrapper(run: str) -> object:
            calls.append(run)
            return real(run)

        monkeypatch.setattr(n, name, wrapper)

    counting("_splits")
    counting("_segments")
    text = "allgaymen" * 10_000
    assert n.full(text).text == text
    assert calls == []
    # The same words in a run of slogan length are still cut, once.
    assert n.full("kill allgaymen now").text == "kill all gay men now"
    assert len(calls) == 1
