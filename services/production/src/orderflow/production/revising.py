"""An approved change: the plan is redone against the new order version (R-4.3, R-6.2)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload, production
from orderflow.contracts.ids import uuid7
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.production import booking
from orderflow.production.domain import plans
from orderflow.production.domain.plans import HeldOperation
from orderflow.production.domain.shop_floor import CANCELLED, OPEN
from orderflow.production.repository import catalog, floor, holds
from orderflow.runtime import outbox


async def revise(
    session: AsyncSession,
    cause: Envelope[EventPayload],
    plan: Any,
    order: OrderSnapshot,
    hold: Any,
    *,
    now: datetime,
) -> None:
    """Tasks keep their progress and people; their quantity and dates follow the new schedule.
    An operation the change drops is cancelled if open; one it adds goes to the center's lead."""
    held = holds.operations_of(hold)
    products = await catalog.products(session, {line.product_code for line in order.lines})
    centers = await catalog.work_centers(session, {op.work_center_id for op in held})
    draft = plans.draft(order, products, centers, held)
    await booking.commit(session, hold, now=now)
    await floor.bump(
        session,
        floor.plans,
        plan,
        order_version=order.version,
        hold_id=hold.id,
        quality_standard=draft.quality_standard,
        quantity=draft.quantity,
        materials_cost=draft.materials_cost,
        planned_completion_date=draft.planned_completion_date,
        requested_delivery_date=order.requested_delivery_date,
    )
    current = {
        row.operation_no: row
        for row in await floor.tasks_of(session, plan.id)
        if row.rework_of_qc_report_id is None and row.status != CANCELLED
    }
    events: list[Envelope[EventPayload]] = []
    for op in held:
        row = current.pop(op.operation_no, None)
        if row is None:
            assigned = await _new_task(session, plan.id, op, centers[op.work_center_id])
            events.append(Envelope.new(assigned, order_id=plan.order_id, causation=cause))
        else:
            await _follow(session, row, op)
    for dropped in current.values():
        if dropped.status == OPEN:
            await floor.bump(session, floor.tasks, dropped, status=CANCELLED)
    revised = production.ProductionPlanRevised(
        plan_id=plan.id,
        order_version=order.version,
        operations=draft.operations,
        quality_standard=draft.quality_standard,
        material_requirements=draft.material_requirements,
        planned_completion_date=draft.planned_completion_date,
    )
    await outbox.add(
        session, Envelope.new(revised, order_id=plan.order_id, causation=cause), *events
    )


async def _follow(session: AsyncSession, row: Any, op: HeldOperation) -> None:
    """Move a task to the new quantity and dates; a done task with more to make reopens."""
    done = Decimal(row.quantity_done)
    reopened = row.status != OPEN and done < op.quantity
    values: dict[str, Any] = {
        "work_center_id": op.work_center_id,
        "quantity": op.quantity,
        "planned_hours": op.hours,
        "start_on": op.start_on,
        "end_on": op.end_on,
    }
    if reopened:
        values.update(
            status=OPEN, percent_done=(done / op.quantity * 100).quantize(Decimal("0.01"))
        )
    await floor.bump(session, floor.tasks, row, **values)


async def _new_task(
    session: AsyncSession, plan_id: Any, op: HeldOperation, center: Any
) -> production.ProductionTaskAssigned:
    assigned = production.ProductionTaskAssigned(
        task_id=uuid7(),
        plan_id=plan_id,
        operation_no=op.operation_no,
        work_center_id=center.id,
        work_center_kind=center.kind,
        responsible_person_id=center.lead_person_id,
        quantity=op.quantity,
        start_on=op.start_on,
        end_on=op.end_on,
    )
    await booking.add_task(session, assigned, operation=op.operation, hours=op.hours)
    return assigned
