"""The order as departments assess and plan it: lines, totals, dates, place, flags; no PII."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import Field, StringConstraints, model_validator

from orderflow.contracts.types import (
    Code,
    ContractModel,
    CountryCode,
    CurrencyCode,
    NonNegativeAmount,
    Quantity,
    ShortText,
    SiteServiceKind,
    Text,
)

Postcode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9 -]{0,15}$")]


class Channel(StrEnum):
    """How the order arrived (R-2.1, R-2.2)."""

    WEBSITE = "website"
    SOCIAL_SHOP = "social_shop"
    PARTNER = "partner"
    MARKETPLACE = "marketplace"
    PHONE = "phone"
    FAX = "fax"
    EMAIL = "email"
    VISIT = "visit"


class OrderLineSnapshot(ContractModel):
    line_no: int = Field(ge=1)
    product_code: Code
    description: ShortText
    quantity: Quantity
    unit: Code
    unit_price: NonNegativeAmount
    discount: NonNegativeAmount = Decimal(0)
    line_total: NonNegativeAmount


class DeliveryPlace(ContractModel):
    """Where to deliver, as far as planning needs it; the street and contact stay in intake."""

    country: CountryCode
    region: Code
    postcode: Postcode | None = None
    # Intake's id of the delivery site; logistics resolves the street through intake's API.
    site_ref: Code | None = None


class CustomProduct(ContractModel):
    spec: Text
    line_nos: tuple[int, ...] = ()


class UrgentOrder(ContractModel):
    reason: Text
    required_by: date


class SpecialDeliveryPlace(ContractModel):
    # Operational instructions (access, unloading); intake keeps contact details out of them.
    instructions: Text


class SpecialFlags(ContractModel):
    """Special-order flags that every department concerned must see (R-2.5)."""

    custom_product: CustomProduct | None = None
    urgent: UrgentOrder | None = None
    special_delivery_place: SpecialDeliveryPlace | None = None
    site_services: tuple[SiteServiceKind, ...] = ()
    other: tuple[Text, ...] = ()

    @property
    def is_special(self) -> bool:
        return any((self.custom_product, self.urgent, self.special_delivery_place, self.other))


class OrderSnapshot(ContractModel):
    """One version of an order's content (R-2.3); amounts are in `currency`."""

    customer_id: UUID
    channel: Channel
    version: int = Field(ge=1)
    revision: int = Field(ge=0)
    currency: CurrencyCode
    lines: tuple[OrderLineSnapshot, ...] = Field(min_length=1)
    subtotal: NonNegativeAmount
    discount_total: NonNegativeAmount = Decimal(0)
    tax_total: NonNegativeAmount = Decimal(0)
    total: NonNegativeAmount
    payment_terms: Code
    requested_delivery_date: date
    delivery_place: DeliveryPlace
    special: SpecialFlags = SpecialFlags()
    # Days the customer has to inspect after delivery; None means the company default.
    acceptance_period_days: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _line_numbers_unique(self) -> OrderSnapshot:
        numbers = [line.line_no for line in self.lines]
        if len(numbers) != len(set(numbers)):
            raise ValueError("line_no must be unique within an order")
        return self
