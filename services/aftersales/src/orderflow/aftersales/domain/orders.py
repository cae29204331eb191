"""The order as aftersales keeps it, and the acceptance standard drawn from it (R-5.5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from orderflow.contracts.snapshot import OrderSnapshot


@dataclass(frozen=True)
class OrderLine:
    line_no: int
    product_code: str
    description: str
    quantity: str
    unit: str


@dataclass(frozen=True)
class OrderReplica:
    """The lines, specs and contract period of an order; the latest version wins."""

    order_id: str
    customer_id: str
    lines: tuple[OrderLine, ...]
    custom_spec: str | None
    site_services: tuple[str, ...]
    acceptance_period_days: int | None
    delivered_at: datetime | None = None


@dataclass(frozen=True)
class CheckItem:
    """One point of the acceptance standard, with the customer's result once recorded."""

    item_no: int
    line_no: int | None
    criterion: str
    result: str | None = None  # "passed" | "failed"
    finding: str | None = None


def replica_from(order_id: str, snapshot: OrderSnapshot) -> OrderReplica:
    custom = snapshot.special.custom_product
    return OrderReplica(
        order_id=order_id,
        customer_id=str(snapshot.customer_id),
        lines=tuple(
            OrderLine(
                line.line_no, line.product_code, line.description, str(line.quantity), line.unit
            )
            for line in snapshot.lines
        ),
        custom_spec=custom.spec if custom else None,
        site_services=tuple(str(s) for s in snapshot.special.site_services),
        acceptance_period_days=snapshot.acceptance_period_days,
    )


def checklist_for(order: OrderReplica) -> tuple[CheckItem, ...]:
    """Each line against its product and quantity, then the custom spec and site services."""
    criteria: list[tuple[int | None, str]] = [
        (
            line.line_no,
            f"{line.quantity} {line.unit} of {line.product_code} ({line.description}) "
            "delivered complete, undamaged and to specification",
        )
        for line in order.lines
    ]
    if order.custom_spec:
        criteria.append((None, f"Made to the agreed custom specification: {order.custom_spec}"))
    criteria += [(None, f"On-site {service} done as agreed") for service in order.site_services]
    return tuple(
        CheckItem(item_no=n, line_no=line_no, criterion=text)
        for n, (line_no, text) in enumerate(criteria, start=1)
    )


def acceptance_period_days(
    order: OrderReplica, customer_days: int | None, default_days: int
) -> int:
    """The contract's period first, then the customer's agreed period, then the default."""
    return order.acceptance_period_days or customer_days or default_days
