"""A compensation booked as a credit on the customer's receivables (R-5.6, R-3.1)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from orderflow.contracts.types import Money
from orderflow.review.domain.finance import credited
from orderflow.review.domain.rules import Receivables
from tests.unit.review.builders import CUSTOMER

pytestmark = pytest.mark.unit


def owed(outstanding: str, overdue: str = "0") -> Receivables:
    return Receivables(
        customer_id=CUSTOMER,
        outstanding=Decimal(outstanding),
        overdue=Decimal(overdue),
        currency="EUR",
    )


def eur(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="EUR")


def test_a_credit_lowers_what_is_outstanding_and_leaves_the_overdue_part() -> None:
    """R-5.6: 1500 owed, 200 of it overdue, a 400 credit: 1100 owed, still 200 overdue."""
    after = credited(owed("1500", "200"), eur("400"))
    assert (after.outstanding, after.overdue) == (Decimal(1100), Decimal(200))


def test_a_credit_larger_than_what_is_owed_leaves_nothing_outstanding() -> None:
    """R-3.1: receivables never go negative; overdue never exceeds what is outstanding."""
    after = credited(owed("300", "250"), eur("100"))
    assert (after.outstanding, after.overdue) == (Decimal(200), Decimal(200))
    assert credited(owed("300", "250"), eur("1000")).outstanding == Decimal(0)


def test_a_credit_in_another_currency_is_refused() -> None:
    """Review does not convert currencies: the event fails and is dead-lettered for a person."""
    with pytest.raises(ValueError, match="USD"):
        credited(owed("300"), Money(amount=Decimal(100), currency="USD"))
