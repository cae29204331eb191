"""Inbound events procurement reacts to: production's plans and assessment answers."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload
from orderflow.contracts import production as production_events
from orderflow.procurement.events import Emit
from orderflow.procurement.flows import assessment, cancellation, requirements
from orderflow.procurement.settings import policy_of
from orderflow.runtime.consumer import Handler
from orderflow.runtime.service import ServiceState


def build(state: ServiceState) -> Mapping[str, Handler]:
    """The handlers, given the running service's state (clock, sessions, settings)."""
    policy = policy_of(state.settings)

    async def on_plan(event: Envelope[EventPayload], session: AsyncSession) -> None:
        """A plan's materials become a requisition: reserve, and buy shortfalls (R-4.4, R-4.5)."""
        plan = event.narrow(production_events.PlanContent)
        if plan.order_id is None:
            raise ValueError(f"{event.event_type} without an order_id")
        emit = Emit(state.clock.now(), causation=event)
        await requirements.requisition_for_plan(session, plan.payload, plan.order_id, policy, emit)

    async def on_production_assessment(
        event: Envelope[EventPayload], session: AsyncSession
    ) -> None:
        """Answer what must be bought for production's material shortfalls (R-3.1)."""
        answer = event.narrow(production_events.ProductionAssessmentAnswered)
        if answer.order_id is None:
            raise ValueError(f"{event.event_type} without an order_id")
        emit = Emit(state.clock.now(), causation=event)
        await assessment.answer_production(
            session,
            answer.payload,
            answer.order_id,
            policy.rule,
            emit,
            fee_percent=policy.cancellation_fee_percent,
        )

    async def on_production_stopped(event: Envelope[EventPayload], session: AsyncSession) -> None:
        """The order's work stopped: release its stock, cancel its open purchases (R-6.3)."""
        stopped = event.narrow(production_events.ProductionStopped)
        if stopped.order_id is None:
            raise ValueError(f"{event.event_type} without an order_id")
        emit = Emit(state.clock.now(), causation=event)
        await cancellation.stop_order(
            session,
            stopped.order_id,
            stopped.payload.reason,
            emit,
            fee_percent=policy.cancellation_fee_percent,
        )

    return {
        "production_plan.created": on_plan,
        # A revised plan of an order not yet procured for is procured like a new one.
        "production_plan.revised": on_plan,
        "production_assessment.answered": on_production_assessment,
        "production.stopped": on_production_stopped,
    }
