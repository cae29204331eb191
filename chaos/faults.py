"""The faults a chaos run injects, each recorded with when it happened and what was seen.

Broker stop + start, SIGKILL of a consumer, SIGKILL of a process while its outbox relay
has unpublished rows, PostgreSQL restart (issue 10), plus poison records produced straight
to a topic, which must end up as dead letters and nowhere else."""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict, dataclass
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer

from chaos.stack import Stack

POISON_TOPIC = "orderflow.intake.events"
POISON_KEY = "chaos-poison-"


@dataclass
class Injection:
    """One fault: what, on what, when (seconds into the run), for how long, what was seen."""

    fault: str
    target: str
    at: float
    duration: float
    observed: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Clock:
    """Seconds since the run started, for the report."""

    def __init__(self) -> None:
        self.zero = time.monotonic()

    def now(self) -> float:
        return time.monotonic() - self.zero


async def kafka_outage(stack: Stack, clock: Clock, down: float) -> Injection:
    """Stop the broker (SIGTERM), keep it down for `down` seconds, start it on its data."""
    at = clock.now()
    stop = await stack.script("kafka.sh", "stop")
    await asyncio.sleep(down)  # the outage itself: the services run without a broker
    start = await stack.script("kafka.sh", "start")
    return Injection(
        "broker stop+start",
        f"kafka :{stack.ports.kafka}",
        at,
        clock.now() - at,
        f"stopped in {stop:.1f}s, down {down:.0f}s, ready again in {start:.1f}s",
    )


async def kill_consumer(stack: Stack, clock: Clock, instance: str) -> Injection:
    """SIGKILL a consumer mid-batch; topology.sh brings it back and waits until it is ready."""
    at = clock.now()
    pid = await stack.sigkill(instance)
    back = await stack.start()
    return Injection(
        "SIGKILL consumer",
        instance,
        at,
        clock.now() - at,
        f"pid {pid} killed; restarted and ready after {back:.1f}s",
    )


async def kill_relay(stack: Stack, clock: Clock, instance: str) -> Injection:
    """SIGKILL a service the moment its outbox has unpublished rows (its relay is busy)."""
    service = instance.split("-")[0]
    connection = await asyncpg.connect(stack.dsn(service))
    try:
        deadline = time.monotonic() + 30
        backlog = 0
        while backlog == 0 and time.monotonic() < deadline:
            backlog = await connection.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
        at = clock.now()
        pid = await stack.sigkill(instance)
        left = await connection.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
    finally:
        await connection.close()
    back = await stack.start()
    return Injection(
        "SIGKILL outbox relay",
        instance,
        at,
        clock.now() - at,
        f"pid {pid} killed with {backlog} unsent outbox rows ({left} right after); "
        f"restarted and ready after {back:.1f}s",
    )


async def restart_postgres(stack: Stack, clock: Clock) -> Injection:
    """pg_ctl stop -m fast, then start on the same data: every connection breaks."""
    at = clock.now()
    stop = await stack.script("postgres.sh", "stop")
    start = await stack.script("postgres.sh", "start")
    return Injection(
        "PostgreSQL restart",
        f"postgres :{stack.ports.pg}",
        at,
        clock.now() - at,
        f"stopped in {stop:.1f}s, accepting again after {start:.1f}s",
    )


async def poison(stack: Stack, clock: Clock, count: int) -> Injection:
    """Produce `count` undecodable records to intake's topic: each consumer of that topic
    must dead-letter each once and carry on."""
    at = clock.now()
    producer = AIOKafkaProducer(bootstrap_servers=stack.bootstrap, acks="all")
    await producer.start()
    try:
        for number in range(count):
            await producer.send_and_wait(
                POISON_TOPIC,
                b"{this is not an event",
                key=f"{POISON_KEY}{number}".encode(),
                headers=[("event_type", b"order.submitted")],
            )
    finally:
        await producer.stop()
    return Injection(
        "poison records",
        POISON_TOPIC,
        at,
        clock.now() - at,
        f"{count} undecodable records, keys {POISON_KEY}0..{count - 1}",
    )
