"""Generated tables spliced into hand-written docs: the text between two marker comments is replaced
by a table built from the code, so prose stays editable and a test can tell when the table is stale.
Used by agent/configdoc.py (docs/configuration.md) and agent/metrics/doc.py (docs/metrics.md)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path


def splice(doc: str, begin: str, end: str, table: str) -> str:
    head, _, rest = doc.partition(begin)
    _, _, tail = rest.partition(end)
    return f"{head}{begin}\n{table}\n{end}{tail}"


def main(argv: Sequence[str], path: Path, render: Callable[[str], str], table: Callable[[], str]) -> int:
    """`--write` rewrites the doc in place; without it the table goes to stdout."""
    if "--write" in argv:
        path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(table())
    return 0
