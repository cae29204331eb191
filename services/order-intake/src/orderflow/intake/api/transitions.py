"""Edits and state transitions before review, each guarded by `If-Match` (R-2.4, R-3.3)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request, Response
from sqlalchemy import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.intake import ordering, presenters, repository, revising
from orderflow.intake.api.deps import CipherDep, SettingsDep, visible_order
from orderflow.intake.crypto import PiiCipher
from orderflow.intake.schemas.orders import Clarification, OrderContent, OrderPublic
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import (
    Principal,
    check_if_match,
    problem_responses,
    require_scopes,
    set_etag,
)

router = APIRouter(prefix="/v1", tags=["orders"])
GUARDED = problem_responses(404, 409, 412, 422, 428)
Step = Callable[[RowMapping, ordering.Actor], Awaitable[None]]


async def _guarded(
    order_id: UUID,
    request: Request,
    response: Response,
    session: AsyncSession,
    cipher: PiiCipher,
    principal: Principal,
    step: Step,
) -> OrderPublic:
    """Load the visible order, check `If-Match`, apply `step`, answer the new version."""
    async with session.begin():
        row = await repository.get_order(session, order_id, lock=True)
        row = visible_order(principal, row, order_id)
        check_if_match(request, row["row_version"])
        await step(row, ordering.Actor(principal.subject))
        fresh = await repository.get_order(session, order_id)
        assert fresh is not None
        history = await repository.history(session, fresh["id"])
    set_etag(response, fresh["row_version"])
    return presenters.order_public(cipher, fresh, history)


@router.put("/orders/{order_id}", response_model=OrderPublic, responses=GUARDED)
async def edit_order(
    order_id: UUID,
    body: OrderContent,
    request: Request,
    response: Response,
    session: SessionDep,
    cipher: CipherDep,
    settings: SettingsDep,
    now: NowDep,
    principal: Annotated[Principal, require_scopes("intake:orders:write")],
) -> OrderPublic:
    """Replace the content, in draft, needs_clarification or returned only."""

    async def step(row: RowMapping, actor: ordering.Actor) -> None:
        await revising.edit(
            session,
            cipher,
            row,
            body,
            actor=actor,
            now=now,
            window_days=settings.duplicate_window_days,
        )

    return await _guarded(order_id, request, response, session, cipher, principal, step)


@router.post("/orders/{order_id}/clarification", response_model=OrderPublic, responses=GUARDED)
async def clarify_order(
    order_id: UUID,
    body: Clarification,
    request: Request,
    response: Response,
    session: SessionDep,
    cipher: CipherDep,
    now: NowDep,
    principal: Annotated[Principal, require_scopes("intake:orders:clarify")],
) -> OrderPublic:
    """Staff record the customer's answers to the open questions (R-2.4)."""

    async def step(row: RowMapping, actor: ordering.Actor) -> None:
        await revising.clarify(session, row, body, actor=actor, now=now)

    return await _guarded(order_id, request, response, session, cipher, principal, step)


@router.post("/orders/{order_id}/submission", response_model=OrderPublic, responses=GUARDED)
async def submit_order(
    order_id: UUID,
    request: Request,
    response: Response,
    session: SessionDep,
    cipher: CipherDep,
    now: NowDep,
    principal: Annotated[Principal, require_scopes("intake:orders:submit")],
) -> OrderPublic:
    """Submit a checked draft, or resubmit a returned order as its next revision (R-3.3)."""

    async def step(row: RowMapping, actor: ordering.Actor) -> None:
        await revising.submit(session, row, actor=actor, now=now)

    return await _guarded(order_id, request, response, session, cipher, principal, step)


@router.post("/orders/{order_id}/resubmission", response_model=OrderPublic, responses=GUARDED)
async def resubmit_order(
    order_id: UUID,
    request: Request,
    response: Response,
    session: SessionDep,
    cipher: CipherDep,
    now: NowDep,
    principal: Annotated[Principal, require_scopes("intake:orders:submit")],
) -> OrderPublic:
    """Resubmit a returned order as its next revision; 409 in any other state (R-3.3)."""

    async def step(row: RowMapping, actor: ordering.Actor) -> None:
        await revising.submit(session, row, actor=actor, now=now, resubmit=True)

    return await _guarded(order_id, request, response, session, cipher, principal, step)
