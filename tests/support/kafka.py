"""Read what a test needs to see on the bus: consumer lag and dead letters, on both buses."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import select

from orderflow.contracts import registry
from orderflow.runtime.tables import dead_letters as dead_letters_table

if TYPE_CHECKING:
    from tests.integration.runtime.conftest import Backend


@dataclass(frozen=True)
class DeadLetter:
    value: bytes
    error: str


async def committed_lag(backend: Backend, group: str = "probe") -> int:
    """Messages not yet committed by the group, summed over the partitions of its topics."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=backend.bootstrap,
        group_id=backend.prefix + group,
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        lag = 0
        for topic in await consumer.topics():
            if not topic.startswith(backend.prefix) or not topic.endswith(".events"):
                continue
            partitions = [
                TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()
            ]
            ends = await consumer.end_offsets(partitions)
            for tp in partitions:
                lag += ends[tp] - (await consumer.committed(tp) or 0)
        return lag
    finally:
        await consumer.stop()


async def dead_letters(
    backend: Backend, consumer: str, expected: int, timeout: float = 60
) -> list[DeadLetter]:
    """The consumer's dead letters: its DLQ topic on Kafka, its table on the embedded bus."""
    deadline = time.monotonic() + timeout
    found: list[DeadLetter] = []
    while time.monotonic() < deadline:
        found = await (
            _from_topic(backend, consumer)
            if backend.kind == "kafka"
            else _from_table(backend, consumer)
        )
        if len(found) >= expected:
            return found
        await asyncio.sleep(0.05)
    return found


async def _from_table(backend: Backend, consumer: str) -> list[DeadLetter]:
    async with backend.consumer_db.connect() as conn:
        rows = (
            await conn.execute(
                select(dead_letters_table).where(dead_letters_table.c.consumer == consumer)
            )
        ).all()
    return [DeadLetter(row.value, row.error) for row in rows]


async def _from_topic(backend: Backend, consumer: str) -> list[DeadLetter]:
    reader = AIOKafkaConsumer(
        backend.prefix + registry.dlq_topic_for(consumer),
        bootstrap_servers=backend.bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await reader.start()
    try:
        batches = await reader.getmany(timeout_ms=1000)
        return [
            DeadLetter(record.value, dict(record.headers)["dlq.error"].decode())
            for records in batches.values()
            for record in records
        ]
    finally:
        await reader.stop()
