"""The envelope stamp every procurement event shares: time, actor, cause, key."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict
from uuid import UUID

from orderflow.contracts import Envelope, EventPayload
from orderflow.procurement.domain.purchasing import PurchaseOrder


class _PurchaseOrderRef(TypedDict):
    purchase_order_id: UUID
    supplier_id: UUID
    order_ids: tuple[UUID, ...]


class EmitBase:
    """Wraps payloads in envelopes stamped with the same time, actor and cause."""

    def __init__(
        self,
        now: datetime,
        *,
        actor: str | None = None,
        causation: Envelope[EventPayload] | None = None,
    ) -> None:
        self.now = now
        self.actor = actor
        self.causation = causation

    def new(
        self, payload: EventPayload, *, order_id: UUID | None = None, subject: str | None = None
    ) -> Envelope[EventPayload]:
        return Envelope.new(
            payload,
            order_id=order_id,
            subject=subject,
            causation=self.causation,
            actor=self.actor,
            occurred_at=self.now,
        )

    def _about(self, order: PurchaseOrder) -> _PurchaseOrderRef:
        order_ids = (order.order_id,) if order.order_id is not None else ()
        return {
            "purchase_order_id": order.id,
            "supplier_id": order.supplier_id,
            "order_ids": order_ids,
        }

    def _supplier_key(self, order: PurchaseOrder) -> str:
        return f"supplier:{order.supplier_id}"
