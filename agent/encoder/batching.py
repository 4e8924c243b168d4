"""Token-budgeted batches (the torch backend): texts sorted by length, each pass bounded by its padded tokens.

Activations, not weights, dominate the encoder's memory, and they grow with rows x padded length
(attention with its square). Bounding passes by rows alone lets one batch of long texts take many
times the memory of a batch of short ones; bounding them by padded tokens keeps the peak flat
whatever the lengths, while short texts still get wide passes.
"""

from __future__ import annotations

from collections.abc import Sequence


def dedupe(texts: Sequence[str]) -> tuple[list[str], list[int]]:
    """Distinct texts in first-seen order, and for each input the index of its distinct text."""
    first: dict[str, int] = {}
    where = [first.setdefault(t, len(first)) for t in texts]
    return list(first), where


def token_batches(lengths: Sequence[int], max_tokens: int, max_rows: int) -> list[list[int]]:
    """Indices into `lengths`, grouped into passes of ascending length.

    A pass holds at most `max_rows` texts and at most `max_tokens` padded tokens (rows times the
    longest length in it); a single text longer than the budget still gets a pass of its own.
    """
    if max_tokens < 1 or max_rows < 1:
        raise ValueError("max_tokens and max_rows must be positive")
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    out: list[list[int]] = []
    current: list[int] = []
    for i in order:
        # Ascending order: the newcomer is the longest, so it sets the padded width.
        width = max(lengths[i], 1)
        if current and (len(current) + 1 > max_rows or (len(current) + 1) * width > max_tokens):
            out.append(current)
            current = []
        current.append(i)
    if current:
        out.append(current)
    return out
