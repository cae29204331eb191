"""Shipment states, partial shipments, impact of cancellation (R-4.8, R-5.3, R-6.3)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from orderflow.contracts.logistics import TrackingStatus
from orderflow.contracts.types import WorkState
from orderflow.logistics.domain import shipments
from orderflow.logistics.domain.impact import ShipmentCost, cancellation_answer
from orderflow.logistics.domain.shipments import ShipmentStatus as S

pytestmark = pytest.mark.unit


def test_a_shipment_goes_planned_dispatched_in_transit_delivered() -> None:
    status = shipments.dispatch(S.PLANNED)
    status = shipments.track(status, TrackingStatus.IN_TRANSIT)
    assert shipments.deliver(status) is S.DELIVERED


@pytest.mark.parametrize(
    ("step", "status"),
    [
        (shipments.dispatch, S.DISPATCHED),
        (shipments.deliver, S.PLANNED),
        (shipments.cancel, S.IN_TRANSIT),
        (shipments.raise_exception, S.DELIVERED),
    ],
)
def test_steps_out_of_order_are_refused(step: object, status: S) -> None:
    with pytest.raises(shipments.IllegalTransitionError):
        step(status)  # type: ignore[operator]


def test_tracking_before_dispatch_is_refused() -> None:
    with pytest.raises(shipments.IllegalTransitionError):
        shipments.track(S.PLANNED, TrackingStatus.PICKED_UP)


def test_an_order_is_delivered_only_when_every_live_shipment_is() -> None:
    """R-5.3: partial shipments; a cancelled one does not hold the order back."""
    assert not shipments.all_delivered([S.DELIVERED, S.IN_TRANSIT])
    assert shipments.all_delivered([S.DELIVERED, S.CANCELLED, S.DELIVERED])
    assert not shipments.all_delivered([S.CANCELLED])
    assert shipments.all_dispatched([S.DISPATCHED, S.DELIVERED])
    assert not shipments.all_dispatched([S.PLANNED, S.DISPATCHED])


def test_cancellation_impact_counts_what_has_left() -> None:
    """R-6.3: work state and cost incurred from dispatched shipments."""
    _, none = cancellation_answer([ShipmentCost(S.PLANNED, Decimal(40))], "EUR")
    _, part = cancellation_answer(
        [ShipmentCost(S.DISPATCHED, Decimal(40)), ShipmentCost(S.PLANNED, Decimal(9))], "EUR"
    )
    _, done = cancellation_answer([ShipmentCost(S.DELIVERED, Decimal(40))], "EUR")
    assert none.work_state is WorkState.NOT_STARTED
    assert none.cost_incurred is not None
    assert none.cost_incurred.amount == 0
    assert part.work_state is WorkState.PARTLY_DONE
    assert part.cost_incurred is not None
    assert part.cost_incurred.amount == 40
    assert done.work_state is WorkState.DONE
