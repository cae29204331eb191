"""Loading and saving the state projections keep between events: orders, customers, others."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.reporting import domain
from orderflow.reporting.models import MILLI, customer_values, entity_states, order_files

ORDER_COLUMNS = ("customer_id", "channel", "region", "status", "currency", "total")


async def load(session: AsyncSession, keys: set[str]) -> domain.State:
    state: domain.State = {}
    for key in keys:
        kind, _, entity_id = key.partition(":")
        if kind == "order":
            row = (
                (
                    await session.execute(
                        select(order_files).where(order_files.c.order_id == entity_id)
                    )
                )
                .mappings()
                .first()
            )
            if row is not None:
                state[key] = {
                    **row["data"],
                    **{c: row[c] for c in ORDER_COLUMNS},
                    "events": row["events"],
                }
        elif kind == "customer":
            row = (
                (
                    await session.execute(
                        select(customer_values).where(customer_values.c.customer_id == entity_id)
                    )
                )
                .mappings()
                .first()
            )
            if row is not None:
                state[key] = _customer_state(dict(row))
        else:
            data = await session.scalar(
                select(entity_states.c.data).where(
                    entity_states.c.kind == kind, entity_states.c.entity_id == entity_id
                )
            )
            if data is not None:
                state[key] = dict(data)
    return state


def _customer_state(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "orders": row["orders"],
        "revenue": str(Decimal(row["revenue_milli"]) / MILLI),
        "first_order_on": row["first_order_on"].isoformat(),
        "last_order_on": row["last_order_on"].isoformat(),
    }


async def save(session: AsyncSession, changed: domain.State, existing: set[str]) -> None:
    for key, value in changed.items():
        kind, _, entity_id = key.partition(":")
        if kind == "order":
            table, where, row = (
                order_files,
                order_files.c.order_id == entity_id,
                order_row(entity_id, value),
            )
        elif kind == "customer":
            table, where = customer_values, customer_values.c.customer_id == entity_id
            row = customer_row(entity_id, value)
        else:
            table = entity_states
            where = (entity_states.c.kind == kind) & (entity_states.c.entity_id == entity_id)
            row = {"kind": kind, "entity_id": entity_id, "data": value}
        if key in existing:
            await session.execute(update(table).where(where).values(row))
        else:
            await session.execute(insert(table).values(row))


def customer_row(customer_id: str, value: dict[str, Any]) -> dict[str, Any]:
    return {
        "customer_id": customer_id,
        "orders": value["orders"],
        "revenue_milli": int(Decimal(value["revenue"]) * MILLI),
        "first_order_on": date.fromisoformat(value["first_order_on"]),
        "last_order_on": date.fromisoformat(value["last_order_on"]),
    }


def order_row(order_id: str, value: dict[str, Any]) -> dict[str, Any]:
    received = value.get("received_at")
    return {
        "order_id": order_id,
        **{c: value.get(c) for c in ORDER_COLUMNS},
        "received_at": datetime.fromisoformat(received) if received else None,
        "updated_at": datetime.fromisoformat(value["updated_at"]),
        "events": value["events"],
        "data": {k: v for k, v in value.items() if k not in (*ORDER_COLUMNS, "events")},
    }
