"""Acceptance use cases: open on delivery, record results, lapse, accept after a claim (R-5.6)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.aftersales import models, repository
from orderflow.aftersales.actions import care
from orderflow.aftersales.actions.common import publish
from orderflow.aftersales.domain import acceptance as rules
from orderflow.aftersales.domain.acceptance import Acceptance, ItemResult
from orderflow.aftersales.domain.orders import (
    OrderReplica,
    acceptance_period_days,
    replica_from,
)
from orderflow.aftersales.settings import AftersalesSettings
from orderflow.contracts import Envelope, EventPayload
from orderflow.contracts.ids import uuid7
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.runtime import scheduler

DEADLINE_JOB = "acceptance.deadline"


async def remember_order(session: AsyncSession, order_id: str, snapshot: OrderSnapshot) -> None:
    """Keep the latest version of the order's lines and specs for its acceptance (R-5.5)."""
    replica = replica_from(order_id, snapshot)
    known = await repository.get_for_update(session, OrderReplica, order_id)
    if known is None:
        await repository.insert(session, replica)
    else:
        await repository.update(session, replace(replica, delivered_at=known.delivered_at))


async def open_on_delivery(
    session: AsyncSession,
    order_id: str,
    delivered_at: datetime,
    settings: AftersalesSettings,
    *,
    now: datetime,
    causation: Envelope[EventPayload],
) -> None:
    """A delivered order's inspection opens once, whichever delivery event comes first."""
    order = await repository.get_for_update(session, OrderReplica, order_id)
    if order is None:  # intake's order events come first on the same key; retry until they do
        raise LookupError(f"order {order_id} not known to aftersales yet")
    if order.delivered_at is None:
        await repository.update(session, replace(order, delivered_at=delivered_at))
    if await repository.find_by(session, Acceptance, order_id=order_id) is not None:
        return
    terms = await session.execute(
        select(models.acceptance_terms.c.period_days).where(
            models.acceptance_terms.c.customer_id == order.customer_id
        )
    )
    days = acceptance_period_days(order, terms.scalar(), settings.default_acceptance_days)
    acceptance, events = rules.open_acceptance(str(uuid7()), order, delivered_at, days)
    await repository.insert(session, acceptance)
    await scheduler.schedule(session, DEADLINE_JOB, acceptance.id, acceptance.deadline, now=now)
    await publish(session, events, order_id=order_id, causation=causation, now=now)


async def record_results(
    session: AsyncSession,
    acceptance: Acceptance,
    results: Mapping[int, ItemResult],
    *,
    by_customer: bool,
    follow_up_after_days: int,
    actor: str,
    now: datetime,
) -> Acceptance:
    """Record item results; a complete report passes the order or opens a claim (R-5.6)."""
    order = await repository.get(session, OrderReplica, acceptance.order_id)
    quantities = {line.line_no: line.quantity for line in order.lines} if order else {}
    updated, claim, events = rules.record_results(
        acceptance,
        results,
        by_customer=by_customer,
        claim_id=str(uuid7()),
        quantities=quantities,
        now=now,
    )
    await repository.update(session, updated, read_version=acceptance.version)
    if claim is not None:
        await repository.insert(session, claim)
    if updated.status != rules.OPEN:
        await scheduler.cancel(session, DEADLINE_JOB, acceptance.id, now=now)
    await publish(session, events, order_id=acceptance.order_id, actor=actor, now=now)
    if updated.status == rules.PASSED:
        await _accepted(session, updated, follow_up_after_days, now)
    return updated


async def _accepted(
    session: AsyncSession, acceptance: Acceptance, follow_up_after_days: int, now: datetime
) -> None:
    """An accepted order gets its survey and a follow-up visit, after which it closes (R-7.5)."""
    await care.offer_survey(session, acceptance, now=now)
    await care.schedule_follow_up(
        session,
        customer_id=acceptance.customer_id,
        after_days=follow_up_after_days,
        now=now,
        order_id=acceptance.order_id,
    )


async def lapse(
    session: AsyncSession, acceptance_id: str, *, follow_up_after_days: int, now: datetime
) -> None:
    """The deadline job: an inspection still open is accepted automatically (R-5.6)."""
    acceptance = await repository.get_for_update(session, Acceptance, acceptance_id)
    if acceptance is None:
        return
    lapsed, events = rules.lapse(acceptance, now)
    if not events:
        return
    await repository.update(session, lapsed)
    await publish(session, events, order_id=acceptance.order_id, actor="aftersales", now=now)
    await _accepted(session, lapsed, follow_up_after_days, now)


async def accept_after_claim(session: AsyncSession, acceptance_id: str, *, now: datetime) -> None:
    """The claim is settled; the order counts as accepted and gets its survey."""
    acceptance = await repository.get_for_update(session, Acceptance, acceptance_id)
    if acceptance is None or acceptance.status != rules.FAILED:
        return
    accepted = rules.accept_after_claim(acceptance)
    await repository.update(session, accepted)
    await care.offer_survey(session, accepted, now=now)
