"""Benchmark 1: intake's `POST /v1/orders` against a bare FastAPI + asyncpg insert.

Both run as one uvicorn process (one worker) on the same PostgreSQL; the same load
generator drives them at the same concurrency with the same body."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp
import httpx

from bench import load, orders
from bench.progress import Progress
from bench.stack import Ports, Server, orderflow_bin, recreate_database, spawn

PREFIX = "bench1."  # intake's events go to topics nobody else consumes


def _intake_env(ports: Ports) -> dict[str, str]:
    return {
        **ports.env(),
        "ORDERFLOW_INTAKE_DATABASE_URL": (
            f"postgresql+asyncpg://orderflow:orderflow@127.0.0.1:{ports.pg}/bench_intake"
        ),
        "ORDERFLOW_KAFKA_BOOTSTRAP_SERVERS": ports.bootstrap,
        "ORDERFLOW_KAFKA_TOPIC_PREFIX": PREFIX,
        "ORDERFLOW_BUS": "kafka",
        "ORDERFLOW_LOG_LEVEL": "WARNING",
    }


async def start(ports: Ports, log: Path) -> tuple[Server, Server]:
    from orderflow.contracts import registry
    from orderflow.contracts.base import PRODUCERS
    from orderflow.runtime.bus.kafka import ensure_topics

    await recreate_database(ports, "bench_intake")
    await recreate_database(ports, "bench_bare")
    # Intake also consumes the other services' topics: they must exist under the prefix.
    await ensure_topics(ports.bootstrap, [PREFIX + registry.topic_for(p) for p in PRODUCERS])
    env = _intake_env(ports)
    await asyncio.to_thread(
        subprocess.run,
        [orderflow_bin(ports), "migrate", "intake"],
        env=env,
        check=True,
        capture_output=True,
    )
    intake = spawn(
        Server("intake", ports.intake_alone),
        [orderflow_bin(ports), "serve", "intake", "--port", str(ports.intake_alone)],
        env,
        log,
    )
    bare = spawn(
        Server("bare", ports.bare),
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.bare:app",
            "--port",
            str(ports.bare),
            "--workers",
            "1",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        {**ports.env(), "BENCH_BARE_DSN": ports.dsn("bench_bare")},
        log,
    )
    try:
        await intake.wait_ready("/readyz")
        await bare.wait_ready("/livez")
    except BaseException:
        intake.stop()
        bare.stop()
        raise
    return intake, bare


async def run(
    ports: Ports, progress: Progress, *, concurrency: int, seconds: float, log: Path
) -> dict[str, Any]:
    intake, bare = await start(ports, log)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{ports.intake_alone}") as http:
            customer_ids = await orders.customers(http, "", 200)
        bodies = [
            json.dumps(orders.order_body(c, "CHAIR-BENCH", q + 1)).encode()
            for q in range(orders.QUANTITIES)
            for c in customer_ids
        ]
        results: dict[str, load.Result] = {}
        for name, server in (("bare", bare), ("intake", intake)):
            url = f"http://127.0.0.1:{server.port}{'/orders' if name == 'bare' else '/v1/orders'}"
            results[name] = await load.closed_loop(
                _poster(url, bodies),
                concurrency=concurrency,
                seconds=seconds,
                tick=progress.task(f"1. POST /orders {name}", total=None),
            )
    finally:
        intake.stop()
        bare.stop()
    ratio = results["intake"].throughput / results["bare"].throughput
    return {
        "concurrency": concurrency,
        "seconds": seconds,
        "workers": 1,
        "bare": results["bare"].summary(),
        "intake": results["intake"].summary(),
        "ratio": round(ratio, 3),
        "target_ratio": 0.5,
        "met": ratio >= 0.5,
    }


def _poster(url: str, bodies: list[bytes]) -> load.Request:
    headers = {**orders.SALES, "Content-Type": "application/json"}

    async def post(http: aiohttp.ClientSession, i: int) -> int:
        # A fresh Idempotency-Key per request: intake stores it, as a real client's would be.
        async with http.post(
            url, data=bodies[i % len(bodies)], headers={**headers, **orders.key()}
        ) as response:
            await response.read()
            return response.status

    return post
