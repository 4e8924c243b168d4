"""The monitoring mixin: promtool checks and unit tests of the rules, and a lint of the Grafana dashboards.

The lint mirrors grafana/dashboard-linter's rules (written here, not copied): a `datasource`
variable used by every panel and target, template variables refreshed on time change, units and
descriptions on every panel, stable uids, counters only under rate()/increase() over
$__rate_interval, job/namespace/instance matchers on every raw selector, and no per-instance legends.
Expressions are parsed into PromQL syntax trees (promql-parser), never matched with regexes.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import promql_parser as pp
import pytest
import yaml

from tests.conftest import ROOT
from tests.monitoring import DASHBOARDS, RULE_FILES, Query, all_queries, dashboard_queries, load_rules, require_tool

PROMTOOL_INSTALL = "apt-get install -y prometheus (Debian's package ships promtool)"
RATE_FUNCS = {"rate", "increase", "irate"}
COUNTER_SUFFIXES = ("_total", "_bucket", "_count", "_sum")
HIGH_CARDINALITY = {"instance", "pod", "pod_name", "container", "id", "sample_id", "partition", "le"}
TEMPLATE_VARS = {
    "overview.json": {"datasource", "job", "namespace", "instance", "model"},
    "bias.json": {"datasource", "job", "namespace", "instance", "model", "axis", "group"},
    "kafka.json": {"datasource", "job", "namespace", "instance", "model"},
}
DS = {"type": "prometheus", "uid": "${datasource}"}


def _load(path: Path) -> Any:
    return json.loads(path.read_text())


def _parseable(expr: str) -> str:
    """Grafana's interval macros are not PromQL; a fixed duration stands in for them to parse."""
    return expr.replace("$__rate_interval", "1m").replace("$__interval", "1m").replace("$__range", "1h")


def _selectors(node: Any, ancestors: tuple[Any, ...] = ()) -> Iterator[tuple[pp.VectorSelector, tuple[Any, ...]]]:
    """Every vector selector with the chain of nodes above it."""
    if isinstance(node, pp.VectorSelector):
        yield node, ancestors
        return
    here = (*ancestors, node)
    children: list[Any] = []
    if isinstance(node, pp.BinaryExpr):
        children = [node.lhs, node.rhs]
    elif isinstance(node, pp.AggregateExpr):
        children = [node.expr] + ([node.param] if node.param is not None else [])
    elif isinstance(node, pp.Call):
        children = list(node.args)
    elif isinstance(node, pp.MatrixSelector):
        children = [node.vector_selector]
    elif isinstance(node, (pp.ParenExpr, pp.UnaryExpr, pp.SubqueryExpr)):
        children = [node.expr]
    for child in children:
        yield from _selectors(child, here)


def _matchers(sel: pp.VectorSelector) -> dict[str, tuple[Any, str]]:
    return {m.name: (m.op, m.value) for m in sel.matchers.matchers}


def _is_counter(name: str) -> bool:
    return ":" not in name and name.endswith(COUNTER_SUFFIXES)


# -- promtool ---------------------------------------------------------------------------------


def test_promtool_check_rules() -> None:
    promtool = require_tool("promtool", PROMTOOL_INSTALL)
    out = subprocess.run([promtool, "check", "rules", *map(str, RULE_FILES)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count("SUCCESS") == len(RULE_FILES)


def test_promtool_unit_tests() -> None:
    promtool = require_tool("promtool", PROMTOOL_INSTALL)
    tests = sorted((ROOT / "dashboards/prometheus/tests").glob("*.yaml"))
    assert tests
    out = subprocess.run([promtool, "test", "rules", *map(str, tests)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_every_alert_has_a_firing_and_a_quiet_case() -> None:
    alerts = {r["alert"] for r in load_rules() if "alert" in r}
    firing: set[str] = set()
    quiet: set[str] = set()
    for path in (ROOT / "dashboards/prometheus/tests").glob("*.yaml"):
        for test in yaml.safe_load(path.read_text())["tests"]:
            for case in test.get("alert_rule_test", []):
                (firing if case["exp_alerts"] else quiet).add(case["alertname"])
    assert alerts - firing == set(), "alerts without a firing case"
    assert alerts - quiet == set(), "alerts without a not-firing case"


def test_alerts_carry_severity_summary_description_and_a_runbook_section() -> None:
    runbooks = (ROOT / "docs/runbooks.md").read_text()
    anchors = {
        re.sub(r"[^a-z0-9-]", "", h.strip().lower().replace(" ", "-")) for h in re.findall(r"^## (.+)$", runbooks, re.M)
    }
    alerts = [r for r in load_rules() if "alert" in r]
    assert len(alerts) >= 11
    for rule in alerts:
        assert rule["labels"]["severity"] in {"critical", "warning", "info"}, rule["alert"]
        ann = rule["annotations"]
        assert ann["summary"] and ann["description"], rule["alert"]
        url = ann["runbook_url"]
        assert url.split("#")[0].endswith("docs/runbooks.md"), url
        assert url.split("#")[1] == rule["alert"].lower() and url.split("#")[1] in anchors, rule["alert"]


def test_prometheus_rule_in_deploy_is_generated_from_the_mixin() -> None:
    spec = importlib.util.spec_from_file_location("sync_rules", ROOT / "dashboards/sync_rules.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    committed = (ROOT / "deploy/components/prometheus-rule/prometheusrule.yaml").read_text()
    assert committed == mod.render(), "run `python dashboards/sync_rules.py`"
    groups = yaml.safe_load(committed)["spec"]["groups"]
    assert groups == [g for p in RULE_FILES for g in yaml.safe_load(p.read_text())["groups"]]


# -- dashboards -------------------------------------------------------------------------------


def test_dashboards_are_generated_from_their_description() -> None:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "dashboards/generate.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rendered = mod.render_all()
    assert sorted(rendered) == [p.name for p in DASHBOARDS]
    for path in DASHBOARDS:
        assert path.read_text() == rendered[path.name], f"{path.name} is stale: run `python dashboards/generate.py`"


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.name)
def test_dashboard_identity_and_variables(path: Path) -> None:
    board = _load(path)
    assert board["uid"] == f"biaswatch-{path.stem}" and len(board["uid"]) <= 40
    assert board["title"] and board["description"] and "panels" in board and "schemaVersion" in board
    variables = {v["name"]: v for v in board["templating"]["list"]}
    assert set(variables) == TEMPLATE_VARS[path.name]
    ds = variables["datasource"]
    assert ds["type"] == "datasource" and ds["query"] == "prometheus"
    for name, var in variables.items():
        if name == "datasource":
            continue
        assert var["datasource"] == DS, name
        assert var["refresh"] == 2, f"{name}: refresh on time range change"


def test_dashboard_uids_are_unique() -> None:
    uids = [_load(p)["uid"] for p in DASHBOARDS]
    assert len(set(uids)) == len(uids) == 3


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.name)
def test_panels_have_datasource_unit_and_description(path: Path) -> None:
    panels = [p for p in _load(path)["panels"] if p["type"] != "row"]
    assert panels
    for panel in panels:
        where = f"{path.name}: {panel['title']}"
        assert panel["datasource"] == DS, where
        assert panel["description"].strip(), where
        assert panel["fieldConfig"]["defaults"].get("unit"), where
        assert panel["targets"], where
        for target in panel["targets"]:
            assert target["datasource"] == DS, where
            legend = target["legendFormat"]
            used = set(re.findall(r"{{\s*(\w+)\s*}}", legend))
            assert not used & HIGH_CARDINALITY, f"{where}: per-instance legend {legend!r}"


QUERIES = all_queries()


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.where)
def test_query_parses_and_follows_the_rules(query: Query) -> None:
    tree = pp.parse(_parseable(query.expr))
    selectors = list(_selectors(tree))
    assert selectors, query.expr
    in_dashboard = query.kind in {"panel", "annotation", "variable"}
    if in_dashboard:
        ranges = re.findall(r"\[([^\]]+)\]", query.expr)
        assert all(r == "$__rate_interval" for r in ranges), f"{query.where}: ranges {ranges}"
    for sel, ancestors in selectors:
        name = sel.name or ""
        under_rate = any(isinstance(a, pp.Call) and a.func.name in RATE_FUNCS for a in ancestors)
        if _is_counter(name) and query.kind != "variable":  # label_values reads series, not values
            assert under_rate, f"{query.where}: counter {name} outside rate()/increase()"
        if query.kind not in {"panel", "annotation"}:
            continue  # rules see every job; variables chain (test_variables_chain)
        matchers = _matchers(sel)
        assert matchers.get("job") == (pp.MatchOp.Re, "$job"), f'{query.where}: {name} lacks job=~"$job"'
        assert matchers.get("namespace") == (pp.MatchOp.Re, "$namespace"), f"{query.where}: {name} lacks namespace"
        if ":" not in name:
            # Recording rules are aggregated per job/namespace already: no instance label to match.
            assert matchers.get("instance") == (pp.MatchOp.Re, "$instance"), f"{query.where}: {name} lacks instance"
        if query.kind == "panel" and ":" not in name:
            assert any(isinstance(a, pp.AggregateExpr) for a in ancestors), f"{query.where}: {name} not aggregated"


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.name)
def test_variables_chain(path: Path) -> None:
    """Each variable's values are limited by the job/namespace/instance chosen before it."""
    chain = ["job", "namespace", "instance"]
    for query in dashboard_queries(path):
        if query.kind != "variable":
            continue
        var = query.where.rsplit(" ", 1)[1]
        before = chain[: chain.index(var)] if var in chain else chain
        for sel, _ in _selectors(pp.parse(query.expr)):
            matchers = _matchers(sel)
            for name in before:
                assert matchers.get(name) == (pp.MatchOp.Re, f"${name}"), f'{query.where} lacks {name}=~"${name}"'


def test_every_metric_used_is_documented() -> None:
    docs = (ROOT / "docs/metrics.md").read_text() + (ROOT / "docs/kafka.md").read_text()
    documented = set(re.findall(r"\b(?:biaswatch|process)_\w+", docs))
    recorded = {r["record"] for r in load_rules() if "record" in r}
    for query in QUERIES:
        for sel, _ in _selectors(pp.parse(_parseable(query.expr))):
            name = sel.name or ""
            if name in recorded or name == "up":
                continue
            base = re.sub(r"_(bucket|count|sum)$", "", name)
            assert name in documented or base in documented, f"{query.where}: {name} not in docs/metrics.md"
