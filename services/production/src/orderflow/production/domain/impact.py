"""What a change costs: labour (hours × rate) and materials (standard BOM cost) (R-6.2)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from uuid import UUID

from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.production.domain.catalog import Product


def labour_cost(hours: Iterable[tuple[UUID, Decimal]], rates: Mapping[UUID, Decimal]) -> Decimal:
    """Hours per work center × its hourly rate."""
    return sum((h * rates.get(wc, Decimal(0)) for wc, h in hours), Decimal(0))


def materials_cost(order: OrderSnapshot, products: Mapping[str, Product]) -> Decimal:
    """Standard BOM cost of every line (an unknown product costs nothing here)."""
    return sum(
        (
            products[ln.product_code].materials_cost(ln.quantity)
            for ln in order.lines
            if ln.product_code in products
        ),
        Decimal(0),
    )


def change_cost_delta(
    *,
    labour_before: Decimal,
    labour_after: Decimal,
    current: OrderSnapshot,
    proposed: OrderSnapshot,
    products: Mapping[str, Product],
) -> Decimal:
    """Labour delta plus materials delta (BOM standard cost × quantity difference), in cents."""
    materials = materials_cost(proposed, products) - materials_cost(current, products)
    return (labour_after - labour_before + materials).quantize(Decimal("0.01"))
