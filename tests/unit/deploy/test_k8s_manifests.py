"""The Kubernetes base is valid against the Kubernetes schemas and is what the generator writes."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import kubernetes_validate
import pytest

pytestmark = pytest.mark.unit
K8S = Path(__file__).parents[3] / "deploy" / "k8s"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("k8s_generate", K8S / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_manifests_are_what_the_generator_writes() -> None:
    written = {p.name: p.read_text() for p in (K8S / "base").glob("*.yaml")}
    assert written == generator().manifests(), "run python3 deploy/k8s/generate.py"


@pytest.mark.parametrize("path", sorted((K8S / "base").glob("*.yaml")), ids=lambda p: p.name)
def test_every_manifest_validates_strictly(path: Path) -> None:
    document = json.loads(path.read_text())
    if document["kind"] == "Kustomization":
        assert all((K8S / "base" / r).exists() for r in document["resources"])
        return
    kubernetes_validate.validate(document, "1.31", strict=True)


def test_deployments_probe_livez_and_readyz_and_bound_their_resources() -> None:
    for path in (K8S / "base").glob("*-deployment.yaml"):
        pod = json.loads(path.read_text())["spec"]["template"]["spec"]
        server = pod["containers"][0]
        assert server["livenessProbe"]["httpGet"]["path"] == "/livez", path.name
        assert server["readinessProbe"]["httpGet"]["path"] == "/readyz", path.name
        assert {"requests", "limits"} <= set(server["resources"]), path.name
        assert pod["initContainers"][0]["args"][0] == "migrate", path.name


def test_a_broken_manifest_is_refused() -> None:
    deployment = json.loads((K8S / "base" / "review-deployment.yaml").read_text())
    deployment["spec"]["replicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, "1.31", strict=True)
