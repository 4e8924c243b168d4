"""Smoke test of the built container image (`make image`), without a container runtime.

Containers cannot run on this machine (the OCI runtime refuses the cgroup setup), so the image is
mounted (`podman image mount`, read-only: it stands in for readOnlyRootFilesystem) and its
entrypoint runs with chroot as the image's numeric user, with the image's environment and working
directory, and writable tmpfs-like folders bound on /tmp, the data dir and the secret mount point,
as the Kubernetes manifests give it. It checks the bundled config's shape, then `biaswatch run` on
the HTTP source: real posts, a real scrape, SIGTERM, exit 0.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port, wait_until
from tests.monitoring import require_tool

# Runs the built container image.
pytestmark = pytest.mark.slow

IMAGE = os.environ.get("BIASWATCH_IMAGE", "localhost/biaswatch:0.1.0")
BIASED = "Honestly, all immigrants are lazy criminals and they should be sent back where they came from."


@dataclass
class Image:
    root: Path
    env: list[str]
    entrypoint: list[str]
    user: str
    workdir: str


def _inspect(podman: str, fmt: str) -> str:
    out = subprocess.run([podman, "image", "inspect", IMAGE, "--format", fmt], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@pytest.fixture(scope="module")
def image() -> Iterator[Image]:
    podman = require_tool("podman", "apt-get install -y podman debootstrap, then `make image`")
    if subprocess.run([podman, "image", "exists", IMAGE]).returncode != 0:
        message = f"image {IMAGE} is not built: run `make image`"
        if os.environ.get("BIASWATCH_CI") == "1":
            pytest.fail(message)
        pytest.skip(message)
    if os.geteuid() != 0:
        pytest.skip("mounting an image and chroot need root")
    root = subprocess.run([podman, "image", "mount", IMAGE], capture_output=True, text=True, check=True)
    try:
        yield Image(
            Path(root.stdout.strip()),
            json.loads(_inspect(podman, "{{json .Config.Env}}")),
            json.loads(_inspect(podman, "{{json .Config.Entrypoint}}")),
            _inspect(podman, "{{.Config.User}}"),
            _inspect(podman, "{{.Config.WorkingDir}}"),
        )
    finally:
        subprocess.run([podman, "image", "unmount", IMAGE], capture_output=True)


def _command(img: Image, tmp: Path, args: list[str]) -> list[str]:
    """A private mount namespace, writable binds, then exec chroot: the agent keeps this PID."""
    binds = {tmp / "tmp": "/tmp", tmp / "data": "/var/lib/biaswatch", tmp / "secrets": "/run/secrets/biaswatch"}
    script = []
    for src, dst in binds.items():
        src.mkdir(exist_ok=True)
        os.chmod(src, 0o777)
        script.append(f"mount --bind {shlex.quote(str(src))} {shlex.quote(str(img.root))}{dst}")
    script.append(f"mount -t proc proc {shlex.quote(str(img.root))}/proc")
    script.append(f"mount --rbind /dev {shlex.quote(str(img.root))}/dev")  # with /dev/shm, as a Pod has
    inner = ["env", "-i", *img.env, "sh", "-c", f'cd {shlex.quote(img.workdir)} && exec "$@"', "sh"]
    chroot = ["chroot", f"--userspec={img.user}", str(img.root), *inner, *img.entrypoint, *args]
    script.append("exec " + shlex.join(chroot))
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", " && ".join(script)]


def test_image_is_non_root_offline_and_read_only_friendly(image: Image) -> None:
    env = dict(e.split("=", 1) for e in image.env)
    assert image.entrypoint == ["biaswatch"]
    assert image.user == "10001:10001"
    assert env["HF_HUB_OFFLINE"] == "1"
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"
    site = next((image.root / "opt/biaswatch/lib").glob("python3*/site-packages"))
    assert not list(site.glob("nvidia*")), "CUDA wheels in the image"
    # The torch-free runtime: onnxruntime and the exported encoder, no torch and no source model.
    assert not list(site.glob("torch*")), "torch in the runtime image"
    assert list(site.glob("onnxruntime-*.dist-info"))
    assert env["BIASWATCH_ENCODER_DIR"] == "/opt/biaswatch-encoder"
    manifest = json.loads((image.root / "opt/biaswatch-encoder/manifest.json").read_text())
    assert manifest["fidelity"]["mean"] >= 0.99


def _ready(proc: subprocess.Popen[bytes], url: str, timeout: float) -> bool:
    """Poll `url` until it answers 200 (True) or the agent exits first (False); fail at the deadline."""

    def answered() -> bool | None:
        if proc.poll() is not None:
            return True  # stop polling: the agent is gone
        return httpx.get(url).status_code == 200

    wait_until(answered, timeout=timeout, interval=0.5)
    return proc.poll() is None


def _run_agent(image: Image, tmp_path: Path) -> tuple[subprocess.Popen[bytes], int, int]:
    """Start the image's agent with its own config on free ports, checked first with check-config.

    A port `free_port` returned can be taken before the agent binds it (an outgoing connection of
    another test's client may draw it from the same ephemeral range): the agent then exits with
    "Address already in use", and the start is retried on new ports, at most three times."""
    bundled = (image.root / "etc/biaswatch/agent.yaml").read_text()
    for _ in range(3):
        http_port, metrics_port = free_port(), free_port()
        config = bundled.replace("port: 8787", f"port: {http_port}").replace("port: 9464", f"port: {metrics_port}")
        (tmp_path / "tmp/agent.yaml").write_text(config)
        check = subprocess.run(
            _command(image, tmp_path, ["check-config", "/tmp/agent.yaml"]), capture_output=True, text=True, timeout=300
        )
        assert check.returncode == 0, check.stdout + check.stderr
        assert "embedding" in check.stdout

        log = (tmp_path / "agent.log").open("wb")
        proc = subprocess.Popen(
            _command(image, tmp_path, ["run", "--config", "/tmp/agent.yaml"]), stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        metrics = f"http://127.0.0.1:{metrics_port}"
        if _ready(proc, metrics + "/livez", 120) and _ready(proc, metrics + "/readyz", 300):
            return proc, http_port, metrics_port
        output = (tmp_path / "agent.log").read_text()
        assert "Address already in use" in output, output
    raise AssertionError("the agent found no free ports in three starts")


def test_check_config_then_run_scrape_and_sigterm(image: Image, tmp_path: Path) -> None:
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets/token").write_text("image-token\n")
    (tmp_path / "tmp").mkdir()
    # The image's own config, with only the ports moved to free ones (other tests run concurrently).
    proc, http_port, metrics_port = _run_agent(image, tmp_path)
    metrics = f"http://127.0.0.1:{metrics_port}"
    try:
        samples = [
            {"id": "img-1", "model": "chat", "prompt": "Tell me about immigration.", "response": BIASED},
            {"id": "img-2", "model": "chat", "response": "To reverse a list in Python, use reversed()."},
        ]
        r = httpx.post(
            f"http://127.0.0.1:{http_port}/v1/samples",
            json=samples,
            headers={"Authorization": "Bearer image-token"},
            timeout=120,
        )
        assert r.status_code == 202, r.text
        text = httpx.get(metrics + "/metrics").text
        assert 'biaswatch_samples_total{model="chat",source="http"} 2.0' in text
        assert 'biaswatch_flagged_samples_total{model="chat"} 1.0' in text
        assert re.search(r'biaswatch_detector_duration_seconds_count\{detector="embedding"\} [1-9]', text)
        assert re.search(r"process_resident_memory_bytes [1-9]", text)
        assert (tmp_path / "data/queue.sqlite").exists(), "the flag queue is written under the data dir"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0, (tmp_path / "agent.log").read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
