"""Production's assessment: capacity at its boundary, materials, custom products (R-3.1, R-3.2)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from orderflow.contracts.types import Verdict
from orderflow.production.domain.assessment import assess
from orderflow.production.domain.catalog import Availability, MaterialUse
from tests.unit.production.builders import MONDAY, center, order, product

pytestmark = pytest.mark.unit
FRIDAY = MONDAY + timedelta(days=4)


def test_an_order_that_exactly_fills_free_capacity_passes_on_the_last_day() -> None:
    """R-3.1: 32 hours on an 8-hour center from Tuesday fill Tue–Fri and finish Friday."""
    wc = center("8")
    products = {"CHAIR": product("CHAIR", ("assemble", wc.id, "4"))}
    result = assess(
        order(("CHAIR", "8"), requested=FRIDAY), products, {wc.id: wc}, {}, {}, today=MONDAY
    )
    assert result.verdict is Verdict.PASS
    assert result.completion_date == FRIDAY


def test_one_hour_over_free_capacity_fails_naming_the_center_hours_and_date() -> None:
    """R-3.1, R-3.2: hours short by date and work center; sales is told why."""
    wc = center("8")
    products = {"CHAIR": product("CHAIR", ("assemble", wc.id, "1"))}
    result = assess(
        order(("CHAIR", "33"), requested=FRIDAY), products, {wc.id: wc}, {}, {}, today=MONDAY
    )
    assert result.verdict is Verdict.FAIL
    assert result.schedule is not None
    [gap] = result.schedule.shortfalls
    assert (gap.work_center_id, gap.day, gap.hours_short) == (wc.id, FRIDAY, Decimal(1))
    assert [r.rule for r in result.reasons] == ["capacity-short"]


def test_hours_already_promised_and_days_off_are_not_free() -> None:
    """R-3.1: holds of other orders and the calendar's non-working days are skipped."""
    wednesday = MONDAY + timedelta(days=2)
    wc = center("8", off=(wednesday,))
    products = {"CHAIR": product("CHAIR", ("assemble", wc.id, "1"))}
    load = {(wc.id, MONDAY + timedelta(days=1)): Decimal(6)}
    result = assess(
        order(("CHAIR", "12"), requested=FRIDAY), products, {wc.id: wc}, {}, load, today=MONDAY
    )
    assert result.verdict is Verdict.PASS
    assert result.schedule is not None
    [op] = result.schedule.operations
    assert [(s.day, s.hours) for s in op.slices] == [
        (MONDAY + timedelta(days=1), Decimal(2)),
        (MONDAY + timedelta(days=3), Decimal(8)),
        (FRIDAY, Decimal(2)),
    ]


def test_a_later_operation_starts_where_the_earlier_one_ends() -> None:
    wc_cut, wc_paint = center("8"), center("8")
    products = {"CHAIR": product("CHAIR", ("cut", wc_cut.id, "2"), ("paint", wc_paint.id, "1"))}
    centers = {wc_cut.id: wc_cut, wc_paint.id: wc_paint}
    result = assess(
        order(("CHAIR", "8"), requested=FRIDAY), products, centers, {}, {}, today=MONDAY
    )
    assert result.schedule is not None
    cut, paint = result.schedule.operations
    assert cut.end_on == MONDAY + timedelta(days=2)
    assert paint.start_on == cut.end_on
    assert result.completion_date == paint.end_on


def test_material_short_in_stock_and_not_deliverable_in_time_fails_by_item_and_quantity() -> None:
    """R-3.1: materials short by item and quantity."""
    wc = center("8")
    steel = MaterialUse("STEEL-1", Decimal(2), "kg")
    products = {"CHAIR": product("CHAIR", ("weld", wc.id, "0.5"), materials=(steel,))}
    replica = {"STEEL-1": Availability("STEEL-1", "kg", Decimal(5), (30,))}
    result = assess(
        order(("CHAIR", "4"), requested=FRIDAY), products, {wc.id: wc}, replica, {}, today=MONDAY
    )
    assert result.verdict is Verdict.FAIL
    [short] = result.materials_short
    assert (short.item_code, short.quantity_short, short.unit) == ("STEEL-1", Decimal(3), "kg")


def test_material_a_supplier_delivers_within_lead_time_passes_but_production_waits_for_it() -> None:
    """R-3.1: stock plus what suppliers deliver within their lead time."""
    wc = center("8")
    steel = MaterialUse("STEEL-1", Decimal(2), "kg")
    products = {"CHAIR": product("CHAIR", ("weld", wc.id, "1"), materials=(steel,))}
    replica = {"STEEL-1": Availability("STEEL-1", "kg", Decimal(0), (3,))}
    requested = MONDAY + timedelta(days=10)
    result = assess(
        order(("CHAIR", "4"), requested=requested), products, {wc.id: wc}, replica, {}, today=MONDAY
    )
    assert result.verdict is Verdict.PASS
    assert result.completion_date == MONDAY + timedelta(days=3)


def test_an_item_procurement_never_reported_is_short() -> None:
    wc = center("8")
    glue = MaterialUse("GLUE", Decimal(1), "l")
    products = {"CHAIR": product("CHAIR", ("glue", wc.id, "1"), materials=(glue,))}
    result = assess(
        order(("CHAIR", "2"), requested=FRIDAY), products, {wc.id: wc}, {}, {}, today=MONDAY
    )
    assert result.verdict is Verdict.FAIL
    assert [r.rule for r in result.reasons] == ["material-short"]


def test_a_custom_product_needs_a_person() -> None:
    """R-3.1, R-2.5: a custom product is assessed by a production planner."""
    wc = center("8")
    products = {"CHAIR": product("CHAIR", ("assemble", wc.id, "1"))}
    snapshot = order(("CHAIR", "1"), requested=FRIDAY, custom=True)
    result = assess(snapshot, products, {wc.id: wc}, {}, {}, today=MONDAY)
    assert result.verdict is Verdict.NEEDS_PERSON
    assert result.reasons[0].rule == "custom-product"


def test_a_product_without_routing_fails() -> None:
    result = assess(order(("TABLE", "1"), requested=date(2026, 2, 1)), {}, {}, {}, {}, today=MONDAY)
    assert result.verdict is Verdict.FAIL
    assert "TABLE" in result.reasons[0].message
