"""The retraining loop's CLI commands: `cycle`, `queue prune`, `review`, `labels`, `harvest`.

Registered on the main parser by agent/cli.py through `add_commands`; each handler takes the parsed
arguments and returns an exit code, like the others.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
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
    from agent.retraining.review import ReviewApp
    from agent.retraining.review_queue import Filters

    config = load_config(args.config)
    conn = _queue(config)
    filters = Filters(args.cycle, args.group, args.detector, args.min_score, args.max_score)
    try:
        decided = ReviewApp(conn, _reviewer(args.reviewer), filters).run()
    finally:
        conn.close()
    print(f"{decided or 0} decisions stored")
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

    return {"cycle": cmd_cycle, "queue": cmd_queue, "review": cmd_review}
