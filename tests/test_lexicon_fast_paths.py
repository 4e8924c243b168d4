"""The lexicon path's shortcuts give exactly what the plain computations they replace give.

Lexicon-only throughput (docs/performance.md) rests on a few shortcuts: the glued-word scan measures
the letter run around a candidate from the candidate (once per run) instead of mapping every letter
of the text; the harm lexicon groups mentions and hits by sentence with one binary search each;
anaphora resolution visits only the sentences holding an anaphor or a derogatory word. Each is
compared here, on generated text built from the words its rules read, with a reference that does
the plain computation (the code as it was before the shortcut).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detectors import harm_discourse as discourse
from detectors import harm_grammar as g
from detectors.harm import HarmLexiconDetector
from detectors.harm_discourse import DiscourseWords, Resolved
from detectors.harm_grammar import Hit
from detectors.normalise import _MAX_GLUED, _MIN_GLUED, Normaliser, _english, _name_shaped, default_normaliser
from detectors.taxonomy import Mention, Taxonomy, normalise

EXAMPLES = int(os.environ.get("BIASWATCH_FUZZ_EXAMPLES", "300"))
_SETTINGS = settings(max_examples=EXAMPLES, derandomize=EXAMPLES <= 1000, deadline=None)


# --- the glued-word scan --------------------------------------------------------------------------


def _letter_runs(low: str) -> tuple[list[int], list[int]]:
    n = len(low)
    first, last = [0] * n, [0] * n
    i = 0
    while i < n:
        if not low[i].isalpha():
            i += 1
            continue
        j = i
        while j < n and low[j].isalpha():
            j += 1
        for k in range(i, j):
            first[k], last[k] = i, j
        i = j
    return first, last


def _scan_reference(nz: Normaliser, low: str, text: str) -> tuple[set[tuple[int, int]], bool]:
    """`Normaliser._scan` with every letter's run mapped up front."""
    out: set[tuple[int, int]] = set()
    runs = False
    n = len(low)
    bounds = _letter_runs(low)
    tried: set[tuple[int, int, bool]] = set()
    for end_index, (word, slogan) in nz._scan_automaton.iter(low):
        if not word:
            runs = True
            continue
        start, end = end_index - len(word) + 1, end_index + 1
        if not ((start > 0 and low[start - 1].isalpha()) or (end < n and low[end].isalpha())):
            continue
        a = bounds[0][start - 1] if start > 0 and low[start - 1].isalpha() else start
        b = bounds[1][end] if end < n and low[end].isalpha() else end
        if (a, b, slogan) in tried or b - a > _MAX_GLUED:
            continue
        tried.add((a, b, slogan))
        if slogan and b - a >= _MIN_GLUED and nz._splits(low[a:b]) and not _english(low[a:b]):
            out.add((a, b))
            continue
        if not nz._phrases or _name_shaped(text, a, b):
            continue
        while a > 1 and low[a - 1] == "-" and low[a - 2].isalpha():
            a -= 2
            while a > 0 and low[a - 1].isalpha():
                a -= 1
        while b < n - 1 and low[b] == "-" and low[b + 1].isalpha():
            b += 2
            while b < n and low[b].isalpha():
                b += 1
        if b - a >= _MIN_GLUED and nz._segments(low[a:b]):
            out.add((a, b))
    return out, runs


_GLUED_PIECES = st.sampled_from(
    [
        *("all", "gay", "men", "women", "hate", "the", "those", "black", "people", "jews", "muslims", "trans"),
        *("non", "binary", "working", "class", "old", "thin", "man", "son", "x", "q", "Tall", "Men", "GAY"),
        *("ment", "ion", "aaa", "é", "-", "--", " ", " ", "'", ".", "1", "\n"),
    ]
)


@_SETTINGS
@given(st.lists(_GLUED_PIECES, max_size=30).map("".join))
def test_glued_word_scan_equals_mapping_every_letter(text: str) -> None:
    nz = default_normaliser()
    low = text.lower()
    assert nz._scan(low, text) == _scan_reference(nz, low, text)


def test_the_generated_runs_reach_the_glued_verdicts() -> None:
    """Otherwise the equivalence above would hold trivially."""
    nz = default_normaliser()
    glued, _ = nz._scan("i hate allgaymen", "I hate allgaymen")
    assert glued == {(7, 16)}
    assert nz._scan("comments", "comments") == (set(), False)


# --- the harm lexicon's sentence grouping and anaphora ---------------------------------------------


@pytest.fixture(scope="module")
def harm(taxonomy: Taxonomy) -> HarmLexiconDetector:
    return HarmLexiconDetector(taxonomy)


_DISCOURSE_PIECES = st.sampled_from(
    [
        *("Nigerians", "women", "Sikhs", "Romanians", "old people", "they", "They", "them", "all of them"),
        *("the lot of them", "those people", "vermin", "thieves", "disgusting", "rats", "parasites", "animals"),
        *("a pack of", "are", "were", "all", "and", "so", "because", "honestly", "moved in", "sell", "apples"),
        *("Carlos", "the neighbours", "no", "Don't", "what about", "pathetic", "useless", "everywhere"),
    ]
)
_BREAKS = st.sampled_from([" ", " ", " ", ", ", ". ", "? ", '" "', "! ", ": ", " - ", "\n"])


@st.composite
def _dialogue(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(_DISCOURSE_PIECES, _BREAKS), min_size=1, max_size=24))
    return "".join(p + b for p, b in parts)


def _located(harm: HarmLexiconDetector, taxonomy: Taxonomy, text: str) -> tuple[str, list[Mention], list[Hit]]:
    """The lowered text, its mentions and its harm hits, as `score_text` builds them."""
    found = taxonomy.match(text)
    low = normalise(found.text)
    matches = harm._matches(low, found.text, found)
    hits = [Hit(start, end, kind, term) for start, end, (term, kinds) in matches for kind in kinds]
    return low, [m.normalised() for m in found], hits


def _in_sentences_reference(spans: list[tuple[int, int]], items: list[Any]) -> dict[int, list[Any]]:
    out = {i: [x for x in items if s <= x.start < e] for i, (s, e) in enumerate(spans)}
    return {i: xs for i, xs in out.items() if xs}


def _resolve_reference(
    low: str, spans: list[tuple[int, int]], mentions: list[Mention], hits: list[Hit], words: DiscourseWords, cased: str
) -> dict[int, Resolved]:
    """`harm_discourse.resolve` visiting every sentence."""
    by_sentence = _in_sentences_reference(spans, mentions)
    hits_by = _in_sentences_reference(spans, hits)
    out: dict[int, Resolved] = {}
    for i, (s_start, s_end) in enumerate(spans):
        s_hits = hits_by.get(i, [])
        anaphors = discourse._maximal([h for h in s_hits if h.kind in ("anaphors", "appositive_anaphors")])
        own = by_sentence.get(i, [])
        if own:
            last = max(own, key=lambda m: m.end)
            later = [a for a in anaphors if a.start > last.end and discourse._clause_apart(low, last.end, a.start)]
            later = [a for a in later if not discourse._plurals(low, cased, last.end, a.start, own)]
            if later:
                out[i] = Resolved(i, discourse._groups(own), discourse._as_mentions(low, later, own), None, "")
                continue
            # an anaphor opening the sentence refers back past the group named after it
            opening = [a for a in anaphors if a.start == discourse._skip_openers(low, s_start, s_end, words.openers)]
            j = discourse._antecedent(low, spans, i, by_sentence) if opening else None
            if j is None:
                continue
            before = by_sentence[j]
            if set(discourse._groups(own)) & set(discourse._groups(before)):
                continue
            if any(discourse._suffered(low, m, spans[j][1]) for m in before):
                continue
            if discourse._plurals(low, cased, *spans[j], before):
                continue
            opening = discourse._uncounted(low, opening, before)
            if opening:
                out[i] = Resolved(j, discourse._groups(before), discourse._as_mentions(low, opening, before), None, "")
            continue
        said = [h for h in s_hits if h.kind in words.derogatory_kinds]
        fragment, kind = discourse._fragment(low, s_start, s_end, s_hits, words) if said else (None, "")
        if not (anaphors or fragment):
            continue
        j = discourse._antecedent(low, spans, i, by_sentence)
        if j is None:
            continue
        a_mentions = by_sentence[j]
        a_start, a_end = spans[j]
        first = anaphors[0].start if anaphors else s_start
        own_nouns = [Mention(h.start, h.end, h.value, "", "") for h in said]
        if discourse._plurals(low, cased, a_start, a_end, a_mentions) or discourse._plurals(
            low, cased, s_start, first, own_nouns
        ):
            continue
        out[i] = Resolved(
            j, discourse._groups(a_mentions), discourse._as_mentions(low, anaphors, a_mentions), fragment, kind
        )
    return out


@_SETTINGS
@given(_dialogue())
def test_sentence_grouping_and_anaphora_equal_visiting_every_sentence(
    harm: HarmLexiconDetector, taxonomy: Taxonomy, text: str
) -> None:
    low, mentions, hits = _located(harm, taxonomy, text)
    spans = g.sentences(low)
    assert g.in_sentences(spans, mentions) == _in_sentences_reference(spans, mentions)
    assert g.in_sentences(spans, hits) == _in_sentences_reference(spans, hits)
    expected = _resolve_reference(low, spans, mentions, hits, harm.discourse_words, text)
    assert discourse.resolve(low, spans, mentions, hits, harm.discourse_words, text) == expected


def test_the_generated_dialogue_reaches_the_anaphora_rules(harm: HarmLexiconDetector, taxonomy: Taxonomy) -> None:
    """Otherwise the equivalence above would hold trivially."""
    text = '"What about Sikhs?" "Vermin, all of them."'
    low, mentions, hits = _located(harm, taxonomy, text)
    resolved = discourse.resolve(low, g.sentences(low), mentions, hits, harm.discourse_words, text)
    assert [r.groups for r in resolved.values()] == [("sikh",)]
    assert resolved[1].fragment is not None
