"""A real registered event for tests of the delivery machinery (any event type would do)."""

from __future__ import annotations

import uuid

from orderflow.contracts import Envelope, intake
from orderflow.contracts.intake.orders import OrderStatus

EVENT_TYPE = intake.OrderApproved.event_type
PRODUCER = intake.OrderApproved.producer


def sample_event(order_id: uuid.UUID | None = None) -> Envelope[intake.OrderApproved]:
    payload = intake.OrderApproved(
        from_status=OrderStatus.UNDER_REVIEW,
        to_status=OrderStatus.APPROVED,
        round_id=uuid.uuid4(),
        revision=0,
    )
    return Envelope.new(payload, order_id=order_id or uuid.uuid4())
