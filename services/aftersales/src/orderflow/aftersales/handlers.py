"""Inbound events: intake's order versions and delivery, logistics' deliveries and returns."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.aftersales.actions import acceptances, claims
from orderflow.aftersales.actions.common import settings_of
from orderflow.contracts import Envelope, EventPayload, intake, logistics
from orderflow.contracts.aftersales import Remedy
from orderflow.contracts.logistics import ShipmentPurpose
from orderflow.runtime.consumer import Handler
from orderflow.runtime.service import ServiceState

# A replacement shipment delivered under a claim is that claim's remedy done.
_REMEDY_SHIPPED = {
    ShipmentPurpose.RESUPPLY: Remedy.RESUPPLY,
    ShipmentPurpose.EXCHANGE: Remedy.EXCHANGE,
}

_ORDER_VERSIONS = (
    intake.OrderCreated,
    intake.OrderRevised,
    intake.OrderSubmitted,
    intake.OrderChanged,
)


def build(state: ServiceState) -> Mapping[str, Handler]:
    """The handlers, given the running service's state (clock, sessions, settings)."""
    settings = settings_of(state)

    async def on_order_version(event: Envelope[EventPayload], session: AsyncSession) -> None:
        """Keep the order's lines and specs: the acceptance checklist comes from them (R-5.5)."""
        payload = event.payload
        if not isinstance(payload, _ORDER_VERSIONS):
            raise TypeError(f"{event.event_type} carries no order version")
        await acceptances.remember_order(session, str(event.order_id), payload.order)

    async def on_order_delivered(event: Envelope[EventPayload], session: AsyncSession) -> None:
        delivered = event.narrow(intake.OrderDelivered).payload
        await acceptances.open_on_delivery(
            session,
            str(event.order_id),
            delivered.delivered_at,
            settings,
            now=state.clock.now(),
            causation=event,
        )

    async def on_shipment_delivered(event: Envelope[EventPayload], session: AsyncSession) -> None:
        delivered = event.narrow(logistics.ShipmentDelivered).payload
        if delivered.purpose is ShipmentPurpose.ORDER:
            if delivered.all_delivered:
                await acceptances.open_on_delivery(
                    session,
                    str(event.order_id),
                    delivered.signed_at,
                    settings,
                    now=state.clock.now(),
                    causation=event,
                )
        elif delivered.claim_id is not None:
            await claims.remedy_done(
                session,
                str(delivered.claim_id),
                _REMEDY_SHIPPED[delivered.purpose],
                follow_up_after_days=settings.follow_up_after_days,
                now=state.clock.now(),
                causation=event,
            )

    async def on_return_collected(event: Envelope[EventPayload], session: AsyncSession) -> None:
        collected = event.narrow(logistics.ReturnCollected).payload
        await claims.remedy_done(
            session,
            str(collected.claim_id),
            Remedy.RETURN,
            follow_up_after_days=settings.follow_up_after_days,
            now=state.clock.now(),
            causation=event,
        )

    return {
        "order.created": on_order_version,
        "order.revised": on_order_version,
        "order.submitted": on_order_version,
        "order.changed": on_order_version,
        "order.delivered": on_order_delivered,
        "shipment.delivered": on_shipment_delivered,
        "return.collected": on_return_collected,
    }
