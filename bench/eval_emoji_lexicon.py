"""Lexicon-only view of emoji-laden hate: HatemojiBuild TRAIN rows that name a group or that the lexicon flags.

Reads `hatemojibuild.jsonl` (see ../shared/data/README.md) from where the user keeps it; only its
`train` split is read, never `test` or `validation`, and no text is printed. Prints, per label,
the rows in which the identity taxonomy finds a group mention and the rows `harm_lexicon` flags,
and the same for the rows that contain an emoji. A measurement for docs/detection.md, never a
tuning loop and never a test:
    .venv/bin/python bench/eval_emoji_lexicon.py [--data ../shared/data/train/hatemojibuild.jsonl]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from detectors.harm import HarmLexiconDetector  # noqa: E402
from detectors.normalise import normalise_text  # noqa: E402
from detectors.taxonomy import Taxonomy  # noqa: E402

_EMOJI = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff]")


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "train" / "hatemojibuild.jsonl"))
    args = p.parse_args()
    taxonomy = Taxonomy.default()
    harm = HarmLexiconDetector(taxonomy)
    counts: Counter[str] = Counter()
    with open(args.data, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("split") != "train":
                continue
            label = "hateful" if int(row["label"]) == 1 else "benign"
            norm = normalise_text(str(row["text"]))
            mentions = taxonomy.match(norm)
            flagged = any(f.flagged for f in harm.score_text("x", norm, mentions))
            for scope in ("all", "emoji") if _EMOJI.search(str(row["text"])) else ("all",):
                counts[f"{scope}.{label}.rows"] += 1
                counts[f"{scope}.{label}.named_group"] += bool(mentions)
                counts[f"{scope}.{label}.lexicon_flagged"] += flagged
    print(json.dumps(dict(sorted(counts.items()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
