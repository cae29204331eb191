"""Use cases of a round: load, let the domain decide, save, arm the deadline, stage the events."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload, review
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.contracts.types import CheckResult, Department, Impact, Reason, RoundKind
from orderflow.review import repository, rule_store
from orderflow.review.domain import finance, interventions, rounds, sales
from orderflow.review.domain.round import Round
from orderflow.review.domain.rules import Rules
from orderflow.runtime import outbox, scheduler

DEADLINE_JOB = "review_round.deadline"
_ROUND_IDS = uuid.UUID("6f1d3c52-5a2e-4a4b-9a51-7c1b1a0e4d21")


async def open_round(
    session: AsyncSession,
    kind: RoundKind,
    order_id: UUID,
    order: OrderSnapshot,
    *,
    now: datetime,
    cause: Envelope[EventPayload],
    proposed: OrderSnapshot | None = None,
    change_request_id: UUID | None = None,
    cancellation_request_id: UUID | None = None,
    reason: str | None = None,
) -> Round:
    """Open the round for `cause`, superseding an open round of the same kind (R-3.3, R-6)."""
    for earlier, version in await repository.open_rounds_of(session, order_id):
        if earlier.kind is kind:
            await _apply(
                session,
                interventions.withdraw(earlier, review.WithdrawalReason.SUPERSEDED, now=now),
                version,
                now,
                cause,
            )
    assessed = proposed or order
    rules = await rule_store.rules_for(session, assessed)
    the_round, events = rounds.open_round(
        uuid.uuid5(_ROUND_IDS, str(cause.event_id)),  # one event, one round
        kind,
        order_id,
        order,
        now=now,
        deadline=now + _review_period(assessed, rules),
        rule_version=rules.version,
        own_checks=_own_checks(kind, assessed, rules),
        proposed=proposed,
        change_request_id=change_request_id,
        cancellation_request_id=cancellation_request_id,
        reason=reason,
    )
    await repository.add_round(session, the_round)
    if not the_round.is_closed:
        await _arm_deadline(session, the_round, the_round.deadline, now)
    await _publish(session, the_round, events, now, cause)
    return the_round


async def answer(
    session: AsyncSession,
    round_id: UUID,
    department: Department,
    result: CheckResult,
    impact: Impact | None,
    *,
    now: datetime,
    cause: Envelope[EventPayload],
) -> None:
    """A department's answer; an unknown round's answer is not ours and is dropped."""
    found = await repository.get_round(session, round_id)
    if found is None:
        return
    the_round, version = found
    outcome = rounds.record_answer(the_round, department, result, impact, now=now)
    await _apply(session, outcome, version, now, cause)


async def decide(
    session: AsyncSession,
    the_round: Round,
    version: int,
    department: Department,
    reason: Reason | None,
    *,
    approve: bool,
    by: str,
    now: datetime,
) -> tuple[Round, int]:
    """A person's decision on a held check (R-3.1); raises IllegalDecisionError."""
    outcome = interventions.decide(the_round, department, approve, reason, by=by, now=now)
    return outcome[0], await _apply(session, outcome, version, now, None, actor=by)


async def escalate(session: AsyncSession, round_id: UUID, *, now: datetime) -> None:
    """The deadline passed: escalate, and arm the next level one period later (R-9.1)."""
    found = await repository.get_round(session, round_id)
    if found is None:
        return
    the_round, version = found
    escalated, events = interventions.escalate(the_round, now=now)
    if events:
        await repository.save_round(session, escalated, version)
        await _publish(session, escalated, events, now, None)
        period = the_round.deadline - the_round.opened_at
        await _arm_deadline(session, escalated, now + period, now)


async def withdraw_open(
    session: AsyncSession,
    order_id: UUID,
    reason: review.WithdrawalReason,
    *,
    now: datetime,
    cause: Envelope[EventPayload],
) -> None:
    for the_round, version in await repository.open_rounds_of(session, order_id):
        await _apply(
            session, interventions.withdraw(the_round, reason, now=now), version, now, cause
        )


def _own_checks(
    kind: RoundKind, order: OrderSnapshot, rules: Rules
) -> dict[Department, CheckResult]:
    if kind is RoundKind.CANCELLATION:
        return {}
    return {
        Department.SALES: sales.sales_check(order, rules),
        Department.FINANCE: finance.finance_check(order, rules),
    }


def _review_period(order: OrderSnapshot, rules: Rules) -> timedelta:
    """Urgent orders get the shorter deadline (R-2.5, R-3.1)."""
    urgent = order.special.urgent is not None
    hours = rules.thresholds.urgent_review_hours if urgent else rules.thresholds.review_hours
    return timedelta(hours=hours)


async def _apply(
    session: AsyncSession,
    outcome: tuple[Round, Sequence[EventPayload]],
    version: int,
    now: datetime,
    cause: Envelope[EventPayload] | None,
    *,
    actor: str | None = None,
) -> int:
    the_round, events = outcome
    if not events:
        return version
    new_version = await repository.save_round(session, the_round, version)
    if the_round.is_closed:
        await scheduler.cancel(session, DEADLINE_JOB, str(the_round.round_id), now=now)
    await _publish(session, the_round, events, now, cause, actor=actor)
    return new_version


async def _arm_deadline(
    session: AsyncSession, the_round: Round, due: datetime, now: datetime
) -> None:
    await scheduler.schedule(session, DEADLINE_JOB, str(the_round.round_id), due, now=now)


async def _publish(
    session: AsyncSession,
    the_round: Round,
    events: Sequence[EventPayload],
    now: datetime,
    cause: Envelope[EventPayload] | None,
    *,
    actor: str | None = None,
) -> None:
    envelopes = [
        Envelope.new(
            event, order_id=the_round.order_id, causation=cause, actor=actor, occurred_at=now
        )
        for event in events
    ]
    await outbox.add(session, *envelopes)
