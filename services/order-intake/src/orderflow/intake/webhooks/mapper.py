"""The `webhook.map` job: a stored delivery becomes an order, or is marked failed with why."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from pydantic import ValidationError
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts.intake import CustomerKind
from orderflow.contracts.snapshot import Channel
from orderflow.intake import customers, drafting, ordering
from orderflow.intake.crypto import PiiCipher
from orderflow.intake.models import orders, platform_customers
from orderflow.intake.models import webhook_deliveries as deliveries
from orderflow.intake.schemas.customers import CustomerCreate
from orderflow.intake.schemas.orders import OrderContent
from orderflow.intake.settings import IntakeSettings
from orderflow.intake.webhooks import inbox
from orderflow.intake.webhooks.mapping import MappingError, PlatformOrder, read_order
from orderflow.runtime.db import as_utc
from orderflow.runtime.web import ProblemError

CHANNELS = {"shopify": Channel.WEBSITE, "woocommerce": Channel.WEBSITE}


class DeliveryRejectedError(Exception):
    """The delivery cannot become an order; the message is stored as the reason."""


def _fields(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())


async def map_delivery(
    session: AsyncSession,
    cipher: PiiCipher,
    settings: IntakeSettings,
    delivery_id: str,
    *,
    now: datetime,
) -> None:
    """Map once: a platform order already known is linked, never entered a second time."""
    row = await inbox.get(session, delivery_id)
    if row is None or row["status"] != inbox.RECEIVED:
        return
    values: dict[str, Any]
    try:
        async with session.begin_nested():
            order_id = await _enter(
                session,
                cipher,
                settings,
                row["source"],
                inbox.raw_body(cipher, row),
                as_utc(row["received_at"]),
                now,
            )
        values = {"status": inbox.MAPPED, "order_id": order_id, "error": None}
    except DeliveryRejectedError as exc:
        values = {"status": inbox.FAILED, "error": str(exc)[:2000]}
    await session.execute(update(deliveries).where(deliveries.c.id == delivery_id).values(values))


async def _enter(
    session: AsyncSession,
    cipher: PiiCipher,
    settings: IntakeSettings,
    source: str,
    body: bytes,
    received_at: datetime,
    now: datetime,
) -> str:
    try:
        platform_order = read_order(source, body, (now + timedelta(days=14)).date())
    except MappingError as exc:
        raise DeliveryRejectedError(str(exc)) from None
    known = await session.execute(
        select(orders.c.id).where(
            orders.c.platform == platform_order.platform,
            orders.c.platform_order_id == platform_order.order_ref,
        )
    )
    existing = known.scalar_one_or_none()
    if existing is not None:
        return str(existing)
    content_fields = dict(platform_order.content)
    channel = Channel(content_fields.pop("channel", CHANNELS.get(source, Channel.MARKETPLACE)))
    try:
        content = OrderContent.model_validate(content_fields)
    except ValidationError as exc:
        raise DeliveryRejectedError(f"order fields invalid: {_fields(exc)}") from None
    customer_id = await _customer(session, cipher, platform_order, content, now)
    try:
        snapshot = drafting.build_snapshot(content, customer_id, channel, version=1, revision=0)
    except ProblemError as exc:
        computed = exc.extensions.get("computed")
        raise DeliveryRejectedError(f"{exc.title}: {exc.detail} (computed {computed})") from None
    new = ordering.NewOrder(
        snapshot=snapshot,
        address_lines=content.delivery_place.address_lines,
        partner_id=None,
        received_at=received_at,
        platform=platform_order.platform,
        platform_order_id=platform_order.order_ref,
    )
    actor = ordering.Actor(f"webhook:{source}")
    return await ordering.enter(
        session, cipher, new, actor=actor, now=now, window_days=settings.duplicate_window_days
    )


async def _customer(
    session: AsyncSession,
    cipher: PiiCipher,
    platform_order: PlatformOrder,
    content: OrderContent,
    now: datetime,
) -> UUID:
    """Our customer for the platform's buyer, registered on first sight."""
    buyer = platform_order.buyer
    key = (
        platform_customers.c.platform == platform_order.platform,
        platform_customers.c.buyer_ref == buyer.ref,
    )
    found = (await session.execute(select(platform_customers.c.customer_id).where(*key))).first()
    if found is not None:
        return UUID(found[0])
    try:
        body = CustomerCreate(
            kind=CustomerKind.INDIVIDUAL,
            name=buyer.name,
            email=buyer.email,
            phone=buyer.phone,
            country=buyer.country,
            address_lines=content.delivery_place.address_lines,
        )
    except ValidationError as exc:
        raise DeliveryRejectedError(f"buyer fields invalid: {_fields(exc)}") from None
    customer_id = await customers.register(
        session, cipher, body, partner_id=None, actor=f"webhook:{platform_order.platform}", now=now
    )
    await session.execute(
        insert(platform_customers).values(
            platform=platform_order.platform, buyer_ref=buyer.ref, customer_id=customer_id
        )
    )
    return UUID(customer_id)
