"""One public base URL in both modes, with the service as path prefix (DESIGN §2)."""

from __future__ import annotations

import httpx
import pytest

from orderflow.cli.catalog import SERVICES

pytestmark = pytest.mark.e2e


async def test_every_service_answers_ready_with_docs_under_its_prefix(base_url: str) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
        for name in SERVICES:
            ready = await client.get(f"/{name}/readyz")
            assert ready.status_code == 200, (name, ready.text)
            assert ready.json()["checks"]["bus"]["ok"], name
            docs = await client.get(f"/{name}/docs")
            assert f"/{name}/openapi.json" in docs.text, name
            spec = (await client.get(f"/{name}/openapi.json")).json()
            assert spec["info"]["title"] == SERVICES[name].definition.title


async def test_errors_are_problem_json_through_the_front_door(base_url: str) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
        for path in ("/intake/v1/no-such-resource", "/no-such-service/v1/x"):
            response = await client.get(path)
            assert response.status_code == 404, path
            assert response.headers["content-type"] == "application/problem+json", path
