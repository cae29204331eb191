"""Generate and keep a shipment's delivery documents, each announced by an event (R-5.2)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload
from orderflow.contracts.ids import uuid7
from orderflow.contracts.logistics import DeliveryDocumentGenerated, DocumentKind
from orderflow.logistics import models, pdfs, store
from orderflow.logistics.settings import LogisticsSettings

SHIPMENT_SET = (
    DocumentKind.INVOICE,
    DocumentKind.PACKING_LIST,
    DocumentKind.QUALITY_REPORT,
    DocumentKind.PRODUCT_MANUAL,
    DocumentKind.DELIVERY_NOTE,  # the receipt the customer signs
)


async def generate(
    session: AsyncSession,
    shipment: Any,
    settings: LogisticsSettings,
    now: datetime,
    actor: str,
    kinds: tuple[DocumentKind, ...] = SHIPMENT_SET,
) -> tuple[list[UUID], list[Envelope[EventPayload]]]:
    """The shipment's papers as PDFs, stored in logistics; ids and their events."""
    order = await store.order_row(session, UUID(shipment.order_id))
    if order is None:
        raise LookupError(shipment.order_id)
    qc = None
    if order.qc_report_id is not None:
        table = models.qc_reports
        found = await session.execute(
            select(table.c.report).where(table.c.qc_report_id == order.qc_report_id)
        )
        qc = found.scalar_one_or_none()
    data = pdfs.DocumentInput(
        order_id=shipment.order_id,
        shipment_id=shipment.shipment_id,
        order=store.snapshot_of(order),
        packages=shipment.packages,
        qc_report=qc,
        company=settings.company_name,
        manual_base_url=settings.manual_base_url,
    )
    ids: list[UUID] = []
    events: list[Envelope[EventPayload]] = []
    for kind in kinds:
        content = pdfs.render(kind, data)
        document_id = uuid7()
        digest = hashlib.sha256(content).hexdigest()
        await session.execute(
            insert(models.delivery_documents).values(
                document_id=str(document_id),
                order_id=shipment.order_id,
                shipment_id=shipment.shipment_id,
                kind=kind.value,
                filename=f"{kind.value}-{shipment.order_id}.pdf",
                content=content,
                sha256=digest,
                created_at=now,
            )
        )
        ids.append(document_id)
        generated = DeliveryDocumentGenerated(
            document_id=document_id,
            kind=kind,
            shipment_id=UUID(shipment.shipment_id),
            sha256=digest,
        )
        events.append(Envelope.new(generated, order_id=UUID(shipment.order_id), actor=actor))
    return ids, events
