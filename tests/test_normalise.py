"""Obfuscation-robust normalisation: each kind undone, numbers untouched, spans into the original."""

from __future__ import annotations

import pytest

from detectors.base import Batch, TextSample
from detectors.harm import HarmLexiconDetector
from detectors.normalise import normalise_text
from detectors.taxonomy import Taxonomy, neutralise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ｗｏｍｅｎ", "women"),  # NFKC fullwidth
        ("Ⅿuslims", "Muslims"),  # NFKC roman numeral
        ("naïve café", "naive cafe"),  # accents folded as the uncased encoder does
        ("wo\u200bmen", "women"),  # zero-width space
        ("Mu\u00adslims", "Muslims"),  # soft hyphen
        ("im\u2060migrants", "immigrants"),  # word joiner
        ("Mеxicans", "Mexicans"),  # Cyrillic е
        ("јews", "jews"),  # Cyrillic ј
        ("w0men", "women"),
        ("mu$lims", "muslims"),
        ("j3ws", "jews"),
        ("g@ys", "gays"),
        ("@rabs", "arabs"),  # leading symbol accepted because it spells a known word
        ("1mmigrants", "immigrants"),
        ("muuuslims", "muslims"),
        ("wooomen", "women"),
        ("m u s l i m s", "muslims"),
        ("w-o-m-e-n", "women"),
        ("g.a.y", "gay"),
        ("blackpeople", "black people"),
        ("killallmuslims", "kill all muslims"),
    ],
)
def test_each_obfuscation_is_undone(raw: str, expected: str) -> None:
    assert normalise_text(raw).text == expected


@pytest.mark.parametrize(
    "clean",
    [
        "In 2020, 3 women and 12 men ran the 5k in 24:30.",
        "Mississippi is good too; the committee will meet at 10am on the 3rd.",
        "Email bob@example.com or see https://example.com/a1b2, then ping @john.",
        "COVID-19 hit in 2020; the mp3 and h2o files are 4x4 and 3D.",
        "Great! Really?! I'd say so... (maybe) -- fine.",
        "Manslaughter, international understanding and sportsmanship.",
        "A B test, e.g. the U.S. economy.",
        "Music of the 1980s and the '90s, on 1950s radios.",
    ],
)
def test_clean_text_and_numbers_are_left_alone(clean: str) -> None:
    out = normalise_text(clean)
    assert out.text == clean
    assert not out.changed  # no offset map: clean traffic pays for no copy


def test_emoji_become_words_without_the_skin_tones_of_hands() -> None:
    out = normalise_text("I would love to 🔪 some 👳")
    assert "knife" in out.text
    assert "turban" in out.text
    assert out.text.isascii()
    twin = normalise_text("I would love to 👏🏽 some 👳")
    assert twin.text != out.text  # MiniLM would have read both as [UNK]
    assert "skin" not in twin.text and "tone" not in twin.text  # a hand's tone is the writer's own


@pytest.mark.parametrize(
    "text",
    [
        "w0men are trash",
        "m u s l i m s should leave",
        "Mеxicans and 🔪 j3ws",
        "I hate blackpeople",
        "muuuslims and im migrants",
        "plain text about refugees",
        "wo\u200bmen 👩🏽‍🔬 are scientists",
        "all ✡️ and 🇲🇽 are 🐀🐀, said 🧔🏿",
    ],
)
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise_text(text).text
    assert normalise_text(once).text == once


@pytest.mark.parametrize(
    "text",
    [
        "\ud800 lone surrogate w0men",
        "\x00\x01\x7f control",
        "\U0001f3fb alone",
        "\u0301\u0301 marks only",
        "🏳️‍🌈🏳️‍⚧️",
        "a" * 5000,
        "$$$ @@@ 000 |||",
        "\u200b" * 10,
        "x\ny\tz\r",
    ],
)
def test_odd_input_never_raises_and_maps_every_character(text: str) -> None:
    out = normalise_text(text)
    for i in range(len(out.text)):
        a, b = out.span(i, i + 1)
        assert 0 <= a <= b <= len(text)


def test_spans_of_mentions_slice_the_original_word(taxonomy: Taxonomy) -> None:
    cases = {
        "Honestly w0men are trash": "w0men",
        "the m u s l i m s next door": "m u s l i m s",
        "🔪 all the Mеxicans": "Mеxicans",
        "we all know muuuslims lie": "muuuslims",
        "wo\u200bmen again": "wo\u200bmen",
        "those im migrants": "im migrants",
    }
    for text, word in cases.items():
        mentions = taxonomy.match(text)
        assert mentions, text
        m = mentions[0]
        assert text[m.start : m.end] == word == m.term


def test_harm_evidence_spans_point_into_the_original(taxonomy: Taxonomy) -> None:
    harm = HarmLexiconDetector(taxonomy)
    texts = [
        "All 🔪 mu$lims are v3rmin",
        "a l l j3ws are vermin",
        "I want to kill all the w0men",
        "ｉｍｍｉｇｒａｎｔｓ are vermin",
    ]
    for text in texts:
        batch = Batch([TextSample("0", "", text)], mention_fn=taxonomy.match)
        findings = harm.detect(batch)
        assert any(f.flagged for f in findings), text
        for f in findings:
            for e in f.evidence:
                assert e.span is not None
                assert text[e.span[0] : e.span[1]] == e.text, (text, e)


def test_neutralise_reads_the_normalised_text(taxonomy: Taxonomy) -> None:
    text = "Wo\u200bmen 🔪 are w0rse"
    out = neutralise(text, taxonomy.match(text))
    assert out.startswith("someone")
    assert "knife" in out
    # Clean text is embedded exactly as before normalisation existed.
    clean = "My neighbours are kind."
    assert neutralise(clean, taxonomy.match(clean)) == clean


def test_batch_normalises_once_per_text(taxonomy: Taxonomy) -> None:
    calls: list[str] = []

    def counting(text: str):  # type: ignore[no-untyped-def]
        calls.append(text)
        return normalise_text(text)

    batch = Batch([TextSample("0", "hi", "w0men")], mention_fn=taxonomy.match, normalise_fn=counting)
    batch.mentions("response")
    batch.neutralised_responses()
    HarmLexiconDetector(taxonomy).detect(batch)
    assert calls.count("w0men") == 1
