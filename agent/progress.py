"""The optional terminal progress bar the offline commands show on stderr."""

from __future__ import annotations

import sys
from typing import Any


def progress_bar(enabled: bool, desc: str) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(desc=desc, unit="rec", file=sys.stderr)
