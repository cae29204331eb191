"""Shop-floor use cases: reassign, progress, problems, QC → completion or rework (R-4.2, R-4.3)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload, production
from orderflow.contracts.ids import uuid7
from orderflow.production.domain import shop_floor as rules
from orderflow.production.repository import catalog, floor
from orderflow.production.schemas import (
    Assignment,
    ProblemCreate,
    ProgressReport,
)
from orderflow.runtime import outbox
from orderflow.runtime.web import ProblemError


def conflict(error: Exception) -> ProblemError:
    return ProblemError(409, "illegal-transition", "Not possible in this state", str(error))


async def publish(session: AsyncSession, plan: Any, payload: EventPayload, by: str) -> None:
    await outbox.add(session, Envelope.new(payload, order_id=plan.order_id, actor=by))


async def open_plan(session: AsyncSession, plan_id: UUID) -> Any:
    plan = await floor.one(session, floor.plans, plan_id, lock=True)
    if plan is None:
        raise ProblemError(404, "not-found", "Plan not found", f"no plan {plan_id}")
    if plan.status != "in_progress":
        raise conflict(ValueError(f"plan is {plan.status}"))
    return plan


async def reassign(session: AsyncSession, row: Any, body: Assignment, *, by: str) -> Any:
    if row.status != rules.OPEN:
        raise conflict(ValueError(f"task is {row.status}; only open tasks are reassigned"))
    center_id = body.work_center_id or row.work_center_id
    if not await catalog.work_centers(session, [center_id]):
        raise ProblemError(
            422, "unknown-work-center", "Unknown work center", f"no work center {center_id}"
        )
    await floor.bump(
        session,
        floor.tasks,
        row,
        responsible_person_id=body.responsible_person_id,
        work_center_id=center_id,
    )
    plan = await floor.one(session, floor.plans, row.plan_id)
    event = production.ProductionTaskReassigned(
        task_id=row.id,
        work_center_id=center_id,
        responsible_person_id=body.responsible_person_id,
        previous_person_id=row.responsible_person_id,
        reason=body.reason,
    )
    await publish(session, plan, event, by)
    return await floor.one(session, floor.tasks, row.id)


async def progress(session: AsyncSession, row: Any, body: ProgressReport, *, by: str) -> Any:
    plan = await open_plan(session, row.plan_id)
    if not plan.materials_ready and row.operation_no == 1 and row.rework_of_qc_report_id is None:
        detail = "the first operation starts when procurement reports the materials reserved"
        raise ProblemError(409, "materials-not-ready", "Materials not ready", detail)
    try:
        task = rules.report_progress(
            floor.task_of(row),
            quantity_done=body.quantity_done,
            percent_done=body.percent_done,
            hours_worked=body.hours_worked,
            done=body.done,
        )
    except rules.ShopFloorError as error:
        raise conflict(error) from None
    await floor.save_task(session, row, task)
    event = production.ProductionProgressReported(
        task_id=task.id,
        plan_id=plan.id,
        quantity_done=task.quantity_done,
        percent_done=task.percent_done,
        task_done=task.status == rules.DONE,
    )
    await publish(session, plan, event, by)
    return await floor.one(session, floor.tasks, row.id)


async def raise_problem(
    session: AsyncSession, plan_id: UUID, body: ProblemCreate, *, by: str
) -> Any:
    plan = await open_plan(session, plan_id)
    if body.task_id is not None:
        task = await floor.one(session, floor.tasks, body.task_id)
        if task is None or task.plan_id != plan_id:
            raise ProblemError(
                422, "unknown-task", "Unknown task", f"plan has no task {body.task_id}"
            )
    problem_id = uuid7()
    await session.execute(
        floor.problems.insert().values(
            id=problem_id,
            plan_id=plan_id,
            status="open",
            raised_by=by,
            version=1,
            **body.model_dump(),
        )
    )
    event = production.ProductionProblemRaised(problem_id=problem_id, **body.model_dump())
    await publish(session, plan, event, by)
    return await floor.one(session, floor.problems, problem_id)


async def resolve_problem(session: AsyncSession, row: Any, resolution: str, *, by: str) -> Any:
    if row.status != "open":
        raise conflict(ValueError("the problem is already resolved"))
    await floor.bump(session, floor.problems, row, status="resolved", resolution=resolution)
    plan = await floor.one(session, floor.plans, row.plan_id)
    event = production.ProductionProblemResolved(problem_id=row.id, resolution=resolution)
    await publish(session, plan, event, by)
    return await floor.one(session, floor.problems, row.id)
