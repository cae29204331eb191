"""Partner webhook subscriptions, their delivery log, and redelivery (DESIGN §6)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field

from orderflow.contracts import intake
from orderflow.intake.api.deps import CipherDep, not_found
from orderflow.intake.partners import outbound, subscriptions
from orderflow.runtime.db import as_utc
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import (
    Principal,
    ProblemError,
    idempotency_key_parameter,
    idempotent,
    problem_responses,
    require_scopes,
)

router = APIRouter(prefix="/v1", tags=["partner webhooks"])
Partner = Annotated[Principal, require_scopes("intake:subscriptions:write")]
# What a partner may subscribe to: the order's status changes (never customer events).
ORDER_EVENTS = frozenset(e.event_type for e in intake.EVENTS if e.subject_kind is None)


class SubscriptionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: AnyHttpUrl
    event_types: list[str] = Field(min_length=1, max_length=50)


class SubscriptionPublic(BaseModel):
    id: UUID
    partner_id: str
    url: str
    event_types: list[str]
    active: bool
    created_at: datetime


class Attempt(BaseModel):
    attempt: int
    at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int


class DeliveryLogEntry(BaseModel):
    id: UUID
    event_id: UUID
    event_type: str
    order_id: UUID | None
    status: str
    attempts: int
    created_at: datetime
    delivered_at: datetime | None
    attempts_log: list[Attempt]


def _public(row: Any) -> SubscriptionPublic:
    return SubscriptionPublic.model_validate({**dict(row), "created_at": as_utc(row["created_at"])})


async def _own(session: SessionDep, principal: Principal, subscription_id: UUID) -> Any:
    row = await subscriptions.get(session, str(subscription_id))
    if row is None or not principal.may_see(customer_id=None, partner_id=row["partner_id"]):
        raise not_found("subscription", subscription_id)
    return row


@router.post(
    "/partner-subscriptions",
    status_code=201,
    response_model=SubscriptionPublic,
    responses=problem_responses(400, 403, 409, 422),
    openapi_extra=idempotency_key_parameter(),
)
async def subscribe(
    body: SubscriptionCreate,
    request: Request,
    session: SessionDep,
    cipher: CipherDep,
    now: NowDep,
    principal: Partner,
) -> Response:
    """A partner subscribes its URL to status changes of its own orders."""
    if principal.partner_id is None:
        raise ProblemError(403, "partners-only", "Partners only", "use a partner token")
    unknown = sorted(set(body.event_types) - ORDER_EVENTS)
    if unknown:
        raise ProblemError(422, "unknown-event-types", "Unknown event types", ", ".join(unknown))
    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay is not None:
            return slot.replay
        subscription_id = await subscriptions.subscribe(
            session,
            cipher,
            partner_id=principal.partner_id,
            url=str(body.url),
            event_types=body.event_types,
            now=now,
        )
        row = await subscriptions.get(session, subscription_id)
        return await slot.store(201, _public(row).model_dump_json().encode())


@router.get("/partner-subscriptions", response_model=list[SubscriptionPublic])
async def list_subscriptions(session: SessionDep, principal: Partner) -> list[SubscriptionPublic]:
    partner = principal.partner_id if principal.kind == "partner" else None
    return [_public(row) for row in await subscriptions.of_partner(session, partner)]


@router.get("/partner-subscriptions/{subscription_id}/secret", responses=problem_responses(404))
async def read_secret(
    subscription_id: UUID, session: SessionDep, cipher: CipherDep, principal: Partner
) -> dict[str, str]:
    """The signing secret, kept encrypted at rest; verify deliveries with it."""
    row = await _own(session, principal, subscription_id)
    return {"secret": cipher.decrypt(row["secret_enc"], outbound.SECRET)}


@router.get(
    "/partner-subscriptions/{subscription_id}/deliveries",
    response_model=list[DeliveryLogEntry],
    responses=problem_responses(404),
)
async def delivery_log(
    subscription_id: UUID, session: SessionDep, principal: Partner
) -> list[DeliveryLogEntry]:
    """Every delivery and every attempt: when, the answer's status, the error."""
    await _own(session, principal, subscription_id)
    entries = await subscriptions.delivery_log(session, str(subscription_id))
    return [DeliveryLogEntry.model_validate(entry) for entry in entries]


@router.post(
    "/partner-deliveries/{delivery_id}/redelivery",
    status_code=202,
    responses=problem_responses(404),
)
async def redeliver(
    delivery_id: UUID, session: SessionDep, now: NowDep, principal: Partner
) -> dict[str, str]:
    async with session.begin():
        delivery = await subscriptions.delivery(session, str(delivery_id))
        if delivery is None:
            raise not_found("delivery", delivery_id)
        await _own(session, principal, UUID(delivery["subscription_id"]))
        await outbound.redeliver(session, str(delivery_id), now=now)
    return {"delivery_id": str(delivery_id), "status": "pending"}
