"""Ticket use cases: open with deadlines, update, resolve, rate, breach (R-7.1–R-7.4)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.aftersales import models, repository
from orderflow.aftersales.actions import care
from orderflow.aftersales.actions.common import publish
from orderflow.aftersales.domain import tickets as rules
from orderflow.aftersales.domain.errors import RuleError
from orderflow.aftersales.domain.orders import OrderReplica
from orderflow.aftersales.domain.service_levels import DEFAULT_SERVICE_LEVELS, ServiceLevel
from orderflow.aftersales.domain.tickets import Ticket, Update
from orderflow.aftersales.settings import AftersalesSettings
from orderflow.contracts import EventPayload
from orderflow.contracts.aftersales import Priority, Resolution, TicketKind
from orderflow.contracts.aftersales import SlaDeadline as Deadline
from orderflow.contracts.aftersales import TicketStatus as Status
from orderflow.runtime import scheduler

JOBS = {Deadline.FIRST_RESPONSE: "ticket.first_response", Deadline.RESOLUTION: "ticket.resolution"}


async def service_level(session: AsyncSession, kind: str, priority: str) -> ServiceLevel:
    """The windows for this kind and priority: the table's override, else the default."""
    table = models.sla_policies
    row = (
        await session.execute(
            select(table).where(table.c.kind == kind, table.c.priority == priority)
        )
    ).first()
    if row is None:
        return DEFAULT_SERVICE_LEVELS[(TicketKind(kind), Priority(priority))]
    return ServiceLevel(
        timedelta(minutes=row.first_response_minutes), timedelta(minutes=row.resolution_minutes)
    )


async def warranty_until(
    session: AsyncSession,
    customer_id: str,
    order_id: str | None,
    product_code: str | None,
    settings: AftersalesSettings,
) -> date | None:
    """Delivery date plus the product's warranty; None if the order was never delivered."""
    order = await repository.get(session, OrderReplica, order_id) if order_id else None
    if order is not None and order.customer_id != customer_id:
        raise RuleError("unknown-order", "the customer has no such order")
    if order is None or order.delivered_at is None:
        return None
    days = settings.warranty_days_by_product.get(product_code or "", settings.default_warranty_days)
    return order.delivered_at.date() + timedelta(days=days)


async def open_ticket(session: AsyncSession, draft: Ticket, *, actor: str, now: datetime) -> Ticket:
    level = await service_level(session, draft.kind, draft.priority)
    ticket, events, updates = rules.open_ticket(draft, level, now)
    await repository.insert(session, ticket)
    await _arm(session, ticket, Deadline.FIRST_RESPONSE, now)
    await _arm(session, ticket, Deadline.RESOLUTION, now)
    await _record(session, ticket, events, updates, actor, now)
    return ticket


async def post_update(
    session: AsyncSession,
    ticket: Ticket,
    to_status: Status,
    message: str,
    *,
    actor: str,
    now: datetime,
) -> Ticket:
    updated, events, updates = rules.post_update(ticket, to_status, message, now)
    await repository.update(session, updated, read_version=ticket.version)
    if ticket.responded_at is None:
        await scheduler.cancel(session, JOBS[Deadline.FIRST_RESPONSE], ticket.id, now=now)
    await _record(session, updated, events, updates, actor, now)
    return updated


async def resolve(
    session: AsyncSession,
    ticket: Ticket,
    resolution: Resolution,
    message: str,
    *,
    actor: str,
    now: datetime,
    claim_id: str | None = None,
) -> Ticket:
    resolved, events, updates = rules.resolve(ticket, resolution, message, now, claim_id)
    await repository.update(session, resolved, read_version=ticket.version)
    if ticket.responded_at is None:
        await scheduler.cancel(session, JOBS[Deadline.FIRST_RESPONSE], ticket.id, now=now)
    await scheduler.cancel(session, JOBS[Deadline.RESOLUTION], ticket.id, now=now)
    await _record(session, resolved, events, updates, actor, now)
    return resolved


async def rate(
    session: AsyncSession,
    ticket: Ticket,
    satisfaction: int,
    satisfied: bool,
    *,
    follow_up_after_days: int,
    actor: str,
    now: datetime,
) -> Ticket:
    """Satisfied: closed and followed up (R-7.5); not: reopened until satisfied (R-7.4)."""
    level = await service_level(session, ticket.kind, ticket.priority)
    rated, events, updates = rules.rate(ticket, satisfaction, satisfied, level, now)
    await repository.update(session, rated, read_version=ticket.version)
    await _record(session, rated, events, updates, actor, now)
    if rated.status == Status.CLOSED:
        await care.schedule_follow_up(
            session,
            customer_id=ticket.customer_id,
            after_days=follow_up_after_days,
            now=now,
            order_id=ticket.order_id,
            ticket_id=ticket.id,
        )
    else:
        await _arm(session, rated, Deadline.RESOLUTION, now)
    return rated


async def breach(
    session: AsyncSession, ticket_id: str, deadline: Deadline, *, now: datetime
) -> None:
    """A deadline job fired: flag the ticket and publish the breach if still unmet."""
    ticket = await repository.get_for_update(session, Ticket, ticket_id)
    if ticket is None:
        return
    flagged, events = rules.breach(ticket, deadline)
    if events:
        await repository.update(session, flagged)
        await publish(session, events, subject=f"ticket:{ticket.id}", actor="aftersales", now=now)


async def _arm(session: AsyncSession, ticket: Ticket, deadline: Deadline, now: datetime) -> None:
    due = (
        ticket.first_response_due if deadline is Deadline.FIRST_RESPONSE else ticket.resolution_due
    )
    await scheduler.schedule(session, JOBS[deadline], ticket.id, due, now=now)


async def _record(
    session: AsyncSession,
    ticket: Ticket,
    events: Sequence[EventPayload],
    updates: Sequence[Update],
    actor: str,
    now: datetime,
) -> None:
    for update in updates:
        await session.execute(
            models.ticket_updates.insert().values(
                ticket_id=ticket.id, at=now, status=update.status, message=update.message
            )
        )
    await publish(session, events, subject=f"ticket:{ticket.id}", actor=actor, now=now)
