"""An accepted order closes after its follow-up, or when its window passes without one
(DESIGN §4: accepted ─after follow-up / window─▶ closed; R-7.5, R-8.1)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import intake
from orderflow.contracts.intake import OrderStatus
from orderflow.contracts.intake.lifecycle import ClosingBasis
from orderflow.intake import repository
from orderflow.intake.domain.lifecycle import Trigger
from orderflow.intake.publishing import Actor, move
from orderflow.runtime import scheduler

CLOSE_JOB = "order.closing_window"
SYSTEM = "system:closing-window"


async def arm_window(session: AsyncSession, order_id: str, *, now: datetime, days: int) -> None:
    """Close the order `days` after acceptance unless its follow-up closes it first."""
    await scheduler.schedule(
        session, CLOSE_JOB, order_id, now + timedelta(days=days), {"order_id": order_id}, now=now
    )


async def close_if_still_accepted(session: AsyncSession, order_id: str, *, now: datetime) -> bool:
    """The window passed: an order still `accepted` closes; any other state is left alone."""
    row = await repository.get_order(session, order_id, lock=True)
    if row is None or OrderStatus(row["status"]) is not OrderStatus.ACCEPTED:
        return False
    await move(
        session,
        row,
        Trigger.CLOSE,
        lambda frm, to: intake.OrderClosed(
            from_status=frm, to_status=to, basis=ClosingBasis.WINDOW_ELAPSED
        ),
        actor=Actor(SYSTEM),
        now=now,
        why="no follow-up within the closing window",
    )
    return True
