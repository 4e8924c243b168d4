"""Docs that are contracts: the option reference, the README's first commands."""

from __future__ import annotations

from agent import configdoc
from agent.decode import REASONS
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
