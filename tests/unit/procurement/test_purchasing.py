"""Purchase orders (R-4.5, R-4.6): receipts, quality failures, delays, overdue, scorecard."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from orderflow.procurement.domain import purchasing, scorecard
from orderflow.procurement.domain.assessment import Shortfall, assess
from orderflow.procurement.domain.errors import BusinessRuleError, IllegalTransitionError
from orderflow.procurement.domain.purchasing import PurchaseOrderStatus
from orderflow.procurement.domain.scorecard import DeliveryRecord
from orderflow.procurement.domain.selection import SelectionRule, SupplierStatus, SupplyCandidate

pytestmark = pytest.mark.unit
D = Decimal
TODAY = date(2026, 1, 5)
SUPPLIER = SupplyCandidate(
    uuid.uuid4(), SupplierStatus.QUALIFIED, frozenset({"steel"}), "s235", 5, D("2.5"), "EUR"
)


def order(quantity: str = "6") -> purchasing.PurchaseOrder:
    return purchasing.place(
        uuid.uuid4(),
        SUPPLIER,
        quantity=D(quantity),
        unit="kg",
        today=TODAY,
        order_id=uuid.uuid4(),
        requisition_id=None,
        rule="cheapest_in_time",
    )


def test_placed_after_the_lead_time_at_the_offered_price() -> None:
    po = order()
    assert (po.expected_on, po.total, po.status) == (
        date(2026, 1, 10),
        D(15),
        PurchaseOrderStatus.OPEN,
    )


def test_a_partial_receipt_keeps_the_order_open_until_complete() -> None:
    first = purchasing.receive(order(), quantity_received=D(4), quality_passed=True, today=TODAY)
    assert (first.accepted, first.complete) == (D(4), False)
    second = purchasing.receive(
        first.order, quantity_received=D(2), quality_passed=True, today=TODAY
    )
    assert second.complete
    assert second.order.status is PurchaseOrderStatus.RECEIVED


def test_a_quality_failure_rejects_and_asks_to_reorder_what_is_missing() -> None:
    outcome = purchasing.receive(order(), quantity_received=D(6), quality_passed=False, today=TODAY)
    assert outcome.order.status is PurchaseOrderStatus.REJECTED
    assert (outcome.accepted, outcome.rejected, outcome.reorder_quantity) == (D(0), D(6), D(6))
    with pytest.raises(IllegalTransitionError):
        purchasing.receive(outcome.order, quantity_received=D(6), quality_passed=True, today=TODAY)


def test_on_time_is_measured_against_the_promised_date() -> None:
    delayed = purchasing.report_delay(order(), date(2026, 1, 15))
    late = purchasing.receive(
        delayed, quantity_received=D(6), quality_passed=True, today=date(2026, 1, 12)
    )
    assert not late.on_time
    on_time = purchasing.receive(
        order(), quantity_received=D(6), quality_passed=True, today=date(2026, 1, 10)
    )
    assert on_time.on_time


def test_a_delay_must_name_a_later_date_of_an_open_order() -> None:
    with pytest.raises(BusinessRuleError):
        purchasing.report_delay(order(), date(2026, 1, 9))
    received = purchasing.receive(order(), quantity_received=D(6), quality_passed=True, today=TODAY)
    with pytest.raises(IllegalTransitionError):
        purchasing.report_delay(received.order, date(2026, 1, 20))


def test_overdue_only_after_the_expected_day_and_while_open() -> None:
    po = order()
    assert not purchasing.is_overdue(po, date(2026, 1, 10))
    assert purchasing.is_overdue(po, date(2026, 1, 11))
    done = purchasing.receive(po, quantity_received=D(6), quality_passed=True, today=TODAY).order
    assert not purchasing.is_overdue(done, date(2026, 2, 1))


def test_scorecard_rates() -> None:
    history = [
        DeliveryRecord(True, True),
        DeliveryRecord(False, True),
        DeliveryRecord(True, False),
        DeliveryRecord(True, True),
    ]
    card = scorecard.score(history)
    assert (card.on_time_rate, card.quality_pass_rate) == (D("0.75"), D("0.75"))
    assert scorecard.score([]).on_time_rate is None


def test_assessment_prices_what_must_be_bought() -> None:
    answer = assess(
        [Shortfall("s235", D(8), "kg", "steel"), Shortfall("ti", D(1), "kg", "")],
        {"s235": [SUPPLIER]},
        rule=SelectionRule.CHEAPEST_IN_TIME,
        today=TODAY,
        needed_by=date(2026, 2, 1),
    )
    [purchase] = answer.purchases
    assert (purchase.cost, purchase.available_by) == (D(20), date(2026, 1, 10))
    assert [s.item_code for s in answer.unobtainable] == ["ti"]
    assert answer.earliest_available_date is None  # not everything can be had


def test_only_an_open_order_can_be_cancelled() -> None:
    """R-6.3: goods already received cannot be un-ordered."""
    assert purchasing.cancel(order()).status is PurchaseOrderStatus.CANCELLED
    received = purchasing.receive(order(), quantity_received=D(6), quality_passed=True, today=TODAY)
    with pytest.raises(IllegalTransitionError):
        purchasing.cancel(received.order)


def test_cancelling_an_open_purchase_costs_the_fee_share_of_what_is_outstanding() -> None:
    """R-6.3: the documented rule: fee_percent of the outstanding value; nothing once closed."""
    po = order("6")  # 6 kg × 2.50 = 15.00 outstanding
    assert purchasing.cancellation_fee(po, D(10)) == D("1.50")
    assert purchasing.cancellation_fee(po, D(0)) == D("0.00")
    partly = replace(po, quantity_accepted=D(2))
    assert purchasing.cancellation_fee(partly, D(10)) == D("1.00"), "accepted goods not charged"
    cancelled = purchasing.cancel(po)
    assert purchasing.cancellation_fee(cancelled, D(10)) == D(0)
