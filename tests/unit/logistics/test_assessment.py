"""Logistics' assessment rules at their boundaries (R-3.1, R-3.2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from orderflow.contracts.ids import uuid7
from orderflow.contracts.logistics import TransportMode
from orderflow.contracts.types import Verdict
from orderflow.logistics.domain.assessment import (
    CostCeiling,
    Freight,
    ServiceArea,
    assess,
    estimated_freight,
)
from tests.integration.logistics.support import order

pytestmark = pytest.mark.unit
READY = date(2026, 1, 19)
FREIGHT = Freight(weight_kg=Decimal(30), volume_m3=Decimal("0.15"))
CEILING = CostCeiling("EUR", max_amount=Decimal(100), max_share_of_order=Decimal("0.1"))


def area(
    transit_days: int = 3, per_shipment: str = "50", region: str = "BY", currency: str = "EUR"
) -> ServiceArea:
    return ServiceArea(
        uuid7(),
        "DE",
        region,
        TransportMode.ROAD,
        transit_days,
        currency,
        Decimal(per_shipment),
        Decimal(1),
        Decimal(0),
    )


def test_arriving_on_the_requested_day_passes_one_day_later_fails() -> None:
    """R-3.2: ready date + transit must not pass the requested delivery date."""
    on_time = assess(order(requested=date(2026, 1, 22)), [area()], CEILING, FREIGHT, READY)
    late = assess(order(requested=date(2026, 1, 21)), [area()], CEILING, FREIGHT, READY)
    assert on_time.result.verdict is Verdict.PASS
    assert late.result.verdict is Verdict.FAIL
    assert late.result.reasons[0].actual == "2026-01-22"


def test_cost_equal_to_the_ceiling_passes_a_cent_more_fails() -> None:
    """R-3.2: the ceiling is the lower of the cap and the share of the order total (80.00 here)."""
    at_ceiling = assess(order(total="800.00"), [area()], CEILING, FREIGHT, READY)
    above = assess(order(total="799.90"), [area()], CEILING, FREIGHT, READY)
    assert at_ceiling.result.verdict is Verdict.PASS
    assert above.result.verdict is Verdict.FAIL
    assert above.result.reasons[0].rule == "cost-over-ceiling"
    assert above.candidate is not None  # the plan that was too expensive is still shown


def test_the_absolute_cap_applies_to_large_orders() -> None:
    capped = assess(order(total="100000"), [area(per_shipment="71")], CEILING, FREIGHT, READY)
    assert capped.result.verdict is Verdict.FAIL
    assert capped.result.reasons[0].expected == "<= 100 EUR"


def test_the_cheapest_on_time_service_wins_over_a_cheaper_late_one() -> None:
    cheap_slow, dear_fast = (
        area(transit_days=10, per_shipment="10"),
        area(transit_days=2, per_shipment="60"),
    )
    found = assess(
        order(requested=date(2026, 1, 25)), [cheap_slow, dear_fast], CEILING, FREIGHT, READY
    )
    assert found.candidate is not None
    assert found.candidate.carrier_id == dear_fast.carrier_id


def test_no_service_in_the_region_or_currency_fails_as_not_served() -> None:
    for areas in ([area(region="HH")], [area(currency="USD")], []):
        found = assess(order(), areas, CEILING, FREIGHT, READY)
        assert [r.rule for r in found.result.reasons] == ["destination-not-served"]


def test_a_special_delivery_place_needs_a_person_but_keeps_the_plan() -> None:
    """R-2.5, R-3.1: a feasible plan to a special place waits for a planner."""
    found = assess(order(special_place="Unload at gate 4"), [area()], CEILING, FREIGHT, READY)
    assert found.result.verdict is Verdict.NEEDS_PERSON
    assert found.candidate is not None


def test_without_a_ceiling_only_place_and_time_count() -> None:
    assert assess(order(total="1"), [area()], None, FREIGHT, READY).result.verdict is Verdict.PASS


def test_freight_is_estimated_per_unit_ordered() -> None:
    assert estimated_freight(order(), Decimal(10), Decimal("0.05")) == Freight(
        Decimal(30), Decimal("0.15")
    )
