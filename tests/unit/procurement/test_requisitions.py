"""Requisitions from a plan (R-4.4): reserve what is available, the rest is a shortfall."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from orderflow.procurement.domain import requisitions, stock
from orderflow.procurement.domain.requisitions import Requirement, RequisitionStatus
from orderflow.procurement.domain.stock import Stock

pytestmark = pytest.mark.unit
D = Decimal


def steel(on_hand: str, reserved: str = "0") -> Stock:
    return Stock("s235", "kg", "steel", D(on_hand), D(reserved))


def need(quantity: str, code: str = "s235") -> Requirement:
    return Requirement(code, None, D(quantity), "kg", date(2026, 1, 20))


def derive(
    needs: list[Requirement], stocks: dict[str, Stock]
) -> tuple[requisitions.Requisition, dict[str, Stock]]:
    return requisitions.derive(
        uuid.uuid4(), order_id=uuid.uuid4(), plan_id=uuid.uuid4(), requirements=needs, stocks=stocks
    )


def test_available_stock_is_reserved_and_the_rest_is_short() -> None:
    requisition, after = derive([need("10")], {"s235": steel("7", reserved="3")})
    [line] = requisition.lines
    assert (line.reserved_quantity, line.shortfall_quantity) == (D(4), D(6))
    assert after["s235"].reserved == D(7)
    assert requisition.status is RequisitionStatus.OPEN


def test_covered_requirements_are_fulfilled_at_once() -> None:
    requisition, _ = derive([need("5")], {"s235": steel("5")})
    assert requisition.status is RequisitionStatus.FULFILLED


def test_an_unknown_item_is_wholly_short() -> None:
    requisition, _ = derive([need("2", code="mystery")], {})
    assert requisition.lines[0].shortfall_quantity == D(2)


def test_two_lines_of_one_item_share_its_stock() -> None:
    requisition, after = derive([need("3"), need("3")], {"s235": steel("4")})
    assert [line.reserved_quantity for line in requisition.lines] == [D(3), D(1)]
    assert after["s235"].available == 0


def test_received_goods_fill_the_open_lines_and_fulfil() -> None:
    requisition, _ = derive([need("10")], {"s235": steel("4")})
    partly, taken = requisitions.allocate(requisition, "s235", D(2))
    assert (taken, partly.status) == (D(2), RequisitionStatus.OPEN)
    full, taken = requisitions.allocate(partly, "s235", D(9))
    assert (taken, full.status) == (D(4), RequisitionStatus.FULFILLED)  # 5 left over stay free


def test_a_count_may_not_go_below_reserved() -> None:
    assert stock.count(steel("10", reserved="6"), D(5)) is None
    counted = stock.count(steel("10", reserved="6"), D(6))
    assert counted is not None
    assert counted.available == 0


def test_cancelling_releases_every_reservation_once() -> None:
    """R-6.3: a stopped order's reservations go back; a second cancel releases nothing."""
    requisition, after = derive([need("3"), need("2")], {"s235": steel("10")})
    cancelled, released = requisitions.cancel(requisition)
    assert (cancelled.status, released) == (RequisitionStatus.CANCELLED, {"s235": D(5)})
    assert stock.release(after["s235"], released["s235"]).available == D(10)
    assert requisitions.cancel(cancelled)[1] == {}
