"""`biaswatch replay`: the `run` pipeline over a recorded stream, as fast as it goes, with a JSON
report of the whole run (its own module so the demo can call it without importing the CLI)."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from agent.config import AgentConfig, FileSourceConfig
from agent.progress import progress_bar
from agent.service import RunOptions


def replay(
    config: AgentConfig,
    input_path: str,
    report_path: str | None,
    progress: bool,
    options: RunOptions | None = None,
) -> dict[str, Any]:
    """The `run` pipeline over a recorded stream, as fast as it goes, with a report of the whole run."""
    from agent.retraining.redact import Redactor
    from agent.retraining.scrub import Scrubber
    from agent.service import run
    from agent.tools.report import RunReport

    config = config.model_copy(update={"source": FileSourceConfig(path=input_path)})
    # The report quotes flagged responses and evidence: redacted like every stored flag.
    report = RunReport(scrubber=Scrubber(Redactor(config.redaction)))
    bar = progress_bar(progress, "replaying")
    opts = options or RunOptions(serve_metrics=False)
    opts.observers.append(report)
    opts.drift_clock = "records"
    opts.on_drift = lambda drift: report.sections.__setitem__("drift", drift.report)
    if bar is not None:
        opts.on_batch = bar.update
    try:
        run(config, threading.Event(), opts)
    finally:
        if bar is not None:
            bar.close()
    data = report.to_dict()
    data["config_hash"] = config.digest()
    if report_path:
        Path(report_path).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return data
