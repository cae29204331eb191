"""The initial information check (R-2.4): each doubt becomes a question; duplicates are found."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest

from orderflow.contracts.intake import QuestionKind
from orderflow.contracts.snapshot import (
    Channel,
    CustomProduct,
    DeliveryPlace,
    OrderLineSnapshot,
    OrderSnapshot,
    SpecialFlags,
    UrgentOrder,
)
from orderflow.intake.domain.check import OtherOrder, check_order

pytestmark = pytest.mark.unit
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


def order(**changes: object) -> OrderSnapshot:
    line = OrderLineSnapshot(
        line_no=1,
        product_code="P-1",
        description="Pump",
        quantity=Decimal(2),
        unit="pcs",
        unit_price=Decimal(10),
        line_total=Decimal(20),
    )
    base = OrderSnapshot(
        customer_id=uuid4(),
        channel=Channel.WEBSITE,
        version=1,
        revision=0,
        currency="EUR",
        lines=(line,),
        subtotal=Decimal(20),
        total=Decimal(20),
        payment_terms="net30",
        requested_delivery_date=date(2026, 3, 20),
        delivery_place=DeliveryPlace(country="DE", region="BY"),
    )
    return base.model_copy(update=changes)


def kinds(snapshot: OrderSnapshot, address: list[str] | None = None) -> dict[str, QuestionKind]:
    outcome = check_order(
        snapshot, ["Main St 1"] if address is None else address, "fp", [], now=NOW, window=WEEK
    )
    return {q.question_id: q.kind for q in outcome.questions}


def test_a_complete_clear_order_passes() -> None:
    assert kinds(order()) == {}


def test_no_street_and_no_site_is_incomplete() -> None:
    assert kinds(order(), address=[]) == {"delivery-address": QuestionKind.INCOMPLETE}


def test_a_delivery_date_in_the_past_is_ambiguous() -> None:
    assert kinds(order(requested_delivery_date=date(2026, 3, 1))) == {
        "delivery-date-past": QuestionKind.AMBIGUOUS
    }


def test_urgent_but_required_after_the_delivery_date_is_ambiguous() -> None:
    special = SpecialFlags(urgent=UrgentOrder(reason="line down", required_by=date(2026, 4, 1)))
    assert kinds(order(special=special)) == {"urgent-date": QuestionKind.AMBIGUOUS}


def test_a_custom_spec_naming_missing_lines_is_ambiguous() -> None:
    special = SpecialFlags(custom_product=CustomProduct(spec="RAL 5010", line_nos=(1, 4)))
    assert kinds(order(special=special)) == {"custom-lines": QuestionKind.AMBIGUOUS}


def test_a_zero_total_is_ambiguous() -> None:
    assert kinds(order(total=Decimal(0), subtotal=Decimal(0))) == {
        "zero-total": QuestionKind.AMBIGUOUS
    }


def test_same_lines_at_a_close_date_is_a_suspected_duplicate() -> None:
    """R-2.4: the same order arriving by phone and by website is caught."""
    twin = OtherOrder(uuid4(), "fp", date(2026, 3, 22), NOW - timedelta(days=30))
    other_lines = OtherOrder(uuid4(), "other", date(2026, 3, 20), NOW)
    far = OtherOrder(uuid4(), "fp", date(2026, 6, 1), NOW - timedelta(days=30))
    outcome = check_order(order(), ["x"], "fp", [twin, other_lines, far], now=NOW, window=WEEK)
    assert outcome.duplicate_candidates == (twin.order_id,)
    assert [q.kind for q in outcome.questions] == [QuestionKind.SUSPECTED_DUPLICATE]
