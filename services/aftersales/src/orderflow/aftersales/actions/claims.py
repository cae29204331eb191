"""Claim use cases: verify, choose the remedy, close on the remedy's own events (R-5.6)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.aftersales import repository
from orderflow.aftersales.actions import acceptances, care, tickets
from orderflow.aftersales.actions.common import publish
from orderflow.aftersales.domain import claims as rules
from orderflow.aftersales.domain.claims import Claim, ClaimLine
from orderflow.aftersales.domain.orders import OrderReplica
from orderflow.aftersales.domain.tickets import Ticket
from orderflow.contracts import Envelope, EventPayload
from orderflow.contracts import aftersales as events
from orderflow.contracts.ids import uuid7
from orderflow.contracts.types import Money


async def verify(
    session: AsyncSession,
    claim: Claim,
    fault: events.Fault,
    finding: str,
    *,
    follow_up_after_days: int,
    actor: str,
    now: datetime,
) -> Claim:
    verified, emitted = rules.verify(claim, fault, finding, now)
    await repository.update(session, verified, read_version=claim.version)
    await publish(session, emitted, order_id=claim.order_id, actor=actor, now=now)
    await _after_close(session, verified, follow_up_after_days, now)
    return verified


async def choose_remedy(
    session: AsyncSession,
    claim: Claim,
    remedy: events.Remedy,
    compensation: Money | None,
    *,
    follow_up_after_days: int,
    actor: str,
    now: datetime,
) -> Claim:
    chosen, emitted = rules.choose_remedy(
        claim, remedy, compensation, compensation_id=str(uuid7()), now=now
    )
    await repository.update(session, chosen, read_version=claim.version)
    await publish(session, emitted, order_id=claim.order_id, actor=actor, now=now)
    await _after_close(session, chosen, follow_up_after_days, now)
    return chosen


async def remedy_done(
    session: AsyncSession,
    claim_id: str,
    done: events.Remedy,
    *,
    follow_up_after_days: int,
    now: datetime,
    causation: Envelope[EventPayload],
) -> None:
    """Logistics' or production's event about the claim says its remedy happened."""
    claim = await repository.get_for_update(session, Claim, claim_id)
    if claim is None:
        return
    closed, emitted = rules.remedy_done(claim, done, now)
    if not emitted:
        return
    await repository.update(session, closed)
    await publish(session, emitted, order_id=claim.order_id, causation=causation, now=now)
    await _after_close(session, closed, follow_up_after_days, now)


async def _after_close(session: AsyncSession, claim: Claim, after_days: int, now: datetime) -> None:
    """A settled claim, remedied or rejected, accepts its order; a follow-up visit (R-7.5)."""
    if claim.status != rules.CLOSED:
        return
    if claim.acceptance_id:
        await acceptances.accept_after_claim(session, claim.acceptance_id, now=now)
    await care.schedule_follow_up(
        session,
        customer_id=claim.customer_id,
        after_days=after_days,
        now=now,
        order_id=claim.order_id,
        claim_id=claim.id,
    )


async def open_from_warranty_ticket(
    session: AsyncSession,
    ticket: Ticket,
    lines: Sequence[ClaimLine],
    requested: events.Remedy | None,
    message: str,
    *,
    actor: str,
    now: datetime,
) -> Ticket:
    """The warranty case needs goods repaired, replaced or returned: a claim (R-7.1, R-5.6)."""
    order = (
        await repository.get(session, OrderReplica, ticket.order_id) if ticket.order_id else None
    )
    known = [line.line_no for line in order.lines] if order else []
    claim, claim_events = rules.open_warranty_claim(
        str(uuid7()), ticket, lines, requested, known, now
    )
    resolved = await tickets.resolve(
        session,
        ticket,
        events.Resolution.CLAIM_OPENED,
        message,
        actor=actor,
        now=now,
        claim_id=claim.id,
    )
    await repository.insert(session, claim)
    await publish(session, claim_events, order_id=claim.order_id, actor=actor, now=now)
    return resolved
