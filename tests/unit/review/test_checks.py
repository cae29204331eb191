"""The sales and finance rules, each at its boundary (R-3.1, R-3.2)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from orderflow.contracts.intake.customers import RegistrationStatus
from orderflow.contracts.types import CheckResult, Department, Verdict
from orderflow.review.domain.finance import finance_check
from orderflow.review.domain.rules import (
    CreditOverLimit,
    CreditProfile,
    PaymentTermPolicy,
    PriceList,
    Receivables,
    Thresholds,
)
from orderflow.review.domain.sales import sales_check
from tests.unit.review.builders import CUSTOMER, customer, order, rules

pytestmark = pytest.mark.unit


def rules_failed(result: CheckResult) -> list[str]:
    return [reason.rule for reason in result.reasons]


def credit(limit: str = "5000", rating: int = 70, currency: str = "EUR") -> CreditProfile:
    return CreditProfile(
        customer_id=CUSTOMER, credit_rating=rating, credit_limit=Decimal(limit), currency=currency
    )


def owing(outstanding: str = "0", overdue: str = "0") -> Receivables:
    return Receivables(
        customer_id=CUSTOMER,
        outstanding=Decimal(outstanding),
        overdue=Decimal(overdue),
        currency="EUR",
    )


def test_a_clean_order_passes_both_checks() -> None:
    """R-3.2: qualified customer, good credit, listed prices, allowed terms, right sums."""
    assert sales_check(order(), rules()) == CheckResult(verdict=Verdict.PASS)
    assert finance_check(order(), rules()) == CheckResult(verdict=Verdict.PASS)


@pytest.mark.parametrize(
    ("facts", "rule"),
    [
        (None, "customer.known"),
        (customer(registration_status=RegistrationStatus.PENDING), "customer.registered"),
        (customer(registration_status=RegistrationStatus.UNREGISTERED), "customer.registered"),
        (customer(blacklisted=True), "customer.blacklisted"),
    ],
)
def test_an_unqualified_customer_fails_sales(facts: object, rule: str) -> None:
    """R-3.2: the customer must be legally registered and not blacklisted."""
    result = sales_check(order(), rules(customer=facts))
    assert result.verdict is Verdict.FAIL
    assert rules_failed(result) == [rule]
    assert result.reasons[0].department is Department.SALES


@pytest.mark.parametrize(("rating", "verdict"), [(50, Verdict.PASS), (49, Verdict.FAIL)])
def test_credit_rating_at_the_threshold_passes_below_fails(rating: int, verdict: Verdict) -> None:
    """R-3.1 sales: the rating must be at or above the threshold (50 by default)."""
    result = sales_check(order(), rules(credit=credit(rating=rating)))
    assert result.verdict is verdict
    if verdict is Verdict.FAIL:
        assert result.reasons[0].expected == ">= 50"
        assert result.reasons[0].actual == "49"


def test_no_credit_profile_fails_sales() -> None:
    result = sales_check(order(), rules(credit=None))
    assert rules_failed(result) == ["credit.profile"]


@pytest.mark.parametrize(
    ("outstanding", "verdict"),
    [("4000", Verdict.PASS), ("4000.01", Verdict.FAIL)],
)
def test_amount_within_limit_minus_outstanding(outstanding: str, verdict: Verdict) -> None:
    """R-3.1 sales: an order of 1000 against a limit of 5000 leaves room for 4000 outstanding."""
    result = sales_check(order(), rules(receivables=owing(outstanding=outstanding)))
    assert result.verdict is verdict
    if verdict is Verdict.FAIL:
        assert rules_failed(result) == ["credit.limit"]
        assert result.reasons[0].actual == "1000.00"


def test_over_the_limit_can_be_a_persons_decision() -> None:
    """R-3.1: with the threshold set so, credit over the limit waits for sales."""
    thresholds = Thresholds(credit_over_limit=CreditOverLimit.NEEDS_PERSON)
    result = sales_check(order(), rules(credit=credit(limit="999.99"), thresholds=thresholds))
    assert result.verdict is Verdict.NEEDS_PERSON
    assert rules_failed(result) == ["credit.limit"]


def test_a_limit_in_another_currency_fails() -> None:
    result = sales_check(order(), rules(credit=credit(currency="USD")))
    assert rules_failed(result) == ["credit.currency"]


@pytest.mark.parametrize(
    ("price", "verdict"),
    [
        ("95.00", Verdict.PASS),
        ("105.00", Verdict.PASS),
        ("94.99", Verdict.FAIL),
        ("105.01", Verdict.FAIL),
    ],
)
def test_prices_within_the_price_lists_tolerance(price: str, verdict: Verdict) -> None:
    """R-3.2: consistent with pricing policy: list price 100, tolerance 5 %."""
    unit_price = Decimal(price)
    result = sales_check(order(unit_price=unit_price, quantity=Decimal(1)), rules())
    assert result.verdict is verdict
    if verdict is Verdict.FAIL:
        assert rules_failed(result) == ["price.tolerance"]
        assert result.reasons[0].expected == "95.00..105.00"


def test_an_unlisted_product_or_missing_price_list_needs_a_person() -> None:
    unlisted = sales_check(order(product_code="SPECIAL-9"), rules())
    assert unlisted.verdict is Verdict.NEEDS_PERSON
    assert rules_failed(unlisted) == ["price.unlisted"]
    other_currency = PriceList(currency="USD", prices={"PUMP-100": Decimal(100)})
    missing = sales_check(order(), rules(price_list=other_currency))
    assert rules_failed(missing) == ["price.list"]


def test_custom_and_urgent_orders_wait_for_sales_unless_the_thresholds_say_otherwise() -> None:
    """R-2.5, R-3.1: special orders are flagged for a person's decision."""
    held = sales_check(order(custom=True, urgent=True), rules())
    assert held.verdict is Verdict.NEEDS_PERSON
    assert rules_failed(held) == ["special.custom_product", "special.urgent"]
    relaxed = Thresholds(hold_custom_product=False, hold_urgent_order=False)
    assert sales_check(order(custom=True, urgent=True), rules(thresholds=relaxed)).verdict is (
        Verdict.PASS
    )


def test_a_failure_wins_over_a_hold_and_every_failure_is_listed() -> None:
    """R-3.3: every failing reason is given; no person is asked when it fails anyway."""
    result = sales_check(
        order(custom=True, unit_price=Decimal(200), quantity=Decimal(1)),
        rules(customer=customer(blacklisted=True), credit=credit(rating=10)),
    )
    assert result.verdict is Verdict.FAIL
    assert rules_failed(result) == ["customer.blacklisted", "credit.rating", "price.tolerance"]


@pytest.mark.parametrize(("terms", "verdict"), [("net-30", Verdict.PASS), ("net-90", Verdict.FAIL)])
def test_payment_terms_allowed_for_the_tier(terms: str, verdict: Verdict) -> None:
    """R-3.1 finance: the payment method within finance rules for the customer's tier."""
    result = finance_check(order(payment_terms=terms), rules())
    assert result.verdict is verdict
    if verdict is Verdict.FAIL:
        assert result.reasons[0].department is Department.FINANCE
        assert result.reasons[0].expected == "net-30, prepaid"


def test_no_policy_for_the_tier_fails_finance() -> None:
    other_tier = PaymentTermPolicy(tier="silver", allowed_terms=("net-30",))
    assert rules_failed(finance_check(order(), rules(payment_terms=None))) == ["payment.terms"]
    assert finance_check(order(), rules(payment_terms=other_tier)).verdict is Verdict.FAIL


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("subtotal", Decimal("1000.01"), "amount.subtotal"),
        ("total", Decimal("999.99"), "amount.total"),
    ],
)
def test_amount_arithmetic_to_the_cent(field: str, value: Decimal, rule: str) -> None:
    """R-3.2: the amount is accurate; one cent off fails."""
    base = order()
    result = finance_check(base.model_copy(update={field: value}), rules())
    assert rule in rules_failed(result)


def test_line_total_must_be_quantity_times_price_minus_discount() -> None:
    base = order()
    line = base.lines[0].model_copy(update={"discount": Decimal("10.00")})
    right = base.model_copy(
        update={
            "lines": (line.model_copy(update={"line_total": Decimal(990)}),),
            "subtotal": Decimal(990),
            "total": Decimal(990),
        }
    )
    assert finance_check(right, rules()).verdict is Verdict.PASS
    wrong = right.model_copy(update={"lines": (line,)})  # line total still 1000
    assert "amount.line_total" in rules_failed(finance_check(wrong, rules()))


@pytest.mark.parametrize(("overdue", "verdict"), [("0", Verdict.PASS), ("0.01", Verdict.FAIL)])
def test_overdue_receivables_over_the_threshold_fail(overdue: str, verdict: Verdict) -> None:
    """R-3.1 finance: no overdue receivables over the threshold (0 by default)."""
    result = finance_check(order(), rules(receivables=owing(overdue=overdue)))
    assert result.verdict is verdict


def test_the_overdue_threshold_is_data() -> None:
    thresholds = Thresholds(max_overdue=Decimal(500))
    assert (
        finance_check(
            order(), rules(receivables=owing(overdue="500"), thresholds=thresholds)
        ).verdict
        is Verdict.PASS
    )
    assert (
        finance_check(
            order(), rules(receivables=owing(overdue="500.01"), thresholds=thresholds)
        ).verdict
        is Verdict.FAIL
    )
