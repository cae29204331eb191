"""Acceptance routes: read the inspection, record results item by item (R-5.5, R-5.6)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select

from orderflow.aftersales import models, repository
from orderflow.aftersales.actions import acceptances
from orderflow.aftersales.actions.common import settings_of
from orderflow.aftersales.api.common import (
    Since,
    Until,
    cursor_after_page,
    filtered,
    for_change,
    page_query,
    rules_as_problems,
    visible,
    with_etag,
)
from orderflow.aftersales.domain.acceptance import Acceptance, ItemResult
from orderflow.aftersales.schemas.acceptances import (
    AcceptancePage,
    AcceptancePublic,
    AcceptanceResults,
    AcceptanceTerms,
    AcceptanceTermsPublic,
)
from orderflow.runtime.deps import NowDep, ServiceStateDep, SessionDep
from orderflow.runtime.web import (
    Cursor,
    Limit,
    Principal,
    problem_responses,
    require_scopes,
)
from orderflow.runtime.web.params import IsoDatetime

router = APIRouter(tags=["acceptances"])
Reader = Annotated[Principal, require_scopes("aftersales:acceptances:read")]
Recorder = Annotated[Principal, require_scopes("aftersales:acceptances:write")]
TermsWriter = Annotated[Principal, require_scopes("aftersales:acceptance-terms:write")]


@router.get("/acceptances", response_model=AcceptancePage)
async def list_acceptances(
    session: SessionDep,
    principal: Reader,
    cursor: Cursor = None,
    limit: Limit = 50,
    status: str | None = None,
    customer_id: str | None = None,
    order_id: str | None = None,
    opened_since: Since = None,
    opened_until: Until = None,
    deadline_before: Annotated[IsoDatetime | None, Query()] = None,
) -> AcceptancePage:
    table = models.acceptances
    equal = {"status": status, "customer_id": customer_id, "order_id": order_id}
    query = filtered(select(table), table, equal, opened_since, opened_until)
    if deadline_before is not None:
        query = query.where(table.c.deadline < deadline_before)
    rows = (await session.execute(page_query(query, table, principal, cursor, limit))).mappings()
    found = list(rows)
    items = [repository.from_row(Acceptance, row) for row in found[:limit]]
    return AcceptancePage(
        items=[AcceptancePublic.model_validate(a) for a in items],
        next_cursor=cursor_after_page(found, limit),
    )


@router.get(
    "/acceptances/{acceptance_id}",
    response_model=AcceptancePublic,
    responses=problem_responses(404),
)
async def get_acceptance(
    acceptance_id: str, session: SessionDep, principal: Reader, response: Response
) -> AcceptancePublic:
    acceptance = await visible(session, Acceptance, acceptance_id, principal, "Acceptance")
    with_etag(response, acceptance)
    return AcceptancePublic.model_validate(acceptance)


@router.post(
    "/acceptances/{acceptance_id}/results",
    response_model=AcceptancePublic,
    responses=problem_responses(404, 409, 412, 428),
)
async def record_results(
    acceptance_id: str,
    body: AcceptanceResults,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    state: ServiceStateDep,
    principal: Recorder,
) -> AcceptancePublic:
    """The customer or customer service records item results; complete → passed or claim."""
    results = {i.item_no: ItemResult(i.item_no, i.passed, i.finding) for i in body.items}
    async with session.begin():
        acceptance = await for_change(
            session, Acceptance, acceptance_id, principal, request, "Acceptance"
        )
        with rules_as_problems():
            updated = await acceptances.record_results(
                session,
                acceptance,
                results,
                by_customer=principal.kind == "customer",
                follow_up_after_days=settings_of(state).follow_up_after_days,
                actor=principal.subject,
                now=now,
            )
    with_etag(response, updated)
    return AcceptancePublic.model_validate(updated)


@router.put("/acceptance-terms/{customer_id}", response_model=AcceptanceTermsPublic)
async def set_acceptance_terms(
    customer_id: str,
    body: AcceptanceTerms,
    session: SessionDep,
    now: NowDep,
    principal: TermsWriter,
) -> AcceptanceTermsPublic:
    """A customer's agreed inspection period; the order's contract period still comes first."""
    table = models.acceptance_terms
    async with session.begin():
        await session.execute(table.delete().where(table.c.customer_id == customer_id))
        await session.execute(
            table.insert().values(
                customer_id=customer_id, period_days=body.period_days, updated_at=now
            )
        )
    return AcceptanceTermsPublic(customer_id=customer_id, period_days=body.period_days)
