"""One text through the harm lexicon detector, for the grammar tests (counter-speech, discourse)."""

from __future__ import annotations

from detectors.base import Batch, Finding, TextSample
from detectors.harm import HarmLexiconDetector


def run(det: HarmLexiconDetector, text: str) -> list[Finding]:
    batch = Batch([TextSample("0", "", text)], mention_fn=det.taxonomy.match)
    return det.detect(batch)


def threat(det: HarmLexiconDetector, text: str) -> set[str] | None:
    """The groups of a flagged threat finding, or None."""
    found = [f for f in run(det, text) if f.category == "threat" and f.flagged]
    return set(found[0].groups) if found else None
