"""Orders, work centers and products for production's tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

from orderflow.contracts.production import WorkCenterKind
from orderflow.contracts.snapshot import (
    Channel,
    CustomProduct,
    DeliveryPlace,
    OrderLineSnapshot,
    OrderSnapshot,
    SpecialFlags,
)
from orderflow.production.domain.catalog import MaterialUse, Product, RoutingStep, WorkCenter

MONDAY = date(2026, 1, 5)


def center(hours: str = "8", *, rate: str = "50", off: tuple[date, ...] = ()) -> WorkCenter:
    return WorkCenter(
        id=uuid4(),
        kind=WorkCenterKind.WORKSHOP,
        hours_per_day=Decimal(hours),
        hourly_rate=Decimal(rate),
        lead_person_id="lead-1",
        non_working_days=frozenset(off),
    )


def product(
    code: str, *steps: tuple[str, UUID, str], materials: tuple[MaterialUse, ...] = ()
) -> Product:
    routing = tuple(RoutingStep(op, wc, Decimal(h)) for op, wc, h in steps)
    return Product(code, routing, "dimensions within 0.1 mm", materials)


def order(
    *lines: tuple[str, str], requested: date, custom: bool = False, version: int = 1
) -> OrderSnapshot:
    snapshot_lines = tuple(
        OrderLineSnapshot(
            line_no=n,
            product_code=code,
            description=f"{code} item",
            quantity=Decimal(qty),
            unit="pcs",
            unit_price=Decimal(10),
            line_total=Decimal(10) * Decimal(qty),
        )
        for n, (code, qty) in enumerate(lines, start=1)
    )
    total = sum((ln.line_total for ln in snapshot_lines), Decimal(0))
    special = (
        SpecialFlags(custom_product=CustomProduct(spec="engraved")) if custom else SpecialFlags()
    )
    return OrderSnapshot(
        customer_id=uuid4(),
        channel=Channel.WEBSITE,
        version=version,
        revision=0,
        currency="EUR",
        lines=snapshot_lines,
        subtotal=total,
        total=total,
        payment_terms="NET30",
        requested_delivery_date=requested,
        delivery_place=DeliveryPlace(country="DE", region="BY"),
        special=special,
    )
