"""One text through the harm lexicon detector, for the grammar tests (counter-speech, discourse),
and batches of texts for the embedding detector's tests."""

from __future__ import annotations

from typing import Any

from detectors.base import Batch, Finding, TextSample
from detectors.harm import HarmLexiconDetector
from detectors.taxonomy import Taxonomy, neutralise


def run(det: HarmLexiconDetector, text: str) -> list[Finding]:
    batch = Batch([TextSample("0", "", text)], mention_fn=det.taxonomy.match)
    return det.detect(batch)


def flagged_by_category(det: HarmLexiconDetector, text: str) -> dict[str, Finding]:
    """The flagged findings of one text, by category."""
    return {f.category: f for f in run(det, text) if f.flagged}


def frame_groups(det: HarmLexiconDetector, text: str, frame: str, category: str = "implicit_derogation") -> set[str]:
    """The groups of the flagged finding in `category` (all its evidences') if one of its
    evidences has `frame` (one reading of the harm lexicon), else an empty set."""
    found = flagged_by_category(det, text).get(category)
    if found is None or not any(e.detail.get("frame") == frame for e in found.evidence):
        return set()
    return set(found.groups)


def assert_read_as(det: HarmLexiconDetector, text: str, category: str, group: str) -> None:
    """The text is flagged in `category`, naming `group`."""
    found = flagged_by_category(det, text)
    assert category in found, (text, found)
    assert group in found[category].groups, text


def threat(det: HarmLexiconDetector, text: str) -> set[str] | None:
    """The groups of a flagged threat finding, or None."""
    found = [f for f in run(det, text) if f.category == "threat" and f.flagged]
    return set(found[0].groups) if found else None


def embedding_batch(texts: list[str], taxonomy: Taxonomy, embed: Any) -> Batch:
    """Responses with no prompt, matched and neutralised as the agent does, embedded by `embed`."""
    return Batch(
        [TextSample(str(i), "", t) for i, t in enumerate(texts)],
        mention_fn=taxonomy.match,
        embed_fn=embed,
        neutralise_fn=neutralise,
    )
