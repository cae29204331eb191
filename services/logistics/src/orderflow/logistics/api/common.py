"""What every logistics route shares: visibility, paging, problems."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Query
from sqlalchemy import Column, Row, Select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.logistics import store
from orderflow.logistics.domain.shipments import IllegalTransitionError
from orderflow.logistics.pii import Sealer
from orderflow.logistics.settings import LogisticsSettings
from orderflow.runtime.deps import ServiceStateDep
from orderflow.runtime.web import Principal, ProblemError, not_found

Limit = Annotated[int, Query(ge=1, le=100, description="page size, at most 100")]
Cursor = Annotated[str | None, Query(description="next_cursor of the previous page")]


def conflict(error: IllegalTransitionError) -> ProblemError:
    return ProblemError(
        409,
        "illegal-transition",
        "Illegal transition",
        str(error),
        current_status=error.status.value,
    )


def settings_of(state: Any) -> LogisticsSettings:
    settings = state.settings
    assert isinstance(settings, LogisticsSettings)
    return settings


def sealer(state: ServiceStateDep) -> Sealer:
    """Seals and opens the personal data logistics keeps (names, the notice recipient)."""
    return Sealer.from_settings(settings_of(state))


SealerDep = Annotated[Sealer, Depends(sealer)]


def visible(principal: Principal, row: Row[Any] | None, what: str, key: object) -> Row[Any]:
    """The row, if the caller may see it; 404 for a missing one and for another's (R-8.4)."""
    if row is None or not principal.may_see(customer_id=row.customer_id):
        raise not_found(what, key)
    return row


async def visible_shipment(
    session: AsyncSession, principal: Principal, shipment_id: UUID
) -> Row[Any]:
    return visible(
        principal, await store.shipment_row(session, shipment_id), "Shipment", shipment_id
    )


def customer_scope(query: Select[Any], principal: Principal, column: Column[Any]) -> Select[Any]:
    """Customers list only their own objects."""
    if principal.kind == "customer":
        return query.where(column == principal.customer_id)
    return query


async def page(
    session: AsyncSession, query: Select[Any], key: Column[Any], cursor: str | None, limit: int
) -> tuple[Sequence[Row[Any]], str | None]:
    """Keyset pagination on a time-ordered id: the page and the cursor of the next one."""
    if cursor:
        query = query.where(key > cursor)
    rows = (await session.execute(query.order_by(key).limit(limit + 1))).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (str(getattr(rows[-1], key.name)) if more else None)
