"""Answering assessment requests: review, change and cancellation rounds (R-3.1, R-6.2, R-6.3)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, production, review
from orderflow.contracts.ids import uuid7
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.contracts.types import CheckResult, Impact, Money, MoneyDelta, RoundKind, Verdict
from orderflow.production import models, stopping
from orderflow.production.answers import answered, assessed_order
from orderflow.production.domain import impact
from orderflow.production.domain.assessment import Assessment, assess
from orderflow.production.domain.scheduling import Schedule
from orderflow.production.repository import catalog, holds
from orderflow.production.settings import ProductionSettings
from orderflow.runtime import outbox, scheduler

Answer = production.ProductionAssessmentAnswered
log = logging.getLogger(__name__)
# How far past the requested date an approved order whose hours were taken may be scheduled.
LATE_HORIZON = timedelta(days=365)


@dataclass(frozen=True)
class Round:
    """One assessment request as production handles it: the event, the time, the settings."""

    event: Envelope[review.AssessmentRequested]
    now: datetime
    settings: ProductionSettings

    @property
    def order_id(self) -> UUID:
        assert self.event.order_id is not None
        return self.event.order_id

    @property
    def request(self) -> review.AssessmentRequested:
        return self.event.payload


async def answer(session: AsyncSession, round_: Round) -> None:
    """Answer once per round; a passing review round holds the scheduled hours tentatively."""
    request = round_.request
    table = models.assessments
    seen = select(table.c.round_id).where(table.c.round_id == request.round_id)
    if (await session.execute(seen)).first() is not None:
        return
    if request.kind is RoundKind.CANCELLATION:
        event = await _cancellation(session, round_)
    elif request.kind is RoundKind.CHANGE and request.proposed is not None:
        event = await _change(session, round_, request.proposed)
    else:
        event = await _review(session, round_)
    order = assessed_order(request)
    await session.execute(
        table.insert().values(
            round_id=request.round_id,
            order_id=round_.order_id,
            round_kind=request.kind.value,
            order_version=order.version,
            snapshot=order.model_dump(mode="json"),
            verdict=event.result.verdict.value,
            earliest_completion_date=event.earliest_completion_date,
            answered_at=round_.now,
        )
    )
    await outbox.add(session, Envelope.new(event, order_id=round_.order_id, causation=round_.event))


async def _assess(
    session: AsyncSession,
    order: OrderSnapshot,
    now: datetime,
    *,
    except_order: UUID | None = None,
    person_approved: bool = False,
    deadline: date | None = None,
) -> tuple[Assessment, dict[UUID, Decimal]]:
    """Assess against free capacity, holding the work centers' row locks to the commit so
    that a concurrent assessment waits and then sees these hours as taken."""
    products = await catalog.products(session, {line.product_code for line in order.lines})
    center_ids = {step.work_center_id for p in products.values() for step in p.routing}
    centers = await catalog.work_centers(session, center_ids, lock=True)
    items = {use.item_code for p in products.values() for use in p.bill_of_materials}
    replica = await catalog.availability(session, items)
    load = await holds.load(session, center_ids, except_order=except_order)
    result = assess(
        order,
        products,
        centers,
        replica,
        load,
        today=now.date(),
        person_approved=person_approved,
        deadline=deadline,
    )
    return result, {wc: c.hourly_rate for wc, c in centers.items()}


async def _review(session: AsyncSession, round_: Round) -> Answer:
    result, _ = await _assess(session, round_.request.order, round_.now)
    if result.verdict is not Verdict.PASS or result.schedule is None:
        return answered(round_.request, result)
    return answered(round_.request, result, hold=await _hold(session, round_, result.schedule))


async def _hold(session: AsyncSession, round_: Round, planned: Schedule) -> tuple[UUID, datetime]:
    """Hold the scheduled hours tentatively until a decision, or until the hold expires."""
    hold_id = uuid7()
    expires_at = round_.now + timedelta(hours=round_.settings.capacity_hold_hours)
    await holds.hold(
        session,
        hold_id,
        order_id=round_.order_id,
        round_id=round_.request.round_id,
        expires_at=expires_at,
        planned=planned,
    )
    await scheduler.schedule(
        session, stopping.HOLD_EXPIRY, str(hold_id), expires_at, now=round_.now
    )
    return hold_id, expires_at


async def _change(session: AsyncSession, round_: Round, proposed: OrderSnapshot) -> Answer:
    """Reschedule the changed order into what others leave free: new date, and the cost delta
    of labour (hours × rate) plus materials (BOM standard cost × quantity difference)."""
    result, rates = await _assess(session, proposed, round_.now, except_order=round_.order_id)
    if result.verdict is not Verdict.PASS or result.schedule is None:
        return answered(round_.request, result)
    held = await holds.active_for_order(session, round_.order_id)
    current = round_.request.order
    codes = {line.product_code for line in (*current.lines, *proposed.lines)}
    amount = impact.change_cost_delta(
        labour_before=impact.labour_cost(
            ((op.work_center_id, op.hours) for row in held for op in holds.operations_of(row)),
            rates,
        ),
        labour_after=impact.labour_cost(
            ((op.demand.work_center_id, op.demand.hours) for op in result.schedule.operations),
            rates,
        ),
        current=current,
        proposed=proposed,
        products=await catalog.products(session, codes),
    )
    delta = MoneyDelta(amount=amount, currency=round_.settings.currency)
    hold = await _hold(session, round_, result.schedule)
    changed = Impact(new_completion_date=result.completion_date, cost_delta=delta)
    return answered(round_.request, result, hold=hold, impact=changed)


async def _cancellation(session: AsyncSession, round_: Round) -> Answer:
    """Production can always stop; the answer says how far work went and what it cost."""
    cost = await stopping.cost_so_far(session, round_.order_id)
    stopped = Impact(
        work_state=cost.work_state,
        cost_incurred=Money(amount=cost.total, currency=round_.settings.currency),
        work_done=f"{cost.hours_worked} hours worked; materials consumed {cost.materials_consumed}",
    )
    return Answer(
        round_id=round_.request.round_id,
        round_kind=round_.request.kind,
        order_version=round_.request.order.version,
        result=CheckResult(verdict=Verdict.PASS),
        impact=stopped,
    )


async def hold_on_approval(
    session: AsyncSession, round_id: UUID, *, now: datetime
) -> tuple[OrderSnapshot, Any] | None:
    """Schedule an approved order that holds no hours (its hold expired, or a person passed a
    custom product) into the capacity free now; if the hours before the requested date were
    taken meanwhile, into the next free hours even if late (never lose an approved order)."""
    table = models.assessments
    row = (await session.execute(select(table).where(table.c.round_id == round_id))).first()
    if row is None or row.round_kind == RoundKind.CANCELLATION.value:
        return None
    order = OrderSnapshot.model_validate(row.snapshot)
    changing = row.order_id if row.round_kind == RoundKind.CHANGE.value else None
    result, _ = await _assess(session, order, now, except_order=changing, person_approved=True)
    if result.verdict is not Verdict.PASS or result.schedule is None:
        horizon = max(order.requested_delivery_date, now.date()) + LATE_HORIZON
        result, _ = await _assess(
            session, order, now, except_order=changing, person_approved=True, deadline=horizon
        )
        if result.verdict is not Verdict.PASS or result.schedule is None:
            log.error("approved order %s fits no capacity within %s", row.order_id, horizon)
            return None
        log.warning(
            "approved order %s lost its hours; scheduled late, completing %s after requested %s",
            row.order_id,
            result.completion_date,
            order.requested_delivery_date,
        )
    hold = await holds.for_round(session, round_id)
    if hold is not None:
        await holds.rehold(session, hold.id, result.schedule)
    else:
        await holds.hold(
            session,
            uuid7(),
            order_id=row.order_id,
            round_id=round_id,
            expires_at=now,
            planned=result.schedule,
        )
    return order, await holds.for_round(session, round_id)
