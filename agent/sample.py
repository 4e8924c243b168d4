"""The canonical sample every source produces and every sink stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Sample:
    id: str
    ts: float
    model: str
    response: str
    prompt: str | None = None
    messages: list[dict[str, Any]] | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    truncated: bool = False
    repairs: tuple[str, ...] = ()  # what decode mended (agent.decode.REPAIRS), for counting and review

    @property
    def prompt_text(self) -> str:
        """The text the user (and system) sent: a string prompt, or the non-assistant chat turns."""
        if self.prompt is not None:
            return self.prompt
        if not self.messages:
            return ""
        return "\n".join(
            str(m.get("content", ""))
            for m in self.messages
            if m.get("role") != "assistant" and isinstance(m.get("content"), str)
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "ts": self.ts, "model": self.model}
        if self.prompt is not None:
            out["prompt"] = self.prompt
        if self.messages is not None:
            out["messages"] = self.messages
        out["response"] = self.response
        out["metadata"] = self.metadata
        if self.truncated:
            out["truncated"] = True
        if self.repairs:
            out["repaired"] = list(self.repairs)
        return out
