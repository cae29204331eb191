"""Booking an approved order: its hold becomes firm, its tasks are written."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import production
from orderflow.production import stopping
from orderflow.production.repository import floor, holds
from orderflow.runtime import scheduler


async def commit(session: AsyncSession, hold: Any, *, now: datetime) -> None:
    """The hold becomes the plan's booking; whatever else the order held is freed."""
    for other in await holds.active_for_order(session, hold.order_id):
        if other.id != hold.id:
            await holds.set_status(session, other.id, holds.RELEASED)
    await holds.set_status(session, hold.id, holds.COMMITTED)
    await scheduler.cancel(session, stopping.HOLD_EXPIRY, str(hold.id), now=now)


async def add_task(
    session: AsyncSession,
    assigned: production.ProductionTaskAssigned,
    *,
    operation: str,
    hours: Decimal,
) -> None:
    """Insert the open task that `assigned` announces."""
    await session.execute(
        floor.tasks.insert().values(
            id=assigned.task_id,
            plan_id=assigned.plan_id,
            operation_no=assigned.operation_no,
            operation=operation,
            work_center_id=assigned.work_center_id,
            responsible_person_id=assigned.responsible_person_id,
            quantity=assigned.quantity,
            planned_hours=hours,
            start_on=assigned.start_on,
            end_on=assigned.end_on,
            status="open",
            quantity_done=0,
            percent_done=0,
            hours_worked=0,
            rework_of_qc_report_id=assigned.rework_of_qc_report_id,
            version=1,
        )
    )
