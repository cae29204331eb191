"""Stock items: on hand and reserved, one row per material."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.procurement.domain.stock import Stock
from orderflow.procurement.models import stock_items


def to_domain(row: Row[Any]) -> Stock:
    return Stock(row.item_code, row.unit, row.category, row.on_hand, row.reserved)


async def insert(session: AsyncSession, stock: Stock, *, now: datetime) -> None:
    await session.execute(
        stock_items.insert().values(
            item_code=stock.item_code,
            unit=stock.unit,
            category=stock.category,
            on_hand=stock.on_hand,
            reserved=stock.reserved,
            version=1,
            updated_at=now,
        )
    )


async def get(session: AsyncSession, item_code: str, *, lock: bool = False) -> Row[Any] | None:
    query = select(stock_items).where(stock_items.c.item_code == item_code)
    return (await session.execute(query.with_for_update() if lock else query)).first()


async def lock_many(session: AsyncSession, item_codes: Iterable[str]) -> dict[str, Stock]:
    """The items' stock, locked for this transaction (in code order, so no deadlock)."""
    query = (
        select(stock_items)
        .where(stock_items.c.item_code.in_(sorted(set(item_codes))))
        .order_by(stock_items.c.item_code)
        .with_for_update()
    )
    return {row.item_code: to_domain(row) for row in (await session.execute(query)).all()}


async def save(session: AsyncSession, stock: Stock, *, now: datetime) -> None:
    """Write on-hand and reserved quantities back, bumping the version (the ETag)."""
    await session.execute(
        update(stock_items)
        .where(stock_items.c.item_code == stock.item_code)
        .values(
            on_hand=stock.on_hand,
            reserved=stock.reserved,
            version=stock_items.c.version + 1,
            updated_at=now,
        )
    )


async def page(
    session: AsyncSession, *, category: str | None, after: str | None, limit: int
) -> Sequence[Row[Any]]:
    query = select(stock_items).order_by(stock_items.c.item_code).limit(limit)
    if category is not None:
        query = query.where(stock_items.c.category == category)
    if after is not None:
        query = query.where(stock_items.c.item_code > after)
    return (await session.execute(query)).all()
