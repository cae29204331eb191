"""Helpers for logistics' API tests: orders as review sends them, a stand-in intake, an SMTP sink.

The intake app here is a stand-in: it serves exactly order-intake's
`GET /v1/orders/{order_id}/delivery-contact` (scope `intake:contacts:read`, service token
checked with the shared JWT settings). The e2e suite replaces it with the real intake app.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Annotated, Any
from uuid import UUID

import httpx
from aiosmtpd.controller import Controller
from fastapi import FastAPI

from orderflow.contracts import Envelope, production, review
from orderflow.contracts.ids import uuid7
from orderflow.contracts.snapshot import (
    Channel,
    DeliveryPlace,
    OrderLineSnapshot,
    OrderSnapshot,
    SpecialDeliveryPlace,
    SpecialFlags,
)
from orderflow.contracts.types import Department, RoundKind, SiteServiceKind
from orderflow.runtime.web import (
    AuthConfig,
    Principal,
    ProblemError,
    install_problem_handlers,
    require_scopes,
)

CUSTOMER = UUID("0190aaaa-0000-7000-8000-000000000001")
STAFF = (
    "logistics:carriers:read",
    "logistics:carriers:write",
    "logistics:shipments:read",
    "logistics:shipments:write",
    "logistics:tracking:write",
    "logistics:proofs:write",
    "logistics:notices:read",
    "logistics:documents:read",
    "logistics:visits:read",
    "logistics:visits:write",
)


def order(
    *,
    total: str = "1000.00",
    requested: date = date(2026, 2, 20),
    region: str = "BY",
    special_place: str | None = None,
    site_services: tuple[SiteServiceKind, ...] = (),
    quantity: str = "2",
) -> OrderSnapshot:
    """An order as review's assessment request carries it: two lines, no PII."""
    lines = (
        OrderLineSnapshot(
            line_no=1,
            product_code="PUMP-200",
            description="Centrifugal pump 200",
            quantity=Decimal(quantity),
            unit="pcs",
            unit_price=Decimal("400"),
            line_total=Decimal("800"),
        ),
        OrderLineSnapshot(
            line_no=2,
            product_code="SEAL-KIT",
            description="Seal kit for pump 200",
            quantity=Decimal("1"),
            unit="pcs",
            unit_price=Decimal("200"),
            line_total=Decimal("200"),
        ),
    )
    special = SpecialFlags(
        special_delivery_place=SpecialDeliveryPlace(instructions=special_place)
        if special_place
        else None,
        site_services=site_services,
    )
    return OrderSnapshot(
        customer_id=CUSTOMER,
        channel=Channel.WEBSITE,
        version=1,
        revision=0,
        currency="EUR",
        lines=lines,
        subtotal=Decimal(total),
        total=Decimal(total),
        payment_terms="NET30",
        requested_delivery_date=requested,
        delivery_place=DeliveryPlace(country="DE", region=region, postcode="80331"),
        special=special,
    )


def assessment_requested(
    order_id: UUID,
    snapshot: OrderSnapshot,
    kind: RoundKind = RoundKind.REVIEW,
    proposed: OrderSnapshot | None = None,
) -> Envelope[review.AssessmentRequested]:
    payload = review.AssessmentRequested(
        round_id=uuid7(),
        kind=kind,
        departments=(Department.LOGISTICS, Department.PRODUCTION),
        order=snapshot,
        proposed=proposed,
        deadline=datetime(2026, 1, 9, tzinfo=UTC),
    )
    return Envelope.new(payload, order_id=order_id)


def production_completed(
    order_id: UUID, qc_report_id: UUID
) -> Envelope[production.ProductionCompleted]:
    payload = production.ProductionCompleted(
        plan_id=uuid7(), qc_report_id=qc_report_id, quantity=Decimal(2)
    )
    return Envelope.new(payload, order_id=order_id)


def quality_check_reported(
    order_id: UUID, qc_report_id: UUID
) -> Envelope[production.QualityCheckReported]:
    payload = production.QualityCheckReported(
        qc_report_id=qc_report_id,
        plan_id=uuid7(),
        passed=True,
        standard="ISO 9906 grade 2B",
        measurements=(
            production.Measurement(
                characteristic="flow-rate",
                expected=">= 200",
                actual="212",
                unit="m3/h",
                passed=True,
            ),
        ),
        inspector_id="inspector-7",
    )
    return Envelope.new(payload, order_id=order_id)


def intake_stand_in(auth: AuthConfig, contacts: dict[UUID, dict[str, Any]]) -> httpx.ASGITransport:
    """Stand-in for order-intake's delivery-contact endpoint, checking the service token."""
    app = FastAPI()
    app.state.auth = auth
    install_problem_handlers(app)
    app.state.calls = []

    @app.get("/v1/orders/{order_id}/delivery-contact")
    async def delivery_contact(
        order_id: UUID, principal: Annotated[Principal, require_scopes("intake:contacts:read")]
    ) -> dict[str, Any]:
        app.state.calls.append(principal)
        if principal.kind != "service" or order_id not in contacts:
            raise ProblemError(404, "not-found", "Order not found")
        return {"order_id": str(order_id), "customer_id": str(CUSTOMER), **contacts[order_id]}

    return httpx.ASGITransport(app=app)


def contact(email: str = "anna.berg@example.com") -> dict[str, Any]:
    return {
        "name": "Anna Berg",
        "email": email,
        "phone": "+49 89 123456",
        "address_lines": ["Anna Berg GmbH", "Marienplatz 1", "80331 München"],
    }


@dataclass
class MailSink:
    """An aiosmtpd handler: keeps what it accepts; refuses the first `refuse` messages with 451."""

    refuse: int = 0
    received: list[EmailMessage] = field(default_factory=list)
    refused: int = 0

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:  # noqa: N802
        if self.refused < self.refuse:
            self.refused += 1
            return "451 4.3.0 Mailbox busy, try again later"
        self.received.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def smtp_server(sink: MailSink) -> Iterator[int]:
    """A real SMTP server on 127.0.0.1; yields its port."""
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()
