"""Lists swapped-letter forms of identity terms that are English words or names (dev-time audit).

The taxonomy adds each long term with two inner letters swapped ("mulsims"); a form that is a real
word would turn ordinary text into a mention. This prints every such form against the web2 and
GCIDE word lists of the `english-words` package (MIT), which is not a dependency of biaswatch:

    pip install --target /tmp/ew english-words
    PYTHONPATH=/tmp/ew .venv/bin/python bench/audit_transposed.py

Add what it prints to `_TRANSPOSED_WORDS` in detectors/taxonomy.py. Exit 1 when it finds any.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import detectors.taxonomy as taxonomy


def main() -> int:
    from english_words import get_english_words_set  # type: ignore[import-not-found]  # audit-only, not a dependency

    words = get_english_words_set(["web2", "gcide"], lower=True)
    with_forms = set(taxonomy.Taxonomy.default().terms())
    original = taxonomy._add_transposed_forms
    taxonomy._add_transposed_forms = lambda entries: None
    try:
        without = set(taxonomy.Taxonomy.default().terms())
    finally:
        taxonomy._add_transposed_forms = original
    found = sorted(f for f in with_forms - without if f in words)
    print(f"{len(with_forms - without)} swapped-letter forms; English words or names among them: {found}")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
