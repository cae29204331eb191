"""Idempotency keys on a creating POST, against a real SQLite file."""

import asyncio
import hashlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import httpx
import pytest
from fastapi import Depends, FastAPI, Request, Response
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from orderflow.runtime import tables
from orderflow.runtime.db import create_engine, session_factory
from orderflow.runtime.web import idempotent, install_problem_handlers

pytestmark = pytest.mark.unit

test_metadata = MetaData()
placed = Table(
    "placed_orders",
    test_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("customer_id", String(40), nullable=False),
)


class Gate:
    """Lets a test hold a request inside its idempotent block."""

    def __init__(self) -> None:
        self.entered = asyncio.Event()
        self.release = asyncio.Event()
        self.release.set()
        self.fail = False


def build_app(engine: AsyncEngine, gate: Gate) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    sessions = session_factory(engine)

    async def session_dep() -> AsyncIterator[AsyncSession]:
        async with sessions() as session:
            yield session

    @app.post("/v1/orders", status_code=201)
    async def place_order(
        request: Request, session: Annotated[AsyncSession, Depends(session_dep)]
    ) -> Response:
        principal = request.headers.get("X-Test-Principal", "staff-1")
        async with idempotent(session, request, principal) as slot:
            if slot.replay:
                return slot.replay
            gate.entered.set()
            await gate.release.wait()
            body: dict[str, Any] = await request.json()
            result = await session.execute(
                insert(placed).values(customer_id=body["customer_id"]).returning(placed.c.id)
            )
            if gate.fail:
                raise RuntimeError("the effect failed")
            order_id = result.scalar_one()
            headers = {"Location": f"/v1/orders/{order_id}"}
            return await slot.store(201, {"id": order_id, **body}, headers)

    return app


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'intake.sqlite3'}")
    async with engine.begin() as conn:
        await conn.run_sync(tables.metadata.create_all)
        await conn.run_sync(test_metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
def gate() -> Gate:
    return Gate()


@pytest.fixture
async def client(engine: AsyncEngine, gate: Gate) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=build_app(engine, gate), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
        yield client


async def count_orders(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(placed))).scalar_one())


def post(client: httpx.AsyncClient, key: str | None, customer: str = "c-1") -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post("/v1/orders", json={"customer_id": customer}, headers=headers)


async def test_a_replay_returns_the_same_response_and_places_one_order(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    first = await post(client, "key-1")
    again = await post(client, "key-1")
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["idempotent-replayed"] == "true"
    assert await count_orders(engine) == 1


async def test_the_same_key_with_another_body_is_a_422(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    await post(client, "key-1")
    response = await post(client, "key-1", customer="c-2")
    assert response.status_code == 422
    assert response.json()["type"] == "https://orderflow.dev/problems/idempotency-key-reused"
    assert await count_orders(engine) == 1


async def test_a_concurrent_request_with_the_same_key_is_a_409(
    client: httpx.AsyncClient, engine: AsyncEngine, gate: Gate
) -> None:
    gate.release.clear()
    first = asyncio.create_task(post(client, "key-1"))
    await asyncio.wait_for(gate.entered.wait(), 5)
    second = await post(client, "key-1")
    assert second.status_code == 409
    assert second.headers["content-type"] == "application/problem+json"
    assert second.json()["type"] == "https://orderflow.dev/problems/idempotency-key-in-progress"
    gate.release.set()
    assert (await first).status_code == 201
    assert (await post(client, "key-1")).headers["idempotent-replayed"] == "true"
    assert await count_orders(engine) == 1


async def test_a_failed_request_releases_its_key_for_a_retry(
    client: httpx.AsyncClient, engine: AsyncEngine, gate: Gate
) -> None:
    gate.fail = True
    assert (await post(client, "key-1")).status_code == 500
    assert await count_orders(engine) == 0
    gate.fail = False
    retry = await post(client, "key-1")
    assert retry.status_code == 201
    assert "idempotent-replayed" not in retry.headers
    assert await count_orders(engine) == 1


async def test_a_claim_abandoned_past_its_lease_is_taken_over(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            insert(tables.idempotency_keys).values(
                principal="staff-1",
                route="POST /v1/orders",
                key="key-1",
                request_hash="0" * 64,
                created_at=datetime.now(UTC) - timedelta(minutes=5),
            )
        )
    # A different body still counts as reuse, even for an abandoned claim.
    assert (await post(client, "key-1")).status_code == 422
    async with engine.begin() as conn:
        await conn.execute(tables.idempotency_keys.update().values(request_hash=_hash("c-1")))
    assert (await post(client, "key-1")).status_code == 201
    assert await count_orders(engine) == 1


def _hash(customer: str) -> str:
    return hashlib.sha256(f'{{"customer_id":"{customer}"}}'.encode()).hexdigest()


async def test_keys_are_per_principal(client: httpx.AsyncClient, engine: AsyncEngine) -> None:
    await post(client, "key-1")
    other = await client.post(
        "/v1/orders",
        json={"customer_id": "c-1"},
        headers={"Idempotency-Key": "key-1", "X-Test-Principal": "partner-9"},
    )
    assert other.status_code == 201
    assert "idempotent-replayed" not in other.headers
    assert await count_orders(engine) == 2


@pytest.mark.parametrize("key", [None, "", "x" * 201])
async def test_a_missing_or_bad_key_is_a_400(
    client: httpx.AsyncClient, engine: AsyncEngine, key: str | None
) -> None:
    headers = {} if key is None else {"Idempotency-Key": key}
    response = await client.post("/v1/orders", json={"customer_id": "c-1"}, headers=headers)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert await count_orders(engine) == 0


async def test_a_quoted_structured_field_key_is_the_same_key(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    await post(client, "key-1")
    assert (await post(client, '"key-1"')).headers["idempotent-replayed"] == "true"
    assert await count_orders(engine) == 1
