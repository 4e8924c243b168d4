"""The offline loop `score` and `baseline build` share: read a JSONL file (or stdin) batch by batch
and run the analyser over it, without sinks, commits or metrics; a read error after the last batch
is raised rather than silently ending the stream early."""

from __future__ import annotations

from collections.abc import Iterator

from agent.analyse import Analyser, BatchOutcome
from agent.config import PipelineConfig
from agent.errors import BiaswatchError
from agent.sources.base import Record, batches
from agent.sources.file import FileSource


def analyse_file(
    analyser: Analyser, path: str, pipeline: PipelineConfig
) -> Iterator[tuple[list[Record], BatchOutcome]]:
    """Each batch of records read from `path` with the analyser's outcome for it. The file is opened
    here, so a missing input fails before the caller creates any output."""
    source = FileSource(path)
    return _analysed(analyser, source, pipeline)


def _analysed(
    analyser: Analyser, source: FileSource, pipeline: PipelineConfig
) -> Iterator[tuple[list[Record], BatchOutcome]]:
    try:
        for records in batches(source, pipeline.batch_size, pipeline.batch_timeout_seconds):
            yield records, analyser.analyse(records)
    finally:
        source.close()
    if source.read_error:
        raise BiaswatchError(source.read_error)
