"""A plan drafted from the held schedule: operations, standard, materials by when (R-4.1, R-4.4)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from orderflow.production.domain.assessment import assess
from orderflow.production.domain.catalog import Availability, MaterialUse
from orderflow.production.domain.impact import change_cost_delta, labour_cost
from orderflow.production.domain.plans import HeldOperation, days_late, draft
from tests.unit.production.builders import MONDAY, center, order, product

pytestmark = pytest.mark.unit


def test_the_plan_needs_materials_by_the_first_operation_and_costs_the_bom() -> None:
    """R-4.1, R-4.4: process, schedule, quality standard; material, quantity, needed-by date."""
    cut, paint = center("8"), center("8")
    oak = MaterialUse("OAK-20", Decimal(2), "kg", Decimal(25))
    products = {
        "CHAIR": product("CHAIR", ("cut", cut.id, "1"), ("paint", paint.id, "1"), materials=(oak,))
    }
    centers = {cut.id: cut, paint.id: paint}
    snapshot = order(("CHAIR", "12"), requested=MONDAY + timedelta(days=20))
    replica = {"OAK-20": Availability("OAK-20", "kg", Decimal(100))}
    planned = assess(snapshot, products, centers, replica, {}, today=MONDAY).schedule
    assert planned is not None
    held = [HeldOperation.of(op) for op in planned.operations]
    plan = draft(snapshot, products, centers, held)
    assert [op.operation for op in plan.operations] == ["cut", "paint"]
    assert plan.quality_standard == "CHAIR: dimensions within 0.1 mm"
    [need] = plan.material_requirements
    assert (need.item_code, need.quantity, need.needed_by) == (
        "OAK-20",
        Decimal(24),
        held[0].start_on,
    )
    assert plan.materials_cost == Decimal(600)
    assert plan.planned_completion_date == held[-1].end_on


def test_two_lines_share_one_center_without_overbooking_a_day() -> None:
    """R-3.1: lines of one order compete for the same hours like different orders do."""
    wc = center("8")
    products = {
        "CHAIR": product("CHAIR", ("make", wc.id, "1")),
        "STOOL": product("STOOL", ("make", wc.id, "1")),
    }
    snapshot = order(("CHAIR", "6"), ("STOOL", "6"), requested=MONDAY + timedelta(days=4))
    result = assess(snapshot, products, {wc.id: wc}, {}, {}, today=MONDAY)
    assert result.schedule is not None
    per_day: dict[object, Decimal] = {}
    for op in result.schedule.operations:
        for piece in op.slices:
            per_day[piece.day] = per_day.get(piece.day, Decimal(0)) + piece.hours
    assert max(per_day.values()) == 8
    assert sum(per_day.values()) == 12


def test_a_plan_is_late_by_the_days_past_the_requested_date() -> None:
    """R-4.1: an approved order scheduled after its requested date is late by that many days."""
    assert days_late(MONDAY + timedelta(days=3), MONDAY) == 3
    assert days_late(MONDAY, MONDAY) == 0
    assert days_late(MONDAY - timedelta(days=2), MONDAY) == 0


def test_a_change_costs_labour_plus_the_bom_standard_cost_of_the_extra_quantity() -> None:
    """R-6.2: the cost delta counts materials (BOM standard cost × quantity difference)."""
    wc = center("8")
    oak = MaterialUse("OAK-20", Decimal(2), "kg", Decimal(25))
    products = {"CHAIR": product("CHAIR", ("make", wc.id, "2"), materials=(oak,))}
    current = order(("CHAIR", "10"), requested=MONDAY + timedelta(days=20))
    proposed = order(("CHAIR", "15"), requested=MONDAY + timedelta(days=20), version=2)
    rates = {wc.id: Decimal(40)}
    delta = change_cost_delta(
        labour_before=labour_cost([(wc.id, Decimal(20))], rates),
        labour_after=labour_cost([(wc.id, Decimal(30))], rates),
        current=current,
        proposed=proposed,
        products=products,
    )
    assert delta == Decimal("650.00"), "10 h × 40 + 5 chairs × 2 kg × 25"
    fewer = order(("CHAIR", "8"), requested=MONDAY + timedelta(days=20), version=2)
    saved = change_cost_delta(
        labour_before=Decimal(800),
        labour_after=Decimal(640),
        current=current,
        proposed=fewer,
        products=products,
    )
    assert saved == Decimal("-260.00"), "fewer chairs: less labour and materials"
