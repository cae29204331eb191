"""Shipments: planned after production, packed, dispatched with papers (R-4.7, R-4.8)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request, Response
from sqlalchemy import insert, select

from orderflow.contracts import Envelope
from orderflow.contracts.ids import uuid7
from orderflow.contracts.logistics import (
    NoticeKind,
    Package,
    ShipmentDispatched,
    ShipmentPlanned,
    TransportMode,
)
from orderflow.logistics import documents, models, notices, store
from orderflow.logistics.api.common import (
    Cursor,
    Limit,
    conflict,
    customer_scope,
    page,
    settings_of,
    visible,
    visible_shipment,
)
from orderflow.logistics.domain import assessment, shipments
from orderflow.logistics.domain.shipments import ShipmentStatus
from orderflow.logistics.schemas import Dispatch, Page, ShipmentPlan, ShipmentPublic
from orderflow.runtime import outbox
from orderflow.runtime.deps import NowDep, ServiceStateDep, SessionDep
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
Writer = Annotated[Principal, require_scopes("logistics:shipments:write")]


@router.post(
    "/orders/{order_id}/shipments",
    status_code=201,
    responses=problem_responses(404, 409, 422),
    openapi_extra=idempotency_key_parameter(),
)
async def plan_shipment(
    order_id: UUID,
    body: ShipmentPlan,
    request: Request,
    session: SessionDep,
    now: NowDep,
    principal: Writer,
) -> Response:
    """Plan one shipment of a produced order; an order may ship in several (R-4.7, R-4.8)."""
    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay is not None:
            return slot.replay
        order = await store.order_row(session, order_id)
        if order is None:
            raise not_found("Order", order_id)
        if order.cancelled or order.production_completed_at is None:
            detail = "the order is cancelled" if order.cancelled else "production has not completed"
            raise ProblemError(409, "order-not-ready", "Order not ready to ship", detail)
        snapshot, candidate = store.snapshot_of(order), store.candidate_of(order)
        carrier_id = body.carrier_id or (candidate.carrier_id if candidate else None)
        mode = body.mode or (candidate.mode if candidate else None)
        place = snapshot.delivery_place
        areas = [
            a
            for a in await store.service_areas(session, place.country, place.region)
            if a.carrier_id == carrier_id and a.mode == mode and a.currency == snapshot.currency
        ]
        if not areas:
            raise ProblemError(
                422,
                "no-service",
                "No such service",
                "the carrier does not serve the destination by that mode",
            )
        area = areas[0]
        packages = [Package(package_id=uuid7(), **p.model_dump()) for p in body.packages]
        freight = assessment.Freight(
            weight_kg=sum((p.weight_kg for p in packages), start=Decimal(0)),
            volume_m3=sum(
                (p.length_cm * p.width_cm * p.height_cm / 1_000_000 for p in packages),
                start=Decimal(0),
            ),
        )
        planned = ShipmentPlanned(
            shipment_id=uuid7(),
            mode=TransportMode(area.mode),
            carrier_id=area.carrier_id,
            route=tuple(body.route),
            destination=place,
            packages=tuple(packages),
            packing_requirements=tuple(body.packing_requirements),
            dispatch_on=body.dispatch_on,
            eta=body.dispatch_on + timedelta(days=area.transit_days),
        )
        values = {
            "shipment_id": str(planned.shipment_id),
            "order_id": str(order_id),
            "customer_id": order.customer_id,
            "status": ShipmentStatus.PLANNED.value,
            "mode": planned.mode.value,
            "carrier_id": str(area.carrier_id),
            "route": list(planned.route),
            "destination": place.model_dump(mode="json"),
            "packages": [p.model_dump(mode="json") for p in packages],
            "packing_requirements": list(planned.packing_requirements),
            "cost": area.cost(freight.weight_kg, freight.volume_m3),
            "currency": snapshot.currency,
            "dispatch_on": planned.dispatch_on,
            "eta": planned.eta,
            "version": 1,
            "created_at": now,
        }
        await session.execute(insert(models.shipments).values(**values))
        await outbox.add(session, Envelope.new(planned, order_id=order_id, actor=principal.subject))
        row = await store.shipment_row(session, planned.shipment_id)
        public = ShipmentPublic.model_validate(row)
        return await slot.store(201, public.model_dump(mode="json"), {"ETag": '"1"'})


@router.get("/shipments")
async def list_shipments(
    session: SessionDep,
    principal: Reader,
    status: ShipmentStatus | None = None,
    order_id: UUID | None = None,
    customer_id: UUID | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[ShipmentPublic]:
    s = models.shipments
    query = customer_scope(select(s), principal, s.c.customer_id)
    for column, value in (
        (s.c.status, status),
        (s.c.order_id, order_id),
        (s.c.customer_id, customer_id),
    ):
        if value is not None:
            query = query.where(column == str(value))
    rows, following = await page(session, query, s.c.shipment_id, cursor, limit)
    return Page(items=[ShipmentPublic.model_validate(r) for r in rows], next_cursor=following)


@router.get("/shipments/{shipment_id}", responses=problem_responses(404))
async def get_shipment(
    shipment_id: UUID, response: Response, session: SessionDep, principal: Reader
) -> ShipmentPublic:
    row = await visible_shipment(session, principal, shipment_id)
    set_etag(response, row.version)
    return ShipmentPublic.model_validate(row)


@router.post("/shipments/{shipment_id}/dispatch", responses=problem_responses(404, 409, 412, 428))
async def dispatch_shipment(
    shipment_id: UUID,
    body: Dispatch,
    request: Request,
    response: Response,
    session: SessionDep,
    state: ServiceStateDep,
    now: NowDep,
    principal: Writer,
) -> ShipmentPublic:
    """Hand over with tracking number and papers; notify the customer (R-4.8, R-5.1, R-5.2)."""
    async with session.begin():
        row = await visible_shipment(session, principal, shipment_id)
        check_if_match(request, row.version)
        try:
            status = shipments.dispatch(ShipmentStatus(row.status))
        except shipments.IllegalTransitionError as error:
            raise conflict(error) from None
        await store.set_shipment(
            session, row, status, tracking_number=body.tracking_number, dispatched_at=now
        )
        row = visible(
            principal, await store.shipment_row(session, shipment_id), "Shipment", shipment_id
        )
        document_ids, generated = await documents.generate(
            session, row, settings_of(state), now, principal.subject
        )
        siblings = await store.order_shipments(session, UUID(row.order_id))
        dispatched = ShipmentDispatched(
            shipment_id=shipment_id,
            carrier_id=UUID(row.carrier_id),
            tracking_number=body.tracking_number,
            document_ids=tuple(document_ids),
            all_dispatched=shipments.all_dispatched([ShipmentStatus(s.status) for s in siblings]),
        )
        order_id = UUID(row.order_id)
        await outbox.add(
            session,
            *generated,
            Envelope.new(dispatched, order_id=order_id, actor=principal.subject),
        )
        await notices.queue(
            session, shipment=row, kind=NoticeKind.EXPECTED_DELIVERY, eta=row.eta, now=now
        )
    set_etag(response, row.version)
    return ShipmentPublic.model_validate(row)
