"""The webhook inbox: every verified delivery stored once (encrypted), mapping scheduled."""

from __future__ import annotations

import base64
from datetime import datetime
from uuid import UUID

from sqlalchemy import RowMapping, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts.ids import uuid7
from orderflow.intake.crypto import PiiCipher
from orderflow.intake.models import webhook_deliveries as deliveries
from orderflow.runtime import scheduler

MAP_JOB = "webhook.map"
BODY = "webhook_deliveries.body"
RECEIVED, MAPPED, FAILED = "received", "mapped", "failed"


async def receive(
    session: AsyncSession,
    cipher: PiiCipher,
    *,
    source: str,
    delivery_key: str,
    topic: str | None,
    body: bytes,
    now: datetime,
) -> tuple[str, bool]:
    """Store the delivery unless it is a replay; returns its id and whether it was new."""
    delivery_id = str(uuid7())
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(deliveries)
        .values(
            id=delivery_id,
            source=source,
            delivery_key=delivery_key[:200],
            received_at=now,
            topic=topic,
            body_enc=cipher.encrypt(base64.b64encode(body).decode(), BODY),
            status=RECEIVED,
        )
        .on_conflict_do_nothing(index_elements=["source", "delivery_key"])
    )
    result = await session.execute(statement)
    if result.rowcount == 1:  # type: ignore[attr-defined]
        await scheduler.schedule(session, MAP_JOB, delivery_id, now, now=now)
        return delivery_id, True
    existing = await session.execute(
        select(deliveries.c.id).where(
            deliveries.c.source == source, deliveries.c.delivery_key == delivery_key[:200]
        )
    )
    return str(existing.scalar_one()), False


async def get(session: AsyncSession, delivery_id: UUID | str) -> RowMapping | None:
    query = select(deliveries).where(deliveries.c.id == str(delivery_id))
    return (await session.execute(query)).mappings().first()


def raw_body(cipher: PiiCipher, row: RowMapping) -> bytes:
    """The delivery's bytes exactly as the platform sent them."""
    return base64.b64decode(cipher.decrypt(row["body_enc"], BODY))
