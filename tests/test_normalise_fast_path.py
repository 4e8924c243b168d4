"""The per-token fast path of the normaliser gives exactly what the full path gives.

`Normaliser.__call__` skips the full normalisation for ASCII text whose tokens are all known to
need no edit (detectors/normalise.py, `_plain`), and on the full path skips the glued-word scan
when only such tokens could hold a find (`full(known=True)`). These tests compare it with
`Normaliser.full` on an authored corpus of clean and obfuscated text, with the token cache cold,
warm and cleared, and on generated text built from the characters and words the gates look for.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detectors.normalise as normalise_module
from detectors.normalise import Normalised, Normaliser, default_normaliser

CLEAN = [
    "",
    " ",
    "\n\t ",
    "The committee met on Tuesday to discuss the budget.",
    "Mentoring early-career people is hugely rewarding.\n\nHelp them build a small portfolio.",
    "Manslaughter, international understanding and sportsmanship.",
    "A B test, e.g. the U.S. economy.",
    "I think a good plan is to ask older people and young people what they need.",
    "Transparent, straightforward and sensible: the parents agreed.",
    "Older workers, trans people and Roma families were all consulted.",
    "Use a hotter oven, around 220 degrees Celsius, and preheat the tray.",
    "Bob Tallman managed the cornerman; an amendment, old-fashioned and mentioned.",
    "x\x1cy\x1dz\x1e\x1f end",
]

# Clean, but a leet symbol touches a letter, so the full path decides (and changes nothing).
CLEAN_VIA_FULL = [
    "In 2020, 3 women and 12 men ran the 5k in 24:30.",
    "Mississippi is good too; the committee will meet at 10am on the 3rd.",
    "Email bob@example.com or see https://example.com/a1b2, then ping @john.",
    "COVID-19 hit in 2020; the mp3 and h2o files are 4x4 and 3D.",
    "Great! Really?! I'd say so... (maybe) -- fine.",
    "helps! thanks!",
    "Arrived at 3am. Wow!!",
    "it was X2 and the 1970s",
]

OBFUSCATED = [
    "w0men are trash",
    "mu$lims and j3ws",
    "g@ys",
    "@rabs everywhere",
    "1mmigrants",
    "muuuslims lie",
    "wooomen",
    "m u s l i m s should leave",
    "a b c",
    "I a m here",
    "x a b c y",
    "w-o-m-e-n",
    "g.a.y",
    "g. a. y",
    "J. R. R. Tolkien wrote it.",
    "blackpeople",
    "killallmuslims",
    "those oldpeople again",
    "thoseshortmen",
    "aaa bbb ccc",
    "Sooo good, reallyyy",
    "a-b-c and a/b/c and a*b*c and a_b_c",
    "x. y. z.",
    "naïve café",
    "ｗｏｍｅｎ",
    "Mеxicans",
    "wo\u200bmen",
    "I would love to 🔪 some 👳🏾",
    "Mu\u00adslims and im\u2060migrants",
    "kill allgaymen now",
    "I hatenon-binarypeople",
    "thoseworking-classpeople",
    "w o r k i n g c l a s s people",
    "all k*kes out",
    "you n****r, and ab*c*d",
]


def _same(a: Normalised, b: Normalised) -> None:
    assert a.text == b.text
    assert a.original == b.original
    assert a.starts == b.starts
    assert a.ends == b.ends
    assert a == b


@pytest.mark.parametrize("text", CLEAN + CLEAN_VIA_FULL + OBFUSCATED)
def test_fast_path_equals_full_path_cold_and_warm(text: str) -> None:
    shared = default_normaliser()
    cold = Normaliser(
        shared.vocabulary,
        shared.group_words,
        emoji_words=shared.emoji_words,
        person_words=shared.person_words,
        skin_tones=shared.skin_tones,
        phrases=shared._phrases,
    )
    cold._scan_automaton = shared._scan_automaton  # the same scan words as the bundled lexicons
    cold._masked = shared._masked
    full = shared.full(text)
    _same(cold(text), full)  # empty cache
    _same(cold(text), full)  # its tokens now cached (when clean)
    _same(shared(text), full)  # a cache warmed by every other test


def test_the_corpus_reaches_both_paths() -> None:
    """Otherwise the equivalence above would hold trivially."""
    n = default_normaliser()
    assert all(n._plain(t) for t in CLEAN)
    assert not any(n._plain(t) for t in CLEAN_VIA_FULL + OBFUSCATED if t.isascii())
    assert all(not n.full(t).changed for t in CLEAN + CLEAN_VIA_FULL)
    assert all(n.full(t).changed for t in OBFUSCATED)


def test_a_cleared_cache_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(normalise_module, "_PLAIN_CACHE", 4)
    n = default_normaliser()
    n._plain_tokens.clear()
    for _ in range(2):
        for text in CLEAN + CLEAN_VIA_FULL + OBFUSCATED:
            _same(n(text), n.full(text))
            assert len(n._plain_tokens) <= 4


EXAMPLES = int(os.environ.get("BIASWATCH_FUZZ_EXAMPLES", "300"))

# The characters and pieces every gate looks at: letters, leet symbols, separators, runs, single
# letters between spaces, whitespace other than a space, identity words, and some non-ASCII.
_PIECES = st.one_of(
    st.sampled_from(
        [
            "women",
            "muslims",
            "people",
            "black",
            "old",
            "short",
            "trans",
            "gay",
            "men",
            "all",
            "kill",
            "hate",
            "about",
            "non-binary",
            "working-class",
            "wheelchair",
            "Tallman",
            "managed",
            "the",
            "Jews",
            "I",
            "a",
            "x",
            "0",
            "1",
            "3",
            "4",
            "5",
            "@",
            "$",
            "|",
            "!",
            "6",
            "9",
            ".",
            "-",
            "_",
            "*",
            "/",
            ",",
            "'",
            "aaa",
            "ooo",
            "Mmm",
            "é",
            "е",
            "\u200b",
            "🔪",
            "http://",
            "@x.com",
            "2020",
            "k*kes",
            "n*gg*rs",
        ]
    ),
    st.text(alphabet="abcdefgxyzAB013@$!|.-_*/ ", min_size=1, max_size=6),
)
_SEPARATORS = st.sampled_from(["", " ", "  ", "\n", "\t", ". ", "-", "\x1c"])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(_PIECES, _SEPARATORS), max_size=14))
    return "".join(p + s for p, s in parts)


@settings(max_examples=EXAMPLES, derandomize=EXAMPLES <= 1000, deadline=None)
@given(_texts())
def test_fast_path_equals_full_path_on_generated_text(text: str) -> None:
    n = default_normaliser()
    _same(n(text), n.full(text))
