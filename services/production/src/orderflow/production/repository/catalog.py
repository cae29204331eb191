"""Work centers, products and the availability replica as the domain sees them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts.production import WorkCenterKind
from orderflow.production import models
from orderflow.production.domain.catalog import (
    Availability,
    MaterialUse,
    Product,
    RoutingStep,
    WorkCenter,
)
from orderflow.runtime.db import as_utc


def work_center_of(row: Row[Any]) -> WorkCenter:
    return WorkCenter(
        id=row.id,
        kind=WorkCenterKind(row.kind),
        hours_per_day=Decimal(row.hours_per_day),
        hourly_rate=Decimal(row.hourly_rate),
        lead_person_id=row.lead_person_id,
        working_weekdays=frozenset(row.working_weekdays),
        non_working_days=frozenset(date.fromisoformat(d) for d in row.non_working_days),
    )


def product_of(row: Row[Any]) -> Product:
    return Product(
        code=row.code,
        quality_standard=row.quality_standard,
        routing=tuple(
            RoutingStep(s["operation"], UUID(s["work_center_id"]), Decimal(s["hours_per_unit"]))
            for s in row.routing
        ),
        bill_of_materials=tuple(
            MaterialUse(
                m["item_code"], Decimal(m["quantity_per_unit"]), m["unit"], Decimal(m["unit_cost"])
            )
            for m in row.bill_of_materials
        ),
    )


async def work_centers(
    session: AsyncSession, ids: Iterable[UUID], *, lock: bool = False
) -> dict[UUID, WorkCenter]:
    """Work centers by id; `lock` takes their row locks (in id order) so that concurrent
    assessments of the same centers schedule one after the other, never into the same hours."""
    query = select(models.work_centers).where(models.work_centers.c.id.in_(sorted(set(ids))))
    if lock:
        query = query.order_by(models.work_centers.c.id).with_for_update()
    rows = (await session.execute(query)).all()
    return {row.id: work_center_of(row) for row in rows}


async def products(session: AsyncSession, codes: Iterable[str]) -> dict[str, Product]:
    query = select(models.products).where(models.products.c.code.in_(sorted(set(codes))))
    return {row.code: product_of(row) for row in (await session.execute(query)).all()}


async def availability(session: AsyncSession, items: Iterable[str]) -> dict[str, Availability]:
    table = models.material_availability
    rows = (
        await session.execute(select(table).where(table.c.item_code.in_(sorted(set(items)))))
    ).all()
    return {
        row.item_code: Availability(
            row.item_code, row.unit, Decimal(row.available), tuple(row.supply_lead_days)
        )
        for row in rows
    }


async def replicate_availability(
    session: AsyncSession, item: Availability, as_of: datetime
) -> None:
    """Keep the newest word on an item; an older, late event changes nothing."""
    table = models.material_availability
    current = (
        await session.execute(select(table.c.as_of).where(table.c.item_code == item.item_code))
    ).scalar_one_or_none()
    values = {
        "unit": item.unit,
        "available": item.available,
        "supply_lead_days": list(item.supply_lead_days),
        "as_of": as_of,
    }
    if current is None:
        await session.execute(table.insert().values(item_code=item.item_code, **values))
    elif as_utc(current) <= as_of:
        await session.execute(
            table.update().where(table.c.item_code == item.item_code).values(**values)
        )
