"""Inbound events production reacts to, by event type: translate and delegate."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload, procurement, review
from orderflow.contracts.types import Department, RoundKind
from orderflow.production import assessing, planning, stopping, supply
from orderflow.production.domain.catalog import Availability
from orderflow.production.repository import catalog, holds
from orderflow.production.settings import ProductionSettings
from orderflow.runtime.consumer import Handler
from orderflow.runtime.service import ServiceState


def build(state: ServiceState) -> Mapping[str, Handler]:
    """The handlers, given the running service's state (clock, sessions, settings)."""
    settings = cast(ProductionSettings, state.settings)

    async def on_assessment_requested(event: Envelope[EventPayload], session: AsyncSession) -> None:
        """Answer production's part of a review, change or cancellation round (R-3.1, R-6.2)."""
        requested = event.narrow(review.AssessmentRequested)
        if Department.PRODUCTION not in requested.payload.departments:
            return
        round_ = assessing.Round(requested, state.clock.now(), settings)
        await assessing.answer(session, round_)

    async def on_round_approved(event: Envelope[EventPayload], session: AsyncSession) -> None:
        """Review approved → plan (R-4.1); change → plan revised (R-6.2); cancellation → stop
        at cost (R-6.3)."""
        approved = event.narrow(review.RoundApproved).payload
        now = state.clock.now()
        if approved.kind in (RoundKind.REVIEW, RoundKind.CHANGE):
            await planning.plan_approved(session, event, approved.round_id, now=now)
        elif approved.kind is RoundKind.CANCELLATION and event.order_id is not None:
            await stopping.stop(
                session,
                event,
                event.order_id,
                reason="order cancellation approved",
                currency=settings.currency,
                now=now,
            )

    async def on_round_closed(event: Envelope[EventPayload], session: AsyncSession) -> None:
        """A rejected or withdrawn round frees the hours its passing answer held (R-3.3)."""
        hold = await holds.for_round(session, event.narrow(review.RoundEvent).payload.round_id)
        if hold is not None:
            await stopping.release(session, hold.id, now=state.clock.now())

    async def on_item_availability_changed(
        event: Envelope[EventPayload], session: AsyncSession
    ) -> None:
        """Keep the replica of procurement's stock and supply options (R-3.1, R-4.4)."""
        item = event.narrow(procurement.ItemAvailabilityChanged).payload
        lead_days = tuple(sorted({option.lead_time_days for option in item.supply_options}))
        known = Availability(item.item_code, item.unit, Decimal(item.available), lead_days)
        await catalog.replicate_availability(session, known, event.occurred_at)

    async def on_requisition_fulfilled(
        event: Envelope[EventPayload], session: AsyncSession
    ) -> None:
        """Materials reserved: production may proceed (R-4.6)."""
        fulfilled = event.narrow(procurement.RequisitionFulfilled).payload
        await supply.materials_ready(session, fulfilled.plan_id)

    async def on_supplier_delay(event: Envelope[EventPayload], session: AsyncSession) -> None:
        """A late purchase order puts the plans of the orders it serves at risk (R-4.6)."""
        payload = event.payload
        if isinstance(payload, procurement.SupplierDelayRaised):
            await supply.delay_changed(session, payload.order_ids, payload.delay_id, open_=True)
        elif isinstance(payload, procurement.SupplierDelayResolved):
            await supply.delay_changed(session, payload.order_ids, payload.delay_id, open_=False)

    return {
        "requisition.fulfilled": on_requisition_fulfilled,
        "supplier_delay.raised": on_supplier_delay,
        "supplier_delay.resolved": on_supplier_delay,
        "assessment.requested": on_assessment_requested,
        "review_round.approved": on_round_approved,
        "review_round.rejected": on_round_closed,
        "review_round.withdrawn": on_round_closed,
        "item_availability.changed": on_item_availability_changed,
    }
