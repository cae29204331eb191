"""Proof of delivery: signer, time, signature image, notes (R-5.3)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from sqlalchemy import insert, select

from orderflow.contracts import Envelope
from orderflow.contracts.ids import uuid7
from orderflow.contracts.logistics import ShipmentDelivered
from orderflow.logistics import models, store
from orderflow.logistics.api.common import SealerDep, conflict, settings_of, visible_shipment
from orderflow.logistics.domain import shipments
from orderflow.logistics.domain.shipments import ShipmentStatus
from orderflow.logistics.domain.signature import BadSignatureError, validate_png
from orderflow.logistics.schemas import ProofPublic
from orderflow.runtime import outbox
from orderflow.runtime.db import as_utc
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
Courier = Annotated[Principal, require_scopes("logistics:proofs:write")]
NoticeReader = Annotated[Principal, require_scopes("logistics:notices:read")]


@router.post(
    "/shipments/{shipment_id}/proof-of-delivery",
    status_code=201,
    responses=problem_responses(404, 409, 412, 422, 428),
)
async def record_proof(
    shipment_id: UUID,
    request: Request,
    response: Response,
    session: SessionDep,
    state: ServiceStateDep,
    now: NowDep,
    principal: Courier,
    pii: SealerDep,
    signer_name: Annotated[str, Form(min_length=1, max_length=200)],
    signed_at: Annotated[datetime, Form()],
    notes: Annotated[str | None, Form(max_length=2000)] = None,
    signature: Annotated[UploadFile | None, File(description="PNG of the signature")] = None,
) -> ProofPublic:
    """The signed receipt delivers the shipment; the last one delivers the order (R-5.3)."""
    if signed_at.tzinfo is None:
        raise ProblemError(
            422, "invalid-signed-at", "Invalid signed_at", "signed_at needs a UTC offset"
        )
    image: bytes | None = None
    if signature is not None:
        limit = settings_of(state).signature_max_bytes
        image = await signature.read(limit + 1)
        try:
            validate_png(image, limit)
        except BadSignatureError as bad:
            raise ProblemError(
                422, "bad-signature-image", "Bad signature image", str(bad)
            ) from None
    async with session.begin():
        row = await visible_shipment(session, principal, shipment_id)
        check_if_match(request, row.version)
        try:
            status = shipments.deliver(ShipmentStatus(row.status))
        except shipments.IllegalTransitionError as error:
            raise conflict(error) from None
        proof_id = uuid7()
        await session.execute(
            insert(models.proofs_of_delivery).values(
                proof_id=str(proof_id),
                shipment_id=row.shipment_id,
                signer_name=pii.seal(signer_name),
                signed_at=signed_at,
                notes=notes,
                signature_png=image,
                recorded_by=principal.subject,
                recorded_at=now,
            )
        )
        await store.set_shipment(session, row, status, delivered_at=signed_at)
        siblings = await store.order_shipments(session, UUID(row.order_id))
        delivered = ShipmentDelivered(
            shipment_id=shipment_id,
            proof_id=proof_id,
            signed_at=signed_at,
            has_signature_image=image is not None,
            all_delivered=shipments.all_delivered([ShipmentStatus(s.status) for s in siblings]),
        )
        await outbox.add(
            session, Envelope.new(delivered, order_id=UUID(row.order_id), actor=principal.subject)
        )
    set_etag(response, row.version + 1)
    return ProofPublic(
        proof_id=proof_id,
        shipment_id=shipment_id,
        signer_name=signer_name,
        signed_at=signed_at,
        notes=notes,
        has_signature_image=image is not None,
    )


async def _proof(session: SessionDep, principal: Principal, shipment_id: UUID):  # type: ignore[no-untyped-def]
    await visible_shipment(session, principal, shipment_id)
    p = models.proofs_of_delivery
    row = (await session.execute(select(p).where(p.c.shipment_id == str(shipment_id)))).first()
    if row is None:
        raise not_found("Proof of delivery", shipment_id)
    return row


@router.get("/shipments/{shipment_id}/proof-of-delivery", responses=problem_responses(404))
async def get_proof(
    shipment_id: UUID, session: SessionDep, principal: Reader, pii: SealerDep
) -> ProofPublic:
    row = await _proof(session, principal, shipment_id)
    return ProofPublic(
        proof_id=row.proof_id,
        shipment_id=row.shipment_id,
        signer_name=pii.open(row.signer_name) or "",
        signed_at=as_utc(row.signed_at),
        notes=row.notes,
        has_signature_image=row.signature_png is not None,
    )


@router.get(
    "/shipments/{shipment_id}/proof-of-delivery/signature", responses=problem_responses(404)
)
async def get_signature(shipment_id: UUID, session: SessionDep, principal: Reader) -> Response:
    row = await _proof(session, principal, shipment_id)
    if row.signature_png is None:
        raise not_found("Signature image", shipment_id)
    return Response(row.signature_png, media_type="image/png")
