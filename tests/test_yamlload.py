"""libyaml gives the same objects and the same digest text as PyYAML's pure-Python code."""

from __future__ import annotations

import hashlib
from importlib import resources

import pytest
import yaml

from detectors import yamlload
from detectors.harm import HarmLexiconDetector
from detectors.taxonomy import Taxonomy

BUNDLED = ["identity_terms", "harm_terms", "exemplars", "pairs", "benign_identity"]


def test_libyaml_is_in_use() -> None:
    # The speed-up is the point: a PyYAML without libyaml would silently fall back.
    assert yamlload._LOADER is yaml.CSafeLoader
    assert yamlload._DUMPER is yaml.CSafeDumper


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_files_parse_and_dump_identically(name: str) -> None:
    text = (resources.files("detectors") / "data" / f"{name}.yaml").read_text(encoding="utf-8")
    data = yamlload.safe_load(text)
    assert data == yaml.safe_load(text)
    assert yamlload.digest_text(data) == yaml.safe_dump(data, sort_keys=True)


def test_awkward_values_dump_identically() -> None:
    data = {
        "z": ["naïve café", "it's", 'say "no"', "a: b", "- dash", "#hash", "yes", "no", "null", "", "0123", "1e3"],
        "a": {"long": "word " * 40, "multi": "line one\nline two", "tab": "a\tb", "emoji": "🔪 knife"},
        "n": [1, 2.5, True, None, -0.0],
    }
    assert yamlload.digest_text(data) == yaml.safe_dump(data, sort_keys=True)
    assert yamlload.safe_load(yamlload.digest_text(data)) == data


def _pure_python_digest(name: str) -> str:
    text = (resources.files("detectors") / "data" / f"{name}.yaml").read_text(encoding="utf-8")
    return hashlib.sha256(yaml.safe_dump(yaml.safe_load(text), sort_keys=True).encode()).hexdigest()[:12]


def test_lexicon_versions_are_unchanged() -> None:
    # Findings and drift baselines record these versions: the faster code must not move them.
    taxonomy = Taxonomy.default()
    assert taxonomy.digest == _pure_python_digest("identity_terms")
    assert HarmLexiconDetector(taxonomy).version == f"2+lexicon.{_pure_python_digest('harm_terms')}"
