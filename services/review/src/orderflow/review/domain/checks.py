"""What the sales and finance checks share: a structured reason, and how reasons combine (R-3.2)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from orderflow.contracts.types import CheckResult, Department, Reason, Verdict

CENT = Decimal("0.01")


def reason(
    department: Department, rule: str, expected: object, actual: object, message: str
) -> Reason:
    """Why a rule did not pass: what it expected, what it found, in words (R-3.3)."""
    return Reason(
        department=department,
        rule=rule,
        expected=None if expected is None else str(expected)[:200],
        actual=None if actual is None else str(actual)[:200],
        message=message,
    )


def combine(fails: Iterable[Reason], holds: Iterable[Reason]) -> CheckResult:
    """Any failure fails (with every reason); else any hold needs a person; else pass."""
    failed, held = tuple(fails), tuple(holds)
    if failed:
        return CheckResult(verdict=Verdict.FAIL, reasons=failed)
    if held:
        return CheckResult(verdict=Verdict.NEEDS_PERSON, reasons=held)
    return CheckResult(verdict=Verdict.PASS)
