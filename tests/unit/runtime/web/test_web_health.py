"""`/livez` answers without I/O; `/readyz` reports each check and fails with any of them."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from orderflow.runtime.db import create_engine
from orderflow.runtime.web import (
    Check,
    CheckResult,
    database_check,
    health_router,
    install_problem_handlers,
    outbox_age_check,
)

pytestmark = pytest.mark.unit


async def ok() -> bool:
    return True


async def bus_down() -> tuple[bool, str]:
    return False, "no broker reachable"


async def hangs() -> bool:
    await asyncio.sleep(10)
    return True


async def crashes() -> bool:
    raise ConnectionError("secret-host:5432 refused")


def health_client(checks: dict[str, Check]) -> httpx.AsyncClient:
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(health_router(checks, timeout_seconds=0.2))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://svc")


@pytest.fixture
async def failing_client() -> AsyncIterator[httpx.AsyncClient]:
    checks: dict[str, Check] = {"database": ok, "bus": bus_down, "slow": hangs, "odd": crashes}
    async with health_client(checks) as client:
        yield client


async def test_livez_answers_even_when_dependencies_are_down(
    failing_client: httpx.AsyncClient,
) -> None:
    response = await failing_client.get("/livez")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_is_200_when_every_check_passes() -> None:
    async with health_client({"database": ok}) as client:
        response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": {"ok": True, "detail": "ok"}}}


async def test_readyz_is_503_with_the_same_shape_when_a_check_fails(
    failing_client: httpx.AsyncClient,
) -> None:
    response = await failing_client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {
            "database": {"ok": True, "detail": "ok"},
            "bus": {"ok": False, "detail": "no broker reachable"},
            "slow": {"ok": False, "detail": "timed out after 0.2s"},
            "odd": {"ok": False, "detail": "ConnectionError"},
        },
    }


async def test_the_database_check_runs_select_1(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'svc.sqlite3'}")
    try:
        assert await database_check(engine)() == CheckResult(True, "ok")
    finally:
        await engine.dispose()


@pytest.mark.parametrize(("age", "ok"), [(None, True), (3.0, True), (60.0, True), (61.5, False)])
async def test_the_outbox_check_fails_when_the_oldest_unsent_event_is_too_old(
    age: float | None, ok: bool
) -> None:
    async def oldest() -> float | None:
        return age

    result = await outbox_age_check(oldest, max_age_seconds=60)()
    assert isinstance(result, CheckResult)
    assert result.ok is ok
