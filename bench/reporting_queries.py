"""Benchmark: reporting's query time stays flat as the archive grows (R-8.2, R-9.3).

    uv run python bench/reporting_queries.py --events 1000000 [--database-url URL]

Projects synthetic order histories with the service's own pure projection (`domain.project`,
the code the consumer runs per event) and bulk-writes the archive and the read models it
produced; `--incremental` instead runs the consumer's per-event transaction path (slow: about
10 ms per event on SQLite). At 10k, 100k and 1M archived events it times the queries the API
and dashboard run (median of 7). Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from orderflow.contracts import Envelope, EventPayload, intake, production, review, uuid7
from orderflow.contracts.intake import OrderStatus as S
from orderflow.contracts.snapshot import Channel, DeliveryPlace, OrderLineSnapshot, OrderSnapshot
from orderflow.contracts.types import CheckResult, Department, RoundKind, Verdict
from orderflow.reporting import domain, order_reads, queries, state_store, store
from orderflow.reporting.api.kpis import report
from orderflow.reporting.main import DEFINITION
from orderflow.reporting.models import (
    archive,
    customer_values,
    entity_states,
    measures,
    order_files,
    timeline,
)
from orderflow.runtime import migrations
from orderflow.runtime.db import create_engine, session_factory

START = datetime(2025, 1, 1, tzinfo=UTC)
CHANNELS = list(Channel)
CHECKPOINTS = (10_000, 100_000, 1_000_000)


def order_history(n: int) -> Iterator[Envelope[EventPayload]]:
    """About twelve events of one order's life, spread over a year of days."""
    order_id, round_id, plan, task = uuid7(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    t0 = START + timedelta(days=n % 365, hours=n % 9)
    lines = tuple(
        OrderLineSnapshot(
            line_no=k + 1,
            product_code=f"P{(n + k) % 50}",
            description="item",
            quantity=Decimal(1),
            unit="pc",
            unit_price=Decimal(100 + k),
            line_total=Decimal(100 + k),
        )
        for k in range(1 + n % 3)
    )
    total = sum((line.line_total for line in lines), Decimal(0))
    snap = OrderSnapshot(
        customer_id=uuid.UUID(int=n % 2000 + 1),
        channel=CHANNELS[n % len(CHANNELS)],
        version=1,
        revision=0,
        currency="EUR",
        lines=lines,
        subtotal=total,
        total=total,
        payment_terms="NET30",
        requested_delivery_date=(t0 + timedelta(days=14)).date(),
        delivery_place=DeliveryPlace(country="DE", region=f"R{n % 16}"),
    )

    def ev(payload: EventPayload, hours: float) -> Envelope[EventPayload]:
        return Envelope.new(payload, order_id=order_id, occurred_at=t0 + timedelta(hours=hours))

    def move(cls: type[intake.OrderTransition], a: S, b: S, **f: object) -> EventPayload:
        return cls.model_validate({"from_status": a, "to_status": b, **f})

    yield ev(intake.OrderCreated(order=snap, received_at=t0), 0)
    yield ev(move(intake.OrderSubmitted, S.DRAFT, S.UNDER_REVIEW, order=snap), 1)
    yield ev(
        review.RoundOpened(
            round_id=round_id,
            kind=RoundKind.REVIEW,
            revision=0,
            order_version=1,
            deadline=t0 + timedelta(hours=24),
            departments=(Department.SALES,),
        ),
        1,
    )
    for k, dept in enumerate((Department.SALES, Department.FINANCE)):
        yield ev(
            review.DepartmentCheckRecorded(
                round_id=round_id,
                kind=RoundKind.REVIEW,
                department=dept,
                result=CheckResult(verdict=Verdict.PASS),
                source=review.CheckSource.PERSON,
                decided_by=f"reviewer{(n + k) % 40}",
            ),
            2 + (n % 30),
        )
    yield ev(
        move(intake.OrderApproved, S.UNDER_REVIEW, S.APPROVED, round_id=round_id, revision=0), 33
    )
    yield ev(
        move(
            intake.OrderProductionStarted,
            S.APPROVED,
            S.IN_PRODUCTION,
            plan_id=plan,
            planned_completion_date=(t0 + timedelta(days=5)).date(),
        ),
        40,
    )
    yield ev(
        production.ProductionTaskAssigned(
            task_id=task,
            plan_id=plan,
            operation_no=1,
            work_center_id=uuid.UUID(int=n % 10 + 1),
            work_center_kind=production.WorkCenterKind.LINE,
            responsible_person_id=f"worker{n % 60}",
            quantity=Decimal(1),
            start_on=(t0 + timedelta(days=2)).date(),
            end_on=(t0 + timedelta(days=4)).date(),
        ),
        41,
    )
    yield ev(
        production.ProductionProgressReported(
            task_id=task, plan_id=plan, percent_done=Decimal(100), task_done=True
        ),
        90 + n % 20,
    )
    yield ev(
        move(
            intake.OrderProductionCompleted,
            S.IN_PRODUCTION,
            S.READY_TO_SHIP,
            plan_id=plan,
            qc_report_id=uuid.uuid4(),
        ),
        120 + n % 30,
    )
    yield ev(
        move(intake.OrderShipped, S.READY_TO_SHIP, S.SHIPPED, shipment_ids=(uuid.uuid4(),)), 160
    )
    delivered = t0 + timedelta(hours=200 + n % 150)
    yield ev(
        move(
            intake.OrderDelivered,
            S.SHIPPED,
            S.DELIVERED,
            delivered_at=delivered,
            proof_ids=(uuid.uuid4(),),
        ),
        200 + n % 150,
    )


def events() -> Iterator[Envelope[EventPayload]]:
    n = 0
    while True:
        yield from order_history(n)
        n += 1


async def load(engine: AsyncEngine, source: Iterator[Envelope[EventPayload]], count: int) -> None:
    """The consumer's path: archive insert and read-model update, 1000 events a transaction."""
    sessions = session_factory(engine)
    left = count
    while left > 0:
        batch = min(left, 1000)
        async with sessions() as session, session.begin():
            for _ in range(batch):
                event = next(source)
                if await store.archive_event(session, event, START):
                    await store.apply(session, event)
        left -= batch


class BulkLoader:
    """The same projection in memory; archive appended and read models rewritten in bulk."""

    def __init__(self) -> None:
        self.state: domain.State = {}
        self.facts: dict[tuple[str, str, date, str, str], list[int]] = {}
        self.timeline: list[dict[str, object]] = []

    async def load(
        self, engine: AsyncEngine, source: Iterator[Envelope[EventPayload]], count: int
    ) -> None:
        archived: list[dict[str, object]] = []
        for _ in range(count):
            event = next(source)
            archived.append(store.archive_row(event, START))
            effects = domain.project(event, self.state)
            self.state.update(effects.changed)
            for key, (total, count) in store.fact_rows(effects.facts).items():
                sums = self.facts.setdefault(key, [0, 0])
                sums[0] += total
                sums[1] += count
            if effects.timeline is not None:
                self.timeline.append(store.timeline_row(event, effects.timeline))
        async with session_factory(engine)() as session, session.begin():
            await bulk(session, archive, archived)
            await store.clear_read_models(session)
            await bulk(session, timeline, self.timeline)
            await bulk(
                session,
                measures,
                [
                    {
                        "measure": m,
                        "grain": g,
                        "day": d,
                        "dimension": dim,
                        "key": k,
                        "total_milli": t,
                        "count": c,
                    }
                    for (m, g, d, dim, k), (t, c) in self.facts.items()
                ],
            )
            rows: dict[str, list[dict[str, object]]] = {"order": [], "customer": [], "other": []}
            for state_key, value in self.state.items():
                kind, _, entity_id = state_key.partition(":")
                if kind == "order":
                    rows["order"].append(state_store.order_row(entity_id, value))
                elif kind == "customer":
                    rows["customer"].append(state_store.customer_row(entity_id, value))
                else:
                    rows["other"].append({"kind": kind, "entity_id": entity_id, "data": value})
            await bulk(session, order_files, rows["order"])
            await bulk(session, customer_values, rows["customer"])
            await bulk(session, entity_states, rows["other"])


async def bulk(session: AsyncSession, table: Table, rows: list[dict[str, object]]) -> None:
    for start in range(0, len(rows), 5000):
        await session.execute(insert(table), rows[start : start + 5000])


async def timed(engine: AsyncEngine, query: Callable[..., Awaitable[object]]) -> float:
    """Median milliseconds of seven runs, each in its own session."""
    runs = []
    for _ in range(7):
        async with session_factory(engine)() as session:
            began = time.perf_counter()
            await query(session)
            runs.append((time.perf_counter() - began) * 1000)
    return statistics.median(runs)


QUERIES: dict[str, Callable[..., Awaitable[object]]] = {
    "kpis, 30 days": lambda s: report(s, queries.Period(date(2025, 6, 1), date(2025, 6, 30))),
    "kpis, 1 year": lambda s: report(s, queries.Period(date(2025, 1, 1), date(2025, 12, 31))),
    "volume per day, 1 year": lambda s: queries.daily(
        s, "orders", queries.Period(date(2025, 1, 1), date(2025, 12, 31))
    ),
    "volume by product, 1 year": lambda s: queries.sums(
        s, "product_sales", queries.Period(date(2025, 1, 1), date(2025, 12, 31)), ("product",)
    ),
    "efficiency, 1 year": lambda s: queries.sums(
        s, "stage_hours", queries.Period(date(2025, 1, 1), date(2025, 12, 31)), ("stage",)
    ),
    "order list, first page": lambda s: order_reads.search(s, limit=50),
    "customers (RFM top 50)": lambda s: queries.customer_values(s, 50),
}


async def main(total: int, database_url: str | None, incremental: bool) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        engine = create_engine(database_url or f"sqlite+aiosqlite:///{scratch}/bench.sqlite3")
        await migrations.upgrade(engine, DEFINITION.migrations, DEFINITION.metadata)
        source, loaded, began = events(), 0, time.perf_counter()
        loader = load if incremental else BulkLoader().load
        print(f"{'archived events':>16} {'load s':>8}  " + "  ".join(f"{q} (ms)" for q in QUERIES))
        for checkpoint in (c for c in CHECKPOINTS if c <= total):
            await loader(engine, source, checkpoint - loaded)
            loaded = checkpoint
            gc.collect()
            gc.freeze()  # the loader's own millions of objects must not slow the timed queries
            figures = [await timed(engine, q) for q in QUERIES.values()]
            row = "  ".join(f"{f:>{len(q) + 5}.2f}" for q, f in zip(QUERIES, figures, strict=True))
            print(f"{loaded:>16} {time.perf_counter() - began:>8.0f}  {row}", flush=True)
        await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--database-url")
    parser.add_argument("--incremental", action="store_true")
    args = parser.parse_args()
    asyncio.run(main(args.events, args.database_url, args.incremental))
