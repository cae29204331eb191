"""Surveys per accepted order (R-9.2) and follow-ups of handled cases (R-7.5)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.aftersales import repository
from orderflow.aftersales.actions.common import publish
from orderflow.aftersales.domain import care as rules
from orderflow.aftersales.domain.acceptance import Acceptance
from orderflow.aftersales.domain.care import FollowUp, Survey
from orderflow.contracts.ids import uuid7


async def offer_survey(session: AsyncSession, acceptance: Acceptance, *, now: datetime) -> None:
    """One satisfaction survey per accepted order, waiting for the customer's answers."""
    if await repository.find_by(session, Survey, order_id=acceptance.order_id) is not None:
        return
    survey = Survey(str(uuid7()), acceptance.order_id, acceptance.customer_id, created_at=now)
    await repository.insert(session, survey)


async def schedule_follow_up(
    session: AsyncSession,
    *,
    customer_id: str,
    after_days: int,
    now: datetime,
    order_id: str | None = None,
    ticket_id: str | None = None,
    claim_id: str | None = None,
) -> FollowUp:
    """A follow-up visit `after_days` after the case was handled (R-7.5)."""
    follow_up, events = rules.schedule_follow_up(
        FollowUp(
            id=str(uuid7()),
            customer_id=customer_id,
            due_on=(now + timedelta(days=after_days)).date(),
            order_id=order_id,
            ticket_id=ticket_id,
            claim_id=claim_id,
        )
    )
    await repository.insert(session, follow_up)
    await publish(session, events, subject=f"follow_up:{follow_up.id}", now=now)
    return follow_up
