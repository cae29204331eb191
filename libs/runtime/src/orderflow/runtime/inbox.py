"""The duplicate filter: a consumer records each event it applied, in the effect's transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.runtime.tables import inbox


async def claim(session: AsyncSession, consumer: str, event_id: str, event_type: str) -> bool:
    """Record (consumer, event_id); False when it was already applied (a redelivery)."""
    values = {
        "consumer": consumer,
        "event_id": event_id,
        "event_type": event_type,
        "processed_at": datetime.now(UTC),
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    result = await session.execute(insert(inbox).values(**values).on_conflict_do_nothing())
    return bool(result.rowcount)  # type: ignore[attr-defined]
