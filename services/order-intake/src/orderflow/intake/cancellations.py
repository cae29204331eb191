"""Cancellation requests, intake side (R-6.3): cancelling until the departments confirm."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import intake
from orderflow.contracts.ids import uuid7
from orderflow.intake import ordering
from orderflow.intake.domain.lifecycle import Trigger
from orderflow.intake.models import cancellation_requests

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


async def request_cancellation(
    session: AsyncSession, row: RowMapping, reason: str, *, actor: ordering.Actor, now: datetime
) -> str:
    """The order moves to cancelling until the departments confirm (R-6.3)."""
    request_id = str(uuid7())
    await ordering.move(
        session,
        row,
        Trigger.REQUEST_CANCELLATION,
        lambda frm, to: intake.OrderCancellationRequested(
            from_status=frm, to_status=to, cancellation_request_id=UUID(request_id), reason=reason
        ),
        actor=actor,
        now=now,
        why={"cancellation_request_id": request_id, "reason": reason},
        values={"status_before_cancelling": row["status"]},
    )
    await session.execute(
        insert(cancellation_requests).values(
            id=request_id,
            order_id=row["id"],
            reason=reason,
            status=PENDING,
            settlement=[],
            outcome_reasons=[],
            requested_by=actor.subject or "unknown",
            created_at=now,
        )
    )
    return request_id


async def record_cancellation_outcome(
    session: AsyncSession,
    request_id: UUID,
    *,
    approved: bool,
    settlement: list[dict[str, Any]],
    reasons: list[dict[str, Any]],
    now: datetime,
) -> RowMapping | None:
    """Mark the request decided; the caller moves the order. None if unknown or decided."""
    table = cancellation_requests
    req = (
        (await session.execute(select(table).where(table.c.id == str(request_id))))
        .mappings()
        .first()
    )
    if req is None or req["status"] != PENDING:
        return None
    await session.execute(
        update(table)
        .where(table.c.id == req["id"])
        .values(
            status=APPROVED if approved else REJECTED,
            settlement=settlement,
            outcome_reasons=reasons,
            decided_at=now,
        )
    )
    return req
