"""Inbound events review reacts to: orders and customers from intake, answers of departments,
compensation aftersales granted."""

from __future__ import annotations

from collections.abc import Mapping
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
)
from orderflow.contracts.base import AssessmentAnswer
from orderflow.contracts.review import WithdrawalReason
from orderflow.contracts.types import Department, RoundKind
from orderflow.review import credits, repository, waiting, workflow
from orderflow.review.domain.rules import CustomerFacts
from orderflow.runtime.consumer import Handler
from orderflow.runtime.service import ServiceState

ANSWERS: Mapping[type[AssessmentAnswer], Department] = {
    production.ProductionAssessmentAnswered: Department.PRODUCTION,
    procurement.MaterialsAssessmentAnswered: Department.PROCUREMENT,
    logistics.DeliveryAssessmentAnswered: Department.LOGISTICS,
}


def build(state: ServiceState) -> Mapping[str, Handler]:
    """The handlers, given the running service's state (clock, sessions, settings)."""

    async def on_order_content(event: Envelope[EventPayload], session: AsyncSession) -> None:
        payload = event.payload
        assert isinstance(payload, intake.OrderCreated | intake.OrderRevised | intake.OrderChanged)
        assert event.order_id is not None
        await repository.remember_order(session, event.order_id, payload.order)

    async def on_customer(event: Envelope[EventPayload], session: AsyncSession) -> None:
        profile = event.narrow(intake.CustomerProfile).payload
        facts = CustomerFacts(
            customer_id=profile.customer_id,
            tier=profile.tier,
            registration_status=profile.registration_status,
            blacklisted=profile.blacklisted,
        )
        await repository.remember_customer(session, facts, state.clock.now())

    async def on_submitted(event: Envelope[EventPayload], session: AsyncSession) -> None:
        """A (re)submission opens a review round with the order's revision (R-3.1, R-3.3)."""
        await waiting.open_or_wait(
            session, event.narrow(intake.OrderSubmitted), now=state.clock.now()
        )

    async def on_change_requested(event: Envelope[EventPayload], session: AsyncSession) -> None:
        """A change request opens a change round on the proposed order (R-6.1, R-6.2)."""
        change = event.narrow(intake.OrderChangeRequested).payload
        order_id = _order_id(event)
        current = await repository.order_snapshot(session, order_id) or change.proposed
        await workflow.open_round(
            session,
            RoundKind.CHANGE,
            order_id,
            current,
            now=state.clock.now(),
            cause=event,
            proposed=change.proposed,
            change_request_id=change.change_request_id,
            reason=change.reason,
        )

    async def on_cancellation_requested(
        event: Envelope[EventPayload], session: AsyncSession
    ) -> None:
        """A cancellation request asks departments how far their work went (R-6.3)."""
        cancellation = event.narrow(intake.OrderCancellationRequested).payload
        order_id = _order_id(event)
        await waiting.forget(session, order_id, now=state.clock.now())
        current = await repository.order_snapshot(session, order_id)
        if current is None:  # review never saw the order: nothing was assessed or started here
            raise LookupError(f"no order content known for {order_id}")
        await workflow.open_round(
            session,
            RoundKind.CANCELLATION,
            order_id,
            current,
            now=state.clock.now(),
            cause=event,
            cancellation_request_id=cancellation.cancellation_request_id,
            reason=cancellation.reason,
        )

    async def on_cancelled(event: Envelope[EventPayload], session: AsyncSession) -> None:
        await waiting.forget(session, _order_id(event), now=state.clock.now())
        await workflow.withdraw_open(
            session,
            _order_id(event),
            WithdrawalReason.ORDER_CANCELLED,
            now=state.clock.now(),
            cause=event,
        )

    async def on_answer(event: Envelope[EventPayload], session: AsyncSession) -> None:
        """Production, procurement or logistics answered the assessment (R-3.1, R-6.2)."""
        answer = event.payload
        assert isinstance(answer, AssessmentAnswer)
        department = ANSWERS[type(answer)]
        await workflow.answer(
            session,
            answer.round_id,
            department,
            answer.result,
            answer.impact,
            now=state.clock.now(),
            cause=event,
        )

    async def on_compensation_granted(event: Envelope[EventPayload], session: AsyncSession) -> None:
        """Finance books the compensation as a credit: outstanding receivables drop (R-5.6)."""
        granted = event.narrow(aftersales.CompensationGranted).payload
        await credits.book(session, granted, now=state.clock.now())

    return {
        "order.created": on_order_content,
        "order.revised": on_order_content,
        "order.changed": on_order_content,
        "customer.registered": on_customer,
        "customer.updated": on_customer,
        "order.submitted": on_submitted,
        "order.change_requested": on_change_requested,
        "order.cancellation_requested": on_cancellation_requested,
        "order.cancelled": on_cancelled,
        **{answer.event_type: on_answer for answer in ANSWERS},
        aftersales.CompensationGranted.event_type: on_compensation_granted,
    }


def _order_id(event: Envelope[EventPayload]) -> UUID:
    assert event.order_id is not None, f"{event.event_type} is keyed by its order"
    return event.order_id
