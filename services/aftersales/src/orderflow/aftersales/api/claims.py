"""Claim routes: verify the fault, choose the remedy (R-5.6)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from orderflow.aftersales import models, repository
from orderflow.aftersales.actions import claims
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
from orderflow.aftersales.domain.claims import Claim
from orderflow.aftersales.schemas.acceptances import (
    ClaimPage,
    ClaimPublic,
    ClaimRemedy,
    ClaimVerification,
)
from orderflow.contracts.types import Money
from orderflow.runtime.deps import NowDep, ServiceStateDep, SessionDep
from orderflow.runtime.web import (
    Cursor,
    Limit,
    Principal,
    problem_responses,
    require_scopes,
)

router = APIRouter(tags=["claims"])
Reader = Annotated[Principal, require_scopes("aftersales:claims:read")]
Handler = Annotated[Principal, require_scopes("aftersales:claims:write")]
TRANSITION = problem_responses(404, 409, 412, 428)


@router.get("/claims", response_model=ClaimPage)
async def list_claims(
    session: SessionDep,
    principal: Reader,
    cursor: Cursor = None,
    limit: Limit = 50,
    status: str | None = None,
    customer_id: str | None = None,
    order_id: str | None = None,
    opened_since: Since = None,
    opened_until: Until = None,
) -> ClaimPage:
    table = models.claims
    equal = {"status": status, "customer_id": customer_id, "order_id": order_id}
    query = filtered(select(table), table, equal, opened_since, opened_until)
    found = list(
        (await session.execute(page_query(query, table, principal, cursor, limit))).mappings()
    )
    return ClaimPage(
        items=[ClaimPublic.model_validate(repository.from_row(Claim, r)) for r in found[:limit]],
        next_cursor=cursor_after_page(found, limit),
    )


@router.get("/claims/{claim_id}", response_model=ClaimPublic, responses=problem_responses(404))
async def get_claim(
    claim_id: str, session: SessionDep, principal: Reader, response: Response
) -> ClaimPublic:
    claim = await visible(session, Claim, claim_id, principal, "Claim")
    with_etag(response, claim)
    return ClaimPublic.model_validate(claim)


@router.post("/claims/{claim_id}/verification", response_model=ClaimPublic, responses=TRANSITION)
async def verify_claim(
    claim_id: str,
    body: ClaimVerification,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    state: ServiceStateDep,
    principal: Handler,
) -> ClaimPublic:
    """Whose fault: the company's leads to a remedy, anyone else's rejects the claim."""
    async with session.begin():
        claim = await for_change(session, Claim, claim_id, principal, request, "Claim")
        with rules_as_problems():
            updated = await claims.verify(
                session,
                claim,
                body.fault,
                body.finding,
                follow_up_after_days=settings_of(state).follow_up_after_days,
                actor=principal.subject,
                now=now,
            )
    with_etag(response, updated)
    return ClaimPublic.model_validate(updated)


@router.post("/claims/{claim_id}/remedy", response_model=ClaimPublic, responses=TRANSITION)
async def choose_remedy(
    claim_id: str,
    body: ClaimRemedy,
    request: Request,
    response: Response,
    session: SessionDep,
    state: ServiceStateDep,
    now: NowDep,
    principal: Handler,
) -> ClaimPublic:
    """Return, exchange, resupply (other departments act) or compensation (granted now)."""
    money = body.compensation
    compensation = Money(amount=money.amount, currency=money.currency) if money else None
    async with session.begin():
        claim = await for_change(session, Claim, claim_id, principal, request, "Claim")
        with rules_as_problems():
            updated = await claims.choose_remedy(
                session,
                claim,
                body.remedy,
                compensation,
                follow_up_after_days=settings_of(state).follow_up_after_days,
                actor=principal.subject,
                now=now,
            )
    with_etag(response, updated)
    return ClaimPublic.model_validate(updated)
