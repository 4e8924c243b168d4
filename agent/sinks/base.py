"""The sink contract: where a batch's flags and dead letters become durable before the source commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from agent.sample import Sample
from agent.sources.base import Record
from detectors.base import Finding


@dataclass(frozen=True, slots=True)
class FlagRecord:
    sample: Sample
    record: Record
    findings: Sequence[Finding]
    score: float
    groups: Sequence[str]
    fully_analysed: bool = True
    # What redaction did before storage ({"enabled": bool, "counts": {type: n}}); None: not run.
    redaction: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class DeadLetter:
    record: Record
    reason: str
    message: str
    stage: str = "decode"  # agent.decode.STAGES: where the record was refused
    # What redaction did to payload, key, headers and message ({"enabled", "counts"}); None: not run.
    redaction: Mapping[str, Any] | None = None

    @property
    def redacted(self) -> bool:
        return bool(self.redaction and self.redaction.get("enabled"))


@dataclass(frozen=True, slots=True)
class WriteResult:
    inserted: int
    duplicates: int
    dead_letters: int


class Sink(Protocol):
    name: str  # a metric label: "sqlite", "kafka", "kafka_dead_letters"
    # Failures worth retrying without committing the source (a locked file, a broker away).
    transient: tuple[type[BaseException], ...]

    def write(self, flags: Sequence[FlagRecord], dead_letters: Sequence[DeadLetter] = ()) -> WriteResult:
        """Make the batch durable; on return it survives a crash of this process."""
        ...

    def close(self) -> None: ...


class FlagsOnly:
    """A sink that keeps flags but leaves dead letters to another sink (the Kafka dead-letter topic)."""

    def __init__(self, inner: Sink) -> None:
        self.inner = inner
        self.name = inner.name
        self.transient = inner.transient

    def write(self, flags: Sequence[FlagRecord], dead_letters: Sequence[DeadLetter] = ()) -> WriteResult:
        return self.inner.write(flags, ())

    def close(self) -> None:
        self.inner.close()
