"""Deadlines are persisted, run once when due, retried on failure, and survive a restart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from orderflow.runtime import scheduler
from orderflow.runtime.clock import ManualClock
from orderflow.runtime.db import session_factory
from orderflow.runtime.scheduler import Job, Scheduler
from orderflow.runtime.tables import scheduled_jobs
from tests.integration.runtime.harness import prepare
from tests.support.databases import fresh_database

pytestmark = pytest.mark.integration

fired_metadata = MetaData()
fired = Table(
    "fired",
    fired_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("job_key", String(200), nullable=False),
)


@pytest.fixture(params=["sqlite", "postgresql"])
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    async with AsyncExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite+aiosqlite:///{tmp_path / 'jobs.sqlite3'}"
        else:
            admin_url: str = request.getfixturevalue("postgres_admin_url")
            url = await stack.enter_async_context(fresh_database(admin_url))
        db = await prepare(url)
        async with db.begin() as conn:
            await conn.run_sync(fired_metadata.create_all)
        yield db
        await db.dispose()


async def record(job: Job, session: AsyncSession) -> None:
    await session.execute(fired.insert().values(job_key=job.key))


async def arm(engine: AsyncEngine, clock: ManualClock, key: str, after: timedelta) -> None:
    async with session_factory(engine)() as session, session.begin():
        await scheduler.schedule(session, "deadline", key, clock.now() + after, now=clock.now())


async def fired_keys(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as conn:
        return list((await conn.execute(select(fired.c.job_key))).scalars())


async def test_a_job_runs_once_when_due_and_survives_a_restart(engine: AsyncEngine) -> None:
    clock = ManualClock()
    await arm(engine, clock, "acceptance:1", timedelta(days=7))
    first = Scheduler(engine, {"deadline": record}, clock)
    assert await first.run_due() == 0
    clock.advance(timedelta(days=7))
    restarted = Scheduler(engine, {"deadline": record}, clock)  # a new process, same database
    assert await restarted.run_due() == 1
    assert await restarted.run_due() == 0
    assert await fired_keys(engine) == ["acceptance:1"]


async def test_a_cancelled_job_never_runs(engine: AsyncEngine) -> None:
    clock = ManualClock()
    await arm(engine, clock, "sla:2", timedelta(hours=4))
    async with session_factory(engine)() as session, session.begin():
        assert await scheduler.cancel(session, "deadline", "sla:2", now=clock.now())
    clock.advance(timedelta(hours=5))
    assert await Scheduler(engine, {"deadline": record}, clock).run_due() == 0
    assert await fired_keys(engine) == []


async def test_a_failing_job_is_retried_then_marked_failed(engine: AsyncEngine) -> None:
    clock = ManualClock()
    await arm(engine, clock, "round:3", timedelta(minutes=1))

    async def broken(job: Job, session: AsyncSession) -> None:
        await record(job, session)  # rolled back with the failure
        raise RuntimeError("downstream refused")

    runner = Scheduler(engine, {"deadline": broken}, clock, max_attempts=2)
    clock.advance(timedelta(minutes=1))
    assert await runner.run_due() == 0
    assert await runner.run_due() == 0, "backs off instead of hammering"
    clock.advance(timedelta(minutes=10))
    assert await runner.run_due() == 0
    async with engine.connect() as conn:
        row = (await conn.execute(select(scheduled_jobs))).one()
    assert (row.status, row.attempts) == ("failed", 2)
    assert "downstream refused" in row.last_error
    assert await fired_keys(engine) == []
