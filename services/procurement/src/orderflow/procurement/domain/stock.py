"""Stock of one item: on hand, reserved for orders, and what is still available."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal


@dataclass(frozen=True)
class Stock:
    item_code: str
    unit: str
    category: str
    on_hand: Decimal
    reserved: Decimal

    @property
    def available(self) -> Decimal:
        return max(self.on_hand - self.reserved, Decimal(0))


def reserve(stock: Stock, wanted: Decimal) -> tuple[Stock, Decimal]:
    """Reserve as much of `wanted` as is available; the new stock and the quantity reserved."""
    taken = min(stock.available, wanted)
    return replace(stock, reserved=stock.reserved + taken), taken


def release(stock: Stock, quantity: Decimal) -> Stock:
    """Reserved goods no longer needed become available again."""
    return replace(stock, reserved=max(stock.reserved - quantity, Decimal(0)))


def receive(stock: Stock, accepted: Decimal) -> Stock:
    """Goods that passed the quality check go on hand (R-4.6)."""
    return replace(stock, on_hand=stock.on_hand + accepted)


def count(stock: Stock, on_hand: Decimal) -> Stock | None:
    """A stock count; None if it would leave less on hand than is already reserved."""
    if on_hand < stock.reserved:
        return None
    return replace(stock, on_hand=on_hand)
