"""Booking an approved order: its hold becomes firm, its tasks are written."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import production
from orderflow.contracts.ids import uuid7
from orderflow.production import stopping
from orderflow.production.domain.scheduling import Demand, ScheduledOperation, schedule
from orderflow.production.repository import catalog, floor, holds
from orderflow.runtime import scheduler

log = logging.getLogger(__name__)
# How far ahead a rework task looks for free hours on its work center.
REWORK_HORIZON = timedelta(days=365)


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


async def book_rework(
    session: AsyncSession, order_id: UUID, report_id: UUID, demand: Demand, *, now: datetime
) -> ScheduledOperation | None:
    """Book a rework task's hours into its work center's free capacity from tomorrow, like any
    other task, so no one else is promised them; None (logged) if nothing is free in time."""
    centers = await catalog.work_centers(session, [demand.work_center_id], lock=True)
    load = await holds.load(session, centers)
    start = now.date() + timedelta(days=1)
    planned = schedule([demand], centers, load, start=start, deadline=start + REWORK_HORIZON)
    if planned.shortfalls or not planned.operations:
        log.warning("rework for order %s finds no free hours; not booked", order_id)
        return None
    await holds.hold(
        session,
        uuid7(),
        order_id=order_id,
        round_id=report_id,
        expires_at=now,
        planned=planned,
        status=holds.REWORK,
    )
    return planned.operations[0]
