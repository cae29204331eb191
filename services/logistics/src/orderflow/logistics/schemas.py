"""HTTP bodies of logistics' API (never event contracts): carriers, shipments, proofs, visits."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar
from uuid import UUID

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from orderflow.contracts.logistics import ExceptionKind, TrackingStatus, TransportMode
from orderflow.contracts.types import SiteServiceKind
from orderflow.runtime.db import as_utc

Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Prose = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
# Below 10^9: what the NUMERIC columns hold (a larger value is a 422, not an overflow).
DECIMAL_LIMIT = Decimal(10**9)
Rate = Annotated[Decimal, Field(ge=0, lt=DECIMAL_LIMIT, allow_inf_nan=False)]
Measure = Annotated[Decimal, Field(gt=0, lt=DECIMAL_LIMIT, allow_inf_nan=False)]
# Amounts are shown in cents, whatever precision the database keeps.
Cents = Annotated[Decimal, AfterValidator(lambda amount: amount.quantize(Decimal("0.01")))]
# Stored as UTC; SQLite hands them back without the offset.
Moment = Annotated[datetime, AfterValidator(as_utc)]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class CarrierCreate(Input):
    code: Code
    name: Name


class CarrierUpdate(Input):
    name: Name | None = None
    active: bool | None = None


class CarrierPublic(Output):
    carrier_id: UUID
    code: str
    name: str
    active: bool
    version: int


class ServiceAreaCreate(Input):
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    region: Code
    mode: TransportMode
    transit_days: int = Field(ge=0, le=365)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    rate_per_shipment: Rate
    rate_per_kg: Rate = Decimal(0)
    rate_per_m3: Rate = Decimal(0)


class ServiceAreaPublic(ServiceAreaCreate, Output):
    model_config = ConfigDict(from_attributes=True, extra="ignore")
    area_id: UUID
    carrier_id: UUID
    version: int


class CostCeilingPut(Input):
    max_amount: Rate
    max_share_of_order: Annotated[Decimal, Field(gt=0, le=1, allow_inf_nan=False)]


class CostCeilingPublic(Output):
    currency: str
    max_amount: Decimal
    max_share_of_order: Decimal
    version: int


class PackageIn(Input):
    weight_kg: Measure
    length_cm: Measure
    width_cm: Measure
    height_cm: Measure
    line_nos: list[int] = []


class ShipmentPlan(Input):
    """A shipment of some of the order's goods; mode and carrier default to the assessed plan."""

    carrier_id: UUID | None = None
    mode: TransportMode | None = None
    route: list[Code] = Field(min_length=2)
    packages: list[PackageIn] = Field(min_length=1)
    packing_requirements: list[Prose] = []
    dispatch_on: date


class Dispatch(Input):
    tracking_number: Code


class ShipmentPublic(Output):
    shipment_id: UUID
    order_id: UUID
    status: str
    mode: str
    carrier_id: UUID
    route: list[str]
    destination: dict[str, Any]
    packages: list[dict[str, Any]]
    packing_requirements: list[str]
    cost: Cents
    currency: str
    dispatch_on: date
    eta: date
    tracking_number: str | None
    last_tracking_status: str | None
    dispatched_at: Moment | None
    delivered_at: Moment | None
    version: int


class ExceptionRaise(Input):
    kind: ExceptionKind
    description: Prose
    new_eta: date | None = None


class TrackingUpdate(Input):
    status: TrackingStatus
    reported_at: AwareDatetime
    region: Code | None = None
    eta: date | None = None


class CarrierTrackingEvent(TrackingUpdate):
    """A carrier's webhook body: its own event id and the tracking number we dispatched with."""

    event_id: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    tracking_number: Code
    exception: ExceptionRaise | None = None


class TrackingEventPublic(Output):
    tracking_event_id: UUID
    status: str
    reported_at: Moment
    region: str | None
    eta: date | None
    source: str


class ExceptionResolve(Input):
    resolution: Prose


class ExceptionPublic(Output):
    exception_id: UUID
    shipment_id: UUID
    order_id: UUID
    kind: str
    description: str
    new_eta: date | None
    raised_at: Moment
    resolution: str | None
    resolved_at: Moment | None
    version: int


class NoticePublic(Output):
    """A notice log entry; staff see the address it went to, the subject and the outcome."""

    notice_id: UUID
    order_id: UUID
    shipment_id: UUID | None
    kind: str
    expected_from: Moment
    expected_until: Moment
    status: str
    attempts: int
    recipient: str | None
    subject: str | None
    last_error: str | None
    next_attempt_at: Moment | None
    sent_at: Moment | None


class DocumentPublic(Output):
    document_id: UUID
    order_id: UUID
    shipment_id: UUID | None
    kind: str
    filename: str
    sha256: str
    created_at: Moment


class ProofPublic(Output):
    proof_id: UUID
    shipment_id: UUID
    signer_name: str
    signed_at: Moment
    notes: str | None
    has_signature_image: bool


class SiteVisitCreate(Input):
    services: list[SiteServiceKind] = Field(min_length=1)
    technician_id: Annotated[
        str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/|-]{0,199}$")
    ]
    starts_at: AwareDatetime
    ends_at: AwareDatetime


class SiteVisitCompletion(Input):
    completed_at: AwareDatetime
    customer_signed_off: bool
    signed_off_by: Name | None = None
    notes: Prose | None = None


class SiteVisitPublic(Output):
    visit_id: UUID
    order_id: UUID
    services: list[str]
    technician_id: str
    starts_at: Moment
    ends_at: Moment
    status: str
    completed_at: Moment | None
    customer_signed_off: bool | None
    signed_off_by: str | None
    notes: str | None
    version: int


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None
