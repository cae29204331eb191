"""Order amounts (R-2.3): line totals, declared totals checked, the duplicate fingerprint."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from orderflow.intake.domain import pricing

pytestmark = pytest.mark.unit


@dataclass
class Line:
    product_code: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal = Decimal(0)
    description: str = "widget"
    unit: str = "pcs"


def test_line_totals_are_quantity_times_price_minus_discount() -> None:
    lines = pricing.price_lines(
        [Line("A", Decimal(3), Decimal("2.50"), Decimal("1")), Line("B", Decimal(1), Decimal(10))]
    )
    assert [ln.line_total for ln in lines] == [Decimal("6.50"), Decimal("10.00")]
    assert [ln.line_no for ln in lines] == [1, 2]


def test_matching_totals_pass() -> None:
    lines = pricing.price_lines([Line("A", Decimal(3), Decimal("2.50"), Decimal("1"))])
    totals = pricing.check_totals(
        lines, pricing.Totals(Decimal("7.50"), Decimal("1"), Decimal("1.30"), Decimal("7.80"))
    )
    assert totals.total == Decimal("7.80")


def test_totals_that_do_not_add_up_name_the_fields_and_the_computed_figures() -> None:
    lines = pricing.price_lines([Line("A", Decimal(3), Decimal("2.50"), Decimal("1"))])
    with pytest.raises(pricing.TotalsMismatchError) as caught:
        pricing.check_totals(
            lines, pricing.Totals(Decimal("7.50"), Decimal("0"), Decimal("0"), Decimal("9"))
        )
    assert caught.value.fields == ("discount_total", "total")
    assert caught.value.computed.as_strings() == {
        "subtotal": "7.50",
        "discount_total": "1.00",
        "tax_total": "0.00",
        "total": "6.50",
    }


def test_a_discount_above_the_line_amount_is_refused() -> None:
    with pytest.raises(pricing.LineDiscountTooHighError) as caught:
        pricing.price_lines(
            [Line("A", Decimal(1), Decimal(5)), Line("B", Decimal(1), Decimal(2), Decimal(3))]
        )
    assert caught.value.line_no == 2


def test_the_fingerprint_ignores_line_order_but_not_quantities() -> None:
    one = pricing.price_lines(
        [Line("A", Decimal(1), Decimal(1)), Line("B", Decimal(2), Decimal(1))]
    )
    same = pricing.price_lines(
        [Line("B", Decimal("2.0"), Decimal(9)), Line("A", Decimal(1), Decimal(1))]
    )
    other = pricing.price_lines(
        [Line("A", Decimal(1), Decimal(1)), Line("B", Decimal(3), Decimal(1))]
    )
    assert pricing.lines_fingerprint(one) == pricing.lines_fingerprint(same)
    assert pricing.lines_fingerprint(one) != pricing.lines_fingerprint(other)
