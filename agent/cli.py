"""The `biaswatch` command: one subcommand per task; every subcommand, however it is added, gets a
description and the exit-code epilog (`_Subcommands`). Exit codes: 0 ok, 1 runtime failure (a
`BiaswatchError`, one line on stderr), 2 usage or configuration error, 130 interrupted (Ctrl-C)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import textwrap
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING, Any, NoReturn

from agent.config import AgentConfig, load_config
from agent.errors import BiaswatchError, ConfigError, UsageError
from agent.preflight import Kind, Problem, check, exit_code
from agent.progress import progress_bar
from agent.version import __version__

if TYPE_CHECKING:
    from agent.analyse import InvalidResult, SampleResult

log = logging.getLogger("biaswatch")


EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_CODES = f"""exit codes:
  {EXIT_OK}    success
  {EXIT_FAILURE}    runtime failure (one line on stderr)
  {EXIT_USAGE}    usage or configuration error
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C)"""


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


class _Subcommands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Every subcommand gets the conventions, however it is added (here, or by a package's
    `add_commands(sub)`): a description (its help as a sentence unless given) and the exit codes
    at the end of its --help."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        description = kwargs.pop("description", None) or _sentence(kwargs.get("help") or name)
        kwargs["description"] = textwrap.fill(description, 100)
        epilog = kwargs.pop("epilog", None)
        kwargs["epilog"] = f"{epilog}\n\n{EXIT_CODES}" if epilog else EXIT_CODES
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        parser: argparse.ArgumentParser = super().add_parser(name, **kwargs)
        return parser


class _Parser(argparse.ArgumentParser):
    """Usage errors are one line (argparse prints the whole usage block), exit 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register("action", "parsers", _Subcommands)

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def _command(
    sub: argparse._SubParsersAction[_Parser], name: str, summary: str, description: str = "", epilog: str = ""
) -> _Parser:
    """Adds a subcommand: `summary` for the command list, an optional longer description and epilog
    (the exit codes are appended by `_Subcommands` in any case)."""
    parser = sub.add_parser(name, help=summary, description=description or None, epilog=epilog or None)
    assert isinstance(parser, _Parser)
    return parser


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be within [0, 1], got {value:g}")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be within [0, 65535], got {value}")
    return value


def _parser() -> _Parser:
    p = _Parser(
        prog="biaswatch",
        description="Monitor LLM traffic for bias against groups of people.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"biaswatch {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = p.add_subparsers(dest="command", required=True)

    run = _command(
        sub,
        "run",
        summary="run the agent on the configured source",
        description="Run the agent: read the configured source (file, http or kafka), run the detectors, "
        "export Prometheus metrics and keep flagged samples in the queue, until stopped. SIGTERM drains "
        "in-flight batches and exits 0; Ctrl-C (SIGINT) drains and exits 130; a second signal stops at once.",
        epilog="See docs/configuration.md for every option; `biaswatch check-config FILE` validates one.",
    )
    run.add_argument("--config", required=True, help="YAML configuration file")

    score = _command(
        sub,
        "score",
        summary="offline audit: one JSON result line per input line",
        epilog="Output lines follow docs/score-format.md.",
    )
    score.add_argument("input", help='JSONL file, or "-" for stdin')
    score.add_argument("--output", required=True, help='output JSONL file, or "-" for stdout')
    score.add_argument("--config", help="YAML configuration (detectors, mapping, limits)")

    replay = _command(sub, "replay", summary="run the full pipeline over a recorded stream and write a report")
    replay.add_argument("input", help='JSONL file, or "-" for stdin')
    replay.add_argument("--config", required=True, help="YAML configuration file")
    replay.add_argument("--report", required=True, help="where to write the JSON report")

    check = _command(sub, "check-config", summary="validate a configuration file")
    check.add_argument("file")

    demo = _command(sub, "demo", summary="generate traffic, run the agent over it, print a summary")
    demo.add_argument("--samples", type=_count, default=2000, help="synthetic samples to generate (default 2000)")
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--out", default="demo-output", help="folder for traffic, queue and report")
    demo.add_argument("--port", type=_port, default=0, help="metrics port (default: a free one)")

    baseline = _command(sub, "baseline", summary="reference baselines for drift tests")
    bsub = baseline.add_subparsers(dest="baseline_command", required=True)
    build = _command(bsub, "build", summary="build a drift baseline from a JSONL file")
    build.add_argument("input", help='JSONL file, or "-" for stdin')
    build.add_argument("--config", required=True, help="YAML configuration (detectors, drift section)")
    build.add_argument("--out", required=True, help="baseline file to write (.npz)")
    insp = _command(
        bsub,
        "inspect",
        summary="show a baseline: models, counts and the scorer behind each reference",
        description="Show what a drift baseline holds: per model its sample and flag counts and the scorer "
        "(detector versions, lexicon digests, thresholds, sample-score rule) that produced its scores and flags. "
        "With --config, also what an agent with that configuration does with each reference at start: use it, "
        "re-learn its score and flag references from the stream (another scorer), re-learn all of it, or refuse "
        "the file (another embedding model). Exits 1 when it would not use every reference as is.",
    )
    insp.add_argument("baseline", help="baseline file (.npz)")
    insp.add_argument("--config", help="YAML configuration of the agent that would load it")
    insp.add_argument("--json", action="store_true", help="print JSON instead of text")

    rep = _command(sub, "report", summary="render a replay report")
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

    tr = _command(
        sub, "train-detector", summary="fine-tune the encoder's top layers and rebuild the embedding detector's head"
    )
    tr.add_argument("--output", help="head JSON to write (default: the bundled detectors/data/embedding_head.json)")
    tr.add_argument("--seed", type=int, default=13)
    tr.add_argument(
        "--reviewed",
        metavar="QUEUE.sqlite",
        help="also learn from reviewed flags of this queue: accepted ones as biased, rejected ones as benign",
    )
    tr.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="DIR",
        help="directory holding third-party training sets (redditbias.jsonl, hatemojibuild.jsonl; see README); "
        "repeatable",
    )
    tr.add_argument("--no-finetune", action="store_true", help="keep the base encoder frozen; fit the head only")
    tr.add_argument("--max-steps", type=int, help="stop fine-tuning after this many steps (quick checks)")
    tr.add_argument("--learning-rate", type=float, default=2e-5, help="fine-tuning learning rate (AdamW)")
    tr.add_argument(
        "--objective",
        choices=("classify", "contrastive"),
        default="classify",
        help="fine-tuning loss: weighted cross-entropy through a temporary linear layer, or SetFit-style pairs",
    )
    tr.add_argument("--train-layers", type=int, default=2, help="how many of the encoder's top layers are tuned (1-6)")
    tr.add_argument("--epochs", type=int, default=1, help="fine-tuning passes over the training rows")
    tr.add_argument(
        "--encoder-delta",
        metavar="DELTA.safetensors",
        help="skip fine-tuning: refit the head on this earlier delta (after a lexicon or data edit)",
    )
    tr.add_argument(
        "--external-weight",
        type=float,
        default=1.0,
        help="weight of each --data and --reviewed row against an authored one in the head's fit (recorded)",
    )
    tr.add_argument("--threads", type=int, default=2, help="torch threads (the same count reproduces the same weights)")

    ex = sub.add_parser(
        "export-encoder", help="export the embedding model to int8 ONNX for the torch-free runtime (needs [train])"
    )
    ex.add_argument("--model", help="sentence-transformers model folder (default: embedding_model.path, else bundled)")
    ex.add_argument("--out", help="artefact folder to write (default: where the agent looks for it)")
    ex.add_argument("--config", help="YAML configuration whose embedding_model section names the model and output")
    ex.add_argument("--force", action="store_true", help="export even when the artefact is up to date")

    gen = _command(sub, "generate", summary="write a synthetic LLM traffic file")
    gen.add_argument("--samples", type=_count, default=1000)
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--biased-rate", type=_rate, default=0.05, help="share of biased responses, in [0, 1]")
    gen.add_argument("--invalid-rate", type=_rate, default=0.0, help="share of malformed records, in [0, 1]")
    gen.add_argument("--out", required=True, help='output JSONL file, or "-" for stdout')

    from agent.retraining.commands import add_commands

    COMMANDS.update(add_commands(sub))
    return p


def _install_signals(stop: threading.Event) -> list[int]:
    """SIGTERM/SIGINT set `stop` (the loop drains); returns the signals received, in order."""
    received: list[int] = []

    def handler(signum: int, _frame: FrameType | None) -> None:
        received.append(signum)
        if stop.is_set():
            raise SystemExit(128 + signum)  # a second signal means "now"
        log.info("signal %d: draining and stopping", signum)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    return received


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
    received = _install_signals(stop)
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
    # SIGTERM is how orchestrators stop a service: a clean exit. Ctrl-C keeps the shell convention.
    return EXIT_INTERRUPTED if received[:1] == [signal.SIGINT] else EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    from agent.assemble import build
    from agent.offline import analyse_file, freeze_loaded

    config = load_config(args.config) if args.config else AgentConfig()
    c = build(config)
    freeze_loaded()
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
    if args.baseline_command == "inspect":
        return _baseline_inspect(args)
    from agent.drift.build import build_baseline

    config = load_config(args.config)
    baseline = build_baseline(config, args.input, args.out)
    sizes = ", ".join(f"{k}: {r.samples}" for k, r in baseline.references.items())
    print(f"wrote {args.out}: model {baseline.model_hash}, samples per model {{{sizes}}}")
    scorers = {r.scorer.describe() for r in baseline.references.values() if r.scorer is not None}
    for line in sorted(scorers):
        print(line)
    return 0


def _baseline_inspect(args: argparse.Namespace) -> int:
    from agent.drift.inspection import inspect_baseline

    config = load_config(args.config) if args.config else None
    info, text, as_is = inspect_baseline(args.baseline, config)
    print(json.dumps(info, indent=2) if args.json else text)
    return EXIT_OK if as_is else EXIT_FAILURE


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
    from agent.tools.train import TrainOptions, train_detector

    extra: dict[str, Any] = {}
    if args.reviewed:
        from agent.retraining.train_hook import reviewed_kwargs

        extra = reviewed_kwargs(args.reviewed, train_detector)
    options = TrainOptions(
        output=args.output,
        seed=args.seed,
        data_dirs=tuple(args.data),
        finetune=not args.no_finetune,
        max_steps=args.max_steps,
        threads=args.threads,
        learning_rate=args.learning_rate,
        external_weight=args.external_weight,
        objective=args.objective,
        train_layers=args.train_layers,
        epochs=args.epochs,
        encoder_delta=args.encoder_delta,
    )
    if args.external_weight < 0:
        raise UsageError("--external-weight must be >= 0")
    if not 1 <= args.train_layers <= 6 or args.epochs < 1:
        raise UsageError("--train-layers must be 1-6 and --epochs at least 1")
    path, version = train_detector(args.output, args.seed, options=options, **extra)
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
            if current.matches_source(model) and current.recipe == mf.EXPORT_RECIPE:
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
    long, graphs = manifest.long_graph, fid.get("by_graph", {})
    if long is not None and "long" in graphs:
        g = graphs["long"]
        print(
            f"  texts of {long[1]}+ tokens run through {long[0].name}: {g['texts']} of them, "
            f"mean {g['mean']}, min {g['min']}"
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
        return EXIT_USAGE
    except BiaswatchError as exc:
        print(f"biaswatch: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("biaswatch: interrupted", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        # A reader thread may be blocked on stdin (score -, replay -): a normal interpreter shutdown
        # would wait for its lock on the stream and abort (SIGABRT). Outputs are closed by now.
        os._exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    sys.exit(main())
