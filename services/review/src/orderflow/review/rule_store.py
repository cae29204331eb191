"""Rule records as versioned data: each change is a new row; a round records its version (R-3.2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.review import models, repository
from orderflow.review.domain.rules import (
    CreditProfile,
    PaymentTermPolicy,
    PriceList,
    Receivables,
    Rules,
    Thresholds,
)
from orderflow.runtime.db import as_utc

CREDIT, RECEIVABLES, PRICE_LIST, PAYMENT_TERMS, THRESHOLDS = (
    "credit_profile",
    "receivables",
    "price_list",
    "payment_terms",
    "thresholds",
)
THRESHOLDS_KEY = "default"
changes = models.rule_changes


@dataclass(frozen=True)
class RuleRecord:
    kind: str
    key: str
    version: int
    seq: int
    data: dict[str, Any]
    changed_at: datetime
    changed_by: str


def _record(row: Any) -> RuleRecord:
    return RuleRecord(
        row.kind,
        row.rule_key,
        row.version,
        row.seq,
        dict(row.data),
        as_utc(row.changed_at),
        row.changed_by,
    )


async def rules_version(session: AsyncSession) -> int:
    """The newest rules version: the sequence number of the last change of any rule."""
    return int((await session.execute(select(func.max(changes.c.seq)))).scalar() or 0)


async def latest(
    session: AsyncSession, kind: str, key: str, *, at: int | None = None
) -> RuleRecord | None:
    """The record in force at rules version `at` (default: now)."""
    query = select(changes).where(changes.c.kind == kind, changes.c.rule_key == key)
    if at is not None:
        query = query.where(changes.c.seq <= at)
    row = (await session.execute(query.order_by(changes.c.seq.desc()).limit(1))).first()
    return None if row is None else _record(row)


async def history(session: AsyncSession, kind: str, key: str) -> list[RuleRecord]:
    query = select(changes).where(changes.c.kind == kind, changes.c.rule_key == key)
    return [_record(row) for row in await session.execute(query.order_by(changes.c.seq))]


async def current_page(
    session: AsyncSession, kind: str, after: str | None, limit: int
) -> list[RuleRecord]:
    """The records in force, one per key, ordered by key."""
    newest = (
        select(func.max(changes.c.seq))
        .where(changes.c.kind == kind)
        .group_by(changes.c.rule_key)
        .scalar_subquery()
    )
    query = select(changes).where(changes.c.seq.in_(newest))
    if after is not None:
        query = query.where(changes.c.rule_key > after)
    rows = await session.execute(query.order_by(changes.c.rule_key).limit(limit))
    return [_record(row) for row in rows]


async def write(
    session: AsyncSession,
    kind: str,
    key: str,
    data: dict[str, Any],
    *,
    version: int,
    by: str,
    now: datetime,
) -> RuleRecord:
    """Append version `version` of the record (the unique key stops a concurrent writer)."""
    values = {
        "kind": kind,
        "rule_key": key,
        "version": version,
        "data": data,
        "changed_at": now,
        "changed_by": by,
    }
    inserted = insert(changes).values(**values).returning(changes.c.seq)
    seq = int((await session.execute(inserted)).scalar_one())
    return RuleRecord(kind, key, version, seq, data, now, by)


async def rules_for(session: AsyncSession, order: OrderSnapshot) -> Rules:
    """Everything the sales and finance checks need for `order`, at the newest rules version."""
    at = await rules_version(session)
    customer = await repository.customer(session, order.customer_id)
    customer_key = str(order.customer_id)

    async def data(kind: str, key: str) -> dict[str, Any] | None:
        record = await latest(session, kind, key, at=at)
        return None if record is None else record.data

    thresholds = await data(THRESHOLDS, THRESHOLDS_KEY)
    credit = await data(CREDIT, customer_key)
    receivables = await data(RECEIVABLES, customer_key)
    price_list = await data(PRICE_LIST, order.currency)
    terms = await data(PAYMENT_TERMS, customer.tier) if customer else None
    return Rules(
        version=f"rules-v{at}",
        thresholds=Thresholds.model_validate(thresholds) if thresholds else Thresholds(),
        customer=customer,
        credit=CreditProfile.model_validate(credit) if credit else None,
        receivables=Receivables.model_validate(receivables) if receivables else None,
        price_list=PriceList.model_validate(price_list) if price_list else None,
        payment_terms=PaymentTermPolicy.model_validate(terms) if terms else None,
    )
