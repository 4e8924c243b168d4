"""Helpers shared by the mixin, deploy and image tests: required tools, and PromQL found in the mixin."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

DASHBOARDS = sorted((ROOT / "dashboards/grafana").glob("*.json"))
RULE_FILES = [ROOT / "dashboards/prometheus/rules.yaml", ROOT / "dashboards/prometheus/alerts.yaml"]


def require_tool(name: str, install: str) -> str:
    """Path of a command-line tool; fails in CI (BIASWATCH_CI=1), skips with the reason elsewhere."""
    venv_bin = Path(sys.executable).parent / name
    path = str(venv_bin) if venv_bin.exists() else shutil.which(name)
    if path is None:
        message = f"{name} is missing: {install}"
        if os.environ.get("BIASWATCH_CI") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


@dataclass(frozen=True)
class Query:
    where: str  # dashboard file and panel title, or rule file and rule name
    expr: str
    kind: str  # "panel", "annotation", "variable", "record", "alert"


def _label_values_selector(query: str) -> str | None:
    """The series selector inside Grafana's label_values(selector, label)."""
    m = re.fullmatch(r"\s*label_values\((.*),\s*\w+\)\s*", query, re.S)
    return m.group(1) if m else None


def dashboard_queries(path: Path) -> Iterator[Query]:
    board = json.loads(path.read_text())
    for panel in board["panels"]:
        for target in panel.get("targets", []):
            yield Query(f"{path.name}: {panel['title']}", target["expr"], "panel")
    for ann in board["annotations"]["list"]:
        if "expr" in ann:
            yield Query(f"{path.name}: annotation {ann['name']}", ann["expr"], "annotation")
    for var in board["templating"]["list"]:
        if var["type"] == "query":
            selector = _label_values_selector(var["query"]["query"])
            assert selector is not None, f"{path.name}: variable {var['name']} is not label_values(...)"
            yield Query(f"{path.name}: variable {var['name']}", selector, "variable")


def rule_queries() -> Iterator[Query]:
    for path in RULE_FILES:
        for group in yaml.safe_load(path.read_text())["groups"]:
            for rule in group["rules"]:
                if "record" in rule:
                    yield Query(f"{path.name}: {rule['record']}", rule["expr"], "record")
                else:
                    yield Query(f"{path.name}: {rule['alert']}", rule["expr"], "alert")


def all_queries() -> list[Query]:
    out = [q for d in DASHBOARDS for q in dashboard_queries(d)]
    return out + list(rule_queries())


def load_rules() -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = []
    for path in RULE_FILES:
        for group in yaml.safe_load(path.read_text())["groups"]:
            rules += group["rules"]
    return rules
