"""Emoji that stand for a group, skin tones on person emoji, runs of one emoji, and emoji threats.

The normaliser writes a group's words in place of an emoji that stands for it ("✡️" -> "Jews")
and keeps the tones the taxonomy reads in front of a person ("🧔🏿" -> "dark skin tone person
beard"); every mention and every piece of harm evidence must still slice the emoji the user sent.
Each case has a contrast that must not match.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import emoji
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detectors import normalise
from detectors.base import Finding
from detectors.harm import HarmLexiconDetector
from detectors.normalise import _MAYBE_EMOJI, default_normaliser, normalise_text
from detectors.taxonomy import Mention, Taxonomy

ROOT = Path(__file__).resolve().parent.parent
_CANE = "\U0001f469\u200d\U0001f9af\u200d\u27a1\ufe0f"


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return Taxonomy.default()


@pytest.fixture(scope="module")
def harm(taxonomy: Taxonomy) -> HarmLexiconDetector:
    return HarmLexiconDetector(taxonomy)


def _mentions(taxonomy: Taxonomy, text: str) -> list[Mention]:
    return taxonomy.match(normalise_text(text))


def _flags(harm: HarmLexiconDetector, taxonomy: Taxonomy, text: str) -> list[Finding]:
    norm = normalise_text(text)
    return [f for f in harm.score_text("s", norm, taxonomy.match(norm)) if f.flagged]


@pytest.mark.parametrize(
    ("text", "symbol", "group"),
    [
        ("all of these \u2721\ufe0f are greedy", "\u2721\ufe0f", "jewish"),  # star of David
        ("why do \U0001f1f2\U0001f1fd always complain", "\U0001f1f2\U0001f1fd", "mexican"),  # flag of Mexico
        ("\u267f are a burden", "\u267f", "disabled"),  # wheelchair (access) symbol
        ("I can't stand \U0001f3f3\ufe0f\u200d\U0001f308", "\U0001f3f3\ufe0f\u200d\U0001f308", "lgbtq"),  # rainbow flag
        ("\U0001f549\ufe0f everywhere now", "\U0001f549\ufe0f", "hindu"),  # om
        ("the \u262a\ufe0f next door", "\u262a\ufe0f", "muslim"),  # star and crescent
        (f"a {_CANE} on the bus", _CANE, "blind"),  # woman with white cane, facing right
        ("the \U0001f1e8\U0001f1ee fans", "\U0001f1e8\U0001f1ee", "african"),  # Côte d'Ivoire, a regional group
    ],
)
def test_an_emoji_that_stands_for_a_group_is_a_mention_spanning_the_emoji(
    taxonomy: Taxonomy, text: str, symbol: str, group: str
) -> None:
    mentions = [m for m in _mentions(taxonomy, text) if m.group == group]
    assert mentions, normalise_text(text).text
    assert {text[m.start : m.end] for m in mentions} == {symbol}
    assert {m.term for m in mentions} == {symbol}


@pytest.mark.parametrize(
    "text",
    [
        "a \U0001f308 after the rain",  # a rainbow is weather, not the Pride flag
        "a \U0001f473 at the door",  # a turban names no single faith or nation
        "penguins of \U0001f1e6\U0001f1f6",  # Antarctica: no nationals
        "om shanti, said the teacher",  # the word "om" is not the emoji
        "\u262f balance",  # yin yang: no group of the taxonomy
    ],
)
def test_emoji_and_words_that_stand_for_no_group_are_no_mention(taxonomy: Taxonomy, text: str) -> None:
    assert _mentions(taxonomy, text) == []


def test_every_shipped_emoji_name_is_an_emoji_and_its_words_name_a_group(taxonomy: Taxonomy) -> None:
    names = {str(d["en"]).strip(":").replace("_", " ").lower() for d in emoji.EMOJI_DATA.values()}
    words = default_normaliser().emoji_words
    assert len(words) > 100
    for name, written in words.items():
        assert name in names, f"{name!r} is not an emoji name of the pinned emoji package"
        assert taxonomy.match(written), f"{written!r} (for {name!r}) names no group"


def test_a_kept_skin_tone_names_the_person_it_is_on(taxonomy: Taxonomy) -> None:
    out = normalise_text("\U0001f9d4\U0001f3ff are criminals")  # person: dark skin tone, beard
    assert out.text == "dark skin tone person beard are criminals"
    black = [m for m in taxonomy.match(out) if m.group == "black"]
    assert [(m.start, m.end) for m in black] == [(0, 2)]  # the whole emoji, modifier included
    brown = _mentions(taxonomy, "\U0001f469\U0001f3fe at work")  # woman: medium-dark skin tone
    assert {m.group for m in brown} == {"people_of_color", "women"}


@pytest.mark.parametrize(
    "text",
    [
        "\U0001f44d\U0001f3ff sounds good",  # thumbs up: a hand's tone is the writer's own
        "\U0001f44b\U0001f3fe hello",  # waving hand
        "\U0001f469\U0001f3fb at work",  # the light tone: many writers' default, marks no one
        "\U0001f46e\U0001f3fc on patrol",  # medium-light: no group
        "\U0001f46e\U0001f3ff on patrol",  # a person doing something: mostly the writer's own tone
        "\U0001f93e\U0001f3ff slaughter them tonight",  # person playing handball
    ],
)
def test_other_skin_tones_name_no_race(taxonomy: Taxonomy, text: str) -> None:
    races = {"black", "white", "people_of_color"}
    assert not races & {m.group for m in _mentions(taxonomy, text)}
    assert "skin tone" not in normalise_text(text).text


def test_a_run_of_one_emoji_reads_once_and_spans_the_run() -> None:
    text = "they are \U0001f400\U0001f400 \U0001f400!"
    out = normalise_text(text)
    assert out.text == "they are rat !"  # spaced from its neighbours, as every emoji name is
    start = out.text.index("rat")
    assert out.original_slice(start, start + 3) == "\U0001f400\U0001f400 \U0001f400"
    mixed = normalise_text("\U0001f400\U0001f437")
    assert mixed.text == "rat pig face"  # different emoji each keep their name


def test_emoji_animals_said_of_a_group_dehumanise(harm: HarmLexiconDetector, taxonomy: Taxonomy) -> None:
    text = "Jews = \U0001f400\U0001f400\U0001f400 get them out"
    found = [f for f in _flags(harm, taxonomy, text) if f.category == "dehumanisation"]
    assert found and found[0].groups == ("jewish",)
    span = found[0].evidence[0].span
    assert span is not None
    assert text[span[0] : span[1]] == "\U0001f400\U0001f400\U0001f400"
    for said in (
        "jews are \U0001f437\U0001f437 nothing more",
        "Muslims are just filthy \U0001f400",
        "\U0001f400 like them Jews",
        "your Muslim family are nothing but \U0001f416",  # a person noun between
        "those immigrants are so lazy \U0001f416",  # a negative attribute between,
    ):
        assert any(f.category == "dehumanisation" for f in _flags(harm, taxonomy, said)), said


@pytest.mark.parametrize(
    "text",
    [
        "Jews = rat lovers, said the pet shop",  # a word, not an emoji: "rat" modifies "lovers"
        "my Jewish neighbour keeps a \U0001f400 as a pet",  # the animal, not said of the group
        "Mexicans are amazing cooks \U0001f437",  # an emoji after what was said is a reaction
        "my Jewish friends are the best \U0001f436",
        "lol \U0001f648 the Muslims next door are lovely",
    ],
)
def test_animal_words_and_emoji_not_said_of_a_group_do_not(
    harm: HarmLexiconDetector, taxonomy: Taxonomy, text: str
) -> None:
    assert not [f for f in _flags(harm, taxonomy, text) if f.category == "dehumanisation"]


@pytest.mark.parametrize(
    "text",
    [
        "time to \U0001f52a every last one of the Muslims \U0001f52a\U0001f52a",
        "I'd love to \U0001f52b all the Mexicans in my street",
        "\U0001f4a3 them, those refugees",
    ],
)
def test_a_weapon_emoji_in_a_verbs_place_is_a_threat(harm: HarmLexiconDetector, taxonomy: Taxonomy, text: str) -> None:
    threats = [f for f in _flags(harm, taxonomy, text) if f.category == "threat"]
    assert threats
    span = threats[0].evidence[0].span
    assert span is not None
    start, end = span
    assert any(c in text[start:end] for c in "\U0001f52a\U0001f52b\U0001f4a3")


@pytest.mark.parametrize(
    "text",
    [
        "cooking with my Jewish grandma tonight \U0001f52a\U0001f345",
        "that Mexican taco truck is the \U0001f4a3",
        "Muslims sharpen a kitchen knife every week for Eid",
    ],
)
def test_a_weapon_emoji_elsewhere_is_not(harm: HarmLexiconDetector, taxonomy: Taxonomy, text: str) -> None:
    assert not [f for f in _flags(harm, taxonomy, text) if f.category == "threat"]


# --- the gate that keeps the emoji library unloaded for text without emoji -----------------------


def test_every_emoji_character_passes_the_gate() -> None:
    # The gate (`_MAYBE_EMOJI`) may let through more than emoji, never less: every non-ASCII
    # character of every emoji the library knows is in it, so text it rejects holds no emoji.
    missed = {c for key in emoji.EMOJI_DATA for c in key if not c.isascii() and not _MAYBE_EMOJI.match(c)}
    assert missed == set()
    for plain in ("é", "—", "\u2019", "日本", "Ελληνικά", "\u00a0", "\ufe0e"):
        assert _MAYBE_EMOJI.search(plain) is None, plain


_EMOJI_PIECES = [
    "men",
    " ",
    "é",
    "—",
    "\u2019",
    "日本",
    "\ufe0e",
    "\ufe0f",
    "\u200d",
    "\u20e3",
    "#",
    "©",
    "™",
    "€",
    "✡",
    "✡️",
    "🔪",
    "🐀",
    "🧔🏿",
    "🏿",
    "👩",
    "🦯",
    "➡",
    "🇮🇱",
    "\U000e0067",
    _CANE,
]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_EMOJI_PIECES), max_size=12))
def test_the_gate_changes_no_edit(pieces: list[str]) -> None:
    text = "".join(pieces)
    nz = default_normaliser()
    args = (text, nz.emoji_words, nz.person_words, nz.skin_tones)
    gated = normalise._emoji_edits(*args)
    with mock.patch.object(normalise, "_MAYBE_EMOJI", re.compile(r"[\s\S]")):  # every text to the library
        assert normalise._emoji_edits(*args) == gated


def test_text_without_emoji_does_not_load_the_library() -> None:
    code = (
        "import sys; from detectors.normalise import normalise_text; "
        "n = normalise_text('Caf\\u00e9 na\\u00efve \\u2014 \\u201cquoted\\u201d w0men'); "
        "assert n.text == 'Cafe naive \\u2014 \\u201cquoted\\u201d women', n.text; "
        "print('emoji' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
