"""An order's content as entered → the snapshot departments see (R-2.3), or a 422 naming why."""

from __future__ import annotations

from uuid import UUID

from orderflow.contracts.snapshot import Channel, DeliveryPlace, OrderSnapshot
from orderflow.intake.domain import pricing
from orderflow.intake.schemas.orders import OrderContent
from orderflow.runtime.web import ProblemError


def build_snapshot(
    content: OrderContent, customer_id: UUID, channel: Channel, *, version: int, revision: int
) -> OrderSnapshot:
    """Priced lines and checked totals; 422 problem+json with the computed figures otherwise."""
    try:
        lines = pricing.price_lines(content.lines)
    except pricing.LineDiscountTooHighError as exc:
        field = f"lines.{exc.line_no - 1}.discount"
        raise ProblemError(
            422,
            "validation-error",
            "Request validation failed",
            str(exc),
            errors=[{"field": field, "message": str(exc), "type": "discount_too_high"}],
        ) from None
    declared = pricing.Totals(
        content.subtotal, content.discount_total, content.tax_total, content.total
    )
    try:
        totals = pricing.check_totals(lines, declared)
    except pricing.TotalsMismatchError as exc:
        raise ProblemError(
            422,
            "totals-mismatch",
            "The order's totals do not add up",
            "total must be the sum of the lines minus discounts plus tax",
            errors=[
                {"field": f, "message": "does not match the lines", "type": "totals_mismatch"}
                for f in exc.fields
            ],
            computed=exc.computed.as_strings(),
        ) from None
    place = content.delivery_place
    return OrderSnapshot(
        customer_id=customer_id,
        channel=channel,
        version=version,
        revision=revision,
        currency=content.currency,
        lines=lines,
        subtotal=totals.subtotal,
        discount_total=totals.discount_total,
        tax_total=totals.tax_total,
        total=totals.total,
        payment_terms=content.payment_terms,
        requested_delivery_date=content.requested_delivery_date,
        delivery_place=DeliveryPlace(
            country=place.country, region=place.region, postcode=place.postcode
        ),
        special=content.special,
        acceptance_period_days=content.acceptance_period_days,
    )
