"""`groups`: which identity groups a prompt and its response mention. Routes and counts; never flags."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from detectors.base import Batch, Evidence, Finding
from detectors.taxonomy import Taxonomy


class GroupsOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = Field(True, description="run this detector")


class GroupsDetector:
    name = "groups"

    def __init__(self, taxonomy: Taxonomy, options: GroupsOptions | None = None) -> None:
        self.taxonomy = taxonomy
        self.options = options or GroupsOptions()
        self.version = f"1+lexicon.{taxonomy.digest}"

    def detect(self, batch: Batch) -> list[Finding]:
        findings: list[Finding] = []
        prompts = batch.mentions("prompt")
        responses = batch.mentions("response")
        for sample, p_mentions, r_mentions in zip(batch.samples, prompts, responses, strict=True):
            if not p_mentions and not r_mentions:
                continue
            evidence = tuple(
                Evidence(
                    kind="group_term",
                    text=m.term,
                    field=field,
                    span=(m.start, m.end),
                    detail={"axis": m.axis, "group": m.group},
                )
                for field, mentions in (("prompt", p_mentions), ("response", r_mentions))
                for m in mentions
            )
            groups = tuple(sorted({m.group for m in p_mentions} | {m.group for m in r_mentions}))
            findings.append(Finding(self.name, sample.id, 0.0, False, "identity_mention", groups, evidence))
        return findings
