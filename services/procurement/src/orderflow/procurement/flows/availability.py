"""Tell production what stock and supply an item has, after anything that changes it."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.procurement.events import Emit
from orderflow.procurement.store import stock as stock_store
from orderflow.procurement.store import suppliers as supplier_store
from orderflow.runtime import outbox


async def publish(session: AsyncSession, item_codes: Iterable[str], emit: Emit) -> None:
    """One item_availability.changed per known item, from the rows as they are now."""
    codes = sorted(set(item_codes))
    offers = await supplier_store.candidates(session, codes)
    for code in codes:
        row = await stock_store.get(session, code)
        if row is not None:
            await outbox.add(session, emit.availability(stock_store.to_domain(row), offers[code]))
