"""A producer database with an outbox, a bus, and a probe consumer that records each effect.

The same harness runs on Kafka + PostgreSQL and on the embedded bus + SQLite, so every
delivery guarantee is shown on both (DESIGN §2).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from orderflow.contracts import Envelope, EventPayload
from orderflow.runtime import migrations, outbox
from orderflow.runtime.bus import Bus
from orderflow.runtime.consumer import BatchHandler, EventConsumer
from orderflow.runtime.db import create_engine, session_factory
from orderflow.runtime.relay import OutboxRelay
from orderflow.runtime.tables import outbox as outbox_table
from tests.support.events import EVENT_TYPE, sample_event

EMPTY_VERSIONS = Path(__file__).parent / "no_service_migrations"

probe_metadata = MetaData()
effects = Table(
    "probe_effects",
    probe_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False),  # not unique: a duplicate would show
    Column("message_key", String(200), nullable=False),
)
state = Table(
    "probe_state",
    probe_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("order_id", String(36), nullable=False),
)


async def prepare(url: str) -> AsyncEngine:
    """Runtime tables through the real migrations, plus the probe's tables."""
    engine = create_engine(url)
    await migrations.upgrade(engine, EMPTY_VERSIONS)
    async with engine.begin() as conn:
        await conn.run_sync(probe_metadata.create_all)
    return engine


async def stage(engine: AsyncEngine, count: int, keys: int) -> list[Envelope[EventPayload]]:
    """Commit `count` events over `keys` order ids into the producer's outbox, in order."""
    orders = [uuid.uuid4() for _ in range(keys)]
    events: list[Envelope[EventPayload]] = [sample_event(orders[i % keys]) for i in range(count)]
    sessions = session_factory(engine)
    for start in range(0, count, 250):
        async with sessions() as session, session.begin():
            await outbox.add(session, *events[start : start + 250])
    return events


async def record_effect(event: Envelope[EventPayload], session: AsyncSession) -> None:
    await session.execute(
        effects.insert().values(event_id=str(event.event_id), message_key=event.key)
    )


def probe_consumer(
    engine: AsyncEngine,
    bus: Bus,
    name: str = "probe",
    handler: Callable[[Envelope[EventPayload], AsyncSession], Awaitable[None]] = record_effect,
    batch_handler: BatchHandler | None = None,
) -> EventConsumer:
    sessions = session_factory(engine)
    return EventConsumer(
        name=name,
        sessions=sessions,
        handlers={EVENT_TYPE: handler},
        dead_letters=bus.dead_letter_sink(sessions),
        max_attempts=3,
        backoff_seconds=0.01,
        batch_handler=batch_handler,
    )


async def effect_rows(engine: AsyncEngine) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(select(effects).order_by(effects.c.id))).all())


async def unsent(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        query = (
            select(func.count()).select_from(outbox_table).where(outbox_table.c.sent_at.is_(None))
        )
        return int(await conn.scalar(query) or 0)


async def wait_for(
    check: Callable[[], Awaitable[bool]], *, timeout: float = 60.0, what: str = "condition"
) -> None:
    """Poll with a deadline — never sleep as synchronisation."""
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.05)


@dataclass
class RelayRunner:
    """Runs a relay in the background for the duration of a test."""

    relay: OutboxRelay
    task: asyncio.Task[None] | None = field(default=None)

    def start(self) -> None:
        self.task = asyncio.create_task(self.relay.run())

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)


def assert_order_per_key(staged: Sequence[Envelope[EventPayload]], rows: Sequence[Any]) -> None:
    """Within each key, effects happened in the order the events were staged."""
    position = {str(e.event_id): i for i, e in enumerate(staged)}
    last: dict[str, int] = {}
    for row in rows:
        pos = position[row.event_id]
        assert pos > last.get(row.message_key, -1), f"key {row.message_key} out of order"
        last[row.message_key] = pos
