"""HTTP models for customers: contact data in, contact data out (only to those allowed)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from orderflow.contracts.intake import CustomerKind, RegistrationStatus
from orderflow.contracts.types import Code, CountryCode

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
# A plain shape check: email-validator is not a dependency.
Email = Annotated[
    str, StringConstraints(pattern=r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$", max_length=254)
]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ()/.-]{4,40}$")]
AddressLine = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class CustomerCreate(BaseModel):
    """A customer with qualification fields (R-3.2) and contact data (encrypted, R-8.4)."""

    model_config = ConfigDict(extra="forbid")

    kind: CustomerKind
    name: Name
    email: Email | None = None
    phone: Phone | None = None
    address_lines: list[AddressLine] = Field(default_factory=list, max_length=6)
    country: CountryCode
    tier: Code = "standard"
    registration_status: RegistrationStatus = RegistrationStatus.UNREGISTERED
    registration_number: Code | None = None


class CustomerUpdate(BaseModel):
    """Fields to change; those left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    email: Email | None = None
    phone: Phone | None = None
    address_lines: list[AddressLine] | None = Field(default=None, max_length=6)
    country: CountryCode | None = None
    tier: Code | None = None
    registration_status: RegistrationStatus | None = None
    registration_number: Code | None = None
    blacklisted: bool | None = None


class CustomerPublic(BaseModel):
    id: UUID
    kind: CustomerKind
    name: str
    email: str | None
    phone: str | None
    address_lines: list[str]
    country: str
    tier: str
    registration_status: RegistrationStatus
    registration_number: str | None
    blacklisted: bool
    version: int
    created_at: datetime
    updated_at: datetime


class CustomerCreated(BaseModel):
    """The answer to a registration: no contact data, because replays of it are stored."""

    id: UUID
    kind: CustomerKind
    country: str
    tier: str
    registration_status: RegistrationStatus
    registration_number: str | None
    version: int


class DeliveryContact(BaseModel):
    """What logistics needs to reach the consignee; the only way PII leaves intake."""

    order_id: str
    customer_id: str
    name: str
    email: str | None
    phone: str | None
    address_lines: list[str]
