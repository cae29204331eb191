"""On-site service visits: a technician scheduled, completion with sign-off (R-5.4)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope
from orderflow.contracts.ids import uuid7
from orderflow.contracts.logistics import SiteVisitCompleted, SiteVisitScheduled
from orderflow.contracts.types import SiteServiceKind
from orderflow.logistics import models, store
from orderflow.logistics.api.common import SealerDep, visible
from orderflow.logistics.domain.visits import VisitRefusedError, check_completion, check_schedule
from orderflow.logistics.pii import Sealer
from orderflow.logistics.schemas import SiteVisitCompletion, SiteVisitCreate, SiteVisitPublic
from orderflow.runtime import outbox
from orderflow.runtime.db import as_utc
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import (
    Principal,
    ProblemError,
    check_if_match,
    idempotency_key_parameter,
    idempotent,
    problem_responses,
    require_scopes,
    set_etag,
)

router = APIRouter()
Reader = Annotated[Principal, require_scopes("logistics:visits:read")]
Writer = Annotated[Principal, require_scopes("logistics:visits:write")]


def _refused(error: VisitRefusedError) -> ProblemError:
    return ProblemError(error.status, error.rule, "Site visit refused", str(error))


@router.post(
    "/orders/{order_id}/site-visits",
    status_code=201,
    responses=problem_responses(404, 409, 422),
    openapi_extra=idempotency_key_parameter(),
)
async def schedule_visit(
    order_id: UUID,
    body: SiteVisitCreate,
    request: Request,
    session: SessionDep,
    now: NowDep,
    principal: Writer,
    pii: SealerDep,
) -> Response:
    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay is not None:
            return slot.replay
        order = visible(principal, await store.order_row(session, order_id), "Order", order_id)
        asked = store.snapshot_of(order).special.site_services
        try:
            check_schedule(asked, body.services, body.starts_at, body.ends_at)
        except VisitRefusedError as error:
            raise _refused(error) from None
        visit_id = uuid7()
        await session.execute(
            insert(models.site_visits).values(
                visit_id=str(visit_id),
                order_id=str(order_id),
                customer_id=order.customer_id,
                services=[s.value for s in body.services],
                technician_id=body.technician_id,
                starts_at=body.starts_at,
                ends_at=body.ends_at,
                status="scheduled",
                version=1,
                created_at=now,
            )
        )
        scheduled = SiteVisitScheduled(
            visit_id=visit_id,
            services=tuple(body.services),
            technician_id=body.technician_id,
            starts_at=body.starts_at,
            ends_at=body.ends_at,
        )
        await outbox.add(
            session, Envelope.new(scheduled, order_id=order_id, actor=principal.subject)
        )
        public = await _visit(session, principal, visit_id, pii)
        return await slot.store(201, public.model_dump(mode="json"), {"ETag": '"1"'})


def _public(row: Any, pii: Sealer) -> SiteVisitPublic:
    visit = SiteVisitPublic.model_validate(row)
    return visit.model_copy(update={"signed_off_by": pii.open(row.signed_off_by)})


async def _visit(
    session: AsyncSession, principal: Principal, visit_id: UUID, pii: Sealer
) -> SiteVisitPublic:
    v = models.site_visits
    row = (await session.execute(select(v).where(v.c.visit_id == str(visit_id)))).first()
    return _public(visible(principal, row, "Site visit", visit_id), pii)


@router.get("/site-visits/{visit_id}", responses=problem_responses(404))
async def get_visit(
    visit_id: UUID, response: Response, session: SessionDep, principal: Reader, pii: SealerDep
) -> SiteVisitPublic:
    visit = await _visit(session, principal, visit_id, pii)
    set_etag(response, visit.version)
    return visit


@router.get("/orders/{order_id}/site-visits")
async def order_visits(
    order_id: UUID, session: SessionDep, principal: Reader, pii: SealerDep
) -> list[SiteVisitPublic]:
    visible(principal, await store.order_row(session, order_id), "Order", order_id)
    v = models.site_visits
    query = select(v).where(v.c.order_id == str(order_id)).order_by(v.c.visit_id)
    return [_public(r, pii) for r in (await session.execute(query)).all()]


@router.post(
    "/site-visits/{visit_id}/completion", responses=problem_responses(404, 409, 412, 422, 428)
)
async def complete_visit(
    visit_id: UUID,
    body: SiteVisitCompletion,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Writer,
    pii: SealerDep,
) -> SiteVisitPublic:
    """Record the visit done, with whether the customer signed off, and publish it (R-5.4)."""
    async with session.begin():
        visit = await _visit(session, principal, visit_id, pii)
        check_if_match(request, visit.version)
        try:
            check_completion(visit.status, as_utc(visit.starts_at), body.completed_at)
        except VisitRefusedError as error:
            raise _refused(error) from None
        v = models.site_visits
        await session.execute(
            update(v)
            .where(v.c.visit_id == str(visit_id))
            .values(
                status="completed",
                completed_at=body.completed_at,
                customer_signed_off=body.customer_signed_off,
                signed_off_by=pii.seal(body.signed_off_by),
                notes=body.notes,
                version=visit.version + 1,
            )
        )
        completed = SiteVisitCompleted(
            visit_id=visit_id,
            services=tuple(SiteServiceKind(s) for s in visit.services),
            technician_id=visit.technician_id,
            completed_at=body.completed_at,
            customer_signed_off=body.customer_signed_off,
        )
        await outbox.add(
            session, Envelope.new(completed, order_id=visit.order_id, actor=principal.subject)
        )
        visit = await _visit(session, principal, visit_id, pii)
    set_etag(response, visit.version)
    return visit
