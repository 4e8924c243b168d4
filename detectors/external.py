"""Read third-party training sets from where the user keeps them (never shipped with biaswatch).

`biaswatch train-detector --data DIR` looks in each DIR for the files below, in the formats their
public repositories publish once flattened to JSON lines (see README, "Training data"):
- redditbias.jsonl: `{"text", "label": 0|1, "group", ...}`, umanlp/RedditBias (MIT);
- hatemojibuild.jsonl: `{"text", "label", "split": "train"|"validation"|"test", "entry_id",
  "matched_id", ...}`, HannahKirk/Hatemoji (CC BY 4.0). Only its `train` split is read unless
  asked otherwise, so its test split stays a test.
The artefact's training record keeps each file's sha256 and row count, never its text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

SOURCES = ("redditbias", "hatemojibuild")


class ExternalDataError(ValueError):
    """A training file is missing, unreadable or not in the expected format."""


@dataclass(frozen=True, slots=True)
class ExternalRow:
    text: str
    label: int
    source: str  # "redditbias" | "hatemojibuild"
    group: str
    pair: str  # HatemojiBuild's matched entries share one id; RedditBias rows stand alone
    split: str = "train"


@dataclass(frozen=True, slots=True)
class ExternalSet:
    source: str
    path: Path
    sha256: str
    rows: tuple[ExternalRow, ...]


def _rows(path: Path, source: str, splits: frozenset[str]) -> list[ExternalRow]:
    out: list[ExternalRow] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                text, label = str(d["text"]), int(d["label"])
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise ExternalDataError(f"{path}:{n}: expected a JSON object with text and label ({exc})") from None
            if label not in (0, 1):
                raise ExternalDataError(f"{path}:{n}: label must be 0 or 1, got {label}")
            split = str(d.get("split") or "train")
            if split not in splits:
                continue
            if source == "hatemojibuild":
                ids = sorted({str(d.get("entry_id", n)), str(d.get("matched_id", n))})
                pair = f"{source}:{ids[0]}"
            else:
                pair = f"{source}:{n}"
            out.append(ExternalRow(text.strip(), label, source, str(d.get("group") or ""), pair, split))
    return out


def load_dirs(
    dirs: list[str | Path], sources: tuple[str, ...] = SOURCES, splits: frozenset[str] = frozenset({"train"})
) -> list[ExternalSet]:
    """Every known source file found in `dirs`, in source order; an empty dir list reads nothing."""
    found: list[ExternalSet] = []
    for source in sources:
        for d in dirs:
            path = Path(d) / f"{source}.jsonl"
            if not path.is_file():
                continue
            raw = path.read_bytes()
            found.append(ExternalSet(source, path, hashlib.sha256(raw).hexdigest(), tuple(_rows(path, source, splits))))
            break
    for d in dirs:
        if not Path(d).is_dir():
            raise ExternalDataError(f"--data {d}: not a directory")
    if dirs and not found:
        names = ", ".join(f"{s}.jsonl" for s in sources)
        raise ExternalDataError(f"--data {', '.join(map(str, dirs))}: none of {names} found")
    return found
