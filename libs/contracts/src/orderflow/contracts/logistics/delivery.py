"""Logistics' delivery notices, delivery documents and on-site service (R-5.1, R-5.2, R-5.4)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import Field, StringConstraints

from orderflow.contracts.base import LogisticsEvent
from orderflow.contracts.snapshot import DeliveryPlace
from orderflow.contracts.types import (
    ActorRef,
    Code,
    ShortText,
    SiteServiceKind,
    UtcDatetime,
)

Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class NoticeKind(StrEnum):
    EXPECTED_DELIVERY = "expected_delivery"
    DELAY = "delay"
    EXCEPTION = "exception"


class DeliveryNoticeSent(LogisticsEvent):
    """The customer was told when and where to expect delivery (R-5.1, R-4.9)."""

    event_type = "delivery_notice.sent"
    notice_id: UUID
    shipment_id: UUID | None = None
    kind: NoticeKind
    expected_from: UtcDatetime
    expected_until: UtcDatetime
    place: DeliveryPlace
    attempt: int = Field(ge=1)


class DeliveryNoticeFailed(LogisticsEvent):
    """Sending a notice failed; `error` names the failure class, never the recipient (R-5.1)."""

    event_type = "delivery_notice.failed"
    notice_id: UUID
    attempt: int = Field(ge=1)
    error_code: Code
    error: ShortText
    will_retry: bool


class DocumentKind(StrEnum):
    INVOICE = "invoice"
    PACKING_LIST = "packing_list"
    QUALITY_REPORT = "quality_report"
    PRODUCT_MANUAL = "product_manual"
    DELIVERY_NOTE = "delivery_note"


class DeliveryDocumentGenerated(LogisticsEvent):
    """A delivery document was generated and can be downloaded from logistics (R-5.2)."""

    event_type = "delivery_document.generated"
    document_id: UUID
    kind: DocumentKind
    shipment_id: UUID | None = None
    media_type: Code = "application/pdf"
    sha256: Sha256


class SiteVisitScheduled(LogisticsEvent):
    """An on-site service visit was scheduled with a qualified technician (R-5.4)."""

    event_type = "site_visit.scheduled"
    visit_id: UUID
    services: tuple[SiteServiceKind, ...] = Field(min_length=1)
    technician_id: ActorRef
    starts_at: UtcDatetime
    ends_at: UtcDatetime


class SiteVisitCompleted(LogisticsEvent):
    """An on-site visit was completed, with or without the customer's sign-off (R-5.4, R-9.3)."""

    event_type = "site_visit.completed"
    visit_id: UUID
    services: tuple[SiteServiceKind, ...] = Field(min_length=1)
    technician_id: ActorRef
    completed_at: UtcDatetime
    customer_signed_off: bool
