"""What every route shares: visibility, rule errors as 409s, ETags, cursor pages."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import Query, Request, Response
from sqlalchemy import Select, Table
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.aftersales import repository
from orderflow.aftersales.domain.errors import RuleError
from orderflow.runtime.web import (
    Principal,
    ProblemError,
    check_if_match,
    decode_cursor,
    encode_cursor,
    not_found,
    set_etag,
)
from orderflow.runtime.web.params import IsoDatetime


class Record(Protocol):
    """What routes need of a record: whose it is and its version."""

    @property
    def customer_id(self) -> str: ...

    @property
    def version(self) -> int: ...


T = TypeVar("T", bound=Record)
Since = Annotated[IsoDatetime | None, Query(description="opened at or after (ISO 8601)")]
Until = Annotated[IsoDatetime | None, Query(description="opened before (ISO 8601)")]


async def visible(
    session: AsyncSession, kind: type[T], record_id: str, principal: Principal, what: str
) -> T:
    """The record if it exists and the caller may see it; 404 otherwise, never 403."""
    record = await repository.get(session, kind, record_id)
    if record is None or not principal.may_see(customer_id=record.customer_id):
        raise not_found(what, record_id)
    return record


async def for_change(
    session: AsyncSession,
    kind: type[T],
    record_id: str,
    principal: Principal,
    request: Request,
    what: str,
) -> T:
    """A visible record the caller read at the version its `If-Match` names (412/428)."""
    record = await visible(session, kind, record_id, principal, what)
    check_if_match(request, record.version)
    return record


@contextmanager
def rules_as_problems() -> Iterator[None]:
    """A broken business rule is a 409 with the current status, never a silent no-op."""
    try:
        yield
    except RuleError as error:
        extras: dict[str, Any] = {}
        if error.current_status is not None:
            extras["current_status"] = error.current_status
        raise ProblemError(409, error.slug, "Not allowed now", str(error), **extras) from None


def with_etag(response: Response, record: Any) -> None:
    set_etag(response, record.version)


def filtered(
    query: Select[Any],
    table: Table,
    equal: dict[str, Any],
    since: datetime | None = None,
    until: datetime | None = None,
    column: str = "opened_at",
) -> Select[Any]:
    """Equality filters that were given, and a time window on `column`."""
    for name, value in equal.items():
        if value is not None:
            query = query.where(table.c[name] == value)
    if since is not None:
        query = query.where(table.c[column] >= since)
    if until is not None:
        query = query.where(table.c[column] < until)
    return query


def page_query(
    query: Select[Any], table: Table, principal: Principal, cursor: str | None, limit: int
) -> Select[Any]:
    """Oldest first by time-ordered id; customers (and partners) see only their own rows."""
    if principal.kind in ("customer", "partner"):
        query = query.where(table.c.customer_id == principal.customer_id)
    after = decode_cursor(cursor)
    if after:
        query = query.where(table.c.id > after)
    return query.order_by(table.c.id).limit(limit + 1)


def cursor_after_page(rows: Sequence[Any], limit: int) -> str | None:
    """A cursor after the page's last row, only when `page_query` read a row beyond it."""
    return encode_cursor(str(rows[limit - 1]["id"])) if len(rows) > limit else None
