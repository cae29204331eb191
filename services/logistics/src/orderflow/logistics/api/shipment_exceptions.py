"""Shipment exceptions: raised, told to the customer, resolved (R-4.9)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope
from orderflow.contracts.ids import uuid7
from orderflow.contracts.logistics import (
    ExceptionKind,
    NoticeKind,
    ShipmentExceptionRaised,
    ShipmentExceptionResolved,
)
from orderflow.logistics import models, notices, store
from orderflow.logistics.api.common import conflict, visible_shipment
from orderflow.logistics.domain import shipments
from orderflow.logistics.domain.shipments import ShipmentStatus
from orderflow.logistics.schemas import ExceptionPublic, ExceptionRaise, ExceptionResolve
from orderflow.runtime import outbox
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import (
    Principal,
    ProblemError,
    check_if_match,
    idempotency_key_parameter,
    idempotent,
    not_found,
    problem_responses,
    require_scopes,
    set_etag,
)

router = APIRouter()
Reader = Annotated[Principal, require_scopes("logistics:shipments:read")]
Tracker = Annotated[Principal, require_scopes("logistics:tracking:write")]


async def record(
    session: AsyncSession, row: Row[Any], body: ExceptionRaise, now: datetime, actor: str
) -> UUID:
    """Log the exception, move the ETA, publish it (flags the order) and notify the customer."""
    exception_id = uuid7()
    await session.execute(
        insert(models.shipment_exceptions).values(
            exception_id=str(exception_id),
            shipment_id=row.shipment_id,
            order_id=row.order_id,
            kind=body.kind.value,
            description=body.description,
            new_eta=body.new_eta,
            raised_at=now,
            raised_by=actor,
            version=1,
        )
    )
    if body.new_eta is not None:
        await store.set_shipment(session, row, ShipmentStatus(row.status), eta=body.new_eta)
    raised = ShipmentExceptionRaised(
        exception_id=exception_id,
        shipment_id=UUID(row.shipment_id),
        kind=body.kind,
        description=body.description,
        new_eta=body.new_eta,
    )
    await outbox.add(session, Envelope.new(raised, order_id=UUID(row.order_id), actor=actor))
    kind = NoticeKind.DELAY if body.kind is ExceptionKind.DELAY else NoticeKind.EXCEPTION
    await notices.queue(
        session,
        shipment=row,
        kind=kind,
        eta=body.new_eta or row.eta,
        now=now,
        message=body.description,
    )
    return exception_id


@router.post(
    "/shipments/{shipment_id}/exceptions",
    status_code=201,
    responses=problem_responses(404, 409),
    openapi_extra=idempotency_key_parameter(),
)
async def raise_exception(
    shipment_id: UUID,
    body: ExceptionRaise,
    request: Request,
    session: SessionDep,
    now: NowDep,
    principal: Tracker,
) -> Response:
    """Record a delay, damage or address problem, flag the order and tell the customer (R-4.9)."""
    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay is not None:
            return slot.replay
        row = await visible_shipment(session, principal, shipment_id)
        try:
            shipments.raise_exception(ShipmentStatus(row.status))
        except shipments.IllegalTransitionError as error:
            raise conflict(error) from None
        exception_id = await record(session, row, body, now, principal.subject)
        public = await _exception(session, exception_id)
        return await slot.store(201, public.model_dump(mode="json"), {"ETag": '"1"'})


async def _exception(session: AsyncSession, exception_id: UUID) -> ExceptionPublic:
    e = models.shipment_exceptions
    row = (await session.execute(select(e).where(e.c.exception_id == str(exception_id)))).first()
    if row is None:
        raise not_found("Exception", exception_id)
    return ExceptionPublic.model_validate(row)


@router.get("/shipments/{shipment_id}/exceptions")
async def list_exceptions(
    shipment_id: UUID, session: SessionDep, principal: Reader
) -> list[ExceptionPublic]:
    await visible_shipment(session, principal, shipment_id)
    e = models.shipment_exceptions
    query = select(e).where(e.c.shipment_id == str(shipment_id)).order_by(e.c.exception_id)
    return [ExceptionPublic.model_validate(r) for r in (await session.execute(query)).all()]


@router.post(
    "/shipment-exceptions/{exception_id}/resolution",
    responses=problem_responses(404, 409, 412, 428),
)
async def resolve_exception(
    exception_id: UUID,
    body: ExceptionResolve,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    principal: Tracker,
) -> ExceptionPublic:
    """Record how an exception was resolved (R-4.9)."""
    async with session.begin():
        current = await _exception(session, exception_id)
        await visible_shipment(session, principal, current.shipment_id)
        check_if_match(request, current.version)
        if current.resolved_at is not None:
            raise ProblemError(
                409, "illegal-transition", "Already resolved", "the exception is already resolved"
            )
        e = models.shipment_exceptions
        await session.execute(
            update(e)
            .where(e.c.exception_id == str(exception_id))
            .values(
                resolution=body.resolution,
                resolved_at=now,
                resolved_by=principal.subject,
                version=current.version + 1,
            )
        )
        resolved = ShipmentExceptionResolved(
            exception_id=exception_id, shipment_id=current.shipment_id, resolution=body.resolution
        )
        await outbox.add(
            session, Envelope.new(resolved, order_id=current.order_id, actor=principal.subject)
        )
        public = await _exception(session, exception_id)
    set_etag(response, public.version)
    return public
