"""Reporting's batch fast path writes exactly the rows of one-by-one application (R-8.1).

The consumer applies a batch with `store.apply_batch` and replays a failed batch one event
at a time with `archive_event` + `apply`; both must leave the same archive and read models,
whatever the batch boundaries, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from orderflow.reporting import domain, state_store, store
from orderflow.reporting.main import DEFINITION
from orderflow.reporting.models import READ_MODELS, archive
from orderflow.runtime import migrations
from orderflow.runtime.db import create_engine, session_factory
from tests.support.databases import fresh_database
from tests.unit.reporting import story

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
CHUNKS = (1, 7, 50)


def interleaved() -> list[story.Event]:
    """The story's orders and tickets taken turn about, as partitions mix them in a topic."""
    streams = [story.order_a(), story.order_b(), story.order_c(), story.tickets()]
    mixed = itertools.chain.from_iterable(itertools.zip_longest(*streams))
    return [e for e in mixed if e is not None]


def with_duplicates(events: list[story.Event]) -> list[story.Event]:
    """Redeliveries: one close behind its first copy (same batch), one much later."""
    return [*events[:5], events[1], *events[5:], events[0]]


SEQUENCES = {
    "story": lambda: with_duplicates(story.story()),
    "interleaved": lambda: with_duplicates(interleaved()),
}


async def rows(engine: AsyncEngine) -> dict[str, list[tuple[Any, ...]]]:
    """The archive in `seq` order and every read model sorted, each row as its repr."""
    async with engine.connect() as conn:
        in_order = await conn.execute(select(archive).order_by(archive.c.seq))
        found = {"archive": [tuple(map(repr, r)) for r in in_order]}
        for table in READ_MODELS:
            result = await conn.execute(select(table))
            found[table.name] = sorted(tuple(map(repr, r)) for r in result)
    return found


async def one_by_one(engine: AsyncEngine, events: Sequence[story.Event]) -> None:
    sessions = session_factory(engine)
    for event in events:
        async with sessions() as session, session.begin():
            if await store.archive_event(session, event, NOW):
                await store.apply(session, event)


async def in_batches(engine: AsyncEngine, events: Sequence[story.Event], size: int) -> None:
    sessions = session_factory(engine)
    for start in range(0, len(events), size):
        async with sessions() as session, session.begin():
            await store.apply_batch(session, events[start : start + size], NOW)


async def prepared(url: str) -> AsyncEngine:
    engine = create_engine(url)
    await migrations.upgrade(engine, DEFINITION.migrations, DEFINITION.metadata)
    return engine


@asynccontextmanager
async def sqlite_engines(tmp_path: Path, count: int) -> AsyncIterator[list[AsyncEngine]]:
    engines = [await prepared(f"sqlite+aiosqlite:///{tmp_path / f'r{i}.db'}") for i in range(count)]
    try:
        yield engines
    finally:
        for engine in engines:
            await engine.dispose()


@asynccontextmanager
async def postgres_engines(admin_url: str, count: int) -> AsyncIterator[list[AsyncEngine]]:
    async with AsyncExitStack() as stack:
        urls = [await stack.enter_async_context(fresh_database(admin_url)) for _ in range(count)]
        engines = [await prepared(url) for url in urls]
        try:
            yield engines
        finally:
            for engine in engines:
                await engine.dispose()


async def assert_batches_match_one_by_one(
    engines: list[AsyncEngine], events: list[story.Event]
) -> None:
    reference, *batched = engines
    await one_by_one(reference, events)
    expected = await rows(reference)
    assert len(expected["archive"]) == len({e.event_id for e in events})
    assert all(expected[t.name] for t in READ_MODELS), "the story fills every read model"
    for engine, size in zip(batched, CHUNKS, strict=True):
        await in_batches(engine, events, size)
        assert await rows(engine) == expected, f"batches of {size}"


@pytest.mark.parametrize("sequence", sorted(SEQUENCES))
async def test_batches_write_what_one_by_one_writes_on_sqlite(
    tmp_path: Path, sequence: str
) -> None:
    async with sqlite_engines(tmp_path, 1 + len(CHUNKS)) as engines:
        await assert_batches_match_one_by_one(engines, SEQUENCES[sequence]())


@pytest.mark.parametrize("sequence", sorted(SEQUENCES))
async def test_batches_write_what_one_by_one_writes_on_postgres(
    postgres_admin_url: str, sequence: str
) -> None:
    async with postgres_engines(postgres_admin_url, 1 + len(CHUNKS)) as engines:
        await assert_batches_match_one_by_one(engines, SEQUENCES[sequence]())


async def assert_reloaded_is_what_load_reads(engine: AsyncEngine) -> None:
    """The state a batch keeps after a change is the state the next event would load."""
    sessions = session_factory(engine)
    for event in interleaved():
        async with sessions() as session, session.begin():
            await store.archive_event(session, event, NOW)
            state = await state_store.load_many(session, domain.keys_for(event, {}))
            state.update(await state_store.load_many(session, domain.keys_for(event, state)))
            changed = domain.project(event, state).changed
            await state_store.save(session, changed, existing=set(state))
            read = await state_store.load(session, set(changed))
            kept = {
                k: state_store.reloaded(k, *state_store.table_and_row(k, v))
                for k, v in changed.items()
            }
            assert kept == read, event.event_type


async def test_kept_state_equals_loaded_state_on_sqlite(tmp_path: Path) -> None:
    async with sqlite_engines(tmp_path, 1) as (engine,):
        await assert_reloaded_is_what_load_reads(engine)


async def test_kept_state_equals_loaded_state_on_postgres(postgres_admin_url: str) -> None:
    async with postgres_engines(postgres_admin_url, 1) as (engine,):
        await assert_reloaded_is_what_load_reads(engine)


async def test_a_batch_that_is_all_duplicates_changes_nothing(tmp_path: Path) -> None:
    events = story.story()
    async with sqlite_engines(tmp_path, 1) as (engine,):
        await in_batches(engine, events, 50)
        before = await rows(engine)
        await in_batches(engine, events[3:20], 50)  # a redelivered batch
        assert await rows(engine) == before


async def test_a_batch_needs_far_fewer_statements_than_its_events(tmp_path: Path) -> None:
    """The point of the batch path: a few statements per batch, not about 8 per event."""
    events = interleaved()
    async with sqlite_engines(tmp_path, 2) as (single, batched):
        assert await statements(single, one_by_one(single, events)) > 4 * len(events)
        assert await statements(batched, in_batches(batched, events, 50)) <= 20


async def statements(engine: AsyncEngine, work: Any) -> int:
    """How many statements `work` sends to `engine` (an executemany counts once)."""
    sent: list[str] = []

    def count(*args: Any) -> None:
        sent.append(args[2])

    sa_event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        await work
    finally:
        sa_event.remove(engine.sync_engine, "before_cursor_execute", count)
    return len([s for s in sent if not s.lstrip().upper().startswith(("BEGIN", "PRAGMA"))])
