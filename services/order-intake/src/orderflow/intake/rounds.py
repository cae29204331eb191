"""Review's round outcomes, by round kind: review, change or cancellation (R-3.3, R-6)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload, intake, review
from orderflow.contracts.types import DepartmentCost, Money, RoundKind
from orderflow.intake import cancellations, changes, ordering, repository
from orderflow.intake.domain.lifecycle import Trigger
from orderflow.intake.progress import advance


async def _revision_matches(session: AsyncSession, event: Envelope[EventPayload], rev: int) -> bool:
    """A round about an older revision than the order's (resubmitted since) decides nothing."""
    row = await repository.get_order(session, event.order_id) if event.order_id else None
    return row is not None and ordering.snapshot_of(row).revision == rev


async def on_approved(
    event: Envelope[review.RoundApproved], session: AsyncSession, now: datetime
) -> None:
    p = event.payload
    if p.kind is RoundKind.REVIEW and await _revision_matches(session, event, p.revision):
        await advance(
            session,
            event,
            Trigger.APPROVE,
            lambda frm, to: intake.OrderApproved(
                from_status=frm, to_status=to, round_id=p.round_id, revision=p.revision
            ),
            now=now,
            why={"round_id": str(p.round_id)},
            values={"return_reasons": []},
        )
    elif p.kind is RoundKind.CHANGE and p.change_request_id is not None:
        await changes.decide_change(
            session,
            p.change_request_id,
            approved=True,
            impact=p.impact,
            reasons=[],
            actor=ordering.Actor(event.actor, causation=event),
            now=now,
        )
    elif p.kind is RoundKind.CANCELLATION and p.cancellation_request_id is not None:
        cancellation_id = p.cancellation_request_id
        settlement = [s.model_dump(mode="json") for s in p.settlement]
        request = await cancellations.record_cancellation_outcome(
            session,
            p.cancellation_request_id,
            approved=True,
            settlement=settlement,
            reasons=[],
            now=now,
        )
        if request is None:
            return
        total = _total_cost(p.settlement)
        await advance(
            session,
            event,
            Trigger.CANCEL,
            lambda frm, to: intake.OrderCancelled(
                from_status=frm,
                to_status=to,
                cancellation_request_id=cancellation_id,
                settlement=p.settlement,
                total_cost_incurred=total,
            ),
            now=now,
            why={"settlement": settlement},
        )


async def on_rejected(
    event: Envelope[review.RoundRejected], session: AsyncSession, now: datetime
) -> None:
    p = event.payload
    reasons = [r.model_dump(mode="json") for r in p.reasons]
    if p.kind is RoundKind.REVIEW and await _revision_matches(session, event, p.revision):
        await advance(
            session,
            event,
            Trigger.RETURN,
            lambda frm, to: intake.OrderReturned(
                from_status=frm,
                to_status=to,
                round_id=p.round_id,
                revision=p.revision,
                reasons=p.reasons,
            ),
            now=now,
            why={"reasons": reasons},
            values={"return_reasons": reasons},
        )
    elif p.kind is RoundKind.CHANGE and p.change_request_id is not None:
        await changes.decide_change(
            session,
            p.change_request_id,
            approved=False,
            impact=None,
            reasons=reasons,
            actor=ordering.Actor(event.actor, causation=event),
            now=now,
        )
    elif p.kind is RoundKind.CANCELLATION and p.cancellation_request_id is not None:
        refused_id = p.cancellation_request_id
        request = await cancellations.record_cancellation_outcome(
            session,
            refused_id,
            approved=False,
            settlement=[],
            reasons=reasons,
            now=now,
        )
        if request is None:
            return
        await advance(
            session,
            event,
            Trigger.REFUSE_CANCELLATION,
            lambda frm, to: intake.OrderCancellationRefused(
                from_status=frm,
                to_status=to,
                cancellation_request_id=refused_id,
                reasons=p.reasons,
            ),
            now=now,
            why={"reasons": reasons},
            values={"status_before_cancelling": None},
        )


def _total_cost(settlement: tuple[DepartmentCost, ...]) -> Money | None:
    costs = list(settlement)
    if not costs or len({c.cost_incurred.currency for c in costs}) != 1:
        return None
    amount = sum((c.cost_incurred.amount for c in costs), start=costs[0].cost_incurred.amount * 0)
    return Money(amount=amount, currency=costs[0].cost_incurred.currency)
