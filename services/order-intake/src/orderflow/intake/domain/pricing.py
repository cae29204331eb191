"""Order amounts (R-2.3): line totals from the lines; declared totals checked against them."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from orderflow.contracts.snapshot import OrderLineSnapshot


class LineDraft(Protocol):
    @property
    def product_code(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def quantity(self) -> Decimal: ...
    @property
    def unit(self) -> str: ...
    @property
    def unit_price(self) -> Decimal: ...
    @property
    def discount(self) -> Decimal: ...


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    discount_total: Decimal
    tax_total: Decimal
    total: Decimal

    def as_strings(self) -> dict[str, str]:
        return {name: str(value) for name, value in vars(self).items()}


class TotalsMismatchError(ValueError):
    """The declared totals do not add up; carries the figures computed from the lines."""

    def __init__(self, fields: Sequence[str], computed: Totals) -> None:
        super().__init__(f"totals do not add up: {', '.join(fields)}")
        self.fields = tuple(fields)
        self.computed = computed


class LineDiscountTooHighError(ValueError):
    """A line's discount exceeds its gross amount."""

    def __init__(self, line_no: int) -> None:
        super().__init__(f"line {line_no}: the discount exceeds quantity x unit price")
        self.line_no = line_no


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def price_lines(lines: Sequence[LineDraft]) -> tuple[OrderLineSnapshot, ...]:
    """Numbered lines with `line_total = quantity x unit_price - discount`, to the cent."""
    priced = []
    for line_no, line in enumerate(lines, start=1):
        gross = _money(line.quantity * line.unit_price)
        if line.discount > gross:
            raise LineDiscountTooHighError(line_no)
        priced.append(
            OrderLineSnapshot(
                line_no=line_no,
                product_code=line.product_code,
                description=line.description,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                discount=line.discount,
                line_total=gross - _money(line.discount),
            )
        )
    return tuple(priced)


def computed_totals(lines: Sequence[OrderLineSnapshot], tax_total: Decimal) -> Totals:
    """Subtotal and discounts from the lines; total = subtotal - discounts + tax."""
    subtotal = sum((_money(ln.quantity * ln.unit_price) for ln in lines), Decimal(0))
    discounts = sum((_money(ln.discount) for ln in lines), Decimal(0))
    return Totals(subtotal, discounts, _money(tax_total), subtotal - discounts + _money(tax_total))


def check_totals(lines: Sequence[OrderLineSnapshot], declared: Totals) -> Totals:
    """The computed totals if the declared ones match them, else TotalsMismatchError."""
    computed = computed_totals(lines, declared.tax_total)
    wrong = [
        name
        for name in ("subtotal", "discount_total", "total")
        if _money(getattr(declared, name)) != getattr(computed, name)
    ]
    if wrong:
        raise TotalsMismatchError(wrong, computed)
    return computed


def lines_fingerprint(lines: Sequence[OrderLineSnapshot]) -> str:
    """The same products in the same quantities give the same print (duplicate check, R-2.4)."""
    parts = sorted(f"{ln.product_code}|{ln.quantity.normalize()}|{ln.unit}" for ln in lines)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
