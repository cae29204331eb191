"""How a round ends: approved only if all pass, else every reason; impact, settlement (R-3.3)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from orderflow.contracts import review
from orderflow.contracts.base import EventPayload
from orderflow.contracts.types import (
    DepartmentCost,
    Impact,
    Money,
    MoneyDelta,
    RoundKind,
    Verdict,
    WorkState,
)
from orderflow.review.domain.round import Check, HistoryEntry, Round, RoundStatus

_PROGRESS = (WorkState.NOT_STARTED, WorkState.PARTLY_DONE, WorkState.DONE)


def combined(
    kind: RoundKind, currency: str, checks: Iterable[Check]
) -> tuple[Impact | None, tuple[DepartmentCost, ...]]:
    """The latest new date and summed cost of a change; each department's cost of a cancellation."""
    impacts = [(c.department, c.impact) for c in checks if c.impact is not None]
    if kind is RoundKind.REVIEW or not impacts:
        return None, ()
    if kind is RoundKind.CHANGE:
        return _change_impact([i for _, i in impacts], currency), ()
    settlement = tuple(
        DepartmentCost(
            department=department,
            work_state=impact.work_state or WorkState.NOT_STARTED,
            cost_incurred=impact.cost_incurred or Money(amount=Decimal(0), currency=currency),
        )
        for department, impact in impacts
    )
    states = [cost.work_state for cost in settlement]
    total = sum(
        (c.cost_incurred.amount for c in settlement if c.cost_incurred.currency == currency),
        Decimal(0),
    )
    furthest = max(states, key=_PROGRESS.index)
    return Impact(
        work_state=furthest, cost_incurred=Money(amount=total, currency=currency)
    ), settlement


def _change_impact(impacts: list[Impact], currency: str) -> Impact:
    dates = [i.new_completion_date for i in impacts if i.new_completion_date is not None]
    deltas = [
        i.cost_delta.amount for i in impacts if i.cost_delta and i.cost_delta.currency == currency
    ]
    return Impact(
        new_completion_date=max(dates) if dates else None,
        cost_delta=MoneyDelta(amount=sum(deltas, Decimal(0)), currency=currency)
        if deltas
        else None,
    )


def conclude(
    the_round: Round, events: list[EventPayload], now: datetime
) -> tuple[Round, list[EventPayload]]:
    """Once every department has passed or failed: approved only if all passed (R-3.3)."""
    if the_round.is_closed or the_round.missing():
        return the_round, events
    ids, requests, revision = the_round._ids(), the_round._requests(), the_round.revision
    failing = tuple(r for c in the_round.checks if c.verdict is Verdict.FAIL for r in c.reasons)
    event: review.RoundApproved | review.RoundRejected
    if failing:
        status, event = (
            RoundStatus.REJECTED,
            review.RoundRejected(**ids, **requests, revision=revision, reasons=failing),
        )
    else:
        impact, settlement = combined(the_round.kind, the_round.order.currency, the_round.checks)
        status = RoundStatus.APPROVED
        event = review.RoundApproved(
            **ids, **requests, revision=revision, impact=impact, settlement=settlement
        )
    closed = replace(
        the_round,
        status=status,
        closed_at=now,
        history=(*the_round.history, HistoryEntry(now, status.value)),
    )
    return closed, [*events, event]
