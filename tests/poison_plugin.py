"""A detector plugin for tests: raises on any response containing POISON, finds nothing otherwise.

Registered through the real `biaswatch.detectors` entry point (see `install`), so a `biaswatch run`
subprocess loads it exactly as it would a third-party detector.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from detectors.base import Batch, Detector, Finding
from detectors.registry import DetectorContext, DetectorSpec

MARKER = "POISON-PILL"


class PoisonOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PoisonSensitive:
    name = "poison_sensitive"
    version = "1"

    def detect(self, batch: Batch) -> list[Finding]:
        for s in batch.samples:
            if MARKER in s.response:
                raise ValueError(f"cannot handle sample {s.id}")
        return [Finding(self.name, s.id, 0.0, False, "none") for s in batch.samples]


def _factory(ctx: DetectorContext, opts: BaseModel) -> Detector:
    return PoisonSensitive()


SPEC = DetectorSpec(PoisonOptions, _factory)


def install(site: Path) -> Path:
    """Write a dist-info registering the plugin into `site`; put `site` on PYTHONPATH to use it."""
    info = site / "biaswatch_poison_plugin-0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: biaswatch-poison-plugin\nVersion: 0\n")
    (info / "entry_points.txt").write_text("[biaswatch.detectors]\npoison_sensitive = tests.poison_plugin:SPEC\n")
    return site
