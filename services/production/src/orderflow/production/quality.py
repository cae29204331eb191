"""Final QC against the plan's quality standard: completion or a rework task (R-4.1, R-4.3)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import production
from orderflow.contracts.ids import uuid7
from orderflow.production import booking
from orderflow.production.domain import shop_floor as rules
from orderflow.production.domain.scheduling import Demand
from orderflow.production.repository import catalog, floor
from orderflow.production.schemas import QcReportCreate, QcReportPublic
from orderflow.production.shop_floor import conflict, open_plan, publish


async def report_qc(
    session: AsyncSession, plan_id: UUID, body: QcReportCreate, *, by: str, now: datetime
) -> QcReportPublic:
    """Pass with every task done completes production; a fail opens a rework task."""
    plan = await open_plan(session, plan_id)
    rows = await floor.tasks_of(session, plan_id)
    if body.passed:
        try:
            rules.may_pass_qc([floor.task_of(r) for r in rows])
        except rules.ShopFloorError as error:
            raise conflict(error) from None
    report_id = uuid7()
    measurements = [m.model_dump(mode="json") for m in body.measurements]
    await session.execute(
        floor.qc_reports.insert().values(
            id=report_id,
            plan_id=plan_id,
            passed=body.passed,
            measurements=measurements,
            inspector_id=by,
            reported_at=now,
        )
    )
    checked = production.QualityCheckReported(
        qc_report_id=report_id,
        plan_id=plan_id,
        passed=body.passed,
        standard=plan.quality_standard,
        inspector_id=by,
        measurements=tuple(production.Measurement(**m.model_dump()) for m in body.measurements),
    )
    await publish(session, plan, checked, by)
    rework_id = None
    if body.passed:
        await floor.bump(session, floor.plans, plan, status="completed")
        done = production.ProductionCompleted(
            plan_id=plan_id, qc_report_id=report_id, quantity=plan.quantity
        )
        await publish(session, plan, done, by)
    else:
        rework_id = await _rework(session, plan, rows[-1], report_id, body, by=by, now=now)
    status = "completed" if body.passed else plan.status
    return QcReportPublic(
        id=report_id,
        plan_id=plan_id,
        passed=body.passed,
        measurements=body.measurements,
        inspector_id=by,
        plan_status=status,
        rework_task_id=rework_id,
    )


async def _rework(
    session: AsyncSession,
    plan: Any,
    last: Any,
    report_id: UUID,
    body: QcReportCreate,
    *,
    by: str,
    now: datetime,
) -> UUID:
    """Rework falls to the last operation's work center and person, for the whole quantity;
    its hours are booked into free capacity like any task's."""
    failed = [m.characteristic for m in body.measurements if not m.passed]
    reason = body.rework_reason or f"QC failed on: {', '.join(failed) or 'the quality standard'}"
    center = (await catalog.work_centers(session, [last.work_center_id]))[last.work_center_id]
    demand = Demand(
        operation_no=int(last.operation_no),
        operation=last.operation,
        work_center_id=center.id,
        hours=Decimal(last.planned_hours),
        quantity=Decimal(plan.quantity),
    )
    booked = await booking.book_rework(session, plan.order_id, report_id, demand, now=now)
    start_on, end_on = (
        (booked.start_on, booked.end_on)
        if booked is not None
        else (last.start_on, plan.planned_completion_date)
    )
    assigned = production.ProductionTaskAssigned(
        task_id=uuid7(),
        plan_id=plan.id,
        operation_no=int(last.operation_no),
        work_center_id=center.id,
        work_center_kind=center.kind,
        responsible_person_id=last.responsible_person_id,
        quantity=Decimal(plan.quantity),
        start_on=start_on,
        end_on=end_on,
        rework_of_qc_report_id=report_id,
    )
    await booking.add_task(
        session, assigned, operation=last.operation, hours=Decimal(last.planned_hours)
    )
    started = production.ProductionReworkStarted(
        plan_id=plan.id, qc_report_id=report_id, rework_task_id=assigned.task_id, reason=reason
    )
    await publish(session, plan, started, by)
    await publish(session, plan, assigned, by)
    return assigned.task_id
