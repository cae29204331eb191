"""Logistics' assessment answers and shipments, from plan to signed receipt."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import Field

from orderflow.contracts.base import AssessmentAnswer, LogisticsEvent
from orderflow.contracts.snapshot import DeliveryPlace
from orderflow.contracts.types import Code, ContractModel, Money, Quantity, Text, UtcDatetime


class TransportMode(StrEnum):
    ROAD = "road"
    RAIL = "rail"
    SEA = "sea"
    AIR = "air"
    COURIER = "courier"


class CandidatePlan(ContractModel):
    """How logistics would deliver: mode, carrier, cost and arrival."""

    mode: TransportMode
    carrier_id: UUID
    transit_days: int = Field(ge=0)
    cost: Money
    eta: date


class DeliveryAssessmentAnswered(LogisticsEvent, AssessmentAnswer):
    """Logistics answered on place, time and cost (R-3.1, R-3.2, R-4.7, R-6.2)."""

    event_type = "delivery_assessment.answered"
    candidate: CandidatePlan | None = None


class ShipmentPurpose(StrEnum):
    ORDER = "order"
    RESUPPLY = "resupply"
    EXCHANGE = "exchange"


class Package(ContractModel):
    package_id: UUID
    weight_kg: Quantity
    length_cm: Quantity
    width_cm: Quantity
    height_cm: Quantity
    line_nos: tuple[int, ...] = ()


class ShipmentPlanned(LogisticsEvent):
    """A shipment was planned: mode, route, carrier, packages and packing (R-4.7, R-4.8)."""

    event_type = "shipment.planned"
    shipment_id: UUID
    purpose: ShipmentPurpose = ShipmentPurpose.ORDER
    claim_id: UUID | None = None
    mode: TransportMode
    carrier_id: UUID
    route: tuple[Code, ...] = Field(min_length=2)
    destination: DeliveryPlace
    packages: tuple[Package, ...] = Field(min_length=1)
    packing_requirements: tuple[Text, ...] = ()
    dispatch_on: date
    eta: date


class ShipmentDispatched(LogisticsEvent):
    """A shipment left with the carrier and its transport papers (R-4.8)."""

    event_type = "shipment.dispatched"
    shipment_id: UUID
    carrier_id: UUID
    tracking_number: Code
    document_ids: tuple[UUID, ...] = ()
    # True when no planned shipment of the order is left to dispatch.
    all_dispatched: bool


class TrackingStatus(StrEnum):
    PICKED_UP = "picked_up"
    IN_TRANSIT = "in_transit"
    AT_HUB = "at_hub"
    OUT_FOR_DELIVERY = "out_for_delivery"
    HELD = "held"


class ShipmentTrackingUpdated(LogisticsEvent):
    """The carrier or staff reported where a shipment is (R-4.9)."""

    event_type = "shipment_tracking.updated"
    shipment_id: UUID
    status: TrackingStatus
    reported_at: UtcDatetime
    region: Code | None = None
    eta: date | None = None


class ExceptionKind(StrEnum):
    DELAY = "delay"
    DAMAGE = "damage"
    ADDRESS_PROBLEM = "address_problem"
    LOST = "lost"
    REFUSED = "refused"
    OTHER = "other"


class ShipmentExceptionRaised(LogisticsEvent):
    """A shipment exception flags the order and is explained to the customer (R-4.9)."""

    event_type = "shipment_exception.raised"
    exception_id: UUID
    shipment_id: UUID
    kind: ExceptionKind
    description: Text
    new_eta: date | None = None


class ShipmentExceptionResolved(LogisticsEvent):
    """A shipment exception was resolved (R-4.9)."""

    event_type = "shipment_exception.resolved"
    exception_id: UUID
    shipment_id: UUID
    resolution: Text


class ShipmentDelivered(LogisticsEvent):
    """The customer signed the receipt, the proof of delivery (R-5.3)."""

    event_type = "shipment.delivered"
    shipment_id: UUID
    purpose: ShipmentPurpose = ShipmentPurpose.ORDER
    claim_id: UUID | None = None
    proof_id: UUID
    signed_at: UtcDatetime
    has_signature_image: bool
    # True when every shipment of the order is delivered: the order is delivered.
    all_delivered: bool


class ShipmentCancelled(LogisticsEvent):
    """A shipment was cancelled with the order, with any cost incurred (R-6.3)."""

    event_type = "shipment.cancelled"
    shipment_id: UUID
    reason: Text
    cost_incurred: Money | None = None


class ReturnCollected(LogisticsEvent):
    """Goods returned under a claim were collected from the customer (R-5.6, R-7.1)."""

    event_type = "return.collected"
    return_id: UUID
    claim_id: UUID
    collected_at: UtcDatetime
    packages: int = Field(ge=1)
