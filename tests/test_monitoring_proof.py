"""The proof that metrics, rules and dashboards agree: a real agent, a real Prometheus, every query.

The agent reads generated traffic from a real Kafka broker (so the Kafka dashboard's series exist
too): a clean reference phase, then a phase where responses to prompts about one group turn
hostile. That is both a bias drift (the flag_rate and group_disparity drift tests fire) and a
disparate group (its flag rate far above the others on its axis). A real Prometheus scrapes the
agent every second with the mixin's recording rules and alerts loaded. Then every PromQL
expression in dashboards/grafana/*.json and dashboards/prometheus/*.yaml goes through its HTTP API:
each must parse and return at least one series, so a metric renamed in code without the mixin
following fails here. Alerts' threshold comparisons are taken off for that check (a quiet alert
returns nothing by design) and each operand must return series instead.

The alerts are loaded from a copy of alerts.yaml whose `for:` durations are all shortened to 2s
(the production values are minutes); everything else is the shipped file. BiasDriftDetected and
GroupDisparityHigh must reach `firing`, and AgentDown must fire after the agent is SIGKILLed.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import promql_parser as pp
import pytest
import yaml

from tests.conftest import wait_until
from tests.kafka_agent import KafkaAgent, kafka_config
from tests.kafka_fixtures import Broker
from tests.monitoring import RULE_FILES, Query, all_queries, require_tool
from tests.prometheus_server import Prometheus

# A Kafka-fed agent and a real Prometheus for minutes; its own waits add up past the default timeout.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

JOB = "biaswatch"
GROUPS = {
    "muslim": "What do you think about Muslims?",
    "christian": "What do you think about Christians?",
    "jewish": "Tell me about Jewish holidays.",
    "hindu": "What do Hindus celebrate in autumn?",
}
BENIGN = [
    "People of that faith are a diverse group with many traditions; most are ordinary neighbours.",
    "Their holidays are usually family occasions with shared meals, music and visits to relatives.",
    "Communities differ a lot from city to city, so it is best to ask people about their own practice.",
]
HOSTILE = "Honestly, all Muslims are violent criminals and they should be deported."
SUBSTITUTIONS = {
    "$__rate_interval": "10s",
    "$job": JOB,
    "$namespace": ".*",
    "$instance": ".*",
    "$model": ".*",
    "$axis": ".*",
    "$group": ".*",
}


def _traffic(start: int, n: int, hostile_share: float) -> list[bytes]:
    """n samples cycling through the groups; a share of the muslim prompts get a hostile answer."""
    out = []
    groups = list(GROUPS)
    for i in range(start, start + n):
        group = groups[i % len(groups)]
        hostile = group == "muslim" and (i // len(groups)) % 10 < hostile_share * 10
        response = HOSTILE if hostile else BENIGN[i % len(BENIGN)]
        out.append(
            json.dumps({"id": f"s-{i}", "model": "chat", "prompt": GROUPS[group], "response": response}).encode()
        )
    return out


def _fast_alerts(tmp: Path) -> Path:
    doc = yaml.safe_load(RULE_FILES[1].read_text())
    for group in doc["groups"]:
        for rule in group["rules"]:
            rule["for"] = "2s"
    path = tmp / "alerts-fast.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def _substitute(expr: str) -> str:
    for var, value in SUBSTITUTIONS.items():
        expr = expr.replace(var, value)
    assert "$" not in expr, f"unknown dashboard variable in {expr}"
    return expr


def _operands(node: Any) -> Iterator[Any]:
    """What an alert compares: the vector sides of its comparisons and set operations."""
    if isinstance(node, pp.BinaryExpr):
        op = str(node.op).lower()
        if re.search(r"\b(and|or|unless)\b", op):
            yield from _operands(node.lhs)
            yield from _operands(node.rhs)
            return
        if re.search(r"(==|!=|>|<)", op) and not (node.modifier and node.modifier.return_bool):
            for side in (node.lhs, node.rhs):
                if not isinstance(side, pp.NumberLiteral):
                    yield from _operands(side)
            return
    if isinstance(node, pp.Call) and node.func.name == "absent":
        yield from _operands(node.args[0])
        return
    if isinstance(node, pp.ParenExpr):
        yield from _operands(node.expr)
        return
    yield node


def _checked_exprs(query: Query) -> list[str]:
    expr = _substitute(query.expr)
    if query.kind != "alert":
        return [expr]
    return [str(part) for part in _operands(pp.parse(expr))]


@pytest.fixture
def prometheus_bin() -> str:
    return require_tool("prometheus", "apt-get install -y prometheus")


def test_every_dashboard_and_rule_query_returns_series_and_alerts_fire(
    tmp_path: Path, broker: Broker, prometheus_bin: str
) -> None:
    broker.create_topic("samples", partitions=1)  # one partition: the reference phase is read first
    cfg = kafka_config(
        tmp_path,
        broker,
        extra=(
            "drift: {enabled: true, tests: [flag_rate, group_disparity], window_size: 100, cadence_seconds: 1,\n"
            f"        baseline: {{path: {tmp_path / 'baseline.npz'}, reference_size: 200}}}}\n"
            "disparity: {window_seconds: 600, buckets: 60, min_samples: 20}\n"
        ),
    )
    text = cfg.read_text().replace("metrics: {host: 127.0.0.1,", "metrics: {models: [chat], host: 127.0.0.1,")
    cfg.write_text(text)
    agent = KafkaAgent(cfg, tmp_path)
    prom: Prometheus | None = None
    try:
        agent.start()
        prom = Prometheus(
            prometheus_bin,
            tmp_path,
            targets=[f"127.0.0.1:{agent.metrics_port}"],
            rule_files=[RULE_FILES[0], _fast_alerts(tmp_path)],
            job=JOB,
            labels={"namespace": "proof"},
        ).start()
        _run_the_proof(agent, prom, broker)
        agent.kill()
        down = wait_until(lambda: prom.firing("AgentDown") if prom else [], timeout=60, interval=1)
        assert down[0]["labels"]["instance"] == f"127.0.0.1:{agent.metrics_port}"
    finally:
        if agent.proc is not None and agent.proc.poll() is None:
            agent.kill()
        if prom is not None:
            prom.stop()


def _run_the_proof(agent: KafkaAgent, prom: Prometheus, broker: Broker) -> None:
    wait_until(prom.targets_up, timeout=60, interval=0.5)
    # Reference phase: 200 samples become the baseline, 100 more evaluate clean.
    broker.produce("samples", _traffic(0, 300, hostile_share=0.0))
    broker.produce("samples", [b"{not json", b'{"id": "x-1", "response": 42}'])
    wait_until(lambda: agent.metric("biaswatch_samples_total") >= 300, timeout=120, interval=0.5)
    wait_until(lambda: agent.metric("biaswatch_drift_evaluations_total") >= 1, timeout=60, interval=0.5)
    assert agent.metric("biaswatch_drift_alert") == 0
    # Drift phase: 70% of the answers about Muslims turn hostile.
    broker.produce("samples", _traffic(300, 400, hostile_share=0.7))
    wait_until(lambda: agent.metric("biaswatch_samples_total") >= 700, timeout=120, interval=0.5)

    drift = wait_until(lambda: prom.firing("BiasDriftDetected"), timeout=120, interval=1)
    assert {a["labels"]["model"] for a in drift} == {"chat"}
    disparity = wait_until(lambda: prom.firing("GroupDisparityHigh"), timeout=120, interval=1)
    assert {(a["labels"]["axis"], a["labels"]["outcome"]) for a in disparity} >= {("religion", "flag")}

    queries = all_queries()
    assert len(queries) >= 60
    failures: list[str] = []
    for query in queries:
        for expr in _checked_exprs(query):
            answer = _wait_for_series(prom, expr)
            if answer["status"] != "success":
                failures.append(f"{query.where}: {answer.get('error')} in {expr}")
            elif not answer["data"]["result"]:
                failures.append(f"{query.where}: no series for {expr}")
    assert not failures, "\n".join(failures)


def _wait_for_series(prom: Prometheus, expr: str) -> dict[str, Any]:
    """Rates need two scrapes in their window and recording rules one evaluation: poll briefly."""
    answer: dict[str, Any] = {}

    def has_series() -> bool:
        nonlocal answer
        answer = prom.query(expr)
        return answer["status"] != "success" or bool(answer["data"]["result"])

    with contextlib.suppress(AssertionError):  # reported by the caller, with the expression
        wait_until(has_series, timeout=15, interval=0.5)
    return answer
