"""Benchmark 2: orders from submission to approval across all seven services on Kafka and
PostgreSQL (deploy/topology.sh on the run's own ports): throughput and latency."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import httpx

from bench import kafka_watch, load, orders
from bench.progress import Progress
from bench.stack import SERVICES, Ports, deploy

SKU, ITEM = "CHAIR-BENCH", "OAK-BENCH"
CUSTOMERS = 200

_SERIALS = itertools.count()


async def setup(ports: Ports, log: Path) -> list[str]:
    deploy(ports, "topology.sh", "start", log=log)
    async with httpx.AsyncClient(base_url=ports.base_url, timeout=60) as http:
        await orders.catalogs(http, SKU, ITEM)
        customer_ids = await orders.customers(http, "/intake", CUSTOMERS)
        await orders.credit(http, customer_ids)
    await kafka_watch.drain(ports.bootstrap)  # review knows every customer before orders come
    return customer_ids


class Orders:
    """Creates drafts and submits them over the proxy, as a client would."""

    def __init__(self, ports: Ports, customer_ids: list[str]) -> None:
        self._base = ports.base_url
        self._customers = customer_ids
        self.submitted: dict[str, float] = {}
        self.failures: dict[str, int] = {}

    def _body(self) -> bytes:
        # One count across both phases: a (customer, quantity) used twice within intake's
        # duplicate window is held for clarification and never approved.
        i = next(_SERIALS)
        customer = self._customers[i % len(self._customers)]
        quantity = (i // len(self._customers)) % orders.QUANTITIES + 1
        return json.dumps(orders.order_body(customer, SKU, quantity)).encode()

    async def create(self, http: aiohttp.ClientSession) -> tuple[str, str] | None:
        headers = {**orders.SALES, **orders.key(), "Content-Type": "application/json"}
        async with http.post(
            f"{self._base}/intake/v1/orders", data=self._body(), headers=headers
        ) as r:
            if r.status != 201:
                self._fail(f"create {r.status}")
                return None
            made = await r.json()
            return str(made["id"]), r.headers["ETag"]

    async def submit(
        self, http: aiohttp.ClientSession, order_id: str, etag: str, at: float | None = None
    ) -> int:
        headers = {**orders.SALES, "If-Match": etag}
        self.submitted[order_id] = at if at is not None else time.monotonic()
        async with http.post(
            f"{self._base}/intake/v1/orders/{order_id}/submission", headers=headers
        ) as r:
            await r.read()
            if r.status != 200:
                self.submitted.pop(order_id, None)
                self._fail(f"submit {r.status}")
            return r.status

    def _fail(self, what: str) -> None:
        self.failures[what] = self.failures.get(what, 0) + 1


async def commits(ports: Ports) -> int:
    """Committed transactions in every service database so far (pg_stat_database)."""
    conn = await asyncpg.connect(ports.dsn("postgres"))
    try:
        names = list(SERVICES)
        value = await conn.fetchval(
            "SELECT sum(xact_commit) FROM pg_stat_database WHERE datname = ANY($1::text[])", names
        )
        return int(value or 0)
    finally:
        await conn.close()


async def throughput(
    ports: Ports,
    customer_ids: list[str],
    progress: Progress,
    *,
    count: int,
    concurrency: int,
    max_wait: float,
) -> dict[str, Any]:
    """Drafts first (not timed), then submit them all as fast as intake takes them."""
    flow = Orders(ports, customer_ids)
    drafts: list[tuple[str, str]] = []
    tick = progress.task("2a. drafts", total=count)
    async with load.session(concurrency) as http:
        sem = asyncio.Semaphore(concurrency)

        async def draft() -> None:
            async with sem:
                made = await flow.create(http)
            if made:
                drafts.append(made)
            tick(1)

        await asyncio.gather(*(draft() for _ in range(count)))
        await kafka_watch.drain(ports.bootstrap)
        watch = kafka_watch.Approvals(
            ports.bootstrap, progress.task("2b. approved", total=len(drafts))
        )
        await watch.start()
        commits_before, messages_before = (
            await commits(ports),
            await kafka_watch.produced(ports.bootstrap),
        )
        start = time.monotonic()

        async def submit(order_id: str, etag: str) -> None:
            async with sem:
                await flow.submit(http, order_id, etag)

        await asyncio.gather(*(submit(o, e) for o, e in drafts))
        submitted_in = time.monotonic() - start
        await watch.wait_for(set(flow.submitted), max_seconds=max_wait)
    await watch.stop()
    done = {o: t for o, t in watch.approved.items() if o in flow.submitted}
    # Approved orders over the time to the last approval (or to the end of the wait).
    seconds = (max(done.values()) - start) if done else float("nan")
    commit_count = await commits(ports) - commits_before
    message_count = await kafka_watch.produced(ports.bootstrap) - messages_before
    latencies = [done[o] - flow.submitted[o] for o in done]
    return {
        "orders": len(flow.submitted),
        "approved": len(done),
        "concurrency": concurrency,
        "submit_seconds": round(submitted_in, 2),
        "seconds": round(seconds, 2),
        "orders_per_second": round(len(done) / seconds, 1) if done else 0.0,
        **{k: round(v * 1000, 1) for k, v in load.percentiles(latencies).items()},
        "db_commits": commit_count,
        "db_commits_per_order": round(commit_count / max(1, len(done)), 1),
        "db_commits_per_second": round(commit_count / seconds, 1) if done else 0.0,
        "kafka_messages": message_count,
        "kafka_messages_per_second": round(message_count / seconds, 1) if done else 0.0,
        "failures": flow.failures,
        "intake_event_types": dict(watch.types),
        "target_orders_per_second": 200,
        "met": bool(done) and len(done) / seconds >= 200,
    }


async def steady(
    ports: Ports,
    customer_ids: list[str],
    progress: Progress,
    *,
    rate: float,
    seconds: float,
    max_wait: float,
) -> dict[str, Any]:
    """Open loop: `rate` new orders a second, each created and submitted on arrival; latency
    from the submission's send to the approval on intake's topic."""
    flow = Orders(ports, customer_ids)
    total = int(rate * seconds)
    await kafka_watch.drain(ports.bootstrap)
    watch = kafka_watch.Approvals(
        ports.bootstrap, progress.task(f"2c. {rate:.0f}/s approved", total=total)
    )
    await watch.start()
    arrivals = progress.task(f"2c. {rate:.0f}/s arrivals", total=total)
    async with load.session(512) as http:
        start = time.monotonic()

        async def one(i: int) -> None:
            await asyncio.sleep(max(0.0, start + i / rate - time.monotonic()))
            try:
                made = await flow.create(http)
                if made:
                    await flow.submit(http, *made)
            except (aiohttp.ClientError, TimeoutError) as exc:  # an overloaded server: count it
                flow.failures[type(exc).__name__] = flow.failures.get(type(exc).__name__, 0) + 1
            arrivals(1)

        await asyncio.gather(*(one(i) for i in range(total)))
        offered = time.monotonic() - start
        await watch.wait_for(set(flow.submitted), stall_seconds=30, max_seconds=max_wait)
    await watch.stop()
    done = {o: t for o, t in watch.approved.items() if o in flow.submitted}
    # An order not approved within the wait counts as infinitely late: percentiles stay honest.
    latencies = [done[o] - flow.submitted[o] for o in done]
    latencies += [float("inf")] * (len(flow.submitted) - len(done))
    p = load.percentiles(latencies)
    return {
        "rate": rate,
        "seconds": seconds,
        "offered_seconds": round(offered, 2),
        "orders": len(flow.submitted),
        "approved": len(done),
        **{k: round(v * 1000, 1) for k, v in p.items()},
        "failures": flow.failures,
        "target_p99_ms": 1000,
        "met": bool(done) and len(done) == total and p["p99_ms"] < 1.0,
    }
