"""The `biaswatch` command. Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING, Any

from agent.config import AgentConfig, load_config
from agent.errors import BiaswatchError, ConfigError, UsageError
from agent.preflight import Kind, Problem, check, exit_code
from agent.progress import progress_bar
from agent.version import __version__

if TYPE_CHECKING:
    from agent.analyse import InvalidResult, SampleResult

log = logging.getLogger("biaswatch")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="biaswatch", description="Monitor LLM traffic for bias against groups of people.")
    p.add_argument("--version", action="version", version=f"biaswatch {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the agent on the configured source")
    run.add_argument("--config", required=True, help="YAML configuration file")

    score = sub.add_parser("score", help="offline audit: one JSON result line per input line")
    score.add_argument("input", help='JSONL file, or "-" for stdin')
    score.add_argument("--output", required=True, help='output JSONL file, or "-" for stdout')
    score.add_argument("--config", help="YAML configuration (detectors, mapping, limits)")

    replay = sub.add_parser("replay", help="run the full pipeline over a recorded stream and write a report")
    replay.add_argument("input", help='JSONL file, or "-" for stdin')
    replay.add_argument("--config", required=True, help="YAML configuration file")
    replay.add_argument("--report", required=True, help="where to write the JSON report")

    check = sub.add_parser("check-config", help="validate a configuration file")
    check.add_argument("file")

    demo = sub.add_parser("demo", help="generate traffic, run the agent over it, print a summary")
    demo.add_argument("--samples", type=int, default=2000, help="synthetic samples to generate (default 2000)")
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--out", default="demo-output", help="folder for traffic, queue and report")
    demo.add_argument("--port", type=int, default=0, help="metrics port (default: a free one)")

    baseline = sub.add_parser("baseline", help="reference baselines for drift tests")
    bsub = baseline.add_subparsers(dest="baseline_command", required=True)
    build = bsub.add_parser("build", help="build a drift baseline from a JSONL file")
    build.add_argument("input", help='JSONL file, or "-" for stdin')
    build.add_argument("--config", required=True, help="YAML configuration (detectors, drift section)")
    build.add_argument("--out", required=True, help="baseline file to write (.npz)")

    rep = sub.add_parser("report", help="render a replay report")
    rep.add_argument("report", help="JSON report written by `replay --report`")
    rep.add_argument("--html", required=True, help="self-contained HTML page to write")

    ev = sub.add_parser(
        "eval",
        help="score a labeled JSONL file (AUCs, per-group false flags, BPSN/BNSP) or, with --functional, "
        "the authored functional suite",
    )
    ev.add_argument("input", nargs="?", help='JSONL with "text" (or "response"), "label", optional "group"')
    ev.add_argument("--output", help="where to write the JSON report")
    ev.add_argument("--config", help="YAML configuration (detectors and thresholds to evaluate)")
    ev.add_argument("--benign", action="store_true", help="unlabeled benign text: report flag rates per group")
    ev.add_argument(
        "--functional",
        action="store_true",
        help="score the functional test suite (bench/functional): accuracy per functionality, axis and group",
    )
    ev.add_argument("--suite", help="functional suite directory (default: bench/functional of this source tree)")
    ev.add_argument(
        "--slice",
        type=int,
        metavar="N",
        help="with --functional: a fixed stratified slice of N cases per functionality (CI uses 2)",
    )

    tr = sub.add_parser("train-detector", help="rebuild the embedding detector's head from the authored data")
    tr.add_argument("--output", help="head JSON to write (default: the bundled detectors/data/embedding_head.json)")
    tr.add_argument("--seed", type=int, default=13)
    tr.add_argument(
        "--reviewed",
        metavar="QUEUE.sqlite",
        help="also learn from reviewed flags of this queue: accepted ones as biased, rejected ones as benign",
    )

    ex = sub.add_parser(
        "export-encoder", help="export the embedding model to int8 ONNX for the torch-free runtime (needs [train])"
    )
    ex.add_argument("--model", help="sentence-transformers model folder (default: embedding_model.path, else bundled)")
    ex.add_argument("--out", help="artefact folder to write (default: where the agent looks for it)")
    ex.add_argument("--config", help="YAML configuration whose embedding_model section names the model and output")
    ex.add_argument("--force", action="store_true", help="export even when the artefact is up to date")

    gen = sub.add_parser("generate", help="write a synthetic LLM traffic file")
    gen.add_argument("--samples", type=int, default=1000)
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--biased-rate", type=float, default=0.05)
    gen.add_argument("--invalid-rate", type=float, default=0.0)
    gen.add_argument("--out", required=True, help='output JSONL file, or "-" for stdout')

    from agent.retraining.commands import add_commands

    COMMANDS.update(add_commands(sub))
    return p


def _install_signals(stop: threading.Event) -> None:
    def handler(signum: int, _frame: FrameType | None) -> None:
        if stop.is_set():
            raise SystemExit(1)  # a second signal means "now"
        log.info("signal %d: draining and stopping", signum)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def _open_out(path: str) -> IO[str]:
    if path == "-":
        return sys.stdout
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None


def _report_problems(where: str, problems: list[Problem]) -> int:
    for p in problems:
        label = "error" if p.kind == "config" else "environment"
        print(f"biaswatch: {label}: {where}: {p.message}", file=sys.stderr)
    return exit_code(problems)


def cmd_check_config(args: argparse.Namespace) -> int:
    config = load_config(args.file)
    problems = check(config)
    if problems:
        return _report_problems(args.file, problems)
    print(f"{args.file}: ok (config hash {config.digest()}; detectors: {', '.join(config.detector_options())})")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from agent.service import RunOptions, run

    config = load_config(args.config)
    logging.getLogger().setLevel(config.log_level if not args.verbose else "DEBUG")
    problems = check(config)
    if problems:
        return _report_problems(args.config, problems)
    stop = threading.Event()
    _install_signals(stop)
    ready = threading.Event()
    try:
        run(config, stop, RunOptions(on_ready=lambda _: ready.set()))
    except (BiaswatchError, KeyboardInterrupt):
        raise
    except Exception as exc:
        if ready.is_set():
            raise  # a failure while running is a bug to report with its traceback
        # Start-up failed on something the checks could not see (a port taken since, a broker
        # host that does not resolve): one line, and the exit code says whose move it is.
        kind: Kind = "config" if isinstance(exc, ValueError) else "environment"
        return _report_problems(args.config, [Problem(kind, f"start-up failed: {type(exc).__name__}: {exc}")])
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from agent.assemble import build
    from agent.offline import analyse_file

    config = load_config(args.config) if args.config else AgentConfig()
    c = build(config)
    scored = analyse_file(c.analyser, args.input, config.pipeline)  # opens the input before the output
    out = _open_out(args.output)
    bar = progress_bar(sys.stderr.isatty(), "scoring")
    try:
        for records, outcome in scored:
            for item in outcome.ordered:
                out.write(_score_json(item) + "\n")
            if bar is not None:
                bar.update(len(records))
    finally:
        if bar is not None:
            bar.close()
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()
    return 0


def _score_json(item: SampleResult | InvalidResult) -> str:
    """One output line, whatever the item holds: the contract is one line out per line in."""
    number = int(item.record.position.rsplit(":", 1)[1])
    try:
        return json.dumps({**item.score_line(), "line": number}, ensure_ascii=False)
    except (TypeError, ValueError) as exc:  # a plugin's evidence that JSON cannot hold
        error = {"reason": "poison", "stage": "output", "message": f"cannot write the result: {exc}"[:500]}
        return json.dumps({"id": None, "error": error, "line": number}, ensure_ascii=True)


def cmd_replay(args: argparse.Namespace) -> int:
    from agent.replay import replay

    config = load_config(args.config)
    data = replay(config, args.input, args.report, sys.stderr.isatty())
    print(
        f"{data['records']} records: {data['samples']} samples, {data['invalid']} invalid, "
        f"{data['flagged']} flagged; report in {args.report}"
    )
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    if args.samples < 1:
        raise UsageError("--samples must be at least 1")
    for flag, rate in (("--biased-rate", args.biased_rate), ("--invalid-rate", args.invalid_rate)):
        if not 0.0 <= rate <= 1.0:
            raise UsageError(f"{flag} must be within [0, 1], got {rate:g}")
    from agent.tools.traffic import TrafficSpec, write, write_to

    spec = TrafficSpec(n=args.samples, seed=args.seed, biased_rate=args.biased_rate, invalid_rate=args.invalid_rate)
    if args.out == "-":
        stats = write_to(spec, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        print(f"wrote stdout: {stats}", file=sys.stderr)
    else:
        print(f"wrote {args.out}: {write(spec, Path(args.out))}")
    return 0


def cmd_baseline(args: argparse.Namespace) -> int:
    from agent.drift.build import build_baseline

    config = load_config(args.config)
    baseline = build_baseline(config, args.input, args.out)
    sizes = ", ".join(f"{k}: {r.samples}" for k, r in baseline.references.items())
    print(f"wrote {args.out}: model {baseline.model_hash}, samples per model {{{sizes}}}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from agent.drift.report_html import write_html

    write_html(args.report, args.html)
    print(f"wrote {args.html}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from agent.tools.demo import demo

    return demo(args.samples, args.seed, Path(args.out), args.port)


def cmd_eval(args: argparse.Namespace) -> int:
    from agent.tools.evaluate import evaluate, summary

    config = load_config(args.config) if args.config else AgentConfig()
    if args.functional:
        from agent.tools.functional_eval import evaluate_functional, functional_summary

        if args.input or args.benign:
            raise UsageError("--functional scores the bundled suite: give no input file and no --benign")
        if args.slice is not None and args.slice < 1:
            raise UsageError("--slice must be at least 1")
        report = evaluate_functional(config, Path(args.suite) if args.suite else None, args.slice)
        text = functional_summary(report)
    else:
        if not args.input:
            raise UsageError("eval needs an input file (or --functional)")
        if args.slice is not None or args.suite:
            raise UsageError("--slice and --suite go with --functional")
        report = evaluate(config, args.input, benign=args.benign)
        text = summary(report)
    if args.output:
        Path(args.output).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(text)
    return 0


def cmd_train_detector(args: argparse.Namespace) -> int:
    from agent.tools.train import train_detector

    extra: dict[str, Any] = {}
    if args.reviewed:
        from agent.retraining.train_hook import reviewed_kwargs

        extra = reviewed_kwargs(args.reviewed, train_detector)
    path, version = train_detector(args.output, args.seed, **extra)
    print(f"wrote {path} ({version})")
    return 0


def cmd_export_encoder(args: argparse.Namespace) -> int:
    from agent.embedder import default_encoder_dir, source_model_path
    from agent.encoder import manifest as mf
    from agent.encoder.export import export

    config = (load_config(args.config) if args.config else AgentConfig()).embedding_model
    if args.model:
        config = config.model_copy(update={"path": args.model})
    model = source_model_path(config)
    out = Path(args.out) if args.out else default_encoder_dir(config)
    if not args.force:
        try:
            current = mf.load(out)
            current.verify()
            if current.matches_source(model):
                print(f"{out}: up to date ({current.encoder_hash}); --force to export again")
                return 0
        except mf.ManifestError:
            pass
    manifest = export(model, out)
    fid = manifest.data.get("fidelity", {})
    print(
        f"wrote {manifest.onnx_path} ({manifest.encoder_hash}); cosine to torch on {fid.get('texts')} authored "
        f"texts: mean {fid.get('mean')}, 1st percentile {fid.get('p01')}, min {fid.get('min')}"
    )
    return 0


COMMANDS = {
    "run": cmd_run,
    "score": cmd_score,
    "replay": cmd_replay,
    "check-config": cmd_check_config,
    "demo": cmd_demo,
    "generate": cmd_generate,
    "baseline": cmd_baseline,
    "report": cmd_report,
    "eval": cmd_eval,
    "train-detector": cmd_train_detector,
    "export-encoder": cmd_export_encoder,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return COMMANDS[args.command](args)
    except (ConfigError, UsageError) as exc:
        print(f"biaswatch: error: {exc}", file=sys.stderr)
        return 2
    except BiaswatchError as exc:
        print(f"biaswatch: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 1


if __name__ == "__main__":
    sys.exit(main())
