"""The connection pool on real PostgreSQL: a connection the server closed (a restart, an
idle timeout, an operator's pg_terminate_backend) is replaced at checkout, not handed to
the next request or event to fail on (DESIGN §3: a consumer or API call after a database
restart just works)."""

from __future__ import annotations

import asyncio
import time

import asyncpg
import pytest
from sqlalchemy import text

from orderflow.runtime.db import create_engine

pytestmark = pytest.mark.integration


async def test_a_pooled_connection_the_server_closed_is_replaced_at_checkout(
    postgres_admin_url: str,
) -> None:
    engine = create_engine(postgres_admin_url)
    killer = await asyncpg.connect(postgres_admin_url.replace("postgresql+asyncpg", "postgresql"))
    try:
        async with engine.connect() as conn:
            first = await conn.scalar(text("SELECT pg_backend_pid()"))
            idle = (await conn.get_raw_connection()).driver_connection  # back to the pool next

        assert await killer.fetchval("SELECT pg_terminate_backend($1)", first) is True
        deadline = time.monotonic() + 10
        while not idle.is_closed():  # type: ignore[union-attr]  # the loop reads the server's goodbye
            assert time.monotonic() < deadline, "the client never saw the server close"
            await asyncio.sleep(0.01)

        async with engine.connect() as conn:
            second = await conn.scalar(text("SELECT pg_backend_pid()"))
        assert second != first
    finally:
        await killer.close()
        await engine.dispose()
