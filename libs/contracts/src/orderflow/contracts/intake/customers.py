"""Order-intake's customer events: qualification data review needs, never contact data."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from orderflow.contracts.base import IntakeEvent
from orderflow.contracts.types import Code, CountryCode


class CustomerKind(StrEnum):
    BUSINESS = "business"
    INDIVIDUAL = "individual"


class RegistrationStatus(StrEnum):
    REGISTERED = "registered"
    PENDING = "pending"
    UNREGISTERED = "unregistered"


class CustomerProfile(IntakeEvent):
    """The customer facts the sales review judges qualification on (R-3.1, R-3.2)."""

    subject_kind = "customer"
    customer_id: UUID
    kind: CustomerKind
    tier: Code
    country: CountryCode
    registration_status: RegistrationStatus
    # A business's public register number; an individual has none.
    registration_number: Code | None = None
    blacklisted: bool = False


class CustomerRegistered(CustomerProfile):
    """A customer was registered (R-2.3, R-3.2); keyed `customer:<id>`."""

    event_type = "customer.registered"


class CustomerUpdated(CustomerProfile):
    """A customer's qualification data changed (R-3.2, R-8.1); keyed `customer:<id>`."""

    event_type = "customer.updated"
