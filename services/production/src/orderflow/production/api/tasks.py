"""Tasks: read, reassign to a named person, report progress (R-4.2, R-4.3)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from orderflow.production import shop_floor
from orderflow.production.api.common import (
    PLANS_READ,
    PROGRESS_REPORT,
    TASKS_ASSIGN,
    Limit,
    own_plans,
    visible_plan,
)
from orderflow.production.repository import floor
from orderflow.production.schemas import Assignment, Page, ProgressReport, TaskPublic
from orderflow.runtime.deps import SessionDep
from orderflow.runtime.web import (
    Principal,
    check_if_match,
    not_found,
    problem_responses,
    require_scopes,
    set_etag,
)

router = APIRouter()


@router.get("/tasks")
async def list_tasks(
    session: SessionDep,
    principal: Annotated[Principal, require_scopes(PLANS_READ)],
    cursor: UUID | None = None,
    limit: Limit = 50,
    responsible_person_id: str | None = None,
    work_center_id: UUID | None = None,
    plan_id: UUID | None = None,
    status: str | None = None,
) -> Page[TaskPublic]:
    """A person's or a work center's worklist, filtered by plan and status (R-4.2)."""
    table = floor.tasks
    wanted = {
        table.c.responsible_person_id: responsible_person_id,
        table.c.work_center_id: work_center_id,
        table.c.plan_id: plan_id,
        table.c.status: status,
    }
    conditions: list[Any] = [column == value for column, value in wanted.items() if value]
    if principal.kind in ("customer", "partner"):
        conditions.append(table.c.plan_id.in_(select(floor.plans.c.id).where(own_plans(principal))))
    rows, following = await floor.page(session, table, *conditions, cursor=cursor, limit=limit)
    items = [TaskPublic.model_validate(r._mapping) for r in rows]
    return Page(items=items, next_cursor=str(following) if following else None)


@router.get("/tasks/{task_id}", responses=problem_responses(404))
async def get_task(
    task_id: UUID,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_scopes(PLANS_READ)],
) -> TaskPublic:
    row = await floor.one(session, floor.tasks, task_id)
    if row is None:
        raise not_found("Task", task_id)
    visible_plan(principal, await floor.one(session, floor.plans, row.plan_id), row.plan_id)
    set_etag(response, row.version)
    return TaskPublic.model_validate(row._mapping)


@router.put("/tasks/{task_id}/assignment", responses=problem_responses(404, 409, 412, 422, 428))
async def reassign_task(
    task_id: UUID,
    body: Assignment,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_scopes(TASKS_ASSIGN)],
) -> TaskPublic:
    """Name another responsible person (and optionally work center) for the task (R-4.2)."""
    async with session.begin():
        row = await _task(session, task_id)
        check_if_match(request, row.version)
        row = await shop_floor.reassign(session, row, body, by=principal.subject)
    set_etag(response, row.version)
    return TaskPublic.model_validate(row._mapping)


@router.post("/tasks/{task_id}/progress", responses=problem_responses(404, 409, 412, 428))
async def report_progress(
    task_id: UUID,
    body: ProgressReport,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_scopes(PROGRESS_REPORT)],
) -> TaskPublic:
    """Report how far the task is (quantity or percent) and the hours worked (R-4.3)."""
    async with session.begin():
        row = await _task(session, task_id)
        check_if_match(request, row.version)
        row = await shop_floor.progress(session, row, body, by=principal.subject)
    set_etag(response, row.version)
    return TaskPublic.model_validate(row._mapping)


async def _task(session: SessionDep, task_id: UUID):  # type: ignore[no-untyped-def]
    row = await floor.one(session, floor.tasks, task_id, lock=True)
    if row is None:
        raise not_found("Task", task_id)
    return row
