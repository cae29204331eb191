"""Supply problems put an order at risk until they are resolved (R-4.6: procurement's
delays and quality issues are seen on the order). A flag on the order, not a transition."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.intake import repository


async def open_risk(
    session: AsyncSession,
    order_ids: Iterable[UUID],
    risk_id: UUID,
    kind: str,
    detail: str,
    *,
    now: datetime,
) -> None:
    entry: dict[str, Any] = {
        "id": str(risk_id),
        "kind": kind,
        "since": now.isoformat(),
        "detail": detail,
    }
    for order_id in order_ids:
        row = await repository.get_order(session, order_id, lock=True)
        if row is not None:
            risks = {**(row["risks"] or {}), str(risk_id): entry}
            await _store(session, row, risks)


async def close_risk(session: AsyncSession, order_ids: Iterable[UUID], risk_id: UUID) -> None:
    for order_id in order_ids:
        row = await repository.get_order(session, order_id, lock=True)
        if row is not None and str(risk_id) in (row["risks"] or {}):
            risks = {k: v for k, v in row["risks"].items() if k != str(risk_id)}
            await _store(session, row, risks)


async def _store(session: AsyncSession, row: Any, risks: dict[str, Any]) -> None:
    # The order's representation changed, so its ETag (the row version) does too.
    values = {"risks": risks or None, "row_version": row["row_version"] + 1}
    await repository.update_order(session, str(row["id"]), values)
