"""Benchmark 3: what this machine can do at most, measured in the same run — PostgreSQL
commits per second (pgbench) and aiokafka produce→consume messages per second."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import tempfile
import time
import uuid
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from bench.progress import Progress
from bench.stack import Ports, recreate_database

PGBENCH = "/usr/bin/pgbench"
INSERT = "INSERT INTO bench_commits (body) VALUES ('{\"order\": 1}');\n"


async def postgres(ports: Ports, *, clients: int, seconds: int) -> dict[str, Any]:
    """One-row INSERT transactions (what the bare endpoint does) and pgbench's simple-update."""
    await recreate_database(ports, "pgbench")
    env = {**os.environ, "PGPASSWORD": "orderflow"}
    common = ["-h", "127.0.0.1", "-p", str(ports.pg), "-U", "orderflow"]
    await asyncio.to_thread(
        subprocess.run,
        [PGBENCH, "-i", "-q", "-s", "10", *common, "pgbench"],
        env=env,
        check=True,
        capture_output=True,
    )
    await asyncio.to_thread(
        subprocess.run,
        [
            "/usr/bin/psql",
            *common,
            "-d",
            "pgbench",
            "-c",
            "CREATE TABLE bench_commits (id bigserial PRIMARY KEY, body jsonb)",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(INSERT)
    out: dict[str, Any] = {"clients": clients, "seconds": seconds}
    for name, workload in (("insert_one_row", ["-f", script.name]), ("simple_update", ["-N"])):
        done = await asyncio.to_thread(
            subprocess.run,
            [
                PGBENCH,
                "-n",
                "-c",
                str(clients),
                "-j",
                "2",
                "-T",
                str(seconds),
                *workload,
                *common,
                "pgbench",
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        match = re.search(r"tps = ([\d.]+)", done.stdout)
        out[name + "_tps"] = round(float(match.group(1)), 1) if match else None
    os.unlink(script.name)
    return out


async def kafka(
    ports: Ports, progress: Progress, *, messages: int, size: int = 1024
) -> dict[str, Any]:
    """Produce with the relay's settings (idempotent, acks=all) while consuming in parallel;
    the rate is messages over the time from the first send to the last one consumed."""
    from bench.stack import REPO  # noqa: F401 - keeps the import graph flat for the runner
    from orderflow.runtime.bus.kafka import ensure_topics

    topic = f"bench.limits.{uuid.uuid4().hex[:8]}"
    await ensure_topics(ports.bootstrap, [topic])
    producer = AIOKafkaProducer(
        bootstrap_servers=ports.bootstrap, acks="all", enable_idempotence=True, linger_ms=5
    )
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=ports.bootstrap,
        group_id=topic,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        enable_auto_commit=False,
    )
    await producer.start()
    await consumer.start()
    tick = progress.task("3. aiokafka produce→consume", total=messages)
    payload = b"x" * size
    try:
        start = time.monotonic()

        async def produce() -> None:
            for chunk in range(0, messages, 500):
                futures = [
                    await producer.send(topic, payload, key=str(i % 1000).encode())
                    for i in range(chunk, min(messages, chunk + 500))
                ]
                await asyncio.gather(*futures)

        async def consume() -> None:
            seen = 0
            while seen < messages:
                batches = await consumer.getmany(timeout_ms=500, max_records=1000)
                got = sum(len(records) for records in batches.values())
                seen += got
                tick(got)

        await asyncio.gather(produce(), consume())
        seconds = time.monotonic() - start
    finally:
        await consumer.stop()
        await producer.stop()
    return {
        "messages": messages,
        "message_bytes": size,
        "seconds": round(seconds, 2),
        "per_second": round(messages / seconds, 1),
    }
