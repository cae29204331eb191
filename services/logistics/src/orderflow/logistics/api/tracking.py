"""Where a shipment is (staff or signed carrier webhook); exceptions and resolutions (R-4.9)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import ValidationError
from sqlalchemy import Row, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope
from orderflow.contracts.ids import uuid7
from orderflow.contracts.logistics import (
    ShipmentTrackingUpdated,
)
from orderflow.logistics import models, store
from orderflow.logistics.api import shipment_exceptions
from orderflow.logistics.api.common import conflict, settings_of, visible_shipment
from orderflow.logistics.domain import shipments
from orderflow.logistics.domain.shipments import ShipmentStatus
from orderflow.logistics.schemas import (
    CarrierTrackingEvent,
    TrackingEventPublic,
    TrackingUpdate,
)
from orderflow.runtime import outbox
from orderflow.runtime.deps import NowDep, ServiceStateDep, SessionDep
from orderflow.runtime.web import (
    Principal,
    ProblemError,
    check_if_match,
    not_found,
    problem_responses,
    require_scopes,
    set_etag,
)

router = APIRouter()
Reader = Annotated[Principal, require_scopes("logistics:shipments:read")]
Tracker = Annotated[Principal, require_scopes("logistics:tracking:write")]
SIGNATURE_HEADER = "X-Carrier-Signature"


async def _record(
    session: AsyncSession,
    row: Row[Any],
    update_: TrackingUpdate,
    source: str,
    now: datetime,
    **extra: Any,
) -> None:
    try:
        status = shipments.track(ShipmentStatus(row.status), update_.status)
    except shipments.IllegalTransitionError as error:
        raise conflict(error) from None
    changes: dict[str, Any] = {"last_tracking_status": update_.status.value}
    if update_.eta is not None:
        changes["eta"] = update_.eta
    await store.set_shipment(session, row, status, **changes)
    await session.execute(
        insert(models.tracking_events).values(
            tracking_event_id=str(uuid7()),
            shipment_id=row.shipment_id,
            status=update_.status.value,
            reported_at=update_.reported_at,
            region=update_.region,
            eta=update_.eta,
            source=source,
            recorded_at=now,
            **extra,
        )
    )
    event = ShipmentTrackingUpdated(
        shipment_id=UUID(row.shipment_id),
        status=update_.status,
        reported_at=update_.reported_at,
        region=update_.region,
        eta=update_.eta,
    )
    await outbox.add(session, Envelope.new(event, order_id=UUID(row.order_id)))


@router.post("/shipments/{shipment_id}/tracking", responses=problem_responses(404, 409, 412, 428))
async def report_tracking(
    shipment_id: UUID,
    body: TrackingUpdate,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    principal: Tracker,
) -> TrackingEventPublic:
    async with session.begin():
        row = await visible_shipment(session, principal, shipment_id)
        check_if_match(request, row.version)
        await _record(session, row, body, "staff", now)
        set_etag(response, row.version + 1)
        return await _latest(session, shipment_id)


@router.get("/shipments/{shipment_id}/tracking")
async def tracking_history(
    shipment_id: UUID, session: SessionDep, principal: Reader
) -> list[TrackingEventPublic]:
    await visible_shipment(session, principal, shipment_id)
    t = models.tracking_events
    query = (
        select(t)
        .where(t.c.shipment_id == str(shipment_id))
        .order_by(t.c.reported_at, t.c.tracking_event_id)
    )
    return [TrackingEventPublic.model_validate(r) for r in (await session.execute(query)).all()]


async def _latest(session: AsyncSession, shipment_id: UUID) -> TrackingEventPublic:
    t = models.tracking_events
    query = (
        select(t).where(t.c.shipment_id == str(shipment_id)).order_by(t.c.tracking_event_id.desc())
    )
    return TrackingEventPublic.model_validate((await session.execute(query)).first())


@router.post(
    "/carrier-webhooks/tracking", status_code=202, responses=problem_responses(401, 404, 409, 422)
)
async def carrier_webhook(
    request: Request, session: SessionDep, state: ServiceStateDep, now: NowDep
) -> dict[str, str]:
    """A carrier's status push, signed `sha256=<hex>` with HMAC-SHA256 over the raw body."""
    raw = await request.body()
    secret = settings_of(state).carrier_webhook_secret.get_secret_value().encode()
    expected = "sha256=" + hmac.new(secret, raw, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get(SIGNATURE_HEADER, "")):
        raise ProblemError(
            401, "bad-signature", "Bad signature", f"{SIGNATURE_HEADER} does not match the body"
        )
    try:
        body = CarrierTrackingEvent.model_validate_json(raw)
    except ValidationError as exc:
        raise ProblemError(
            422, "invalid-body", "Invalid body", str(exc.errors(include_url=False))[:500]
        ) from None
    async with session.begin():
        s = models.shipments
        found = await session.execute(select(s).where(s.c.tracking_number == body.tracking_number))
        row = found.first()
        if row is None:
            raise not_found("Shipment", body.tracking_number)
        t = models.tracking_events
        seen = await session.execute(
            select(t.c.tracking_event_id).where(
                t.c.shipment_id == row.shipment_id, t.c.carrier_event_id == body.event_id
            )
        )
        if seen.first() is not None:
            return {"status": "duplicate"}
        update_ = TrackingUpdate.model_validate(
            body.model_dump(include=set(TrackingUpdate.model_fields))
        )
        await _record(session, row, update_, "carrier", now, carrier_event_id=body.event_id)
        if body.exception is not None:  # damage, loss, address problem reported by the carrier
            current = await store.shipment_row(session, UUID(row.shipment_id))
            assert current is not None
            await shipment_exceptions.record(session, current, body.exception, now, "carrier")
    return {"status": "accepted"}
