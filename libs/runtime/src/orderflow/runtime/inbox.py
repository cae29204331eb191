"""The duplicate filter: a consumer records each event it applied, in the effect's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.runtime.tables import inbox


async def claim_many(
    session: AsyncSession, consumer: str, events: Sequence[tuple[str, str]]
) -> set[str]:
    """Record each (consumer, event_id) in one statement; returns the ids that were new.

    `events` are (event_id, event_type) pairs; an id already applied (a redelivery), or
    repeated in `events`, is claimed at most once.
    """
    if not events:
        return set()
    now = datetime.now(UTC)
    rows = [
        {"consumer": consumer, "event_id": event_id, "event_type": event_type, "processed_at": now}
        for event_id, event_type in events
    ]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(inbox).values(rows).on_conflict_do_nothing().returning(inbox.c.event_id)
    return set((await session.execute(statement)).scalars())


async def claim(session: AsyncSession, consumer: str, event_id: str, event_type: str) -> bool:
    """Record (consumer, event_id); False when it was already applied (a redelivery)."""
    return event_id in await claim_many(session, consumer, [(event_id, event_type)])
