"""Other departments' events move the order (DESIGN §4); a stale or foreign event is skipped."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload
from orderflow.contracts.intake import OrderStatus
from orderflow.intake import ordering, repository
from orderflow.intake.domain.lifecycle import IllegalTransitionError, Trigger, next_status
from orderflow.runtime.web import ProblemError

log = logging.getLogger(__name__)


async def advance(
    session: AsyncSession,
    event: Envelope[EventPayload],
    trigger: Trigger,
    make_event: ordering.MakeEvent,
    *,
    now: datetime,
    order_id: UUID | None = None,
    why: Any = None,
    values: dict[str, Any] | None = None,
) -> bool:
    """Apply `trigger` to the event's order; False (and a warning) if it does not apply.

    Events are facts from another department: one that no longer fits the order's state
    (it was cancelled meanwhile, or the event is about a claim's shipment) changes nothing.
    """
    target = order_id or event.order_id
    row = await repository.get_order(session, target, lock=True) if target else None
    if row is None:
        log.warning("%s for unknown order %s skipped", event.event_type, target)
        return False
    status = OrderStatus(row["status"])
    before = row["status_before_cancelling"]
    try:
        next_status(status, trigger, before_cancelling=OrderStatus(before) if before else None)
    except IllegalTransitionError:
        log.warning("%s does not apply to order %s in %s", event.event_type, row["id"], status)
        return False
    actor = ordering.Actor(event.actor, causation=event)
    try:
        await ordering.move(
            session, row, trigger, make_event, actor=actor, now=now, why=why, values=values
        )
    except ProblemError:  # pragma: no cover - next_status was checked just above
        return False
    return True
