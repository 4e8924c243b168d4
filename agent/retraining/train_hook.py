"""How `train-detector --reviewed QUEUE` hands reviewed flags to the trainer.

The trainer takes them as a `reviewed` keyword of (text, label) rows; until the trainer on this
branch accepts that keyword, the flag is refused with a clear error rather than ignored.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from agent.errors import UsageError
from agent.retraining.reviewed import reviewed_rows


def reviewed_kwargs(queue: str, trainer: Callable[..., Any]) -> dict[str, Any]:
    rows = reviewed_rows(queue)
    if not rows:
        raise UsageError(f"{queue}: no reviewed flags (accepted or rejected, reviewers agreeing) to learn from")
    if "reviewed" not in inspect.signature(trainer).parameters:
        raise UsageError("this train-detector does not take reviewed rows yet (needs a `reviewed` parameter)")
    return {"reviewed": [(r.text, r.label) for r in rows]}
