"""Compensation aftersales granted, booked by finance as a credit on the customer's
receivables: a new receivables version, so only rounds opened after it use it (R-5.6, R-3.2)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import aftersales
from orderflow.review import rule_store
from orderflow.review.domain import finance
from orderflow.review.domain.rules import Receivables

BOOKED_BY = "service:aftersales"


async def book(
    session: AsyncSession, granted: aftersales.CompensationGranted, *, now: datetime
) -> rule_store.RuleRecord | None:
    """The new receivables version; None when nothing is recorded as owed, so nothing drops."""
    key = str(granted.customer_id)
    current = await rule_store.latest(session, rule_store.RECEIVABLES, key)
    if current is None:
        return None
    after = finance.credited(Receivables.model_validate(current.data), granted.amount)
    return await rule_store.write(
        session,
        rule_store.RECEIVABLES,
        key,
        after.model_dump(mode="json"),
        version=current.version + 1,  # the unique key stops a concurrent writer: retried
        by=BOOKED_BY,
        now=now,
    )
