"""The supplier rule (R-4.5): qualified only, never suspended, documented tie-breaks."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderflow.procurement.domain.selection import (
    SelectionRule,
    SupplierStatus,
    SupplyCandidate,
    choose_supplier,
)

pytestmark = pytest.mark.unit
TODAY = date(2026, 1, 5)


def offer(
    lead: int,
    price: str,
    status: SupplierStatus = SupplierStatus.QUALIFIED,
    categories: frozenset[str] = frozenset({"steel"}),
) -> SupplyCandidate:
    return SupplyCandidate(uuid.uuid4(), status, categories, "s235", lead, Decimal(price), "EUR")


def choose(
    offers: list[SupplyCandidate], rule: SelectionRule, needed_by: date = date(2026, 1, 12)
) -> SupplyCandidate | None:
    return choose_supplier(offers, category="steel", rule=rule, today=TODAY, needed_by=needed_by)


def test_cheapest_in_time_takes_the_lowest_price_among_those_on_time() -> None:
    late_cheap, on_time, dear = offer(30, "1"), offer(5, "2.5"), offer(1, "9")
    assert choose([late_cheap, on_time, dear], SelectionRule.CHEAPEST_IN_TIME) is on_time


def test_cheapest_in_time_falls_back_to_the_fastest_when_nobody_is_on_time() -> None:
    slow, slower = offer(20, "1"), offer(30, "0.5")
    assert choose([slow, slower], SelectionRule.CHEAPEST_IN_TIME) is slow


def test_the_needed_by_day_itself_is_in_time() -> None:
    exactly = offer(7, "3")
    assert choose([exactly, offer(1, "9")], SelectionRule.CHEAPEST_IN_TIME) is exactly


def test_cheapest_and_fastest_rules() -> None:
    cheap, fast = offer(30, "1"), offer(1, "9")
    assert choose([cheap, fast], SelectionRule.CHEAPEST) is cheap
    assert choose([cheap, fast], SelectionRule.FASTEST) is fast


def test_a_supplier_not_qualified_for_the_category_is_not_chosen() -> None:
    other = offer(1, "1", categories=frozenset({"plastics"}))
    assert choose([other], SelectionRule.CHEAPEST) is None


def test_ties_go_to_the_shorter_lead_time() -> None:
    a, b = offer(6, "2"), offer(3, "2")
    assert choose([a, b], SelectionRule.CHEAPEST) is b


@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.integers(0, 1000), st.booleans()), min_size=1, max_size=8
    ),
    st.sampled_from(list(SelectionRule)),
)
def test_a_suspended_supplier_is_never_chosen(
    offers: list[tuple[int, int, bool]], rule: SelectionRule
) -> None:
    """R-4.5, for any offers and rule: the choice is qualified, or None if nobody is."""
    candidates = [
        offer(lead, str(price), SupplierStatus.SUSPENDED if suspended else SupplierStatus.QUALIFIED)
        for lead, price, suspended in offers
    ]
    chosen = choose(candidates, rule)
    if all(c.status is SupplierStatus.SUSPENDED for c in candidates):
        assert chosen is None
    else:
        assert chosen is not None
        assert chosen.status is SupplierStatus.QUALIFIED
