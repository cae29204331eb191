"""Reading and writing orders and their history (the only module that knows the order tables)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts.intake import OrderStatus
from orderflow.intake.domain.check import OtherOrder
from orderflow.intake.models import order_history, orders
from orderflow.runtime.db import as_utc
from orderflow.runtime.web import ProblemError

_FINISHED = (OrderStatus.CANCELLED, OrderStatus.CANCELLING, OrderStatus.CLOSED)


async def get_order(
    session: AsyncSession, order_id: UUID | str, *, lock: bool = False
) -> RowMapping | None:
    query = select(orders).where(orders.c.id == str(order_id))
    if lock and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return (await session.execute(query)).mappings().first()


async def insert_order(session: AsyncSession, values: Mapping[str, Any]) -> None:
    await session.execute(insert(orders).values(**values))


async def update_order(
    session: AsyncSession,
    order_id: str,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> None:
    """Update the order; with `expected_version`, 412 if someone changed it meanwhile."""
    statement = update(orders).where(orders.c.id == order_id)
    if expected_version is not None:
        statement = statement.where(orders.c.row_version == expected_version)
    result = await session.execute(statement.values(**values))
    if expected_version is not None and result.rowcount != 1:  # type: ignore[attr-defined]
        raise ProblemError(
            412,
            "precondition-failed",
            "Precondition failed",
            "the order changed meanwhile; read it again and retry",
        )


async def add_history(
    session: AsyncSession,
    order_id: str,
    *,
    transition: str,
    from_status: str | None,
    to_status: str,
    actor: str | None,
    at: datetime,
    why: Any = None,
) -> None:
    await session.execute(
        insert(order_history).values(
            order_id=order_id,
            transition=transition,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            at=at,
            why=why,
        )
    )


async def history(session: AsyncSession, order_id: str) -> Sequence[RowMapping]:
    query = (
        select(order_history)
        .where(order_history.c.order_id == order_id)
        .order_by(order_history.c.id)
    )
    return (await session.execute(query)).mappings().all()


async def other_live_orders(
    session: AsyncSession, customer_id: str, excluding: str, lines_fingerprint: str
) -> list[OtherOrder]:
    """The customer's other live orders with the same lines: those that could be the same
    order entered twice (R-2.4). Filtered on the (indexed) fingerprint here, so a customer
    with thousands of open orders costs one index lookup, not a scan of all of them."""
    query = select(
        orders.c.id,
        orders.c.lines_fingerprint,
        orders.c.requested_delivery_date,
        orders.c.created_at,
    ).where(
        orders.c.lines_fingerprint == lines_fingerprint,
        orders.c.customer_id == customer_id,
        orders.c.id != excluding,
        orders.c.status.not_in([s.value for s in _FINISHED]),
    )
    return [
        OtherOrder(
            UUID(row.id),
            row.lines_fingerprint,
            _date(row.requested_delivery_date),
            as_utc(row.created_at),
        )
        for row in (await session.execute(query)).all()
    ]


def _date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


async def order_of_follow_up(session: AsyncSession, follow_up_id: str) -> str | None:
    query = select(orders.c.id).where(orders.c.follow_up_id == follow_up_id)
    return (await session.execute(query)).scalar_one_or_none()
