"""Benchmark 4: the embedded mode (`orderflow up`: one process, SQLite files, in-process
bus), a 1 000-order demo from a cold start to the last order approved."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench import orders
from bench.progress import Progress
from bench.stack import Ports, Server, orderflow_bin, spawn

SKU, ITEM = "CHAIR-DEMO", "OAK-DEMO"
PAST_APPROVAL = ("approved", "in_production", "ready_to_ship", "shipped", "delivered")


def approved(data_dir: Path) -> int:
    """Orders at or past approval, read straight from intake's SQLite file (cheap to poll)."""
    with sqlite3.connect(f"file:{data_dir / 'intake.sqlite3'}?mode=ro", uri=True, timeout=5) as db:
        marks = ",".join("?" * len(PAST_APPROVAL))
        row = db.execute(f"SELECT count(*) FROM orders WHERE status IN ({marks})", PAST_APPROVAL)  # noqa: S608
        return int(row.fetchone()[0])


async def run(
    ports: Ports, progress: Progress, *, count: int, log: Path, max_seconds: float = 300
) -> dict[str, Any]:
    data_dir = ports.var / "embedded"
    shutil.rmtree(data_dir, ignore_errors=True)
    port = ports.intake_alone + 2
    began = time.monotonic()
    server = spawn(
        Server("embedded", port),
        [
            orderflow_bin(ports),
            "up",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
            "--log-level",
            "WARNING",
        ],
        dict(ports.env()),
        log,
    )
    try:
        await server.wait_ready("/intake/readyz")
        ready = time.monotonic() - began
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            await orders.catalogs(http, SKU, ITEM)
            customer_ids = await orders.customers(http, "/intake", 50)
            await orders.credit(http, customer_ids)
            set_up = time.monotonic() - began
            tick = progress.task("4. embedded submitted", total=count)
            sem = asyncio.Semaphore(16)

            async def one(i: int) -> None:
                body = orders.order_body(
                    customer_ids[i % 50], SKU, (i // 50) % orders.QUANTITIES + 1
                )
                async with sem:
                    made = await http.post(
                        "/intake/v1/orders",
                        content=json.dumps(body),
                        headers={
                            **orders.SALES,
                            **orders.key(),
                            "Content-Type": "application/json",
                        },
                    )
                    orders.ok(made, 201)
                    submitted = await http.post(
                        f"/intake/v1/orders/{made.json()['id']}/submission",
                        headers={**orders.SALES, "If-Match": made.headers["ETag"]},
                    )
                    orders.ok(submitted, 200)
                tick(1)

            await asyncio.gather(*(one(i) for i in range(count)))
            submitted_at = time.monotonic() - began
            done_tick = progress.task("4. embedded approved", total=count)
            seen, stalled = 0, time.monotonic()
            while (
                seen < count
                and time.monotonic() - stalled < 60
                and time.monotonic() - began < max_seconds
            ):
                now_seen = approved(data_dir)
                if now_seen != seen:
                    done_tick(now_seen - seen)
                    seen, stalled = now_seen, time.monotonic()
                await asyncio.sleep(0.2)
        total = time.monotonic() - began
    finally:
        server.stop()
    return {
        "orders": count,
        "approved": seen,
        "ready_seconds": round(ready, 2),
        "setup_done_seconds": round(set_up, 2),
        "all_submitted_seconds": round(submitted_at, 2),
        "total_seconds": round(total, 2),
        "target_seconds": 30,
        "met": seen >= count and total < 30,
        "python": sys.version.split()[0],
    }
