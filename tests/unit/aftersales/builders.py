"""Orders and the other departments' events, as aftersales receives them: valid by default."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID, uuid4

from orderflow.contracts import Envelope, EventPayload, intake, logistics
from orderflow.contracts.intake import OrderStatus
from orderflow.contracts.snapshot import (
    Channel,
    CustomProduct,
    DeliveryPlace,
    OrderLineSnapshot,
    OrderSnapshot,
    SpecialFlags,
)

CUSTOMER = UUID("0f0e0d0c-0b0a-4908-8706-050403020100")
OTHER_CUSTOMER = UUID("1f1e1d1c-1b1a-4918-8716-151413121110")


def snapshot(
    customer_id: UUID = CUSTOMER,
    *,
    acceptance_period_days: int | None = None,
    custom_spec: str | None = None,
) -> OrderSnapshot:
    lines = (
        OrderLineSnapshot(
            line_no=1,
            product_code="PUMP-200",
            description="Pump",
            quantity=Decimal(4),
            unit="pcs",
            unit_price=Decimal(250),
            line_total=Decimal(1000),
        ),
        OrderLineSnapshot(
            line_no=2,
            product_code="VALVE-9",
            description="Valve",
            quantity=Decimal(10),
            unit="pcs",
            unit_price=Decimal(20),
            line_total=Decimal(200),
        ),
    )
    special = SpecialFlags(custom_product=CustomProduct(spec=custom_spec) if custom_spec else None)
    return OrderSnapshot(
        customer_id=customer_id,
        channel=Channel.WEBSITE,
        version=1,
        revision=0,
        currency="EUR",
        lines=lines,
        subtotal=Decimal(1200),
        total=Decimal(1200),
        payment_terms="NET30",
        requested_delivery_date=date(2026, 2, 1),
        delivery_place=DeliveryPlace(country="DE", region="BE"),
        special=special,
        acceptance_period_days=acceptance_period_days,
    )


def order_created(order_id: UUID, order: OrderSnapshot, at: datetime) -> Envelope[EventPayload]:
    return Envelope.new(
        intake.OrderCreated(order=order, received_at=at), order_id=order_id, occurred_at=at
    )


def order_delivered(order_id: UUID, at: datetime) -> Envelope[EventPayload]:
    payload = intake.OrderDelivered(
        from_status=OrderStatus.SHIPPED,
        to_status=OrderStatus.DELIVERED,
        delivered_at=at,
        proof_ids=(uuid4(),),
    )
    return Envelope.new(payload, order_id=order_id, occurred_at=at)


def shipment_delivered(
    order_id: UUID,
    at: datetime,
    *,
    purpose: logistics.ShipmentPurpose = logistics.ShipmentPurpose.ORDER,
    claim_id: UUID | None = None,
    all_delivered: bool = True,
) -> Envelope[EventPayload]:
    payload = logistics.ShipmentDelivered(
        shipment_id=uuid4(),
        purpose=purpose,
        claim_id=claim_id,
        proof_id=uuid4(),
        signed_at=at,
        has_signature_image=True,
        all_delivered=all_delivered,
    )
    return Envelope.new(payload, order_id=order_id, occurred_at=at)


def return_collected(order_id: UUID, claim_id: UUID, at: datetime) -> Envelope[EventPayload]:
    payload = logistics.ReturnCollected(
        return_id=uuid4(), claim_id=claim_id, collected_at=at, packages=1
    )
    return Envelope.new(payload, order_id=order_id, occurred_at=at)
