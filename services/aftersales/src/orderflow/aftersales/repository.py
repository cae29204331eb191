"""Load and save the domain's records in aftersales' tables (columns named like the fields)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, fields, is_dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.aftersales import models
from orderflow.aftersales.domain.acceptance import Acceptance
from orderflow.aftersales.domain.care import FollowUp, Survey
from orderflow.aftersales.domain.claims import Claim, ClaimLine
from orderflow.aftersales.domain.orders import CheckItem, OrderLine, OrderReplica
from orderflow.aftersales.domain.tickets import Ticket
from orderflow.runtime.db import as_utc
from orderflow.runtime.web import ProblemError

T = TypeVar("T")

TABLES: dict[type[Any], Table] = {
    OrderReplica: models.orders,
    Acceptance: models.acceptances,
    Claim: models.claims,
    Ticket: models.tickets,
    FollowUp: models.follow_ups,
    Survey: models.surveys,
}
# JSON columns holding tuples of records, and how to read them back.
_NESTED: dict[str, Callable[[Any], Any]] = {
    "checklist": lambda items: tuple(CheckItem(**i) for i in items),
    "site_services": tuple,
}
_LINES: dict[type[Any], Callable[[Any], Any]] = {
    OrderReplica: lambda items: tuple(OrderLine(**i) for i in items),
    Claim: lambda items: tuple(ClaimLine(**i) for i in items),
}


def _key(table: Table) -> str:
    return "order_id" if table is models.orders else "id"


def to_row(record: Any) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for field in fields(record):
        value = getattr(record, field.name)
        if isinstance(value, tuple):
            value = [asdict(v) if is_dataclass(v) else v for v in value]  # type: ignore[arg-type]
        row[field.name] = value
    return row


def aware(row: Mapping[Any, Any]) -> dict[str, Any]:
    """The row's values, datetimes in UTC (SQLite returns them naive)."""
    return {k: as_utc(v) if isinstance(v, datetime) else v for k, v in row.items()}


def from_row(kind: type[T], row: Mapping[Any, Any]) -> T:
    values = aware(row)
    for name, read in _NESTED.items():
        if name in values:
            values[name] = read(values[name])
    if "lines" in values:
        values["lines"] = _LINES[kind](values["lines"])
    return kind(**values)


async def get(session: AsyncSession, kind: type[T], record_id: str) -> T | None:
    table = TABLES[kind]
    query = select(table).where(table.c[_key(table)] == record_id)
    row = (await session.execute(query)).mappings().first()
    return None if row is None else from_row(kind, row)


async def get_for_update(session: AsyncSession, kind: type[T], record_id: str) -> T | None:
    """The record, locked on PostgreSQL until the transaction ends (SQLite locks on BEGIN)."""
    table = TABLES[kind]
    query = select(table).where(table.c[_key(table)] == record_id).with_for_update()
    row = (await session.execute(query)).mappings().first()
    return None if row is None else from_row(kind, row)


async def find_by(session: AsyncSession, kind: type[T], **where: Any) -> T | None:
    table = TABLES[kind]
    query = select(table).where(*(table.c[k] == v for k, v in where.items())).limit(1)
    row = (await session.execute(query)).mappings().first()
    return None if row is None else from_row(kind, row)


async def insert(session: AsyncSession, record: Any) -> None:
    await session.execute(TABLES[type(record)].insert().values(**to_row(record)))


async def update(session: AsyncSession, record: Any, *, read_version: int | None = None) -> None:
    """Save `record`; with `read_version`, only if nobody saved another version meanwhile."""
    table = TABLES[type(record)]
    key = _key(table)
    statement = table.update().where(table.c[key] == getattr(record, key))
    if read_version is not None:
        statement = statement.where(table.c.version == read_version)
    result = await session.execute(statement.values(**to_row(record)))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ProblemError(412, "precondition-failed", "Precondition failed", "changed meanwhile")
