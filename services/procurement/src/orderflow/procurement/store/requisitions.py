"""Requisitions: a plan's material lines with what is reserved and what had to be bought."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.procurement.domain.requisitions import (
    Requisition,
    RequisitionLine,
    RequisitionStatus,
)
from orderflow.procurement.models import requisitions


def _line_to_json(line: RequisitionLine) -> dict[str, Any]:
    return {
        "item_code": line.item_code,
        "spec": line.spec,
        "quantity": str(line.quantity),
        "unit": line.unit,
        "needed_by": line.needed_by.isoformat(),
        "reserved_quantity": str(line.reserved_quantity),
        "shortfall_quantity": str(line.shortfall_quantity),
    }


def _line_from_json(data: dict[str, Any]) -> RequisitionLine:
    return RequisitionLine(
        data["item_code"],
        data["spec"],
        Decimal(data["quantity"]),
        data["unit"],
        date.fromisoformat(data["needed_by"]),
        Decimal(data["reserved_quantity"]),
        Decimal(data["shortfall_quantity"]),
    )


def to_domain(row: Row[Any]) -> Requisition:
    lines = tuple(_line_from_json(line) for line in row.lines)
    return Requisition(row.id, row.order_id, row.plan_id, RequisitionStatus(row.status), lines)


async def insert(session: AsyncSession, requisition: Requisition, *, now: datetime) -> None:
    await session.execute(
        requisitions.insert().values(
            id=requisition.id,
            order_id=requisition.order_id,
            plan_id=requisition.plan_id,
            status=str(requisition.status),
            lines=[_line_to_json(line) for line in requisition.lines],
            version=1,
            created_at=now,
        )
    )


async def get(
    session: AsyncSession, requisition_id: UUID, *, lock: bool = False
) -> Row[Any] | None:
    query = select(requisitions).where(requisitions.c.id == requisition_id)
    return (await session.execute(query.with_for_update() if lock else query)).first()


async def of_plan(session: AsyncSession, plan_id: UUID) -> Row[Any] | None:
    query = select(requisitions).where(requisitions.c.plan_id == plan_id)
    return (await session.execute(query)).first()


async def of_order(session: AsyncSession, order_id: UUID) -> Sequence[Row[Any]]:
    query = select(requisitions).where(requisitions.c.order_id == order_id)
    return (await session.execute(query.order_by(requisitions.c.id))).all()


async def save(session: AsyncSession, requisition: Requisition) -> None:
    await session.execute(
        update(requisitions)
        .where(requisitions.c.id == requisition.id)
        .values(
            status=str(requisition.status),
            lines=[_line_to_json(line) for line in requisition.lines],
            version=requisitions.c.version + 1,
        )
    )


async def page(
    session: AsyncSession,
    *,
    status: str | None,
    order_id: UUID | None,
    after: str | None,
    limit: int,
) -> Sequence[Row[Any]]:
    query = select(requisitions).order_by(requisitions.c.id).limit(limit)
    if status is not None:
        query = query.where(requisitions.c.status == status)
    if order_id is not None:
        query = query.where(requisitions.c.order_id == order_id)
    if after is not None:
        query = query.where(requisitions.c.id > UUID(after))
    return (await session.execute(query)).all()
