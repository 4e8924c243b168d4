"""One text through the harm lexicon detector, for the grammar tests (counter-speech, discourse)."""

from __future__ import annotations

from detectors.base import Batch, Finding, TextSample
from detectors.harm import HarmLexiconDetector


def run(det: HarmLexiconDetector, text: str) -> list[Finding]:
    batch = Batch([TextSample("0", "", text)], mention_fn=det.taxonomy.match)
    return det.detect(batch)
