"""Loading and saving the state projections keep between events: orders, customers, others.

`load`/`save` serve one event (`store.apply`); `Working` serves a batch (`store.apply_batch`):
it loads with one SELECT per table, keeps the state in memory from the batch's first event
to its last, and writes each changed entity once at the end.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, and_, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload
from orderflow.reporting import domain
from orderflow.reporting.models import MILLI, customer_values, entity_states, order_files

ORDER_COLUMNS = ("customer_id", "channel", "region", "status", "currency", "total")
Row = dict[str, Any]


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
                state[key] = _order_state(row)
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


async def load_many(session: AsyncSession, keys: set[str]) -> domain.State:
    """What `load` gives for `keys`, with one SELECT per table instead of one per key."""
    ids: dict[str, set[str]] = {}
    for key in keys:
        kind, _, entity_id = key.partition(":")
        ids.setdefault(kind, set()).add(entity_id)
    state: domain.State = {}
    if orders := ids.pop("order", None):
        query = select(order_files).where(order_files.c.order_id.in_(sorted(orders)))
        for row in (await session.execute(query)).mappings():
            state[f"order:{row['order_id']}"] = _order_state(row)
    if customers := ids.pop("customer", None):
        query = select(customer_values).where(customer_values.c.customer_id.in_(sorted(customers)))
        for row in (await session.execute(query)).mappings():
            state[f"customer:{row['customer_id']}"] = _customer_state(dict(row))
    if ids:
        state.update(await _load_entities(session, ids))
    return state


async def _load_entities(session: AsyncSession, ids: Mapping[str, set[str]]) -> domain.State:
    """entity_states rows of several kinds in one SELECT; ids asked under another kind drop."""
    query = select(entity_states).where(
        entity_states.c.kind.in_(sorted(ids)),
        entity_states.c.entity_id.in_(sorted(set().union(*ids.values()))),
    )
    return {
        f"{row['kind']}:{row['entity_id']}": dict(row["data"])
        for row in (await session.execute(query)).mappings()
        if row["entity_id"] in ids[row["kind"]]
    }


def _order_state(row: Mapping[Any, Any]) -> dict[str, Any]:
    return {**row["data"], **{c: row[c] for c in ORDER_COLUMNS}, "events": row["events"]}


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


def table_and_row(key: str, value: dict[str, Any]) -> tuple[Table, Row]:
    """The table and row `save` writes for one entity's state."""
    kind, _, entity_id = key.partition(":")
    if kind == "order":
        return order_files, order_row(entity_id, value)
    if kind == "customer":
        return customer_values, customer_row(entity_id, value)
    return entity_states, {"kind": kind, "entity_id": entity_id, "data": value}


def reloaded(key: str, table: Table, row: Row) -> dict[str, Any]:
    """The state `load` would give for `key` once `row` is saved, without reading it back.

    The JSON column goes through the same encoding as the database's (tuples become lists,
    key order kept) and the columns drop what they do not store (customer revenue in
    thousandths, order columns absent from the state read back as None), so the next event
    in a batch sees exactly what it would see after a commit.
    """
    if table is customer_values:
        return _customer_state(row)
    data = json.loads(json.dumps(row["data"]))
    if table is order_files:
        return _order_state({**row, "data": data})
    return dict(data)


@dataclass
class Working:
    """A batch's entities in memory: loaded once, changed by each event in order, saved once.

    `state` holds what the database would hand back at this point of the batch; `absent`
    the keys looked up and not found (nor created since); `existed` the keys the database
    had before the batch (their final row is an UPDATE, every other one an INSERT, as
    `save` decides one event at a time).
    """

    session: AsyncSession
    state: domain.State = field(default_factory=dict)
    absent: set[str] = field(default_factory=set)
    existed: set[str] = field(default_factory=set)
    rows: dict[str, tuple[Table, Row]] = field(default_factory=dict)

    async def preload(self, events: Iterable[Envelope[EventPayload]]) -> None:
        """Load what the events read, a round per level (order, then its customer, ...)."""
        events = list(events)
        while pending := self._unknown(*(domain.keys_for(e, self.state) for e in events)):
            await self._fetch(pending)

    async def view_for(self, event: Envelope[EventPayload]) -> domain.State:
        """The state `store.apply` would load for `event` now: the same keys, the same values.

        A copy: a rule may change what it reads in place, which `apply` would throw away.
        """
        view: domain.State = {}
        missing: set[str] = set()
        while pending := domain.keys_for(event, view) - view.keys() - missing:
            await self._fetch(self._unknown(pending))
            view.update({k: copy.deepcopy(self.state[k]) for k in pending if k in self.state})
            missing |= pending - view.keys()
        return view

    def record(self, changed: domain.State) -> None:
        """Keep an event's changes for the next events and for the final write."""
        for key, value in changed.items():
            table, row = table_and_row(key, value)
            self.rows[key] = (table, row)
            self.state[key] = reloaded(key, table, row)
            self.absent.discard(key)

    async def flush(self) -> None:
        """Write each changed entity once: per table one INSERT of the new, one UPDATE of the
        others (executemany)."""
        for table in (order_files, customer_values, entity_states):
            rows = [(key, row) for key, (t, row) in self.rows.items() if t is table]
            new = [row for key, row in rows if key not in self.existed]
            old = [row for key, row in rows if key in self.existed]
            if new:
                await self.session.execute(insert(table).values(new))
            if old:
                await self.session.execute(_update_by_key(table), [_keyed(table, r) for r in old])

    def _unknown(self, *keys: set[str]) -> set[str]:
        return set().union(*keys) - self.state.keys() - self.absent

    async def _fetch(self, keys: set[str]) -> None:
        if not keys:
            return
        loaded = await load_many(self.session, keys)
        self.state.update(loaded)
        self.existed |= loaded.keys()
        self.absent |= keys - loaded.keys()


def _update_by_key(table: Table) -> Any:
    """UPDATE of every column, the row found by its primary key (bound as `pk_<column>`)."""
    where = and_(*(c == bindparam(f"pk_{c.name}") for c in table.primary_key.columns))
    return update(table).where(where)


def _keyed(table: Table, row: Row) -> Row:
    return {**row, **{f"pk_{c.name}": row[c.name] for c in table.primary_key.columns}}
