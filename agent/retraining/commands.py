"""The retraining loop's CLI commands: `cycle`, `queue prune`, `review`, `labels`, `harvest`.

Registered on the main parser by agent/cli.py through `add_commands`; each handler takes the parsed
arguments and returns an exit code, like the others.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import Any

from agent.config import AgentConfig, load_config

Handler = Callable[[argparse.Namespace], int]


def _when(ts: float | None) -> str:
    return "-" if ts is None else dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _queue(config: AgentConfig) -> Any:
    from agent.retraining.store import connect

    return connect(config.queue.sqlite.path, config.queue.sqlite.busy_timeout_ms)


def cmd_cycle(args: argparse.Namespace) -> int:
    from agent.retraining import cycles

    config = load_config(args.config)
    conn = _queue(config)
    try:
        if args.cycle_command == "close":
            closed, opened = cycles.close(conn, args.by)
            print(f"closed {closed.cycle_id} ({closed.samples} samples); {opened} is open")
        else:
            rows = cycles.list_cycles(conn)
            if args.json:
                print(json.dumps([r.__dict__ for r in rows], indent=1))
            else:
                print(f"{'cycle':<12} {'opened':<24} {'closed':<24} {'by':<10} samples")
                for r in rows:
                    print(
                        f"{r.cycle_id:<12} {_when(r.opened_at):<24} {_when(r.closed_at):<24} {r.closed_by or '-':<10} "
                        f"{r.samples}"
                    )
    finally:
        conn.close()
    return 0


def cmd_queue(args: argparse.Namespace) -> int:
    from agent.retraining import retention

    config = load_config(args.config)
    conn = _queue(config)
    try:
        counts = retention.apply(conn, config.retraining.retention)
    finally:
        conn.close()
    print("evicted: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def _reviewer(given: str | None) -> str:
    import getpass
    import os

    return given or os.environ.get("BIASWATCH_REVIEWER") or getpass.getuser()


def cmd_review(args: argparse.Namespace) -> int:
    from agent.errors import UsageError
    from agent.retraining.review_queue import Filters

    try:
        from agent.retraining.review import ReviewApp
    except ImportError as exc:
        if (exc.name or "").partition(".")[0] not in ("textual", "rich"):
            raise
        # The sidecar's runtime install leaves the review UI out (pyproject's `review` extra).
        raise UsageError(
            f"biaswatch review needs the review extra ({exc.name} is missing): pip install 'biaswatch[review]'"
        ) from None

    config = load_config(args.config)
    conn = _queue(config)
    filters = Filters(args.cycle, args.group, args.detector, args.min_score, args.max_score)
    try:
        decided = ReviewApp(conn, _reviewer(args.reviewer), filters).run()
    finally:
        conn.close()
    print(f"{decided or 0} decisions stored")
    return 0


def cmd_labels(args: argparse.Namespace) -> int:
    from pathlib import Path

    from agent.errors import UsageError
    from agent.retraining import label_io, labels

    config = load_config(args.config)
    conn = _queue(config)
    try:
        if args.labels_command == "export":
            fmt = args.format or ("csv" if args.out.lower().endswith(".csv") else "jsonl")
            try:
                with open(args.out, "w", encoding="utf-8", newline="") as out:
                    n = label_io.export(conn, out, fmt, args.status, args.cycle)
            except OSError as exc:
                raise UsageError(f"cannot write {args.out}: {exc.strerror}") from None
            print(f"wrote {n} flags to {args.out} ({fmt})")
            return 0
        if args.labels_command == "import":
            report = label_io.import_labels(conn, Path(args.file), args.reviewer, overwrite=args.overwrite)
            print(json.dumps({**report.to_dict(), "agreement": labels.agreement(conn)}, indent=1, ensure_ascii=False))
            if report.errors:
                print(f"biaswatch: {len(report.errors)} invalid rows; nothing imported", file=sys.stderr)
                return 2
            return 3 if report.conflicts or report.refused else 0
        print(json.dumps({"agreement": labels.agreement(conn), "conflicts": len(labels.conflicts(conn))}, indent=1))
        return 0
    finally:
        conn.close()


def cmd_harvest(args: argparse.Namespace) -> int:
    from pathlib import Path

    from agent.errors import UsageError
    from agent.retraining.harvest import harvest

    config = load_config(args.config)
    embed = None
    if "embedding" in config.detector_options():
        from agent.embedder import Embedder

        embed = Embedder(config.embedding_model).encode
    rows = None
    if args.from_kafka:
        if not args.include_pending:
            raise UsageError("--from-kafka reads unreviewed flags: add --include-pending to harvest them")
        from agent.retraining.kafka_rows import kafka_rows

        rows = kafka_rows(config)
    result = harvest(
        config, Path(args.out), cycle=args.cycle, include_pending=args.include_pending, embed=embed, rows=rows
    )
    m = result.manifest
    print(
        f"harvested cycle {m['cycle']}: {m['counts']['originals']} samples + {m['counts']['augmented']} counterfactual "
        f"variants; {m['counts']['sft']} SFT rows, {m['counts']['preferences']} preference pairs; "
        f"near-duplicates by {m['deduplication']['near_method']}; manifest in {Path(args.out) / 'manifest.json'}"
    )
    return 0


def add_commands(sub: Any) -> dict[str, Handler]:
    cyc = sub.add_parser("cycle", help="retraining cycles of the flag queue: list, close the open one")
    csub = cyc.add_subparsers(dest="cycle_command", required=True)
    close = csub.add_parser("close", help="close the open cycle and open the next (atomic)")
    close.add_argument("--config", required=True, help="YAML configuration (names the queue)")
    close.add_argument("--by", default="cli", help="recorded as who closed it (default: cli)")
    lst = csub.add_parser("list", help="cycles with their dates and sample counts")
    lst.add_argument("--config", required=True, help="YAML configuration (names the queue)")
    lst.add_argument("--json", action="store_true", help="machine-readable output")

    queue = sub.add_parser("queue", help="maintenance of the flag queue")
    qsub = queue.add_subparsers(dest="queue_command", required=True)
    prune = qsub.add_parser("prune", help="apply retention now (retraining.retention)")
    prune.add_argument("--config", required=True, help="YAML configuration (names the queue)")

    review = sub.add_parser("review", help="review pending flags in a terminal UI (accept, reject, relabel, correct)")
    review.add_argument("--config", required=True, help="YAML configuration (names the queue)")
    review.add_argument("--reviewer", help="your reviewer id (default: $BIASWATCH_REVIEWER or the login name)")
    review.add_argument("--cycle", help="only flags of this cycle")
    review.add_argument("--group", help="only flags naming this identity group")
    review.add_argument("--detector", help="only flags raised by this detector")
    review.add_argument("--min-score", type=float, help="only flags scoring at least this")
    review.add_argument("--max-score", type=float, help="only flags scoring at most this")

    lab = sub.add_parser("labels", help="export flags for annotation tools, import their labels, reviewer agreement")
    lsub = lab.add_subparsers(dest="labels_command", required=True)
    exp = lsub.add_parser("export", help="flags and their labels as JSONL or CSV")
    exp.add_argument("--config", required=True, help="YAML configuration (names the queue)")
    exp.add_argument("--out", required=True, help="file to write (.jsonl or .csv)")
    exp.add_argument("--format", choices=["jsonl", "csv"], help="default: from the file name")
    exp.add_argument("--status", choices=["pending", "accepted", "rejected", "harvested"], help="only this status")
    exp.add_argument("--cycle", help="only this cycle")
    imp = lsub.add_parser("import", help="read labels back (validated; conflicts reported, never overwritten)")
    imp.add_argument("file", help="JSONL or CSV as written by export, with `label` (and `reviewer`) filled in")
    imp.add_argument("--config", required=True, help="YAML configuration (names the queue)")
    imp.add_argument("--reviewer", help="reviewer id for rows without a `reviewer` column")
    imp.add_argument("--overwrite", action="store_true", help="let a reviewer's new label replace their own older one")
    agr = lsub.add_parser("agreement", help="Cohen's kappa between reviewers, and open conflicts")
    agr.add_argument("--config", required=True, help="YAML configuration (names the queue)")

    hv = sub.add_parser("harvest", help="reviewed flags of a cycle as balanced, augmented fine-tuning data")
    hv.add_argument("--config", required=True, help="YAML configuration (queue, retraining.harvest)")
    hv.add_argument("--out", required=True, help="folder for the JSONL files and manifest.json")
    hv.add_argument("--cycle", help="cycle to harvest (default: the open one)")
    hv.add_argument("--include-pending", action="store_true", help="also unreviewed flags")
    hv.add_argument("--from-kafka", action="store_true", help="read the flagged-sample topic instead of the queue")

    return {
        "cycle": cmd_cycle,
        "queue": cmd_queue,
        "review": cmd_review,
        "labels": cmd_labels,
        "harvest": cmd_harvest,
    }
