"""Reads of the order file: the searchable order list, one order's records (R-8.1)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.reporting.models import archive, order_files, timeline
from orderflow.reporting.schemas import ArchivedRecord, OrderSummary, TimelineEntryPublic

SUMMARY_COLUMNS = [c for c in order_files.c if c.name != "data"]


async def order(session: AsyncSession, order_id: str) -> OrderSummary | None:
    query = select(*SUMMARY_COLUMNS).where(order_files.c.order_id == order_id)
    row = (await session.execute(query)).mappings().first()
    return None if row is None else OrderSummary.model_validate(dict(row))


async def search(
    session: AsyncSession,
    *,
    limit: int,
    cursor: str | None = None,
    text: str | None = None,
    status: str | None = None,
    channel: str | None = None,
    customer_id: str | None = None,
    received_from: datetime | None = None,
    received_before: datetime | None = None,
) -> list[OrderSummary]:
    """Newest orders first (order ids are time-ordered UUIDv7); `text` matches id prefixes."""
    query = select(*SUMMARY_COLUMNS).order_by(order_files.c.order_id.desc()).limit(limit)
    if cursor:
        query = query.where(order_files.c.order_id < cursor)
    if text:
        prefix = text.strip().lower() + "%"
        query = query.where(
            or_(order_files.c.order_id.like(prefix), order_files.c.customer_id.like(prefix))
        )
    for column, wanted in (("status", status), ("channel", channel), ("customer_id", customer_id)):
        if wanted is not None:
            query = query.where(order_files.c[column] == wanted)
    if received_from is not None:
        query = query.where(order_files.c.received_at >= received_from)
    if received_before is not None:
        query = query.where(order_files.c.received_at < received_before)
    rows = (await session.execute(query)).mappings().all()
    return [OrderSummary.model_validate(dict(r)) for r in rows]


async def entries(session: AsyncSession, order_id: str) -> Sequence[TimelineEntryPublic]:
    query = (
        select(timeline)
        .where(timeline.c.order_id == order_id)
        .order_by(timeline.c.occurred_at, timeline.c.event_id)
    )
    rows = (await session.execute(query)).mappings().all()
    return [TimelineEntryPublic.model_validate(dict(r)) for r in rows]


async def records(session: AsyncSession, order_id: str) -> list[ArchivedRecord]:
    """The timeline with each event's archived record, found by event id."""
    query = (
        select(timeline, archive.c.body)
        .join(archive, archive.c.event_id == timeline.c.event_id)
        .where(timeline.c.order_id == order_id)
        .order_by(timeline.c.occurred_at, timeline.c.event_id)
    )
    rows = (await session.execute(query)).mappings().all()
    return [ArchivedRecord.model_validate({**r, "record": _record(r["body"])}) for r in rows]


def _record(body: str) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(body)
    return parsed
