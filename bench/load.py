"""A small asyncio load generator (aiohttp): closed loop at a fixed concurrency, or open loop
at a fixed arrival rate. Both intake and the bare endpoint are driven by the same code."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import aiohttp

Request = Callable[[aiohttp.ClientSession, int], Awaitable[int]]
"""Send request number i; return the HTTP status."""

Tick = Callable[[int], None]


@dataclass
class Result:
    seconds: float
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    statuses: Counter[int] = field(default_factory=Counter)

    @property
    def ok(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def summary(self) -> dict[str, float | int | dict[str, int]]:
        return {
            "requests_ok": self.ok,
            "seconds": round(self.seconds, 2),
            "per_second": round(self.throughput, 1),
            **{k: round(v * 1000, 1) for k, v in percentiles(self.latencies).items()},
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
        }


def percentiles(values: list[float]) -> dict[str, float]:
    """p50/p95/p99 (nearest rank) in the values' unit, keyed `p50_ms` … (callers scale)."""
    if not values:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered)) - 1))]

    return {"p50_ms": rank(0.50), "p95_ms": rank(0.95), "p99_ms": rank(0.99)}


def session(concurrency: int) -> aiohttp.ClientSession:
    # One keep-alive connection per worker, like a pool of clients.
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60))


async def closed_loop(
    request: Request, *, concurrency: int, seconds: float, tick: Tick | None = None
) -> Result:
    """`concurrency` workers send back-to-back requests for `seconds` (after a short warm-up)."""
    result = Result(seconds)
    counter = iter(range(10**9))
    async with session(concurrency) as http:
        warm_until = time.monotonic() + min(2.0, seconds / 5)
        await asyncio.gather(
            *(_worker(request, http, counter, warm_until, None) for _ in range(concurrency))
        )
        start = time.monotonic()
        stop_at = start + seconds
        await asyncio.gather(
            *(_worker(request, http, counter, stop_at, (result, tick)) for _ in range(concurrency))
        )
        result.seconds = time.monotonic() - start
    return result


async def _worker(
    request: Request,
    http: aiohttp.ClientSession,
    counter: object,
    stop_at: float,
    record: tuple[Result, Tick | None] | None,
) -> None:
    numbers = counter  # a shared iterator: every request gets its own number
    while time.monotonic() < stop_at:
        i = next(numbers)  # type: ignore[call-overload]
        began = time.monotonic()
        try:
            status = await request(http, i)
        except (aiohttp.ClientError, TimeoutError):
            status = 599
        if record is None:
            continue
        result, tick = record
        result.statuses[status] += 1
        if 200 <= status < 300:
            result.latencies.append(time.monotonic() - began)
        if tick is not None:
            tick(1)


async def open_loop(
    request: Request, *, rate: float, seconds: float, limit: int = 512, tick: Tick | None = None
) -> Result:
    """Arrivals on a fixed schedule whatever the answers; latency counts from the schedule
    (no coordinated omission: a slow server does not slow the arrivals down)."""
    result = Result(seconds)
    total = int(rate * seconds)
    async with session(limit) as http:
        start = time.monotonic()

        async def one(i: int) -> None:
            due = start + i / rate
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            try:
                status = await request(http, i)
            except (aiohttp.ClientError, TimeoutError):
                status = 599
            result.statuses[status] += 1
            if 200 <= status < 300:
                result.latencies.append(time.monotonic() - due)
            if tick is not None:
                tick(1)

        await asyncio.gather(*(one(i) for i in range(total)))
        result.seconds = time.monotonic() - start
    return result
