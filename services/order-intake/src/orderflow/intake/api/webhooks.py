"""Inbound e-commerce webhooks (R-2.1): verify, store, answer fast; map in the background."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from sqlalchemy import select

from orderflow.intake.api.deps import CipherDep, SettingsDep, not_found
from orderflow.intake.models import webhook_deliveries as deliveries
from orderflow.intake.webhooks import inbox, signatures
from orderflow.runtime.db import as_utc
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import Principal, ProblemError, problem_responses, require_scopes

router = APIRouter(prefix="/v1", tags=["webhooks"])
SIGNED = problem_responses(400, 401, 404)  # 404: no secret configured for the source


class DeliveryReceipt(BaseModel):
    delivery_id: UUID
    replay: bool


class DeliveryPublic(BaseModel):
    id: UUID
    source: str
    delivery_key: str
    topic: str | None
    received_at: datetime
    status: str
    error: str | None
    order_id: UUID | None


def _rejected(request: Request, source: str, exc: signatures.SignatureError) -> ProblemError:
    request.app.state.webhook_rejections.labels(source=source).inc()
    return ProblemError(401, "invalid-webhook-signature", "Invalid webhook signature", str(exc))


def _secret(value: object, source: str) -> str:
    if value is None:  # a source with no secret configured accepts nothing
        raise ProblemError(404, "not-found", "Not found", f"no {source} webhook is configured")
    return str(value.get_secret_value())  # type: ignore[attr-defined]


async def _store(
    request: Request,
    session: SessionDep,
    cipher: CipherDep,
    now: datetime,
    source: str,
    key: str | None,
    topic: str | None,
    body: bytes,
) -> DeliveryReceipt:
    if not key:
        raise ProblemError(
            400,
            "delivery-id-required",
            "Delivery id required",
            f"a {source} delivery must carry its delivery id header",
        )
    async with session.begin():
        delivery_id, new = await inbox.receive(
            session, cipher, source=source, delivery_key=key, topic=topic, body=body, now=now
        )
    return DeliveryReceipt(delivery_id=UUID(delivery_id), replay=not new)


@router.post("/webhooks/shopify", status_code=202, responses=SIGNED)
async def shopify(
    request: Request, session: SessionDep, cipher: CipherDep, settings: SettingsDep, now: NowDep
) -> DeliveryReceipt:
    """`X-Shopify-Hmac-Sha256` over the raw body; deduplicated on `X-Shopify-Event-Id`."""
    body = await request.body()
    try:
        signatures.verify_base64_hmac(
            _secret(settings.shopify_webhook_secret, "shopify"),
            body,
            request.headers.get("X-Shopify-Hmac-Sha256"),
        )
    except signatures.SignatureError as exc:
        raise _rejected(request, "shopify", exc) from None
    key = request.headers.get("X-Shopify-Event-Id") or request.headers.get("X-Shopify-Webhook-Id")
    topic = request.headers.get("X-Shopify-Topic")
    return await _store(request, session, cipher, now, "shopify", key, topic, body)


@router.post("/webhooks/woocommerce", status_code=202, responses=SIGNED)
async def woocommerce(
    request: Request, session: SessionDep, cipher: CipherDep, settings: SettingsDep, now: NowDep
) -> DeliveryReceipt:
    """`X-WC-Webhook-Signature` over the raw body; deduplicated on the delivery id."""
    body = await request.body()
    try:
        signatures.verify_base64_hmac(
            _secret(settings.woocommerce_webhook_secret, "woocommerce"),
            body,
            request.headers.get("X-WC-Webhook-Signature"),
        )
    except signatures.SignatureError as exc:
        raise _rejected(request, "woocommerce", exc) from None
    key = request.headers.get("X-WC-Webhook-Delivery-ID")
    topic = request.headers.get("X-WC-Webhook-Topic")
    return await _store(request, session, cipher, now, "woocommerce", key, topic, body)


@router.post("/webhooks/standard", status_code=202, responses=SIGNED)
async def standard(
    request: Request, session: SessionDep, cipher: CipherDep, settings: SettingsDep, now: NowDep
) -> DeliveryReceipt:
    """Standard Webhooks: signed id, timestamp and body, within the replay window."""
    body = await request.body()
    try:
        key = signatures.verify_standard(
            _secret(settings.standard_webhook_secret, "standard"),
            body,
            request.headers,
            now=now,
            tolerance=settings.webhook_tolerance_seconds,
        )
    except signatures.SignatureError as exc:
        raise _rejected(request, "standard", exc) from None
    return await _store(request, session, cipher, now, "standard", key, None, body)


def _public(row: object) -> DeliveryPublic:
    values = dict(row._mapping)  # type: ignore[attr-defined]
    values.pop("body_enc")
    values["received_at"] = as_utc(values["received_at"])
    return DeliveryPublic.model_validate(values)


@router.get("/webhook-deliveries", response_model=list[DeliveryPublic])
async def list_deliveries(
    session: SessionDep,
    _: Annotated[Principal, require_scopes("intake:webhooks:read")],
    status: str | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> list[DeliveryPublic]:
    """Stored deliveries, newest first; a failed one says why it made no order."""
    query = select(deliveries).order_by(deliveries.c.id.desc()).limit(limit)
    if status is not None:
        query = query.where(deliveries.c.status == status)
    return [_public(row) for row in (await session.execute(query)).all()]


@router.get("/webhook-deliveries/{delivery_id}", response_model=DeliveryPublic)
async def read_delivery(
    delivery_id: UUID,
    session: SessionDep,
    _: Annotated[Principal, require_scopes("intake:webhooks:read")],
) -> DeliveryPublic:
    row = (
        await session.execute(select(deliveries).where(deliveries.c.id == str(delivery_id)))
    ).first()
    if row is None:
        raise not_found("delivery", delivery_id)
    return _public(row)
