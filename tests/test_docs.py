"""Docs that are contracts: the option reference, the README's first commands."""

from __future__ import annotations

import re

from agent import configdoc
from agent.decode import REASONS
from agent.metrics import doc as metricdoc
from tests.conftest import ROOT


def test_configuration_reference_matches_the_models() -> None:
    doc = configdoc.DOC.read_text(encoding="utf-8")
    assert configdoc.render(doc) == doc, "run `python -m agent.configdoc --write` and commit docs/configuration.md"


def test_readme_starts_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:10]
    assert any(line.startswith("make demo") for line in head)
    assert any(line.startswith("make test") for line in head)


def test_score_format_lists_every_invalid_reason() -> None:
    doc = (ROOT / "docs" / "score-format.md").read_text(encoding="utf-8")
    missing = [r for r in REASONS if f"`{r}`" not in doc]
    assert missing == []


def test_ci_calls_make_test() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_metric_reference_matches_the_declarations() -> None:
    doc = metricdoc.DOC.read_text(encoding="utf-8")
    assert metricdoc.render(doc) == doc, "run `python -m agent.metrics.doc --write` and commit docs/metrics.md"


def test_metric_reference_lists_kafka_and_sampling_families_with_bounded_labels() -> None:
    table = metricdoc.table()
    for name in ("biaswatch_kafka_consumer_lag_records", "biaswatch_kafka_up", "biaswatch_sampling_ratio"):
        assert f"`{name}`" in table
    assert "**undocumented**" not in table, "add the new label to LABEL_BOUNDS in agent/metrics/doc.py"
    names = [name for _, name, _, _, _ in metricdoc.families()]
    assert len(names) == len(set(names))


def test_every_metric_name_in_the_source_is_in_the_generated_reference() -> None:
    """A family declared outside the modules agent/metrics/doc.py instantiates would be missed."""
    documented = {name.removesuffix("_total") for _, name, _, _, _ in metricdoc.families()}
    declared = {
        m.group(1)
        for path in [*(ROOT / "agent").rglob("*.py"), *(ROOT / "detectors").rglob("*.py")]
        for m in re.finditer(r'"(biaswatch_[a-z0-9_]+)"', path.read_text(encoding="utf-8"))
    }
    assert "biaswatch_kafka_up" in declared
    assert sorted(declared - documented) == []
