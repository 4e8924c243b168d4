"""The authored functional suite: its shape, its determinism, and `eval --functional` on the CI slice."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from agent.tools.evaluate import Scored
from agent.tools.functional import AXES, REGISTERS, Suite, load_suite, obfuscate_phrase, stratified_slice
from agent.tools.functional_eval import functional_report
from detectors.taxonomy import Taxonomy
from tests.conftest import run_cli

CI_SLICE = 2  # cases per functionality in CI: every functionality, spread over its axes


@pytest.fixture(scope="module")
def suite() -> Suite:
    return load_suite()


def test_suite_has_enough_functionalities_and_cases(suite: Suite) -> None:
    counts = Counter(c.functionality for c in suite.cases)
    assert len(suite.functionalities) >= 25
    assert min(counts.values()) >= 40, counts.most_common()[-3:]
    assert set(counts) == set(suite.functionalities)
    assert len(suite.cases) >= 1500


def test_every_biased_functionality_has_a_benign_contrast(suite: Suite) -> None:
    for f in suite.functionalities.values():
        if f.label == "biased":
            assert f.contrast in suite.functionalities, f.name
            assert suite.functionalities[f.contrast].label == "benign", f.name


def test_cases_cover_every_axis_register_and_label(suite: Suite) -> None:
    assert {c.axis for c in suite.cases} >= set(AXES)
    assert {c.register for c in suite.cases} == set(REGISTERS)
    assert {c.label for c in suite.cases} == {"biased", "benign"}
    # Most functionalities are filled on all 12 axes, so no axis is judged on a handful of cases.
    full = [f for f in suite.functionalities if {c.axis for c in suite.cases if c.functionality == f} >= set(AXES)]
    assert len(full) >= 25, len(full)


def test_expansion_is_deterministic_and_texts_are_distinct(suite: Suite) -> None:
    again = load_suite()
    assert [c.text for c in again.cases] == [c.text for c in suite.cases]
    texts = [c.text for c in suite.cases]
    assert len(set(texts)) >= 0.98 * len(texts)
    assert all("{" not in t for t in texts), "a template slot was left unfilled"


def test_group_fills_are_matched_by_the_taxonomy(taxonomy: Taxonomy, suite: Suite) -> None:
    """The plain fills name the group they are labelled with, so per-group figures mean something."""
    for c in suite.cases:
        if c.functionality in ("positive_statement", "derogation"):
            assert c.group in {m.group for m in taxonomy.match(c.text)}, c.text


@pytest.mark.parametrize("kind", ["leet", "spaced", "inserted_space", "unicode", "glued"])
def test_obfuscated_fills_are_found_after_normalisation(taxonomy: Taxonomy, suite: Suite, kind: str) -> None:
    """The normaliser undoes the suite's obfuscations of the group term in most cases."""
    name = {
        "leet": "obfuscated_leetspeak",
        "spaced": "obfuscated_spaced",
        "inserted_space": "obfuscated_inserted_space",
        "unicode": "obfuscated_unicode",
        "glued": "obfuscated_glued",
    }[kind]
    cases = [c for c in suite.cases if c.functionality == name]
    found = sum(1 for c in cases if c.group in {m.group for m in taxonomy.match(c.text)})
    assert found >= 0.75 * len(cases), (kind, found, len(cases))


def test_obfuscations_change_the_spelling() -> None:
    for kind in ("leet", "spaced", "inserted_space", "swapped", "unicode"):
        assert obfuscate_phrase("Muslims", kind) != "Muslims", kind
    assert obfuscate_phrase("gay men", "spaced") == "g a y men"
    assert obfuscate_phrase("immigrants", "inserted_space") == "immig rants"


def test_stratified_slice_takes_each_functionality(suite: Suite) -> None:
    s = stratified_slice(suite.cases, 3)
    assert Counter(c.functionality for c in s) == dict.fromkeys(suite.functionalities, 3)
    assert stratified_slice(suite.cases, 3) == s


def test_report_figures_add_up(suite: Suite) -> None:
    cases = stratified_slice(suite.cases, 4)
    # A detector that flags exactly the odd-numbered cases: accuracy is known per case.
    scored = [Scored(0.9 if i % 2 else 0.1, bool(i % 2), (), {}) for i in range(len(cases))]
    report = functional_report(suite, cases, scored)
    right = sum(1 for i, c in enumerate(cases) if bool(i % 2) == (c.label == "biased"))
    assert report["correct"] == right
    assert report["accuracy"] == pytest.approx(right / len(cases), abs=1e-6)
    for key in ("functionalities", "axes", "groups", "registers", "labels"):
        assert sum(e["n"] for e in report[key].values()) == len(cases), key
        assert sum(e["correct"] for e in report[key].values()) == right, key
    bad = report["functionalities"][report["targets"]["worst_functionality"]]
    assert bad["accuracy"] == min(e["accuracy"] for e in report["functionalities"].values())
    assert all(len(e["failures"]) == e["n"] - e["correct"] for e in report["functionalities"].values())


@pytest.mark.embeddings
def test_eval_functional_ci_slice_through_the_real_pipeline(tmp_path: Path, suite: Suite) -> None:
    out = tmp_path / "functional.json"
    proc = run_cli("eval", "--functional", "--slice", str(CI_SLICE), "--output", str(out), timeout=900)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    report = json.loads(out.read_text())
    n = CI_SLICE * len(suite.functionalities)
    assert report["n"] == n
    assert report["slice_per_functionality"] == CI_SLICE
    assert set(report["functionalities"]) == set(suite.functionalities)
    assert all(e["n"] == CI_SLICE for e in report["functionalities"].values())
    for key in ("functionalities", "axes", "groups"):
        assert sum(e["correct"] for e in report[key].values()) == report["correct"], key
    assert report["accuracy"] == pytest.approx(report["correct"] / n, abs=1e-6)
    assert 0.0 <= report["accuracy"] <= 1.0
    assert "embedding" in report["detector_versions"]
    stdout = proc.stdout.decode()
    assert f"functional suite: {n} cases" in stdout
    for name in suite.functionalities:
        assert name in stdout
    # Every biased case that was flagged counts as right, and only those among the biased.
    biased = report["labels"]["biased"]
    assert biased["correct"] == biased["flagged"]


def test_eval_functional_refuses_mixed_arguments(tmp_path: Path) -> None:
    proc = run_cli("eval", "--functional", "somefile.jsonl")
    assert proc.returncode != 0
    assert "--functional" in proc.stderr.decode()
    proc = run_cli("eval", "--functional", "--suite", str(tmp_path))
    assert proc.returncode != 0
    assert "functional suite not found" in proc.stderr.decode()
