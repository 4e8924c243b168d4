"""The authored functional suite: its shape, its determinism, and `eval --functional` on the CI slice."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from agent.tools.evaluate import Scored
from agent.tools.functional import (
    AXES,
    REGISTERS,
    Suite,
    default_dir,
    expand,
    load_suite,
    obfuscate_phrase,
    second_fill,
    stratified_slice,
)
from agent.tools.functional_eval import evaluate_functional, functional_report
from detectors.taxonomy import Taxonomy
from tests.conftest import run_cli

CI_SLICE = 2  # cases per functionality in CI: every functionality, spread over its axes
# Functionalities whose cases answer a prompt (read together by answer_choice).
PROMPTED = (
    "scene_pick_by_group",
    "scene_unknown_answered",
    "scene_grounded_pick",
    "group_question_stereotype",
    "group_question_fair",
)


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
    assert [(c.prompt, c.text) for c in again.cases] == [(c.prompt, c.text) for c in suite.cases]
    # A case is its prompt and its response: "Can't be determined." answers many scenes.
    pairs = [(c.prompt, c.text) for c in suite.cases]
    assert len(set(pairs)) >= 0.98 * len(pairs)
    assert all("{" not in t for pair in pairs for t in pair), "a template slot was left unfilled"


def test_prompted_functionalities_carry_their_prompts(suite: Suite) -> None:
    """Expansion carries each template's prompt, filled with the case's groups, into the case and
    its record; cases without one have an empty prompt."""
    for name in PROMPTED:
        assert name in suite.functionalities
        cases = [c for c in suite.cases if c.functionality == name]
        assert len(cases) >= 40, name
        assert {c.axis for c in cases} >= set(AXES), name
        assert all(c.prompt.strip() for c in cases), name
        assert all(c.to_dict()["prompt"] == c.prompt for c in cases)
    picks = {(c.template, c.axis): c.prompt for c in suite.cases if c.functionality == "scene_pick_by_group"}
    unknown = {(c.template, c.axis): c.prompt for c in suite.cases if c.functionality == "scene_unknown_answered"}
    assert picks == unknown, "a pick and its declined twin answer the same scene"
    assert all(c.prompt == "" for c in suite.cases if c.functionality in ("derogation", "slur", "self_description"))
    for f in PROMPTED:
        if suite.functionalities[f].label == "biased":
            assert suite.functionalities[f].contrast in PROMPTED, f


def test_two_group_fills_never_repeat_a_group(suite: Suite) -> None:
    fills = yaml.safe_load((default_dir() / "fills.yaml").read_text(encoding="utf-8"))["axes"]
    for axis in AXES:
        for i, first in enumerate(fills[axis]):
            other = second_fill(fills[axis], i)
            assert other["group"] != first["group"], (axis, first, other)
            a, b = set(first["singular"].lower().split()), set(other["singular"].lower().split())
            assert not (a <= b or b <= a), (axis, first, other)  # "immigrant" is inside "undocumented immigrant"
    two = [c for c in suite.cases if c.other_group is not None]
    assert len(two) >= 300
    assert {c.functionality for c in two} == set(PROMPTED)
    for c in two:
        assert c.other_group != c.group, c
        assert c.to_dict()["other_group"] == c.other_group


def test_second_group_slots_are_checked() -> None:
    fills = yaml.safe_load((default_dir() / "fills.yaml").read_text(encoding="utf-8"))
    scene = ["assistant", "{A_singular} and {a_singular2} were there. Who did it?", "The {singular}."]
    spec = {"label": "biased", "templates": [scene]}
    cases = expand({"functionalities": {"f": spec}}, fills).cases
    assert cases[0].prompt == "A woman and a man were there. Who did it?"
    assert cases[0].text == "The woman."
    assert (cases[0].group, cases[0].other_group) == ("women", "men")
    # A fill set has no axis rotation to take a second group from.
    with pytest.raises(ValueError, match="second group"):
        expand({"functionalities": {"f": {**spec, "fill_set": "named"}}}, fills)
    with pytest.raises(ValueError, match="no second group"):
        second_fill([{"group": "women", "singular": "woman"}, {"group": "women", "singular": "girl"}], 0)
    with pytest.raises(ValueError, match="register, prompt, response"):
        expand({"functionalities": {"f": {"label": "benign", "templates": [["assistant", "a", "b", "c"]]}}}, fills)
    hand = {"label": "benign", "hand_written": [{"prompt": "Who fasts?", "text": "Muslims.", "register": "assistant"}]}
    case = expand({"functionalities": {"f": hand}}, fills).cases[0]
    assert (case.prompt, case.text, case.axis, case.other_group) == ("Who fasts?", "Muslims.", "none", None)


# Functionalities whose fills are written plain (no obfuscation) and name their group in the text.
_PLAIN_FILLS = ("positive_statement", "derogation", "described_group_derogated", "described_group_praised")


def test_group_fills_are_matched_by_the_taxonomy(taxonomy: Taxonomy, suite: Suite) -> None:
    """The plain fills name the group they are labelled with, so per-group figures mean something."""
    for c in suite.cases:
        if c.functionality in _PLAIN_FILLS:
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
    # The CI slice scores the prompted functionalities too, each case with its prompt.
    ci = [c for c in stratified_slice(suite.cases, CI_SLICE) if c.functionality in PROMPTED]
    assert Counter(c.functionality for c in ci) == dict.fromkeys(PROMPTED, CI_SLICE)
    assert all(c.prompt for c in ci)


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
    # A failing case is listed with the prompt it answered.
    by_text = {(c.prompt, c.text) for c in cases}
    failures = [f for e in report["functionalities"].values() for f in e["failures"]]
    assert all((f["prompt"], f["text"]) in by_text for f in failures)
    assert any(f["prompt"] for f in failures)


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


@pytest.mark.embeddings
def test_a_scene_case_is_scored_with_its_prompt(tmp_path: Path) -> None:
    """`eval --functional` sends a case's prompt with its response through the whole pipeline: the
    same scene answer flags with its question (answer_choice reads the pick) and not without it."""
    from agent.config import AgentConfig

    templates = yaml.safe_load((default_dir() / "templates.yaml").read_text(encoding="utf-8"))
    scene = templates["functionalities"]["scene_pick_by_group"]["templates"][3]
    register, prompt, response = scene
    assert "Who broke it?" in prompt and response.startswith("It was most likely the {singular}")
    suite = {
        "functionalities": {
            "with_prompt": {"label": "biased", "templates": [scene]},
            "without_prompt": {"label": "biased", "templates": [[register, response]]},
        }
    }
    (tmp_path / "templates.yaml").write_text(yaml.safe_dump(suite), encoding="utf-8")
    (tmp_path / "fills.yaml").write_text((default_dir() / "fills.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    report = evaluate_functional(AgentConfig(), tmp_path)
    asked, bare = report["functionalities"]["with_prompt"], report["functionalities"]["without_prompt"]
    assert asked["n"] == bare["n"] == len(AXES)
    assert asked["flagged"] == len(AXES), asked["failures"]
    assert bare["flagged"] == 0, bare["failures"]
    assert all(f["prompt"] == "" for f in bare["failures"])


def test_eval_functional_refuses_mixed_arguments(tmp_path: Path) -> None:
    proc = run_cli("eval", "--functional", "somefile.jsonl")
    assert proc.returncode != 0
    assert "--functional" in proc.stderr.decode()
    proc = run_cli("eval", "--functional", "--suite", str(tmp_path))
    assert proc.returncode != 0
    assert "functional suite not found" in proc.stderr.decode()
