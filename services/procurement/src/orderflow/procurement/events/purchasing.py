"""Purchase-order events, keyed `supplier:<id>`, naming the orders they serve."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from orderflow.contracts import Envelope, EventPayload
from orderflow.contracts import procurement as contract
from orderflow.contracts.types import Money
from orderflow.procurement.domain.purchasing import PurchaseOrder
from orderflow.procurement.events.base import EmitBase


class PurchasingEvents(EmitBase):
    def placed(self, order: PurchaseOrder) -> Envelope[EventPayload]:
        line = contract.PurchaseLine(
            item_code=order.item_code,
            quantity=order.quantity,
            unit=order.unit,
            unit_price=order.unit_price,
        )
        payload = contract.PurchaseOrderPlaced(
            **self._about(order),
            currency=order.currency,
            lines=(line,),
            total=order.total,
            expected_on=order.expected_on,
            requisition_ids=(order.requisition_id,) if order.requisition_id else (),
            selection_rule=order.selection_rule,
            reorder_of=order.reorder_of,
        )
        return self.new(payload, subject=self._supplier_key(order))

    def received(
        self,
        order: PurchaseOrder,
        receipt_id: UUID,
        received: Decimal,
        accepted: Decimal,
        passed: bool,
    ) -> Envelope[EventPayload]:
        line = contract.ReceiptLine(
            item_code=order.item_code,
            unit=order.unit,
            quantity_received=received,
            quantity_accepted=accepted,
        )
        payload = contract.GoodsReceived(
            **self._about(order),
            receipt_id=receipt_id,
            lines=(line,),
            quality_passed=passed,
            purchase_order_complete=order.outstanding <= 0,
        )
        return self.new(payload, subject=self._supplier_key(order))

    def delay_raised(
        self,
        order: PurchaseOrder,
        delay_id: UUID,
        source: contract.DelaySource,
        expected_on: date,
        reason: str | None = None,
    ) -> Envelope[EventPayload]:
        new_date = order.expected_on if order.expected_on != expected_on else None
        payload = contract.SupplierDelayRaised(
            **self._about(order),
            delay_id=delay_id,
            source=source,
            expected_on=expected_on,
            new_expected_on=new_date,
            reason=reason,
        )
        return self.new(payload, subject=self._supplier_key(order))

    def delay_resolved(
        self, order: PurchaseOrder, delay_id: UUID, resolution: str
    ) -> Envelope[EventPayload]:
        payload = contract.SupplierDelayResolved(
            **self._about(order),
            delay_id=delay_id,
            resolution=resolution,
        )
        return self.new(payload, subject=self._supplier_key(order))

    def quality_issue(
        self,
        order: PurchaseOrder,
        issue_id: UUID,
        receipt_id: UUID,
        rejected: Decimal,
        description: str,
    ) -> Envelope[EventPayload]:
        payload = contract.QualityIssueRaised(
            **self._about(order),
            issue_id=issue_id,
            receipt_id=receipt_id,
            item_code=order.item_code,
            quantity_rejected=rejected,
            description=description,
        )
        return self.new(payload, subject=self._supplier_key(order))

    def quality_issue_resolved(
        self, order: PurchaseOrder, issue_id: UUID, replacement: UUID
    ) -> Envelope[EventPayload]:
        payload = contract.QualityIssueResolved(
            **self._about(order),
            issue_id=issue_id,
            resolution="replacement delivery received and passed the quality check",
            reorder_purchase_order_id=replacement,
        )
        return self.new(payload, subject=self._supplier_key(order))

    def cancelled(
        self, order: PurchaseOrder, reason: str, fee: Decimal | None = None
    ) -> Envelope[EventPayload]:
        incurred = Money(amount=fee, currency=order.currency) if fee is not None else None
        payload = contract.PurchaseOrderCancelled(
            **self._about(order), reason=reason, cost_incurred=incurred
        )
        return self.new(payload, subject=self._supplier_key(order))
