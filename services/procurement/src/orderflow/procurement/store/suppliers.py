"""Suppliers, their offers per material, and their delivery history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Row, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.procurement.domain.scorecard import DeliveryRecord
from orderflow.procurement.domain.selection import SupplierStatus, SupplyCandidate
from orderflow.procurement.models import receipts, supplier_offers, suppliers


async def insert(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(suppliers.insert().values(**values))


async def get(session: AsyncSession, supplier_id: UUID, *, lock: bool = False) -> Row[Any] | None:
    query = select(suppliers).where(suppliers.c.id == supplier_id)
    return (await session.execute(query.with_for_update() if lock else query)).first()


async def update_row(session: AsyncSession, row: Row[Any], **values: Any) -> None:
    """Change a supplier and bump its version (the ETag)."""
    await session.execute(
        update(suppliers).where(suppliers.c.id == row.id).values(version=row.version + 1, **values)
    )


async def page(
    session: AsyncSession,
    *,
    status: str | None,
    category: str | None,
    after: str | None,
    limit: int,
) -> list[Row[Any]]:
    """Suppliers by id after the cursor; `categories` is a JSON list, filtered here so the
    query stays portable across SQLite and PostgreSQL."""
    found: list[Row[Any]] = []
    while len(found) < limit:
        query = select(suppliers).order_by(suppliers.c.id).limit(limit)
        if status is not None:
            query = query.where(suppliers.c.status == status)
        if after is not None:
            query = query.where(suppliers.c.id > UUID(after))
        batch = (await session.execute(query)).all()
        found += [row for row in batch if category is None or category in row.categories]
        if len(batch) < limit:
            break
        after = str(batch[-1].id)
    return found[:limit]


async def offers(session: AsyncSession, supplier_id: UUID) -> Sequence[Row[Any]]:
    query = select(supplier_offers).where(supplier_offers.c.supplier_id == supplier_id)
    return (await session.execute(query.order_by(supplier_offers.c.item_code))).all()


async def put_offer(session: AsyncSession, values: dict[str, Any]) -> None:
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(supplier_offers).values(**values)
    changes = {k: values[k] for k in ("lead_time_days", "unit_price", "currency")}
    await session.execute(
        statement.on_conflict_do_update(index_elements=["supplier_id", "item_code"], set_=changes)
    )


async def candidates(
    session: AsyncSession, item_codes: Iterable[str]
) -> dict[str, list[SupplyCandidate]]:
    """Every supplier's offer for each item, with its status and categories."""
    codes = sorted(set(item_codes))
    query = (
        select(supplier_offers, suppliers.c.status, suppliers.c.categories)
        .join(suppliers, suppliers.c.id == supplier_offers.c.supplier_id)
        .where(supplier_offers.c.item_code.in_(codes))
    )
    found: dict[str, list[SupplyCandidate]] = {code: [] for code in codes}
    for row in (await session.execute(query)).all():
        found[row.item_code].append(
            SupplyCandidate(
                row.supplier_id,
                SupplierStatus(row.status),
                frozenset(row.categories),
                row.item_code,
                row.lead_time_days,
                row.unit_price,
                row.currency,
            )
        )
    return found


async def history(session: AsyncSession, supplier_id: UUID) -> list[DeliveryRecord]:
    query = select(receipts.c.on_time, receipts.c.quality_passed).where(
        receipts.c.supplier_id == supplier_id
    )
    return [DeliveryRecord(r.on_time, r.quality_passed) for r in await session.execute(query)]
