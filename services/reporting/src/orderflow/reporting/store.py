"""Writing the archive and the read models (R-8.1): one event (`archive_event` + `apply`), or
a batch of events in one transaction with a handful of statements (`apply_batch`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload
from orderflow.reporting import domain, state_store
from orderflow.reporting.models import (
    MILLI,
    READ_MODELS,
    archive,
    measures,
    timeline,
)


async def archive_event(
    session: AsyncSession, event: Envelope[EventPayload], now: datetime
) -> bool:
    """Store the event once; False when its id is already archived (a duplicate)."""
    insert_ = _insert_for(session)(archive).values(archive_row(event, now))
    result = await session.execute(insert_.on_conflict_do_nothing())
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def archive_events(
    session: AsyncSession, events: Sequence[Envelope[EventPayload]], now: datetime
) -> list[Envelope[EventPayload]]:
    """Store each event once, in one statement; those newly archived, in order (R-8.1).

    The same rule as `archive_event` one by one: an id already archived, or earlier in
    `events`, is a duplicate and left out. Rows are inserted in the events' order, so the
    archive's `seq` (the replay order) follows it as it would one by one.
    """
    if not events:
        return []
    statement = (
        _insert_for(session)(archive)
        .values([archive_row(e, now) for e in events])
        .on_conflict_do_nothing()
        .returning(archive.c.event_id)
    )
    new = set((await session.execute(statement)).scalars())
    fresh: list[Envelope[EventPayload]] = []
    for event in events:
        if str(event.event_id) in new:
            new.discard(str(event.event_id))  # its later copies are duplicates
            fresh.append(event)
    return fresh


def archive_row(event: Envelope[EventPayload], now: datetime) -> dict[str, Any]:
    """The archive's row for one event (R-8.1), archived at `now`."""
    return {
        "event_id": str(event.event_id),
        "event_type": event.event_type,
        "producer": event.producer,
        "order_id": str(event.order_id) if event.order_id else None,
        "subject": event.subject,
        "actor": event.actor,
        "occurred_at": event.occurred_at,
        "archived_at": now,
        "body": event.model_dump_json(),
    }


async def apply(session: AsyncSession, event: Envelope[EventPayload]) -> None:
    """Update every read model with one event's effects (incremental and replay alike)."""
    state: domain.State = {}
    missing: set[str] = set()
    while pending := domain.keys_for(event, state) - state.keys() - missing:
        loaded = await state_store.load(session, pending)
        state.update(loaded)
        missing |= pending - loaded.keys()
    effects = domain.project(event, state)
    await state_store.save(session, effects.changed, existing=set(state))
    await add_facts(session, effects.facts)
    if effects.timeline is not None:
        await session.execute(insert(timeline).values(timeline_row(event, effects.timeline)))


async def apply_batch(
    session: AsyncSession, events: Sequence[Envelope[EventPayload]], now: datetime
) -> None:
    """Archive the events and project the new ones: the same rows as `archive_event` then
    `apply` for each event in order, in a few statements for the whole batch.

    The entities live in memory across the batch (`state_store.Working`), so an event sees
    its predecessors' changes as if they were committed; each changed entity is written
    once at the end, the facts are summed into one upsert (sums commute) and the timeline
    rows go in one insert.
    """
    fresh = await archive_events(session, events, now)
    if not fresh:
        return
    working = state_store.Working(session)
    await working.preload(fresh)
    facts: list[domain.Fact] = []
    timeline_rows: list[dict[str, Any]] = []
    for event in fresh:
        effects = domain.project(event, await working.view_for(event))
        working.record(effects.changed)
        facts.extend(effects.facts)
        if effects.timeline is not None:
            timeline_rows.append(timeline_row(event, effects.timeline))
    await working.flush()
    await add_facts(session, facts)
    if timeline_rows:
        await session.execute(insert(timeline).values(timeline_rows))


def timeline_row(event: Envelope[EventPayload], entry: domain.TimelineEntry) -> dict[str, Any]:
    return {
        "event_id": str(event.event_id),
        "order_id": entry.order_id,
        "occurred_at": event.occurred_at,
        "event_type": event.event_type,
        "producer": event.producer,
        "who": entry.who,
        "what": entry.what,
    }


def fact_rows(facts: list[domain.Fact]) -> dict[tuple[str, str, date, str, str], list[int]]:
    """Facts merged per aggregate row, once per day and once per month."""
    merged: dict[tuple[str, str, date, str, str], list[int]] = {}
    for fact in facts:
        for grain, day in (("d", fact.day), ("m", fact.day.replace(day=1))):
            sums = merged.setdefault((fact.measure, grain, day, fact.dimension, fact.key), [0, 0])
            sums[0] += int(fact.total * MILLI)
            sums[1] += fact.count
    return merged


async def add_facts(session: AsyncSession, facts: list[domain.Fact]) -> None:
    """Add the facts to the aggregates (upsert: sums grow, one row per grain, day and key)."""
    merged = fact_rows(facts)
    if not merged:
        return
    rows = [
        {
            "measure": m,
            "grain": g,
            "day": d,
            "dimension": dim,
            "key": k,
            "total_milli": t,
            "count": c,
        }
        for (m, g, d, dim, k), (t, c) in merged.items()
    ]
    statement = _insert_for(session)(measures).values(rows)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["measure", "grain", "day", "dimension", "key"],
            set_={
                "total_milli": measures.c.total_milli + statement.excluded.total_milli,
                "count": measures.c.count + statement.excluded.count,
            },
        )
    )


async def clear_read_models(session: AsyncSession) -> None:
    """Empty every read model (never the archive) before a replay."""
    for table in READ_MODELS:
        await session.execute(delete(table))


def _insert_for(session: AsyncSession) -> Any:
    dialect = session.get_bind().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert
