"""A production plan that overtakes its order's approval (R-4.1; DESIGN §3 delivery).

Production plans an order only after review approved it, but intake reads review's and
production's topics independently: after a broker outage or a consumer restart both are
caught up at once, and `production_plan.created` may be applied before
`review_round.approved`. Skipped there, the order would stay `approved` for good. Instead
the plan is parked as a persisted job and applied again once the approval is in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, production
from orderflow.contracts.intake import OrderStatus
from orderflow.intake import repository
from orderflow.runtime import scheduler

PLAN_JOB = "order.plan_before_approval"
# Backoff 0.5 s doubling to 30 s, with no last try: production plans only approved orders,
# so the approval is on its way however long intake's review consumer is held up.
MAX_DELAY_SECONDS = 30.0


async def park(
    session: AsyncSession,
    event: Envelope[production.ProductionPlanCreated],
    *,
    now: datetime,
    tries: int = 0,
) -> bool:
    """Arm a retry of the plan if its order still waits for the approval; True if armed."""
    row = await repository.get_order(session, event.order_id) if event.order_id else None
    if row is None or row["status"] != OrderStatus.UNDER_REVIEW:
        return False
    await scheduler.retry_event(
        session, PLAN_JOB, event, tries=tries, now=now, max_delay_seconds=MAX_DELAY_SECONDS
    )
    return True
