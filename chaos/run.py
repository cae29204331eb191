"""One chaos run: fresh stack, catalog, poison, load with faults spaced through it, settle,
check, report (issue 10). Returns the exit status: 0 only when every check passed."""

from __future__ import annotations

import asyncio
import shutil
import socket
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx

from chaos import checker, faults, load, report
from chaos.api import Api
from chaos.checker import Check
from chaos.faults import Clock, Injection
from chaos.stack import Ports, Stack, StackError


@dataclass(frozen=True)
class Options:
    orders: int
    var: Path
    keep: bool = False
    stop_only: bool = False
    concurrency: int = 12
    rate: float = 0.0
    customers: int = 50
    products: int = 20
    poison: int = 3
    kafka_down: float = 5.0
    consumer: str = "production"
    relay: str = "intake"
    settle_timeout: float = 0.0  # 0: scaled with the number of orders
    stall: float = 90.0  # settling gives up when nothing moved for this long
    replicas: str = ""
    ports: Ports = field(default_factory=Ports)

    @property
    def report_path(self) -> Path:
        return self.var / "report.json"


def say(message: str) -> None:
    print(f"chaos: {message}", file=sys.stderr, flush=True)


async def fresh(stack: Stack) -> None:
    """Stop whatever an earlier run left under the var directory, then start from nothing."""
    if stack.var.exists():
        try:
            await stack.stop()
        except StackError as exc:
            say(f"note: stopping the previous stack: {exc}")
        shutil.rmtree(stack.var)
    ports = (stack.ports.pg, stack.ports.kafka, stack.ports.controller, stack.ports.proxy)
    deadline = time.monotonic() + 30
    while (busy := [p for p in ports if port_in_use(p)]) and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.5)  # a server stopped just now may still hold its port
    if busy:
        raise StackError(f"ports {busy} are in use by another process")


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


async def replicated(stack: Stack, customers: int, products: int, deadline_s: float = 120) -> None:
    """Wait until review knows the customers and production the stock (both learn by event)."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        review = await asyncpg.connect(stack.dsn("review"))
        production = await asyncpg.connect(stack.dsn("production"))
        try:
            known = await review.fetchval("SELECT count(*) FROM review_customers")
            stock = await production.fetchval("SELECT count(*) FROM material_availability")
        finally:
            await review.close()
            await production.close()
        if known >= customers and stock >= products:
            return
        await asyncio.sleep(0.5)  # poll interval, bounded by the deadline
    raise StackError(f"catalog not replicated within {deadline_s}s")


async def drive_faults(
    opts: Options, stack: Stack, clock: Clock, progress: load.Progress
) -> list[Injection]:
    """Each fault once, when its share of the orders has been submitted (or the load ended)."""
    plan: list[tuple[float, Callable[[], Awaitable[Injection]]]] = [
        (0.15, lambda: faults.kill_relay(stack, clock, opts.relay)),
        (0.35, lambda: faults.kafka_outage(stack, clock, opts.kafka_down)),
        (0.55, lambda: faults.kill_consumer(stack, clock, opts.consumer)),
        (0.75, lambda: faults.restart_postgres(stack, clock)),
    ]
    done: list[Injection] = []
    for share, inject in plan:
        while len(progress.submitted) < share * progress.total and progress.finished is None:  # noqa: ASYNC110
            await asyncio.sleep(0.1)  # poll the load's progress
        try:
            injection = await inject()
        except (StackError, OSError, asyncpg.PostgresError) as exc:
            # Recorded as a failed injection (a failed check); bring the stack back and go on.
            injection = Injection("FAILED injection", "", clock.now(), 0.0, repr(exc)[:300])
            await stack.start()
        say(f"t+{injection.at:.0f}s {injection.fault} {injection.target}: {injection.observed}")
        done.append(injection)
    return done


async def main(opts: Options) -> int:
    stack = Stack(opts.var, opts.ports, opts.replicas)
    began = time.monotonic()
    if opts.stop_only:
        await stack.stop()
        return 0
    await fresh(stack)
    say(f"starting the chaos stack under {stack.var} (proxy {stack.base_url})")
    try:
        return await _run(opts, stack, began)
    finally:
        if opts.keep:
            say(
                f"stack kept at {stack.base_url}; stop it: python -m chaos --stop --var {stack.var}"
            )
        else:
            await stack.stop()


async def _run(opts: Options, stack: Stack, began: float) -> int:
    startup = await stack.start()
    clock = Clock()
    say(f"stack ready in {startup:.0f}s; preparing the catalog")
    limits = httpx.Limits(max_connections=opts.concurrency + 8)
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=30, limits=limits) as http:
        api = Api(http)
        catalog = await load.prepare(api, opts.customers, opts.products)
        await replicated(stack, opts.customers, opts.products)
        injections = [await faults.poison(stack, clock, opts.poison)]
        progress = load.Progress(opts.orders)
        say(f"t+{clock.now():.0f}s submitting {opts.orders} orders")
        running = asyncio.create_task(load.run(api, catalog, progress, opts.concurrency, opts.rate))
        try:
            injections += await drive_faults(opts, stack, clock, progress)
            await running
        finally:
            running.cancel()
    load_s = (progress.finished or time.monotonic()) - progress.started
    submitted = len(progress.submitted)
    say(f"t+{clock.now():.0f}s {submitted} orders submitted in {load_s:.0f}s; settling")
    cap = opts.settle_timeout or max(600.0, opts.orders * 0.3)
    waited, counts = await checker.settle(stack, len(progress.submitted), opts.stall, cap)
    say(f"t+{clock.now():.0f}s quiet after {waited:.0f}s: {counts}; checking")
    failed = [i.observed for i in injections if i.fault == "FAILED injection"]
    checks = [
        Check(
            "faults: every fault injected",
            "5 injections (poison, relay, broker, consumer, PostgreSQL)",
            f"{len(injections) - len(failed)} injected" + (f"; {failed[0]}" if failed else ""),
            not failed,
        ),
        Check(
            "load: every order accepted by the API",
            f"{opts.orders} submitted",
            f"{len(progress.submitted)} submitted, {len(progress.failures)} failed, "
            f"{api.retries} retried requests",
            len(progress.submitted) == opts.orders and not progress.failures,
        ),
        *await checker.check(stack, progress.submitted, opts.poison),
    ]
    for failure in progress.failures[:5]:
        say(f"load failure: {failure}")
    total = time.monotonic() - began
    summary = (
        f"{opts.orders} orders, load {load_s:.0f}s, settled {waited:.0f}s after, "
        f"wall {total:.0f}s (stack start {startup:.0f}s): "
        + ("ALL CHECKS PASSED" if all(c.ok for c in checks) else "CHECKS FAILED")
    )
    report.show(injections, checks, summary)
    facts = {
        "orders": opts.orders,
        "wall_seconds": round(total, 1),
        "load_seconds": round(load_s, 1),
        "settle_seconds": round(waited, 1),
        "stack_start_seconds": round(startup, 1),
        "last_counts": counts,
    }
    report.write(opts.report_path, facts, injections, checks)
    say(f"report: {opts.report_path}")
    return 0 if all(c.ok for c in checks) else 1
