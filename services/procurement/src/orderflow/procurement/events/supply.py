"""Supply-side events: availability for production's replica, requisitions, suppliers."""

from __future__ import annotations

from uuid import UUID

from orderflow.contracts import Envelope, EventPayload
from orderflow.contracts import procurement as contract
from orderflow.contracts.types import Money
from orderflow.procurement.domain.requisitions import Requisition
from orderflow.procurement.domain.selection import SupplyCandidate
from orderflow.procurement.domain.stock import Stock
from orderflow.procurement.events.base import EmitBase


class SupplyEvents(EmitBase):
    def availability(self, stock: Stock, offers: list[SupplyCandidate]) -> Envelope[EventPayload]:
        """Production's replica of one item: stock and who may supply it (R-3.1, R-4.4)."""
        options = tuple(
            contract.SupplyOption(
                supplier_id=offer.supplier_id,
                lead_time_days=offer.lead_time_days,
                unit_price=Money(amount=offer.unit_price, currency=offer.currency),
            )
            for offer in sorted(offers, key=lambda o: (o.lead_time_days, o.unit_price))
            if offer.may_supply(stock.category)
        )
        payload = contract.ItemAvailabilityChanged(
            item_code=stock.item_code,
            unit=stock.unit,
            on_hand=stock.on_hand,
            reserved=stock.reserved,
            available=stock.available,
            supply_options=options,
        )
        return self.new(payload, subject=f"item:{stock.item_code}")

    def requisition_created(self, requisition: Requisition) -> Envelope[EventPayload]:
        lines = tuple(
            contract.RequisitionLine(
                item_code=line.item_code,
                spec=line.spec,
                quantity=line.quantity,
                unit=line.unit,
                needed_by=line.needed_by,
                reserved_quantity=line.reserved_quantity,
                shortfall_quantity=line.shortfall_quantity,
            )
            for line in requisition.lines
        )
        payload = contract.RequisitionCreated(
            requisition_id=requisition.id, plan_id=requisition.plan_id, lines=lines
        )
        return self.new(payload, order_id=requisition.order_id)

    def requisition_fulfilled(self, requisition: Requisition) -> Envelope[EventPayload]:
        payload = contract.RequisitionFulfilled(
            requisition_id=requisition.id, plan_id=requisition.plan_id
        )
        return self.new(payload, order_id=requisition.order_id)

    def requisition_cancelled(self, requisition: Requisition) -> Envelope[EventPayload]:
        payload = contract.RequisitionCancelled(
            requisition_id=requisition.id, plan_id=requisition.plan_id
        )
        return self.new(payload, order_id=requisition.order_id)

    def supplier_qualified(
        self, supplier_id: UUID, categories: list[str]
    ) -> Envelope[EventPayload]:
        payload = contract.SupplierQualified(supplier_id=supplier_id, categories=tuple(categories))
        return self.new(payload, subject=f"supplier:{supplier_id}")

    def supplier_suspended(self, supplier_id: UUID, reason: str) -> Envelope[EventPayload]:
        payload = contract.SupplierSuspended(supplier_id=supplier_id, reason=reason)
        return self.new(payload, subject=f"supplier:{supplier_id}")
