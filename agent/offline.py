"""The offline loop `score` and `baseline build` share: read a JSONL file (or stdin) batch by batch
and run the analyser over it, without sinks, commits or metrics; a read error after the last batch
is raised rather than silently ending the stream early. The next batch is decoded and encoded while
the detectors run over this one (agent/lookahead.py); results come out in input order."""

from __future__ import annotations

import gc
from collections.abc import Iterator

from agent.analyse import Analyser, BatchOutcome
from agent.config import PipelineConfig
from agent.errors import BiaswatchError
from agent.lookahead import short_switch_interval, staged
from agent.sources.base import Record, batches
from agent.sources.file import FileSource


def freeze_loaded() -> None:
    """Take what is loaded by now (lexicons and their generated forms, the head, the exemplars: some
    220,000 objects) out of the cyclic collector's sight for the rest of this one-shot process.

    They live until the process exits, yet every full collection walked them all again, holding the
    GIL, while the encoder's lanes waited for it to start their next pass. Loading's own garbage is
    collected first, so none of it is kept.
    """
    gc.collect()
    gc.freeze()


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
        # An empty batch (nothing read in time) becomes the look-ahead's "finish what you hold".
        read = (r or None for r in batches(source, pipeline.batch_size, pipeline.batch_timeout_seconds, idle=True))
        with short_switch_interval():
            yield from staged(read, analyser.prepare, analyser.finish)
    finally:
        source.close()
    if source.read_error:
        raise BiaswatchError(source.read_error)
