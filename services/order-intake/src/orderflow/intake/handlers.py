"""Inbound events that move the order (DESIGN §4): translate, then delegate."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, cast
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import (
    Envelope,
    EventPayload,
    aftersales,
    intake,
    logistics,
    procurement,
    production,
    review,
)
from orderflow.contracts.intake import AcceptanceBasis, ClosingBasis, OrderStatus
from orderflow.intake import closing, early_plans, repository, risks, rounds
from orderflow.intake.domain.lifecycle import Trigger
from orderflow.intake.progress import advance
from orderflow.intake.settings import IntakeSettings
from orderflow.runtime.consumer import Handler
from orderflow.runtime.service import ServiceState

Step = Callable[[Envelope[Any], AsyncSession, Any], Awaitable[object]]


async def plan_created(
    e: Envelope[production.ProductionPlanCreated], s: AsyncSession, now: Any, tries: int = 0
) -> None:
    p = e.payload
    if p.claim_id is None:  # a claim's replacement plan does not move the order
        # The plan may overtake the approval (another topic): then it is tried again later.
        if await early_plans.park(s, e, now=now, tries=tries):
            return
        await advance(
            s,
            e,
            Trigger.START_PRODUCTION,
            lambda frm, to: intake.OrderProductionStarted(
                from_status=frm,
                to_status=to,
                plan_id=p.plan_id,
                planned_completion_date=p.planned_completion_date,
            ),
            now=now,
        )


async def _production_completed(
    e: Envelope[production.ProductionCompleted], s: AsyncSession, now: Any
) -> None:
    p = e.payload
    if p.claim_id is None:
        await advance(
            s,
            e,
            Trigger.COMPLETE_PRODUCTION,
            lambda frm, to: intake.OrderProductionCompleted(
                from_status=frm, to_status=to, plan_id=p.plan_id, qc_report_id=p.qc_report_id
            ),
            now=now,
        )


async def _dispatched(e: Envelope[logistics.ShipmentDispatched], s: AsyncSession, now: Any) -> None:
    p = e.payload
    if p.all_dispatched:
        await advance(
            s,
            e,
            Trigger.SHIP,
            lambda frm, to: intake.OrderShipped(
                from_status=frm, to_status=to, shipment_ids=(p.shipment_id,)
            ),
            now=now,
        )


async def _delivered(e: Envelope[logistics.ShipmentDelivered], s: AsyncSession, now: Any) -> None:
    p = e.payload
    if p.all_delivered and p.purpose is logistics.ShipmentPurpose.ORDER:
        await advance(
            s,
            e,
            Trigger.DELIVER,
            lambda frm, to: intake.OrderDelivered(
                from_status=frm, to_status=to, delivered_at=p.signed_at, proof_ids=(p.proof_id,)
            ),
            now=now,
        )


def _accepted(basis: AcceptanceBasis) -> Step:
    async def accepted(e: Envelope[aftersales.AcceptanceEvent], s: AsyncSession, now: Any) -> None:
        await advance(
            s,
            e,
            Trigger.ACCEPT,
            lambda frm, to: intake.OrderAccepted(
                from_status=frm, to_status=to, basis=basis, acceptance_id=e.payload.acceptance_id
            ),
            now=now,
        )

    return accepted


async def _claim_opened(e: Envelope[aftersales.ClaimOpened], s: AsyncSession, now: Any) -> None:
    await advance(
        s,
        e,
        Trigger.OPEN_CLAIM,
        lambda frm, to: intake.OrderClaimOpened(
            from_status=frm, to_status=to, claim_id=e.payload.claim_id
        ),
        now=now,
    )


async def _claim_closed(e: Envelope[aftersales.ClaimClosed], s: AsyncSession, now: Any) -> None:
    await advance(
        s,
        e,
        Trigger.RESOLVE_CLAIM,
        lambda frm, to: intake.OrderAccepted(
            from_status=frm,
            to_status=to,
            basis=AcceptanceBasis.CLAIM_RESOLVED,
            claim_id=e.payload.claim_id,
        ),
        now=now,
    )


async def _follow_up_scheduled(
    e: Envelope[aftersales.FollowUpScheduled], s: AsyncSession, now: Any
) -> None:
    p = e.payload
    if p.order_id is not None and await repository.get_order(s, p.order_id) is not None:
        await repository.update_order(s, str(p.order_id), {"follow_up_id": str(p.follow_up_id)})


async def _follow_up_completed(
    e: Envelope[aftersales.FollowUpCompleted], s: AsyncSession, now: Any
) -> None:
    order_id = await repository.order_of_follow_up(s, str(e.payload.follow_up_id))
    if order_id is not None:
        await advance(
            s,
            e,
            Trigger.CLOSE,
            lambda frm, to: intake.OrderClosed(
                from_status=frm, to_status=to, basis=ClosingBasis.FOLLOW_UP_DONE
            ),
            now=now,
            order_id=UUID(order_id),
        )


async def _delay_raised(
    e: Envelope[procurement.SupplierDelayRaised], s: AsyncSession, now: Any
) -> None:
    p = e.payload
    detail = f"supplier delay: expected {p.expected_on}" + (
        f", now {p.new_expected_on}" if p.new_expected_on else ""
    )
    await risks.open_risk(s, p.order_ids, p.delay_id, "supplier_delay", detail, now=now)


async def _delay_resolved(
    e: Envelope[procurement.SupplierDelayResolved], s: AsyncSession, now: Any
) -> None:
    await risks.close_risk(s, e.payload.order_ids, e.payload.delay_id)


async def _quality_raised(
    e: Envelope[procurement.QualityIssueRaised], s: AsyncSession, now: Any
) -> None:
    p = e.payload
    detail = f"quality issue on {p.item_code}: material re-ordered"
    await risks.open_risk(s, p.order_ids, p.issue_id, "quality_issue", detail, now=now)


async def _quality_resolved(
    e: Envelope[procurement.QualityIssueResolved], s: AsyncSession, now: Any
) -> None:
    await risks.close_risk(s, e.payload.order_ids, e.payload.issue_id)


STEPS: Mapping[str, tuple[type[EventPayload], Step]] = {
    "supplier_delay.raised": (procurement.SupplierDelayRaised, _delay_raised),
    "supplier_delay.resolved": (procurement.SupplierDelayResolved, _delay_resolved),
    "quality_issue.raised": (procurement.QualityIssueRaised, _quality_raised),
    "quality_issue.resolved": (procurement.QualityIssueResolved, _quality_resolved),
    "review_round.approved": (review.RoundApproved, rounds.on_approved),
    "review_round.rejected": (review.RoundRejected, rounds.on_rejected),
    "production_plan.created": (production.ProductionPlanCreated, plan_created),
    "production.completed": (production.ProductionCompleted, _production_completed),
    "shipment.dispatched": (logistics.ShipmentDispatched, _dispatched),
    "shipment.delivered": (logistics.ShipmentDelivered, _delivered),
    "acceptance.passed": (aftersales.AcceptancePassed, _accepted(AcceptanceBasis.PASSED)),
    "acceptance.auto_accepted": (
        aftersales.AcceptanceAutoAccepted,
        _accepted(AcceptanceBasis.AUTO_ACCEPTED),
    ),
    "claim.opened": (aftersales.ClaimOpened, _claim_opened),
    "claim.closed": (aftersales.ClaimClosed, _claim_closed),
    "follow_up.scheduled": (aftersales.FollowUpScheduled, _follow_up_scheduled),
    "follow_up.completed": (aftersales.FollowUpCompleted, _follow_up_completed),
}


# Events after which the order may be `accepted`: its closing window starts then.
ACCEPTING = frozenset({"acceptance.passed", "acceptance.auto_accepted", "claim.closed"})


def build(state: ServiceState) -> Mapping[str, Handler]:
    """The handlers, given the running service's state (clock, sessions, settings)."""
    window_days = cast(IntakeSettings, state.settings).closing_window_days

    def handler(payload_type: type[EventPayload], step: Step) -> Handler:
        async def handle(event: Envelope[EventPayload], session: AsyncSession) -> None:
            now = state.clock.now()
            await step(event.narrow(payload_type), session, now)
            if event.event_type in ACCEPTING and event.order_id is not None:
                row = await repository.get_order(session, event.order_id)
                if row is not None and row["status"] == OrderStatus.ACCEPTED:
                    await closing.arm_window(
                        session, str(event.order_id), now=now, days=window_days
                    )

        return handle

    return {event_type: handler(*entry) for event_type, entry in STEPS.items()}
