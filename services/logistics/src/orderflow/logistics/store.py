"""Reading and writing logistics' tables: rows in, domain values out."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts.logistics import CandidatePlan, TransportMode
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.logistics import models
from orderflow.logistics.domain.assessment import CostCeiling, ServiceArea
from orderflow.logistics.domain.shipments import ShipmentStatus


async def order_row(session: AsyncSession, order_id: UUID) -> Row[Any] | None:
    query = select(models.orders).where(models.orders.c.order_id == str(order_id))
    return (await session.execute(query)).first()


def snapshot_of(row: Row[Any]) -> OrderSnapshot:
    return OrderSnapshot.model_validate(row.snapshot)


def candidate_of(row: Row[Any]) -> CandidatePlan | None:
    return CandidatePlan.model_validate(row.candidate) if row.candidate else None


async def save_order(
    session: AsyncSession, order_id: UUID, snapshot: OrderSnapshot, now: datetime, **values: Any
) -> None:
    """Insert or refresh logistics' copy of an order's content (no PII)."""
    content = {
        "customer_id": str(snapshot.customer_id),
        "snapshot": snapshot.model_dump(mode="json"),
        "updated_at": now,
        **values,
    }
    if await order_row(session, order_id) is None:
        await session.execute(
            insert(models.orders).values(order_id=str(order_id), cancelled=False, **content)
        )
    else:
        await session.execute(
            update(models.orders).where(models.orders.c.order_id == str(order_id)).values(**content)
        )


async def update_order(session: AsyncSession, order_id: UUID, **values: Any) -> None:
    await session.execute(
        update(models.orders).where(models.orders.c.order_id == str(order_id)).values(**values)
    )


async def service_areas(session: AsyncSession, country: str, region: str) -> list[ServiceArea]:
    """The active carriers' services into one region."""
    a, c = models.service_areas, models.carriers
    query = (
        select(a)
        .join(c, c.c.carrier_id == a.c.carrier_id)
        .where(a.c.country == country, a.c.region == region, c.c.active.is_(True))
    )
    return [
        ServiceArea(
            carrier_id=UUID(r.carrier_id),
            country=r.country,
            region=r.region,
            mode=TransportMode(r.mode),
            transit_days=r.transit_days,
            currency=r.currency,
            rate_per_shipment=Decimal(r.rate_per_shipment),
            rate_per_kg=Decimal(r.rate_per_kg),
            rate_per_m3=Decimal(r.rate_per_m3),
        )
        for r in (await session.execute(query)).all()
    ]


async def cost_ceiling(session: AsyncSession, currency: str) -> CostCeiling | None:
    query = select(models.cost_ceilings).where(models.cost_ceilings.c.currency == currency)
    row = (await session.execute(query)).first()
    if row is None:
        return None
    return CostCeiling(row.currency, Decimal(row.max_amount), Decimal(row.max_share_of_order))


async def shipment_row(session: AsyncSession, shipment_id: UUID) -> Row[Any] | None:
    query = select(models.shipments).where(models.shipments.c.shipment_id == str(shipment_id))
    return (await session.execute(query)).first()


async def order_shipments(session: AsyncSession, order_id: UUID) -> list[Row[Any]]:
    s = models.shipments
    query = select(s).where(s.c.order_id == str(order_id)).order_by(s.c.created_at, s.c.shipment_id)
    return list((await session.execute(query)).all())


async def set_shipment(
    session: AsyncSession, row: Row[Any], status: ShipmentStatus, **values: Any
) -> None:
    """Move a shipment on and bump its version (its ETag)."""
    await session.execute(
        update(models.shipments)
        .where(models.shipments.c.shipment_id == row.shipment_id)
        .values(status=status.value, version=row.version + 1, **values)
    )
