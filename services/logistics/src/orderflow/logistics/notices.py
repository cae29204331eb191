"""Queue a delivery notice with the business change; the scheduler sends it (R-5.1, R-4.9)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts.ids import uuid7
from orderflow.contracts.logistics import NoticeKind
from orderflow.logistics import models
from orderflow.logistics.domain.notices import NoticeStatus, delivery_window
from orderflow.runtime import scheduler

SEND_NOTICE = "delivery_notice.send"


def job_key(notice_id: str, attempt: int) -> str:
    return f"{notice_id}:{attempt}"


async def queue(
    session: AsyncSession,
    *,
    shipment: Any,
    kind: NoticeKind,
    eta: date,
    now: datetime,
    message: str | None = None,
) -> str:
    """Log a pending notice for a shipment's customer and arm its first send, now."""
    notice_id = str(uuid7())
    expected_from, expected_until = delivery_window(eta)
    await session.execute(
        insert(models.delivery_notices).values(
            notice_id=notice_id,
            order_id=shipment.order_id,
            customer_id=shipment.customer_id,
            shipment_id=shipment.shipment_id,
            kind=kind.value,
            expected_from=expected_from,
            expected_until=expected_until,
            place=shipment.destination,
            message=message,
            status=NoticeStatus.PENDING.value,
            attempts=0,
            created_at=now,
        )
    )
    await scheduler.schedule(
        session, SEND_NOTICE, job_key(notice_id, 1), now, {"notice_id": notice_id}, now=now
    )
    return notice_id


def order_uuid(row: Any) -> UUID:
    return UUID(row.order_id)
