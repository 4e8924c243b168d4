"""Lists misspelt forms of identity terms that are English words, names or places (dev-time audit).

The taxonomy adds each long term with two inner letters swapped ("mulsims"), one inner letter
dropped ("mslims") or one letter doubled ("muuslims"); a form that is a real word would turn
ordinary text into a mention. This prints every such form, or its singular ("bothers" from
"brothers", "americas" from "americans"), against the web2 and GCIDE word lists of the
`english-words` package (MIT), which is not a dependency of biaswatch, and the names of countries
and territories (from the emoji package's flags):

    pip install --target /tmp/ew english-words
    PYTHONPATH=/tmp/ew .venv/bin/python bench/audit_transposed.py

Add what it prints to `_TRANSPOSED_WORDS` in detectors/taxonomy.py (swapped letters) or to
`REAL_WORDS` in detectors/misspellings.py (dropped and doubled letters). Exit 1 when it finds any.
With `--write` it also rewrites detectors/data/obfuscation_words.txt, the lists
detectors/obfuscated_forms.py reads: swapped forms of short terms, context words and phrase words
that are words (and their dropped-letter forms), split forms of one-word terms whose two pieces
are both words, and the misspelt slurs of detectors/slur_forms.py that are words or split into two.
It also prints how many forms each kind adds and how long the taxonomy takes to build with and
without them.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml

import detectors.misspellings as misspellings
import detectors.slur_forms as slur_forms
import detectors.taxonomy as taxonomy
from detectors.normalise import default_normaliser


def _keys() -> tuple[set[str], float]:
    t0 = time.perf_counter()
    tax = taxonomy.Taxonomy.default()
    return tax.terms(), time.perf_counter() - t0


def _is_word(form: str, words: set[str]) -> bool:
    stems = [form]
    if form.endswith("s"):
        stems.append(form[:-1])
    if form.endswith("es"):
        stems.append(form[:-2])
    if form.endswith("ies"):
        stems.append(form[:-3] + "y")
    return any(s in words for s in stems)


def _obfuscation_words(words: set[str]) -> list[str]:
    """The swapped and split forms of detectors/obfuscated_forms.py that English words make unsafe."""
    import detectors.obfuscated_forms as forms

    saved = (
        taxonomy._add_split_forms,
        taxonomy._add_transposed_forms,
        misspellings.add_misspelt_forms,
        forms.add_short_forms,
        forms.add_phrase_forms,
    )
    try:
        # The authored entries (terms, plurals, spelling variants) without any derived form.
        taxonomy._add_split_forms = taxonomy._add_transposed_forms = lambda entries: None
        misspellings.add_misspelt_forms = lambda *args: 0
        forms.add_short_forms = lambda *args: 0
        forms.add_phrase_forms = lambda *args: 0
        authored = taxonomy.Taxonomy.default()._entries
    finally:
        (
            taxonomy._add_split_forms,
            taxonomy._add_transposed_forms,
            misspellings.add_misspelt_forms,
            forms.add_short_forms,
            forms.add_phrase_forms,
        ) = saved
    out: set[str] = set()
    # The harm lexicon's slurs get misspelt forms of their own (detectors/slur_forms.py).
    harm_terms = Path(__file__).resolve().parent.parent / "detectors" / "data" / "harm_terms.yaml"
    harm = yaml.safe_load(harm_terms.read_text(encoding="utf-8"))
    for item in harm.get("slurs") or []:
        for f in slur_forms.forms(str(item["term"]).lower()):
            pieces = f.split(" ")
            if (len(pieces) == 1 and _is_word(f, words)) or (len(pieces) == 2 and all(p in words for p in pieces)):
                out.add(f)
    for term, entry in authored.items():
        if entry.kind == "false_friend":
            continue
        if term.isalpha():
            out.update(f for f in forms.swapped(term) if _is_word(f, words))
            if len(term) >= forms.MIN_DROPPED_SHORT:
                out.update(f for f in misspellings.dropped(term) if _is_word(f, words))
            out.update(
                f"{term[:i]} {term[i:]}" for i in range(2, len(term) - 1) if term[:i] in words and term[i:] in words
            )
        else:
            for part in re.findall(r"[a-z]+", term):
                out.update(f for f in forms.swapped(part, 0) if _is_word(f, words))
    return sorted(out)


def main() -> int:
    import emoji
    from english_words import get_english_words_set  # type: ignore[import-not-found]  # audit-only, not a dependency

    words = get_english_words_set(["web2", "gcide"], lower=True)
    # Countries and territories, by the names of their flags (the emoji package is a dependency).
    words |= {
        str(d["en"]).strip(":").replace("_", " ").lower()
        for e, d in emoji.EMOJI_DATA.items()
        if all(0x1F1E6 <= ord(c) <= 0x1F1FF for c in e)
    }
    default_normaliser()  # built once, outside the timings
    with_forms, seconds_with = _keys()
    original_t, original_m = taxonomy._add_transposed_forms, misspellings.add_misspelt_forms
    real_words = misspellings.REAL_WORDS
    try:
        taxonomy._add_transposed_forms = lambda entries: None
        no_transposed, _ = _keys()
        misspellings.add_misspelt_forms = lambda entries, authored, vocabulary: 0
        neither, seconds_without = _keys()
        taxonomy._add_transposed_forms = original_t
        no_misspelt, _ = _keys()
        misspellings.add_misspelt_forms = original_m
        misspellings.REAL_WORDS = frozenset()
        unfiltered, _ = _keys()
    finally:
        taxonomy._add_transposed_forms, misspellings.add_misspelt_forms = original_t, original_m
        misspellings.REAL_WORDS = real_words
    transposed = with_forms - no_transposed
    misspelt = with_forms - no_misspelt
    found_t = sorted(f for f in transposed if _is_word(f, words))
    found_m = sorted(f for f in unfiltered - no_misspelt if _is_word(f, words) and f not in real_words)
    print(f"{len(with_forms)} automaton keys; without the misspelt and swapped forms {len(neither)}")
    print(f"taxonomy build: {seconds_with:.2f} s with them, {seconds_without:.2f} s without")
    print(f"{len(transposed)} swapped-letter forms; English words or names among them: {found_t}")
    print(f"{len(misspelt)} dropped/doubled-letter forms; English words or names not yet excluded: {found_m}")
    if "--write" in sys.argv:
        listed = _obfuscation_words(words)
        target = Path(__file__).resolve().parent.parent / "detectors" / "data" / "obfuscation_words.txt"
        header = "# Written by bench/audit_transposed.py --write (web2 and GCIDE word lists of english-words).\n"
        target.write_text(header + "\n".join(listed) + "\n", encoding="utf-8")
        print(f"{len(listed)} swapped or split forms that English words make unsafe: {target}")
    return 1 if found_t or found_m else 0


if __name__ == "__main__":
    raise SystemExit(main())
