"""Watch the pipeline from outside: approvals on intake's topic, consumer lag, offsets."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections import Counter
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

INTAKE_TOPIC = "orderflow.intake.events"


class Approvals:
    """Reads intake's events as they are published: when did each order become approved."""

    def __init__(self, bootstrap: str, on_approved: Callable[[int], None] | None = None) -> None:
        self._bootstrap = bootstrap
        self.approved: dict[str, float] = {}
        self.types: Counter[str] = Counter()
        self.on_approved = on_approved
        self._task: asyncio.Task[None] | None = None
        self._consumer: AIOKafkaConsumer | None = None

    async def start(self) -> None:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap,
            group_id=f"bench-watch-{uuid.uuid4().hex[:8]}",
            auto_offset_reset="latest",
            enable_auto_commit=False,
            isolation_level="read_committed",
        )
        await consumer.start()
        tps = [TopicPartition(INTAKE_TOPIC, p) for p in await partitions(self._bootstrap)]
        consumer.assign(tps)
        await consumer.seek_to_end(*tps)
        for tp in tps:  # resolve the end offset now, before any submission is sent
            await consumer.position(tp)
        self._consumer = consumer
        self._task = asyncio.create_task(self._run(consumer))

    async def _run(self, consumer: AIOKafkaConsumer) -> None:
        while True:
            batches = await consumer.getmany(timeout_ms=200, max_records=1000)
            now = time.monotonic()
            for records in batches.values():
                for record in records:
                    kind = dict(record.headers).get("event_type", b"?").decode()
                    self.types[kind] += 1
                    if kind == "order.approved" and record.key is not None:
                        order_id = record.key.decode()
                        if order_id not in self.approved:
                            self.approved[order_id] = now
                            if self.on_approved is not None:
                                self.on_approved(1)

    async def wait_for(
        self, order_ids: set[str], stall_seconds: float = 60, max_seconds: float = 600
    ) -> None:
        """Until every order is approved, nothing new was approved for `stall_seconds`, or
        `max_seconds` passed (a run on a starved machine must still end and report)."""
        last, last_change = -1, time.monotonic()
        give_up = last_change + max_seconds
        while not order_ids <= self.approved.keys() and time.monotonic() < give_up:
            done = len(order_ids & self.approved.keys())
            if done != last:
                last, last_change = done, time.monotonic()
            elif time.monotonic() - last_change > stall_seconds:
                return
            await asyncio.sleep(0.2)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._consumer is not None:
            await self._consumer.stop()


async def partitions(bootstrap: str, topic: str = INTAKE_TOPIC) -> list[int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        (described,) = await admin.describe_topics([topic])
        return sorted(int(p["partition"]) for p in described["partitions"])
    finally:
        await admin.close()


async def total_lag(bootstrap: str) -> int:
    """Messages the services' consumer groups have not committed yet (bench groups aside)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await admin.start()
    await consumer.start()
    try:
        lag = 0
        for group, _ in await admin.list_consumer_groups():
            if group.startswith("bench"):
                continue
            committed = await admin.list_consumer_group_offsets(group)
            ends = await consumer.end_offsets(list(committed))
            lag += sum(max(0, ends[tp] - meta.offset) for tp, meta in committed.items())
        return lag
    finally:
        await consumer.stop()
        await admin.close()


async def produced(bootstrap: str) -> int:
    """Messages on every application topic so far (the sum of the end offsets)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        topics = [t for t in await consumer.topics() if t.startswith("orderflow.")]
        # The consumer's own metadata knows no partitions of topics it is not assigned.
        tps = [TopicPartition(t, p) for t in topics for p in await partitions(bootstrap, t)]
        return sum((await consumer.end_offsets(tps)).values())
    finally:
        await consumer.stop()


async def drain(bootstrap: str, timeout: float = 120) -> None:
    """Wait until the consumers caught up (twice in a row, the relays may still be sending)."""
    deadline = time.monotonic() + timeout
    zero = 0
    while time.monotonic() < deadline and zero < 2:
        zero = zero + 1 if await total_lag(bootstrap) == 0 else 0
        await asyncio.sleep(1.0)
