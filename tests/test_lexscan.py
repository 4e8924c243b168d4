"""The shared lexicon scan finds exactly what one pyahocorasick pass per lexicon found.

The identity taxonomy and the harm lexicon each used to scan a text with their own pyahocorasick
automaton (`whole_word_matches`); detectors/lexscan.py scans once for both with ahocorasick_rs and
hands the harm lexicon its matches with the mentions. The reference below is that previous code.
These tests compare the two on authored text, generated traffic and Hypothesis-built text, and
check that the harm lexicon's findings are the same whether its matches come from the shared pass
or from its own scan. The scanner finds whole words by scanning the text with every character that
is not alphanumeric read as a space; terms holding punctuation, digits, underscores and non-ASCII
letters are compared with the reference too.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any

import ahocorasick
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.tools.traffic import TrafficSpec, generate
from detectors.harm import HarmLexiconDetector
from detectors.lexscan import _NOT_ALNUM, LexiconScanner, Match, word_spaced
from detectors.normalise import normalise_text
from detectors.taxonomy import Mentions, Taxonomy, normalise


class Reference:
    """The previous matcher: a pyahocorasick pass per lexicon, then the whole-word test."""

    def __init__(self, terms: dict[str, Any]) -> None:
        self.automaton = ahocorasick.Automaton()
        for term, payload in terms.items():
            self.automaton.add_word(term, (term, payload))  # refuses the empty term, as the scanner skips it
        self.automaton.make_automaton()

    def __call__(self, low: str) -> list[Match]:
        out = []
        n = len(low)
        for end_index, (term, payload) in self.automaton.iter(low):
            start, end = end_index - len(term) + 1, end_index + 1
            if (start == 0 or not low[start - 1].isalnum()) and (end == n or not low[end].isalnum()):
                out.append((start, end, payload))
        return out


@lru_cache(maxsize=1)
def _bundled() -> tuple[Taxonomy, HarmLexiconDetector, LexiconScanner, Reference, Reference]:
    taxonomy = Taxonomy.default()
    harm = HarmLexiconDetector(taxonomy)
    scanner = LexiconScanner({"identity": taxonomy._entries, "harm": harm._terms})
    return taxonomy, harm, scanner, Reference(taxonomy._entries), Reference(harm._terms)


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return _bundled()[0]


@pytest.fixture(scope="module")
def harm() -> HarmLexiconDetector:
    return _bundled()[1]


AUTHORED = [
    "",
    "men",
    "Men are men, and women are women.",
    "a man, mankind, human; men are here; women are",
    "Black people and black coffee; the old code and older workers.",
    "Mixed-race and mixed race families; the mixed-races.",
    "Muslims, muslim women, MUSLIMS. Jews and Jewish people; Christians.",
    "Gay men, gay-men, gaymen and the gay men's choir.",
    "They are rats and vermin; all immigrants should be deported.",
    "Ratatouille is rather good; the rate is fine.",
    "Im migrants and immigrants; mulsims and muslims.",
    "Café owners, naïve Poles and Polish workers; Polish the silver.",
    "日本の men 🙂 women; émigrés and Ελληνικά",
    "𝔘 men 𝔘 women",
    "women2 2women _women_ women_ -women- 'women' \u2019women\u2019",
    "Women\u2019s rights and the women's football; senior citizens' rights.",
    "The elite athletes and the elite; French grammar, in French, the French.",
    "Older people, the elderly and young people; boomers and zoomers.",
    "Trans people, cis men, bi women, and the tory party; tories.",
    "Thin people and thinly sliced; old men and an old house.",
    "all of the women are lazy, most men are stupid",
    "I'm sorry, but people with disabilities deserve respect.",
    "He said all Mexicans are criminals, which is a vile lie.",
    "\n\nwomen\n\nmen\t\tgay\r\njews",
]


def _lows(texts: list[str]) -> list[str]:
    return [normalise(normalise_text(t).text) for t in texts]


def _traffic(n: int = 400) -> list[str]:
    texts: list[str] = []
    for line in generate(TrafficSpec(n=n, seed=3, biased_rate=0.3)):
        record = json.loads(line)
        texts.append(record["response"])
        if isinstance(record.get("prompt"), str):
            texts.append(record["prompt"])
    return texts


def test_scanner_equals_one_pass_per_lexicon() -> None:
    _, _, scanner, identity_reference, harm_reference = _bundled()
    found = [0, 0]
    for low in _lows(AUTHORED + _traffic()):
        identity, harm_matches = scanner.scan(low)
        assert identity == identity_reference(low), low
        assert harm_matches == harm_reference(low), low
        found[0] += len(identity)
        found[1] += len(harm_matches)
    assert found[0] > 500 and found[1] > 500  # the corpus exercises both lexicons


def test_scanner_skips_the_empty_term_and_shares_terms() -> None:
    scanner = LexiconScanner({"a": {"": 0, "men": "a-men"}, "b": {"men": "b-men", "women": "b-women"}, "c": {}})
    assert scanner.scan("men and women") == [[(0, 3, "a-men")], [(0, 3, "b-men"), (8, 13, "b-women")], []]
    assert LexiconScanner({"a": {}}).scan("men") == [[]]


def test_match_carries_the_harm_lexicons_matches(taxonomy: Taxonomy, harm: HarmLexiconDetector) -> None:
    text = "All immigrants are rats."
    norm = normalise_text(text)
    mentions = taxonomy.match(norm)
    assert isinstance(mentions, Mentions)
    assert [m.group for m in mentions] == ["immigrants"]
    low = normalise(norm.text)
    assert mentions.shared_matches(harm._scan_key, norm.text) == _bundled()[4](low)
    # Mentions found in another text never lend their matches.
    assert mentions.shared_matches(harm._scan_key, "All immigrants are cats.") is None
    assert mentions.shared_matches("no such lexicon", norm.text) is None


def test_harm_findings_are_the_same_from_the_shared_pass(taxonomy: Taxonomy, harm: HarmLexiconDetector) -> None:
    flagged = 0
    for i, text in enumerate(AUTHORED + _traffic()):
        norm = normalise_text(text)
        mentions = taxonomy.match(norm)
        shared = harm.score_text(str(i), norm, mentions)
        own = harm.score_text(str(i), norm, list(mentions))  # a plain list: the detector scans itself
        assert shared == own, text
        flagged += any(f.flagged for f in shared)
    assert flagged > 20


def test_each_harm_lexicon_registers_once() -> None:
    taxonomy = Taxonomy.default()
    harm = HarmLexiconDetector(taxonomy)
    scanner = taxonomy.scanner
    again = HarmLexiconDetector(taxonomy)  # the same lexicon: same key, no rebuild
    assert again._scan_key == harm._scan_key and taxonomy.scanner is scanner
    custom = HarmLexiconDetector(
        taxonomy, data={"slurs": [{"term": "zorblax", "group": "muslim"}], "threats": ["should be zapped"]}
    )
    assert custom._scan_key != harm._scan_key and taxonomy.scanner is not scanner
    norm = normalise_text("Muslims should be zapped, you zorblax. All immigrants are rats.")
    mentions = taxonomy.match(norm)
    assert {"slur", "threat"} <= {f.category for f in custom.score_text("0", norm, mentions)}
    assert custom.score_text("0", norm, mentions) == custom.score_text("0", norm, list(mentions))
    assert harm.score_text("0", norm, mentions) == harm.score_text("0", norm, list(mentions))
    assert "dehumanisation" in {f.category for f in harm.score_text("0", norm, mentions)}


def test_the_shared_automaton_is_built_once_at_the_first_match(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not for the taxonomy alone and again when the harm lexicon joins: one build per start."""
    built: list[tuple[str, ...]] = []
    original = LexiconScanner.__init__

    def counting(self: LexiconScanner, lexicons: Any) -> None:
        built.append(tuple(lexicons))
        original(self, lexicons)

    monkeypatch.setattr(LexiconScanner, "__init__", counting)
    taxonomy = Taxonomy.default()
    harm = HarmLexiconDetector(taxonomy)
    assert [names for names in built if "identity" in names] == []
    mentions = taxonomy.match(normalise_text("All immigrants are rats."))
    builds = [names for names in built if "identity" in names]
    # the taxonomy's own lexicons first (its terms, then what the described readings anchor on:
    # countries, garments, practices, numbers in words), the harm lexicon's last
    assert len(builds) == 1 and builds[0][0] == "identity" and builds[0][-1] == harm._scan_key, builds
    assert {"countries", "number_words"} <= set(builds[0])
    assert {m.group for m in mentions} == {"immigrants"}
    assert mentions.shared_matches(harm._scan_key, mentions.text)  # the harm terms came with it
    taxonomy.match(normalise_text("Muslims are neighbours."))
    assert len([names for names in built if "identity" in names]) == 1


EXAMPLES = int(os.environ.get("BIASWATCH_FUZZ_EXAMPLES", "300"))
_PIECES = [
    "men",
    "women",
    "man",
    "gay",
    "jews",
    "muslims",
    "black people",
    "mixed-race",
    "mixed race",
    "old",
    "rats",
    "vermin",
    "all",
    "are",
    "should be",
    "deported",
    "the elite",
    "athletes",
    "im migrants",
    "kind",
    "é",
    "日本",
    "🙂",
    "𝔘",
    "2",
    "_",
    "'",
    "\u2019",
]
_SEPARATORS = ["", " ", "  ", "-", ",", ".", "\n", "'s ", "/"]


@settings(max_examples=EXAMPLES, derandomize=EXAMPLES <= 1000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS)), max_size=24))
def test_scanner_equals_reference_on_generated_text(parts: list[tuple[str, str]]) -> None:
    _, _, scanner, identity_reference, harm_reference = _bundled()
    low = normalise("".join(p + s for p, s in parts))
    identity, harm_matches = scanner.scan(low)
    assert identity == identity_reference(low)
    assert harm_matches == harm_reference(low)


def test_word_spacing_is_exactly_not_isalnum() -> None:
    # Every code point: the pattern that spaces non-ASCII text rejects what str.isalnum rejects.
    wrong = [c for c in range(0x110000) if (_NOT_ALNUM.fullmatch(chr(c)) is None) != chr(c).isalnum()]
    assert wrong == []
    ascii_text = "".join(chr(c) for c in range(128))
    assert word_spaced(ascii_text) == "".join(c if c.isalnum() else " " for c in ascii_text)
    assert word_spaced("é-日本_ß’s") == "é 日本 ß s"


# Terms a custom lexicon may hold: punctuation inside and at either end, digits, underscores,
# non-ASCII letters, spellings that read the same once punctuation is a space ("non-binary",
# "non binary", "non_binary"), and a term inside another.
_ODD_TERMS = [
    "men",
    "women",
    "non-binary",
    "non binary",
    "non_binary",
    "mr. x",
    "'s",
    "s'",
    "-men-",
    "x--y",
    "x- y",
    "2men",
    "señor",
    "日本",
    "ß",
    "a",
    "men are",
    "are",
]
_ODD_PIECES = [*_ODD_TERMS, "x", "y", "mr", "non", "binary", "señ", "or", "é", "🙂", "_", "-", ".", "'", "\u2019"]


@settings(max_examples=EXAMPLES, derandomize=EXAMPLES <= 1000, deadline=None)
@given(
    st.lists(st.sampled_from(_ODD_TERMS), min_size=1, max_size=8, unique=True),
    st.lists(st.tuples(st.sampled_from(_ODD_PIECES), st.sampled_from(_SEPARATORS)), max_size=24),
)
def test_scanner_equals_reference_on_terms_with_punctuation(terms: list[str], parts: list[tuple[str, str]]) -> None:
    lexicons = {"a": {t: f"a:{t}" for t in terms}, "b": {t: f"b:{t}" for t in terms[::2]}}
    scanner = LexiconScanner(lexicons)
    low = "".join(p + s for p, s in parts)
    assert scanner.scan(low) == [Reference(lexicons["a"])(low), Reference(lexicons["b"])(low)]


def test_scanner_on_terms_that_read_alike() -> None:
    lexicons = {"a": {"non-binary": 1, "non binary": 2, "'s": 3, "x--y": 4}}
    scanner = LexiconScanner(lexicons)
    low = "non-binary, non binary, non_binary, non--binary; jo's x--y x-_y 's"
    assert scanner.scan(low) == [Reference(lexicons["a"])(low)]
    assert [p for _, _, p in scanner.scan(low)[0]] == [1, 2, 4, 3]  # "jo's" is no whole-word "'s"
