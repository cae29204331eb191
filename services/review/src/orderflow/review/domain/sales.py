"""The sales check: qualification, credit, price list, special orders (R-3.1 sales, R-3.2)."""

from __future__ import annotations

from decimal import Decimal

from orderflow.contracts.intake.customers import RegistrationStatus
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.contracts.types import CheckResult, Department, Reason
from orderflow.review.domain.checks import CENT, combine
from orderflow.review.domain.checks import reason as _fail
from orderflow.review.domain.rules import CreditOverLimit, Rules

SALES = Department.SALES


def sales_check(order: OrderSnapshot, rules: Rules) -> CheckResult:
    """Qualification, credit rating and limit, price list, special orders (R-3.1, R-3.2)."""
    fails = [*_qualification(rules), *_credit_rating(rules)]
    holds: list[Reason] = []
    over = _credit_limit(order, rules)
    if over is not None:
        over_limit_holds = rules.thresholds.credit_over_limit is CreditOverLimit.NEEDS_PERSON
        (holds if over_limit_holds else fails).append(over)
    price_fails, price_holds = _prices(order, rules)
    fails += price_fails
    holds += price_holds + _special(order, rules)
    return combine(fails, holds)


def _qualification(rules: Rules) -> list[Reason]:
    customer = rules.customer
    if customer is None:
        return [
            _fail(
                SALES,
                "customer.known",
                "registered customer",
                "unknown",
                "review has no record of this customer",
            )
        ]
    reasons = []
    if customer.registration_status is not RegistrationStatus.REGISTERED:
        reasons.append(
            _fail(
                SALES,
                "customer.registered",
                "registered",
                customer.registration_status.value,
                "the customer is not legally registered",
            )
        )
    if customer.blacklisted:
        reasons.append(
            _fail(
                SALES,
                "customer.blacklisted",
                "not blacklisted",
                "blacklisted",
                "the customer is blacklisted",
            )
        )
    return reasons


def _credit_rating(rules: Rules) -> list[Reason]:
    minimum = rules.thresholds.min_credit_rating
    if rules.credit is None:
        return [
            _fail(
                SALES,
                "credit.profile",
                "a credit profile",
                "none",
                "no credit profile for this customer",
            )
        ]
    if rules.credit.credit_rating < minimum:
        return [
            _fail(
                SALES,
                "credit.rating",
                f">= {minimum}",
                rules.credit.credit_rating,
                "the credit rating is below the threshold",
            )
        ]
    return []


def _credit_limit(order: OrderSnapshot, rules: Rules) -> Reason | None:
    credit = rules.credit
    if credit is None:
        return None  # already failed on the missing profile
    if credit.currency != order.currency:
        return _fail(
            SALES,
            "credit.currency",
            credit.currency,
            order.currency,
            "the credit limit is in another currency",
        )
    outstanding = rules.receivables.outstanding if rules.receivables else Decimal(0)
    available = credit.credit_limit - outstanding
    if order.total > available:
        return _fail(
            SALES,
            "credit.limit",
            f"<= {available}",
            order.total,
            "the order amount exceeds the credit limit minus outstanding receivables",
        )
    return None


def _prices(order: OrderSnapshot, rules: Rules) -> tuple[list[Reason], list[Reason]]:
    """Fails outside the tolerance; a product without a list price needs a person."""
    price_list = rules.price_list
    if price_list is None or price_list.currency != order.currency:
        return [], [
            _fail(
                SALES,
                "price.list",
                f"a price list in {order.currency}",
                "none",
                "no price list for the order's currency",
            )
        ]
    fails, holds = [], []
    tolerance = price_list.tolerance_percent / 100
    for line in order.lines:
        listed = price_list.prices.get(line.product_code)
        if listed is None:
            holds.append(
                _fail(
                    SALES,
                    "price.unlisted",
                    "a listed product",
                    line.product_code,
                    f"line {line.line_no}: the product has no list price",
                )
            )
            continue
        low, high = listed * (1 - tolerance), listed * (1 + tolerance)
        if not low <= line.unit_price <= high:
            expected = f"{low.quantize(CENT)}..{high.quantize(CENT)}"
            fails.append(
                _fail(
                    SALES,
                    "price.tolerance",
                    expected,
                    line.unit_price,
                    f"line {line.line_no}: the price is outside the price list's tolerance",
                )
            )
    return fails, holds


def _special(order: OrderSnapshot, rules: Rules) -> list[Reason]:
    holds = []
    if order.special.custom_product is not None and rules.thresholds.hold_custom_product:
        holds.append(
            _fail(
                SALES,
                "special.custom_product",
                None,
                None,
                "a custom product needs a sales decision",
            )
        )
    if order.special.urgent is not None and rules.thresholds.hold_urgent_order:
        holds.append(
            _fail(
                SALES,
                "special.urgent",
                None,
                str(order.special.urgent.required_by),
                "an urgent order needs a sales decision",
            )
        )
    return holds
