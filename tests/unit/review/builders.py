"""Orders, customers and rules for review's tests: valid by default, changed per test."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from orderflow.contracts.intake.customers import RegistrationStatus
from orderflow.contracts.snapshot import (
    Channel,
    CustomProduct,
    DeliveryPlace,
    OrderLineSnapshot,
    OrderSnapshot,
    SpecialFlags,
    UrgentOrder,
)
from orderflow.review.domain.rules import (
    CreditProfile,
    CustomerFacts,
    PaymentTermPolicy,
    PriceList,
    Receivables,
    Rules,
    Thresholds,
)

CUSTOMER = UUID("0f0e0d0c-0b0a-4908-8706-050403020100")
LIST_PRICE = Decimal("100.00")


def order(
    *,
    unit_price: Decimal = LIST_PRICE,
    quantity: Decimal = Decimal(10),
    customer_id: UUID = CUSTOMER,
    revision: int = 0,
    version: int = 1,
    payment_terms: str = "net-30",
    product_code: str = "PUMP-100",
    custom: bool = False,
    urgent: bool = False,
    **overrides: Any,
) -> OrderSnapshot:
    """An arithmetically right order of `quantity` x `unit_price` of one listed product."""
    line_total = quantity * unit_price
    special = SpecialFlags(
        custom_product=CustomProduct(spec="stainless housing") if custom else None,
        urgent=UrgentOrder(reason="line stopped", required_by=date(2026, 1, 9)) if urgent else None,
    )
    values: dict[str, Any] = {
        "customer_id": customer_id,
        "channel": Channel.WEBSITE,
        "version": version,
        "revision": revision,
        "currency": "EUR",
        "lines": (
            OrderLineSnapshot(
                line_no=1,
                product_code=product_code,
                description="Pump",
                quantity=quantity,
                unit="pcs",
                unit_price=unit_price,
                line_total=line_total,
            ),
        ),
        "subtotal": line_total,
        "total": line_total,
        "payment_terms": payment_terms,
        "requested_delivery_date": date(2026, 3, 1),
        "delivery_place": DeliveryPlace(country="DE", region="BY"),
        "special": special,
    }
    values.update(overrides)
    return OrderSnapshot(**values)


def customer(**overrides: Any) -> CustomerFacts:
    values: dict[str, Any] = {
        "customer_id": CUSTOMER,
        "tier": "gold",
        "registration_status": RegistrationStatus.REGISTERED,
    }
    return CustomerFacts(**{**values, **overrides})


def rules(**overrides: Any) -> Rules:
    """Rules under which `order()` passes both checks: credit 5000, rating 70, terms net-30."""
    values: dict[str, Any] = {
        "version": "rules-v7",
        "thresholds": Thresholds(),
        "customer": customer(),
        "credit": CreditProfile(
            customer_id=CUSTOMER, credit_rating=70, credit_limit=Decimal(5000), currency="EUR"
        ),
        "receivables": Receivables(customer_id=CUSTOMER, outstanding=Decimal(0), currency="EUR"),
        "price_list": PriceList(currency="EUR", prices={"PUMP-100": LIST_PRICE}),
        "payment_terms": PaymentTermPolicy(tier="gold", allowed_terms=("net-30", "prepaid")),
    }
    return Rules(**{**values, **overrides})


def new_id() -> UUID:
    return uuid4()
