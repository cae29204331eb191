"""The order file, volume and revenue, stage durations and on-time stages (R-8.1, R-8.2, R-9.3)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from orderflow.contracts import Envelope, EventPayload, intake, logistics
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.reporting.domain.facts import Effects, bucket, hours_between, on_or_before

Order = dict[str, Any]

# A stage ends with the event named here and starts at the order field named second.
STAGES: dict[str, tuple[str, str]] = {
    "order.approved": ("review", "submitted_at"),
    "order.production_completed": ("production", "production_started_at"),
    "order.shipped": ("dispatch", "production_completed_at"),
    "order.delivered": ("transit", "shipped_at"),
    "order.accepted": ("acceptance", "delivered_at"),
}


def book_volume(fx: Effects, order: Order, sign: int) -> None:
    """Count the order in volume and revenue on the day it was received (R-8.2)."""
    day = date.fromisoformat(order["received_on"])
    total = Decimal(order["total"]) * sign
    fx.add(
        "orders",
        day,
        total,
        sign,
        channel=order["channel"],
        customer=order["customer_id"],
        region=order["region"],
    )
    for product, line_total in order["lines"]:
        fx.add("product_sales", day, Decimal(line_total) * sign, sign, product=product)


def book_customer(fx: Effects, customer: dict[str, Any] | None, order: Order, sign: int) -> None:
    """Recency, frequency and monetary value of the order's customer (R-8.2)."""
    day = order["received_on"]
    value = dict(customer or {"orders": 0, "revenue": "0", "first_order_on": day})
    value["orders"] += sign
    value["revenue"] = str(Decimal(value["revenue"]) + Decimal(order["total"]) * sign)
    value["first_order_on"] = min(value["first_order_on"], day)
    value["last_order_on"] = max(value.get("last_order_on", day), day)
    if sign > 0 and value["orders"] == 2:
        fx.add("repeat_customers", date.fromisoformat(day))
    if sign > 0 and value["orders"] == 1:
        fx.add("new_customers", date.fromisoformat(day))
    fx.changed[f"customer:{order['customer_id']}"] = value


def _content(snapshot: OrderSnapshot) -> Order:
    return {
        "customer_id": str(snapshot.customer_id),
        "channel": snapshot.channel.value,
        "region": f"{snapshot.delivery_place.country}-{snapshot.delivery_place.region}",
        "currency": snapshot.currency,
        "total": str(snapshot.total),
        "lines": [[line.product_code, str(line.line_total)] for line in snapshot.lines],
        "requested_delivery_date": snapshot.requested_delivery_date.isoformat(),
    }


def on_created(
    event: Envelope[EventPayload], order: Order, state: Mapping[str, dict[str, Any]]
) -> Effects:
    fx = Effects()
    created = event.narrow(intake.OrderCreated).payload
    order.update(_content(created.order))
    order.update(status="draft", received_on=created.received_at.date().isoformat())
    order["received_at"] = created.received_at.isoformat()
    book_volume(fx, order, +1)
    book_customer(fx, state.get(f"customer:{order['customer_id']}"), order, +1)
    return fx


def on_content_changed(
    event: Envelope[EventPayload], order: Order, state: Mapping[str, dict[str, Any]]
) -> Effects:
    """A revision or approved change re-books volume and revenue with the new content."""
    fx = Effects()
    payload = event.payload
    assert isinstance(payload, intake.OrderRevised | intake.OrderChanged)
    if "received_on" not in order:
        return fx
    customer = state.get(f"customer:{order['customer_id']}")
    book_volume(fx, order, -1)
    book_customer(fx, customer, order, -1)
    order.update(_content(payload.order))
    book_volume(fx, order, +1)
    key = f"customer:{order['customer_id']}"  # the customer may have changed with the content
    book_customer(fx, fx.changed.get(key) or state.get(key), order, +1)
    return fx


def on_cancelled(
    event: Envelope[EventPayload], order: Order, state: Mapping[str, dict[str, Any]]
) -> Effects:
    fx = Effects()
    if "received_on" in order:
        book_volume(fx, order, -1)
        book_customer(fx, state.get(f"customer:{order['customer_id']}"), order, -1)
    return fx


def on_transition(event: Envelope[EventPayload], order: Order) -> Effects:
    """Status, stage timestamps, stage durations and the on-time stages of the order."""
    fx = Effects()
    payload = event.payload
    assert isinstance(payload, intake.OrderTransition)
    at = event.occurred_at
    order["status"] = payload.to_status.value
    if isinstance(payload, intake.OrderDelivered):
        at = payload.delivered_at
    stage = STAGES.get(event.event_type)
    if stage is not None:
        hours = hours_between(order.get(stage[1]), at)
        if hours is not None:
            fx.add("stage_hours", at.date(), hours, stage=stage[0])
            fx.add(f"stage_hist.{stage[0]}", at.date(), hours, bucket=bucket(hours))
    order[event.event_type.removeprefix("order.") + "_at"] = at.isoformat()
    _stage_deadlines(fx, event, payload, order, at)
    return fx


def _stage_deadlines(
    fx: Effects, event: Envelope[EventPayload], payload: EventPayload, order: Order, at: Any
) -> None:
    if isinstance(payload, intake.OrderProductionStarted):
        order["planned_completion_date"] = payload.planned_completion_date.isoformat()
    elif isinstance(payload, intake.OrderProductionCompleted):
        on_time = on_or_before(at, order.get("planned_completion_date"))
        if on_time is not None:
            fx.add("on_time", at.date(), on_time, stage="production", department="production")
    elif isinstance(payload, intake.OrderShipped):
        _count_shipping(fx, order, at)
    elif isinstance(payload, intake.OrderDelivered):
        on_time = on_or_before(at, order.get("requested_delivery_date"))
        if on_time is not None:
            fx.add("on_time", at.date(), on_time, stage="delivery", department="logistics")


def on_shipment_planned(event: Envelope[EventPayload], order: Order) -> Effects:
    """The latest planned dispatch day of the order's own shipments is its shipping plan."""
    fx = Effects()
    planned = event.narrow(logistics.ShipmentPlanned).payload
    if planned.purpose is logistics.ShipmentPurpose.ORDER:
        day = planned.dispatch_on.isoformat()
        order["dispatch_on"] = max(order.get("dispatch_on") or day, day)
        if "shipped_at" in order:  # logistics' topic lagged behind intake's: count it now
            _count_shipping(fx, order, datetime.fromisoformat(order["shipped_at"]))
    return fx


def _count_shipping(fx: Effects, order: Order, shipped_at: datetime) -> None:
    """Shipped by plan, counted once, whichever of plan and shipment arrives first."""
    on_time = on_or_before(shipped_at, order.get("dispatch_on"))
    if on_time is not None and not order.get("shipping_counted"):
        order["shipping_counted"] = True
        fx.add("on_time", shipped_at.date(), on_time, stage="shipping", department="logistics")
