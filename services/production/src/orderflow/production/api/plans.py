"""Production plans with their tasks, problems and QC reports (R-4.1, R-4.3)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from orderflow.production import quality, shop_floor
from orderflow.production.api.common import (
    PLANS_READ,
    PROGRESS_REPORT,
    QC_REPORT,
    Limit,
    own_plans,
    visible_plan,
)
from orderflow.production.repository import floor
from orderflow.production.schemas import (
    Page,
    PlanPublic,
    ProblemCreate,
    ProblemPublic,
    ProblemResolution,
    QcReportCreate,
    QcReportPublic,
    TaskPublic,
)
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import (
    Principal,
    check_if_match,
    etag_for,
    idempotency_key_parameter,
    idempotent,
    not_found,
    problem_responses,
    require_scopes,
    set_etag,
)
from orderflow.runtime.web.params import IsoDate

router = APIRouter()


def plan_public(row: Any, tasks: Any = ()) -> PlanPublic:
    return PlanPublic.model_validate(
        {**row._mapping, "tasks": [TaskPublic.model_validate(t._mapping) for t in tasks]}
    )


@router.get("/plans")
async def list_plans(
    session: SessionDep,
    principal: Annotated[Principal, require_scopes(PLANS_READ)],
    cursor: UUID | None = None,
    limit: Limit = 50,
    status: str | None = None,
    order_id: UUID | None = None,
    customer_id: UUID | None = None,
    completion_from: IsoDate | None = None,
    completion_to: IsoDate | None = None,
) -> Page[PlanPublic]:
    """Plans by status, order, customer and planned completion date range."""
    table = floor.plans
    wanted = {table.c.status: status, table.c.order_id: order_id, table.c.customer_id: customer_id}
    conditions: list[Any] = [column == value for column, value in wanted.items() if value]
    if completion_from:
        conditions.append(table.c.planned_completion_date >= completion_from)
    if completion_to:
        conditions.append(table.c.planned_completion_date <= completion_to)
    if principal.kind in ("customer", "partner"):
        conditions.append(own_plans(principal))
    rows, following = await floor.page(session, table, *conditions, cursor=cursor, limit=limit)
    return Page(
        items=[plan_public(r) for r in rows], next_cursor=str(following) if following else None
    )


@router.get("/plans/{plan_id}", responses=problem_responses(404))
async def get_plan(
    plan_id: UUID,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_scopes(PLANS_READ)],
) -> PlanPublic:
    plan = visible_plan(principal, await floor.one(session, floor.plans, plan_id), plan_id)
    set_etag(response, plan.version)
    return plan_public(plan, await floor.tasks_of(session, plan_id))


@router.post(
    "/plans/{plan_id}/problems",
    status_code=201,
    response_model=ProblemPublic,
    responses=problem_responses(404, 409),
    openapi_extra=idempotency_key_parameter(),
)
async def raise_problem(
    plan_id: UUID,
    body: ProblemCreate,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, require_scopes(PROGRESS_REPORT)],
) -> Response:
    """Raise a problem threatening quality or schedule; published (R-4.3)."""
    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay is not None:
            return slot.replay
        row = await shop_floor.raise_problem(session, plan_id, body, by=principal.subject)
        public = ProblemPublic.model_validate(row._mapping)
        return await slot.store(
            201, public.model_dump(mode="json"), {"ETag": etag_for(row.version)}
        )


@router.get("/plans/{plan_id}/problems", responses=problem_responses(404))
async def list_problems(
    plan_id: UUID,
    session: SessionDep,
    principal: Annotated[Principal, require_scopes(PLANS_READ)],
    status: str | None = None,
) -> list[ProblemPublic]:
    """The plan's problems, open and resolved (R-4.3)."""
    visible_plan(principal, await floor.one(session, floor.plans, plan_id), plan_id)
    table = floor.problems
    query = select(table).where(table.c.plan_id == plan_id).order_by(table.c.id)
    if status:
        query = query.where(table.c.status == status)
    return [ProblemPublic.model_validate(r._mapping) for r in (await session.execute(query)).all()]


@router.post("/problems/{problem_id}/resolution", responses=problem_responses(404, 409, 412, 428))
async def resolve_problem(
    problem_id: UUID,
    body: ProblemResolution,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_scopes(PROGRESS_REPORT)],
) -> ProblemPublic:
    """Resolve a raised problem; published (R-4.3)."""
    async with session.begin():
        row = await floor.one(session, floor.problems, problem_id, lock=True)
        if row is None:
            raise not_found("Problem", problem_id)
        check_if_match(request, row.version)
        row = await shop_floor.resolve_problem(session, row, body.resolution, by=principal.subject)
    set_etag(response, row.version)
    return ProblemPublic.model_validate(row._mapping)


@router.post(
    "/plans/{plan_id}/qc-reports",
    status_code=201,
    response_model=QcReportPublic,
    responses=problem_responses(404, 409),
    openapi_extra=idempotency_key_parameter(),
)
async def report_quality_check(
    plan_id: UUID,
    body: QcReportCreate,
    request: Request,
    session: SessionDep,
    now: NowDep,
    principal: Annotated[Principal, require_scopes(QC_REPORT)],
) -> Response:
    """Final QC: pass with every task done → completed; fail → a rework task (R-4.3)."""
    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay is not None:
            return slot.replay
        public = await quality.report_qc(session, plan_id, body, by=principal.subject, now=now)
        return await slot.store(201, public.model_dump(mode="json"))
