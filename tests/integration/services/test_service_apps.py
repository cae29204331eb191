"""Every service is a real app: health, metrics, docs, problem+json for every error (DESIGN §6)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from orderflow.cli.catalog import SERVICES, ServiceEntry
from orderflow.runtime.bus.embedded import EmbeddedBus
from orderflow.runtime.settings import load_settings, sqlite_url
from orderflow.runtime.web import auth

pytestmark = pytest.mark.integration
PROBLEM = "application/problem+json"


@pytest.fixture(params=sorted(SERVICES))
async def service(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[httpx.AsyncClient]:
    entry: ServiceEntry = SERVICES[request.param]
    settings = load_settings(
        entry.settings, database_url=sqlite_url(tmp_path, entry.name), migrate_on_start=True
    )
    bus = EmbeddedBus()
    app = entry.app(settings, bus)
    async with app.router.lifespan_context(app):
        bus.open()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            client.headers["Authorization"] = f"Bearer {_ops_token(app, entry.name)}"
            yield client


def _ops_token(app: FastAPI, service: str) -> str:
    config: auth.AuthConfig = app.state.auth
    return auth.mint_token(config, subject="ops-1", scopes=[f"{service}:ops"], kind="staff")


async def test_livez_and_readyz_answer(service: httpx.AsyncClient) -> None:
    assert (await service.get("/livez")).json() == {"status": "ok"}
    ready = await service.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert set(ready.json()["checks"]) == {"database", "bus", "outbox"}


async def test_metrics_are_prometheus_text(service: httpx.AsyncClient) -> None:
    await service.get("/livez")
    body = (await service.get("/metrics")).text
    assert "orderflow_http_requests_total{" in body
    assert "orderflow_outbox_oldest_unsent_age_seconds" in body


async def test_openapi_docs_are_served(service: httpx.AsyncClient) -> None:
    spec = (await service.get("/openapi.json")).json()
    assert spec["info"]["title"].startswith("OrderFlow")
    assert "/v1/ops/dead-letters" in spec["paths"]
    assert (await service.get("/docs")).status_code == 200


async def test_unknown_path_is_a_404_problem(service: httpx.AsyncClient) -> None:
    response = await service.get("/v1/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == 404


async def test_wrong_method_is_a_405_problem(service: httpx.AsyncClient) -> None:
    response = await service.delete("/livez")
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM
    assert "GET" in response.headers["allow"]


async def test_invalid_input_is_a_422_problem_naming_the_field(service: httpx.AsyncClient) -> None:
    response = await service.get("/v1/ops/dead-letters", params={"limit": 0})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert [e["field"] for e in response.json()["errors"]] == ["query.limit"]


async def test_malformed_json_is_a_422_problem(service: httpx.AsyncClient) -> None:
    response = await service.post(
        "/v1/ops/dead-letters/retry",
        content=b'{"ids": [1,',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert "malformed JSON" in response.json()["detail"]


async def test_an_unknown_body_field_is_refused(service: httpx.AsyncClient) -> None:
    response = await service.post("/v1/ops/dead-letters/retry", json={"ids": [1], "force": True})
    assert response.status_code == 422
    assert "body.force" in [e["field"] for e in response.json()["errors"]]


async def test_operator_endpoints_need_a_token(service: httpx.AsyncClient) -> None:
    response = await service.get("/v1/ops/dead-letters", headers={"Authorization": ""})
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM
