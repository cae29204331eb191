"""A shipment from plan to signed receipt; when an order counts as delivered (R-4.7–R-5.3)."""

from __future__ import annotations

from enum import StrEnum

from orderflow.contracts.logistics import TrackingStatus


class ShipmentStatus(StrEnum):
    PLANNED = "planned"
    DISPATCHED = "dispatched"
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


DISPATCHED_STATES = frozenset(
    {ShipmentStatus.DISPATCHED, ShipmentStatus.IN_TRANSIT, ShipmentStatus.DELIVERED}
)


class IllegalTransitionError(Exception):
    """The shipment is not in a state that allows this step (answered as 409)."""

    def __init__(self, action: str, status: ShipmentStatus) -> None:
        super().__init__(f"a {status} shipment cannot be {action}")
        self.action = action
        self.status = status


def dispatch(status: ShipmentStatus) -> ShipmentStatus:
    """Only a planned shipment leaves with the carrier (R-4.8)."""
    if status is not ShipmentStatus.PLANNED:
        raise IllegalTransitionError("dispatched", status)
    return ShipmentStatus.DISPATCHED


def track(status: ShipmentStatus, _update: TrackingStatus) -> ShipmentStatus:
    """Tracking applies between dispatch and delivery (R-4.9)."""
    if status not in (ShipmentStatus.DISPATCHED, ShipmentStatus.IN_TRANSIT):
        raise IllegalTransitionError("tracked", status)
    return ShipmentStatus.IN_TRANSIT


def raise_exception(status: ShipmentStatus) -> ShipmentStatus:
    """An exception can hit a shipment from plan until it is delivered (R-4.9)."""
    if status in (ShipmentStatus.DELIVERED, ShipmentStatus.CANCELLED):
        raise IllegalTransitionError("flagged with an exception", status)
    return status


def deliver(status: ShipmentStatus) -> ShipmentStatus:
    """A signed receipt closes a dispatched shipment (R-5.3)."""
    if status not in (ShipmentStatus.DISPATCHED, ShipmentStatus.IN_TRANSIT):
        raise IllegalTransitionError("delivered", status)
    return ShipmentStatus.DELIVERED


def cancel(status: ShipmentStatus) -> ShipmentStatus:
    if status is not ShipmentStatus.PLANNED:
        raise IllegalTransitionError("cancelled", status)
    return ShipmentStatus.CANCELLED


def all_dispatched(statuses: list[ShipmentStatus]) -> bool:
    """No planned shipment of the order is left to dispatch."""
    live = [s for s in statuses if s is not ShipmentStatus.CANCELLED]
    return bool(live) and all(s in DISPATCHED_STATES for s in live)


def all_delivered(statuses: list[ShipmentStatus]) -> bool:
    """The order is delivered when every one of its live shipments is (R-5.3)."""
    live = [s for s in statuses if s is not ShipmentStatus.CANCELLED]
    return bool(live) and all(s is ShipmentStatus.DELIVERED for s in live)
