"""Capacity promised per work center and day: tentative holds and committed plans (R-3.1)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.production import models
from orderflow.production.domain.plans import HeldOperation
from orderflow.production.domain.scheduling import Schedule

HELD, COMMITTED, RELEASED = "held", "committed", "released"
# A rework task's booking: the order's own, outside any round's schedule.
REWORK = "rework"
holds, lines = models.capacity_holds, models.capacity_hold_lines


async def load(
    session: AsyncSession, centers: Iterable[UUID], *, except_order: UUID | None = None
) -> dict[tuple[UUID, date], Decimal]:
    """Hours already promised per (work center, day), optionally leaving one order out."""
    query = (
        select(lines.c.work_center_id, lines.c.day, func.sum(lines.c.hours))
        .join(holds, holds.c.id == lines.c.hold_id)
        .where(lines.c.active.is_(True), lines.c.work_center_id.in_(sorted(set(centers))))
        .group_by(lines.c.work_center_id, lines.c.day)
    )
    if except_order is not None:
        # a change reschedules the order's round hours, never over its own rework hours
        query = query.where(or_(holds.c.order_id != except_order, holds.c.status == REWORK))
    return {(wc, day): Decimal(hours) for wc, day, hours in (await session.execute(query)).all()}


def _operation_json(op: HeldOperation) -> dict[str, Any]:
    return {
        "operation_no": op.operation_no,
        "operation": op.operation,
        "work_center_id": str(op.work_center_id),
        "hours": str(op.hours),
        "quantity": str(op.quantity),
        "start_on": op.start_on.isoformat(),
        "end_on": op.end_on.isoformat(),
    }


def operations_of(row: Any) -> tuple[HeldOperation, ...]:
    return tuple(
        HeldOperation(
            o["operation_no"],
            o["operation"],
            UUID(o["work_center_id"]),
            Decimal(o["hours"]),
            Decimal(o["quantity"]),
            date.fromisoformat(o["start_on"]),
            date.fromisoformat(o["end_on"]),
        )
        for o in row.operations
    )


async def hold(
    session: AsyncSession,
    hold_id: UUID,
    *,
    order_id: UUID,
    round_id: UUID,
    expires_at: datetime,
    planned: Schedule,
    status: str = HELD,
) -> None:
    operations = [_operation_json(HeldOperation.of(op)) for op in planned.operations]
    await session.execute(
        holds.insert().values(
            id=hold_id,
            order_id=order_id,
            round_id=round_id,
            status=status,
            expires_at=expires_at,
            operations=operations,
        )
    )
    rows = _lines(hold_id, planned)
    if rows:
        await session.execute(lines.insert(), rows)


async def for_round(session: AsyncSession, round_id: UUID) -> Any:
    return (await session.execute(select(holds).where(holds.c.round_id == round_id))).first()


async def active_for_order(
    session: AsyncSession, order_id: UUID, *, with_rework: bool = False
) -> Sequence[Any]:
    """The order's holds for its rounds (and its rework bookings when asked)."""
    excluded = [RELEASED] if with_rework else [RELEASED, REWORK]
    query = select(holds).where(holds.c.order_id == order_id, holds.c.status.not_in(excluded))
    return (await session.execute(query)).all()


async def set_status(session: AsyncSession, hold_id: UUID, status: str) -> None:
    """Commit or release a hold; a released hold's hours are free for the next order."""
    await session.execute(holds.update().where(holds.c.id == hold_id).values(status=status))
    if status == RELEASED:
        await session.execute(lines.update().where(lines.c.hold_id == hold_id).values(active=False))


async def rehold(session: AsyncSession, hold_id: UUID, planned: Schedule) -> None:
    """Hold a released hold's round again, on a fresh schedule."""
    await session.execute(lines.delete().where(lines.c.hold_id == hold_id))
    operations = [_operation_json(HeldOperation.of(op)) for op in planned.operations]
    await session.execute(
        holds.update().where(holds.c.id == hold_id).values(status=HELD, operations=operations)
    )
    await session.execute(lines.insert(), _lines(hold_id, planned))


def _lines(hold_id: UUID, planned: Schedule) -> list[dict[str, Any]]:
    return [
        {
            "hold_id": hold_id,
            "operation_no": op.demand.operation_no,
            "day": s.day,
            "work_center_id": s.work_center_id,
            "hours": s.hours,
            "active": True,
        }
        for op in planned.operations
        for s in op.slices
    ]
