#!/usr/bin/env python3
"""Write the Kubernetes manifests of OrderFlow (a Kustomize base) from one description.

    python3 deploy/k8s/generate.py          # rewrites deploy/k8s/base/*.yaml

Seven services share one shape; generating them keeps every probe, limit and setting
the same. The output is committed; a test checks it is what this script writes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path

BASE = Path(__file__).parent / "base"
IMAGE = "ghcr.io/orderflow/orderflow-{service}:0.1.0"
SERVICES = ["intake", "review", "production", "procurement", "logistics", "aftersales", "reporting"]
CONSUMERS = [s for s in SERVICES if s != "intake"]  # scale with their Kafka consumer groups
PORT = 8000
TMP = "/tmp"  # noqa: S108 - a pod-private emptyDir, not a shared temp directory
ALL_INTERFACES = "0.0.0.0"  # noqa: S104 - inside the pod; the Service is the only way in


def doc(obj: Mapping[str, object]) -> str:
    # JSON is valid YAML: no YAML library needed, and the output is unambiguous.
    return json.dumps(obj, indent=2) + "\n"


def labels(service: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": "orderflow", "app.kubernetes.io/component": service}


def service_env(service: str) -> list[dict[str, object]]:
    upper = service.upper()
    return [
        {
            "name": f"ORDERFLOW_{upper}_DATABASE_URL",
            "valueFrom": {"secretKeyRef": {"name": "orderflow-databases", "key": service}},
        },
        {
            "name": "ORDERFLOW_JWT_SECRET",
            "valueFrom": {"secretKeyRef": {"name": "orderflow-jwt", "key": "secret"}},
        },
    ]


def container(service: str, args: list[str]) -> dict[str, object]:
    return {
        "name": service if args[0] == "serve" else "migrate",
        "image": IMAGE.format(service=service),
        "args": args,
        "envFrom": [{"configMapRef": {"name": "orderflow"}}],
        "env": service_env(service),
        "volumeMounts": [{"name": "tmp", "mountPath": TMP}],
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": 10001,
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        },
        "resources": {
            "requests": {"cpu": "100m", "memory": "192Mi"},
            "limits": {"cpu": "1", "memory": "512Mi"},
        },
    }


def deployment(service: str) -> dict[str, object]:
    server = container(
        service,
        [
            "serve",
            service,
            "--host",
            ALL_INTERFACES,
            "--port",
            str(PORT),
            "--root-path",
            f"/{service}",
        ],
    )
    server["ports"] = [{"name": "http", "containerPort": PORT}]
    server["livenessProbe"] = {
        "httpGet": {"path": "/livez", "port": "http"},
        "periodSeconds": 10,
        "failureThreshold": 3,
    }
    server["readinessProbe"] = {
        "httpGet": {"path": "/readyz", "port": "http"},
        "periodSeconds": 5,
        "failureThreshold": 3,
    }
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": f"orderflow-{service}", "labels": labels(service)},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": labels(service)},
            "template": {
                "metadata": {"labels": labels(service)},
                "spec": {
                    # Migrations run once per rollout before the server (advisory-locked).
                    "initContainers": [container(service, ["migrate", service])],
                    "containers": [server],
                    # The root filesystem is read-only; uploads spool to /tmp.
                    "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}],
                },
            },
        },
    }


def service_object(service: str) -> dict[str, object]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": f"orderflow-{service}", "labels": labels(service)},
        "spec": {
            "selector": labels(service),
            "ports": [{"name": "http", "port": 80, "targetPort": "http"}],
        },
    }


def autoscaler(service: str) -> dict[str, object]:
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": f"orderflow-{service}", "labels": labels(service)},
        "spec": {
            "scaleTargetRef": {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "name": f"orderflow-{service}",
            },
            # No more members than partitions (3): extra consumers would sit idle.
            "minReplicas": 1,
            "maxReplicas": 3,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {
                        "name": "cpu",
                        "target": {"type": "Utilization", "averageUtilization": 70},
                    },
                }
            ],
        },
    }


def shared() -> dict[str, dict[str, object]]:
    topics = " ".join(f"orderflow.{s}.{k}" for s in SERVICES for k in ("events", "dlq"))
    peers = {s: f"http://orderflow-{s}" for s in SERVICES}
    return {
        "configmap.yaml": {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": "orderflow"},
            "data": {
                "ORDERFLOW_BUS": "kafka",
                "ORDERFLOW_KAFKA_BOOTSTRAP_SERVERS": "kafka:9092",
                "ORDERFLOW_LOG_LEVEL": "INFO",
                "ORDERFLOW_PEER_URLS": json.dumps(peers),
            },
        },
        "secret.yaml": {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": "orderflow-databases"},
            "type": "Opaque",
            "stringData": {
                s: f"postgresql+asyncpg://orderflow:CHANGE-ME@postgres:5432/{s}" for s in SERVICES
            },
        },
        "jwt-secret.yaml": {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": "orderflow-jwt"},
            "type": "Opaque",
            "stringData": {"secret": "CHANGE-ME-use-a-sealed-secret"},
        },
        "topics-job.yaml": {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": {"name": "orderflow-topics"},
            "spec": {
                "backoffLimit": 6,
                "template": {
                    "spec": {
                        "restartPolicy": "OnFailure",
                        "containers": [
                            {
                                "name": "topics",
                                "image": "apache/kafka:4.4.0",
                                "command": ["/bin/bash", "-ec"],
                                "args": [
                                    f"for t in {topics}; do /opt/kafka/bin/kafka-topics.sh "
                                    "--bootstrap-server kafka:9092 --create --if-not-exists "
                                    "--topic $t --partitions 3 --replication-factor 3; done"
                                ],
                                "resources": {
                                    "requests": {"cpu": "100m", "memory": "256Mi"},
                                    "limits": {"cpu": "500m", "memory": "512Mi"},
                                },
                            }
                        ],
                    }
                },
            },
        },
    }


def manifests() -> dict[str, str]:
    files = {name: doc(obj) for name, obj in shared().items()}
    for service in SERVICES:
        files[f"{service}-deployment.yaml"] = doc(deployment(service))
        files[f"{service}-service.yaml"] = doc(service_object(service))
        if service in CONSUMERS:
            files[f"{service}-hpa.yaml"] = doc(autoscaler(service))
    kustomization = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "namespace": "orderflow",
        "resources": sorted(files),
    }
    files["kustomization.yaml"] = doc(kustomization)
    return files


def main() -> int:
    BASE.mkdir(exist_ok=True)
    for name, text in manifests().items():
        (BASE / name).write_text(text)
    print(f"wrote {len(manifests())} files to {BASE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
