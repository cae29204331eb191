"""An approved order becomes a plan with tasks for named people (R-4.1, R-4.2, R-4.4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload, production
from orderflow.contracts.ids import uuid7
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.production import assessing, booking, models, revising
from orderflow.production.domain import plans
from orderflow.production.repository import catalog, floor, holds
from orderflow.runtime import outbox


async def approved_hold(
    session: AsyncSession, round_id: UUID, *, now: datetime
) -> tuple[OrderSnapshot, Any] | None:
    """The approved round's order and the hours it holds (scheduled afresh when its hold is
    gone); None when already planned or when it no longer fits."""
    hold = await holds.for_round(session, round_id)
    if hold is not None and hold.status == holds.COMMITTED:
        return None
    if hold is None or hold.status != holds.HELD:
        return await assessing.hold_on_approval(session, round_id, now=now)
    table = models.assessments
    assessed = (await session.execute(select(table).where(table.c.round_id == round_id))).one()
    return OrderSnapshot.model_validate(assessed.snapshot), hold


async def plan_approved(
    session: AsyncSession, cause: Envelope[EventPayload], round_id: UUID, *, now: datetime
) -> bool:
    """An approved review (or change) round: a new plan, or the order's plan revised."""
    found = await approved_hold(session, round_id, now=now)
    if found is None:
        return False
    order, hold = found
    existing = await floor.plan_for_order(session, hold.order_id, lock=True)
    if existing is not None:
        await revising.revise(session, cause, existing, order, hold, now=now)
        return True
    held = holds.operations_of(hold)
    products = await catalog.products(session, {line.product_code for line in order.lines})
    centers = await catalog.work_centers(session, {op.work_center_id for op in held})
    draft = plans.draft(order, products, centers, held)
    plan_id = uuid7()
    await session.execute(
        models.plans.insert().values(
            id=plan_id,
            order_id=hold.order_id,
            customer_id=order.customer_id,
            hold_id=hold.id,
            order_version=order.version,
            status="in_progress",
            quality_standard=draft.quality_standard,
            quantity=draft.quantity,
            materials_cost=draft.materials_cost,
            planned_completion_date=draft.planned_completion_date,
            requested_delivery_date=order.requested_delivery_date,
            materials_ready=not draft.material_requirements,
            open_supply_delays=[],
            created_at=now,
            version=1,
        )
    )
    await booking.commit(session, hold, now=now)
    created = production.ProductionPlanCreated(
        plan_id=plan_id,
        order_version=order.version,
        operations=draft.operations,
        quality_standard=draft.quality_standard,
        material_requirements=draft.material_requirements,
        planned_completion_date=draft.planned_completion_date,
    )
    events: list[Envelope[EventPayload]] = [
        Envelope.new(created, order_id=hold.order_id, causation=cause)
    ]
    for op in held:
        center = centers[op.work_center_id]
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
        events.append(Envelope.new(assigned, order_id=hold.order_id, causation=cause))
    late = plans.days_late(draft.planned_completion_date, order.requested_delivery_date)
    if late:
        events.append(await _late(session, cause, plan_id, hold.order_id, late))
    await outbox.add(session, *events)
    return True


async def _late(
    session: AsyncSession, cause: Envelope[EventPayload], plan_id: UUID, order_id: UUID, days: int
) -> Envelope[EventPayload]:
    """The plan completes after the requested date: an open capacity problem says by how much."""
    problem_id = uuid7()
    raised = production.ProductionProblemRaised(
        problem_id=problem_id,
        category=production.ProblemCategory.CAPACITY,
        description=f"capacity was taken before approval: completion is {days} day(s) late",
        schedule_impact_days=days,
    )
    await session.execute(
        models.problems.insert().values(
            id=problem_id,
            plan_id=plan_id,
            category=raised.category.value,
            description=raised.description,
            schedule_impact_days=days,
            status="open",
            raised_by="production",
            version=1,
        )
    )
    return Envelope.new(raised, order_id=order_id, causation=cause)
