"""Throw-away PostgreSQL databases for integration tests."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


@asynccontextmanager
async def fresh_database(admin_url: str) -> AsyncIterator[str]:
    """Create an empty database for one test and drop it afterwards."""
    import asyncpg

    name = f"t_{uuid.uuid4().hex[:16]}"
    dsn = admin_url.replace("postgresql+asyncpg://", "postgresql://")
    admin = await asyncpg.connect(dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    base, _, _ = admin_url.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        await _drop(dsn, name)


async def _drop(dsn: str, name: str, attempts: int = 5) -> None:
    """Drop the database; FORCE can race an autovacuum worker, so try again shortly."""
    import asyncpg

    for attempt in range(attempts):
        admin = await asyncpg.connect(dsn)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except asyncpg.InsufficientPrivilegeError:
            if attempt == attempts - 1:
                raise
        finally:
            await admin.close()
        await asyncio.sleep(0.2 * (attempt + 1))
