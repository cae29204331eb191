"""Order entry from every channel (R-2.1–2.3) and reading orders with their history."""

from __future__ import annotations

from datetime import UTC
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request, Response

from orderflow.contracts.snapshot import Channel
from orderflow.intake import customers, drafting, ordering, presenters, repository
from orderflow.intake.api.deps import (
    CipherDep,
    SettingsDep,
    missing_scope,
    visible_customer,
    visible_order,
)
from orderflow.intake.schemas.orders import OrderCreate, OrderPublic
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import (
    Principal,
    PrincipalDep,
    ProblemError,
    idempotency_key_parameter,
    idempotent,
    problem_responses,
    require_scopes,
    set_etag,
)

router = APIRouter(prefix="/v1", tags=["orders"])

ONLINE = {Channel.WEBSITE, Channel.SOCIAL_SHOP, Channel.PARTNER, Channel.MARKETPLACE}
# Offline orders must say where they came from: fax number, message id, visit note.
NEEDS_SOURCE = {Channel.FAX, Channel.EMAIL, Channel.VISIT}
CHANNELS_BY_KIND = {
    "customer": {Channel.WEBSITE, Channel.SOCIAL_SHOP},
    "partner": {Channel.PARTNER, Channel.MARKETPLACE},
}


def _authorise_channel(principal: Principal, body: OrderCreate) -> None:
    """Online orders need `intake:orders:write`; staff recording offline ones `:record`."""
    allowed = CHANNELS_BY_KIND.get(principal.kind)
    if allowed is not None and body.channel not in allowed:
        raise _invalid("channel", f"a {principal.kind} enters orders through {sorted(allowed)}")
    needed = "intake:orders:write" if body.channel in ONLINE else "intake:orders:record"
    if needed not in principal.scopes:
        raise missing_scope(needed)
    if body.channel in NEEDS_SOURCE and not body.source_reference:
        raise _invalid("source_reference", f"a {body.channel} order needs its source reference")


def _invalid(field: str, message: str) -> ProblemError:
    return ProblemError(
        422,
        "validation-error",
        "Request validation failed",
        message,
        errors=[{"field": field, "message": message, "type": "value_error"}],
    )


@router.post(
    "/orders",
    status_code=201,
    response_model=OrderPublic,
    responses=problem_responses(400, 403, 404, 409, 422),
    openapi_extra=idempotency_key_parameter(),
)
async def create_order(
    body: OrderCreate,
    request: Request,
    session: SessionDep,
    cipher: CipherDep,
    settings: SettingsDep,
    now: NowDep,
    principal: PrincipalDep,
) -> Response:
    """Enter an order online or record one received offline; the information check follows."""
    _authorise_channel(principal, body)
    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay is not None:
            return slot.replay
        customer = await customers.get(session, body.customer_id)
        visible_customer(principal, customer, body.customer_id)
        snapshot = drafting.build_snapshot(
            body, body.customer_id, body.channel, version=1, revision=0
        )
        offline = body.channel not in ONLINE
        new = ordering.NewOrder(
            snapshot=snapshot,
            address_lines=body.delivery_place.address_lines,
            partner_id=principal.partner_id,
            received_at=(body.received_at.astimezone(UTC) if offline and body.received_at else now),
            recorded_by=principal.subject if offline or principal.kind == "staff" else None,
            source_reference=body.source_reference,
        )
        order_id = await ordering.enter(
            session,
            cipher,
            new,
            actor=ordering.Actor(principal.subject),
            now=now,
            window_days=settings.duplicate_window_days,
        )
        row = await repository.get_order(session, order_id)
        assert row is not None
        view = presenters.order_public(cipher, row, await repository.history(session, order_id))
        headers = {"ETag": f'"{row["row_version"]}"', "Location": f"/v1/orders/{order_id}"}
        # Stored in the clear for replays, so without the (encrypted) delivery street.
        body_json = view.model_dump_json(exclude={"delivery_address_lines"}).encode()
        return await slot.store(201, body_json, headers)


@router.get("/orders/{order_id}", response_model=OrderPublic, responses=problem_responses(404))
async def read_order(
    order_id: UUID,
    response: Response,
    session: SessionDep,
    cipher: CipherDep,
    principal: Annotated[Principal, require_scopes("intake:orders:read")],
) -> OrderPublic:
    """The order, its state and its history: every transition, who, when and why."""
    row = visible_order(principal, await repository.get_order(session, order_id), order_id)
    set_etag(response, row["row_version"])
    return presenters.order_public(cipher, row, await repository.history(session, row["id"]))
