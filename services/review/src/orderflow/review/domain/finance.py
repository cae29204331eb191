"""The finance check: payment terms, amount arithmetic, overdue receivables (R-3.1 finance);
and credits from compensation aftersales granted (R-5.6)."""

from __future__ import annotations

from decimal import Decimal

from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.contracts.types import CheckResult, Department, Money, Reason
from orderflow.review.domain.checks import CENT, combine
from orderflow.review.domain.checks import reason as _fail
from orderflow.review.domain.rules import Receivables, Rules

FINANCE = Department.FINANCE


def finance_check(order: OrderSnapshot, rules: Rules) -> CheckResult:
    """Payment terms for the tier, amount arithmetic, overdue receivables (R-3.1 finance, R-3.2)."""
    return combine([*_payment_terms(order, rules), *_arithmetic(order), *_overdue(rules)], [])


def _payment_terms(order: OrderSnapshot, rules: Rules) -> list[Reason]:
    tier = rules.customer.tier if rules.customer else None
    policy = rules.payment_terms
    if policy is None or policy.tier != tier:
        return [
            _fail(
                FINANCE,
                "payment.terms",
                f"a policy for tier {tier}",
                "none",
                "no payment-term policy for the customer's tier",
            )
        ]
    if order.payment_terms not in policy.allowed_terms:
        allowed = ", ".join(policy.allowed_terms)
        return [
            _fail(
                FINANCE,
                "payment.terms",
                allowed,
                order.payment_terms,
                f"payment terms not allowed for tier {policy.tier}",
            )
        ]
    return []


def _arithmetic(order: OrderSnapshot) -> list[Reason]:
    """Line totals, subtotal and total add up, to the cent."""
    reasons = []
    for line in order.lines:
        expected = (line.quantity * line.unit_price - line.discount).quantize(CENT)
        if abs(expected - line.line_total) >= CENT:
            reasons.append(
                _fail(
                    FINANCE,
                    "amount.line_total",
                    expected,
                    line.line_total,
                    f"line {line.line_no}: quantity x price - discount does not match",
                )
            )
    subtotal = sum((line.line_total for line in order.lines), Decimal(0))
    if abs(subtotal - order.subtotal) >= CENT:
        reasons.append(
            _fail(
                FINANCE,
                "amount.subtotal",
                subtotal,
                order.subtotal,
                "the subtotal is not the sum of the lines",
            )
        )
    total = order.subtotal - order.discount_total + order.tax_total
    if abs(total - order.total) >= CENT:
        reasons.append(
            _fail(
                FINANCE,
                "amount.total",
                total,
                order.total,
                "the total is not subtotal - discount + tax",
            )
        )
    return reasons


def _overdue(rules: Rules) -> list[Reason]:
    overdue = rules.receivables.overdue if rules.receivables else Decimal(0)
    limit = rules.thresholds.max_overdue
    if overdue > limit:
        return [
            _fail(
                FINANCE,
                "receivables.overdue",
                f"<= {limit}",
                overdue,
                "overdue receivables exceed the threshold",
            )
        ]
    return []


def credited(receivables: Receivables, credit: Money) -> Receivables:
    """The receivables after a credit (R-5.6): outstanding goes down, never below zero; the
    overdue part is left as it is unless it would exceed what is still outstanding (R-3.1)."""
    if credit.currency != receivables.currency:
        # Converting currencies is not review's to decide: fail so the event is dead-lettered.
        raise ValueError(f"a {credit.currency} credit on {receivables.currency} receivables")
    outstanding = max(receivables.outstanding - credit.amount, Decimal(0))
    overdue = min(receivables.overdue, outstanding)
    return receivables.model_copy(update={"outstanding": outstanding, "overdue": overdue})
