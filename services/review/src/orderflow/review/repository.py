"""Rounds, held checks, customers and order content in review's own database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import TypeAdapter
from sqlalchemy import Select, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.contracts.types import Department
from orderflow.review import models
from orderflow.review.domain.round import CLOSED, Round
from orderflow.review.domain.rules import CustomerFacts

ROUND = TypeAdapter(Round)


class StaleRoundError(Exception):
    """The round changed under us (a concurrent writer); the caller retries or answers 412."""


async def get_round(session: AsyncSession, round_id: UUID) -> tuple[Round, int] | None:
    """The round and its row version (the ETag)."""
    row = (
        await session.execute(
            select(models.rounds.c.state, models.rounds.c.version).where(
                models.rounds.c.round_id == str(round_id)
            )
        )
    ).first()
    return None if row is None else (ROUND.validate_python(row.state), row.version)


async def open_rounds_of(session: AsyncSession, order_id: UUID) -> list[tuple[Round, int]]:
    rows = await session.execute(
        select(models.rounds.c.state, models.rounds.c.version)
        .where(models.rounds.c.order_id == str(order_id))
        .where(models.rounds.c.status.not_in([s.value for s in CLOSED]))
    )
    return [(ROUND.validate_python(row.state), row.version) for row in rows]


async def add_round(session: AsyncSession, the_round: Round) -> None:
    await session.execute(insert(models.rounds).values(**_columns(the_round), version=1))
    await _sync_held(session, the_round)


async def save_round(session: AsyncSession, the_round: Round, read_version: int) -> int:
    """Write the round if nobody changed it since `read_version`; the new version."""
    result = await session.execute(
        update(models.rounds)
        .where(models.rounds.c.round_id == str(the_round.round_id))
        .where(models.rounds.c.version == read_version)
        .values(**_columns(the_round), version=read_version + 1)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleRoundError(str(the_round.round_id))
    await _sync_held(session, the_round)
    return read_version + 1


def _columns(the_round: Round) -> dict[str, Any]:
    return {
        "round_id": str(the_round.round_id),
        "order_id": str(the_round.order_id),
        "customer_id": str(the_round.customer_id),
        "kind": the_round.kind.value,
        "revision": the_round.revision,
        "status": the_round.status.value,
        "opened_at": the_round.opened_at,
        "deadline": the_round.deadline,
        "state": ROUND.dump_python(the_round, mode="json"),
    }


async def _sync_held(session: AsyncSession, the_round: Round) -> None:
    """Keep the reviewers' list in step with the round's checks that wait for a person."""
    held = models.held_checks
    await session.execute(delete(held).where(held.c.round_id == str(the_round.round_id)))
    waiting = the_round.awaiting_person() if not the_round.is_closed else ()
    if waiting:
        since = {e.department: e.at for e in the_round.history if e.what == "checked"}
        rows = [
            {
                "round_id": str(the_round.round_id),
                "department": check.department.value,
                "order_id": str(the_round.order_id),
                "held_since": since.get(check.department, the_round.opened_at),
                "due_at": the_round.deadline,
            }
            for check in waiting
        ]
        await session.execute(insert(held), rows)


def rounds_query() -> Select[Any]:
    return select(models.rounds.c.seq, models.rounds.c.state, models.rounds.c.version)


def held_query(department: Department) -> Select[Any]:
    held = models.held_checks
    return (
        select(held, models.rounds.c.state, models.rounds.c.version)
        .join(models.rounds, models.rounds.c.round_id == held.c.round_id)
        .where(held.c.department == department.value)
    )


async def customer(session: AsyncSession, customer_id: UUID) -> CustomerFacts | None:
    query = select(models.customers.c.facts).where(
        models.customers.c.customer_id == str(customer_id)
    )
    facts = (await session.execute(query)).scalar_one_or_none()
    return None if facts is None else CustomerFacts.model_validate(facts)


async def remember_customer(session: AsyncSession, facts: CustomerFacts, now: datetime) -> None:
    key = str(facts.customer_id)
    values = {"facts": facts.model_dump(mode="json"), "updated_at": now}
    table = models.customers
    result = await session.execute(update(table).where(table.c.customer_id == key).values(**values))
    if result.rowcount == 0:  # type: ignore[attr-defined]
        await session.execute(insert(table).values(customer_id=key, **values))


async def order_snapshot(session: AsyncSession, order_id: UUID) -> OrderSnapshot | None:
    query = select(models.orders.c.snapshot).where(models.orders.c.order_id == str(order_id))
    snapshot = (await session.execute(query)).scalar_one_or_none()
    return None if snapshot is None else OrderSnapshot.model_validate(snapshot)


async def remember_order(session: AsyncSession, order_id: UUID, snapshot: OrderSnapshot) -> None:
    """Keep the newest version of the order's content (events may repeat)."""
    table, key = models.orders, str(order_id)
    values = {"order_version": snapshot.version, "snapshot": snapshot.model_dump(mode="json")}
    current = (
        await session.execute(select(table.c.order_version).where(table.c.order_id == key))
    ).scalar_one_or_none()
    if current is None:
        await session.execute(insert(table).values(order_id=key, **values))
    elif current <= snapshot.version:
        await session.execute(update(table).where(table.c.order_id == key).values(**values))


def rounds_from(rows: Sequence[Any]) -> list[tuple[int, Round, int]]:
    return [(row.seq, ROUND.validate_python(row.state), row.version) for row in rows]
