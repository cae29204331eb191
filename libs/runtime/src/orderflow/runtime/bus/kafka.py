"""The Kafka bus (aiokafka) with its unsafe defaults overridden (DESIGN §3).

Producer: idempotent, acks=all. Consumer: no auto-commit; an offset is committed per
partition only after the database transaction of every message before it committed; a
rebalance waits for the batch in flight so no commit lands on a revoked partition.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRebalanceListener, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from orderflow.contracts import registry
from orderflow.runtime.consumer import DeadLetterSink, EventConsumer
from orderflow.runtime.dead_letters import TableDeadLetters
from orderflow.runtime.messages import Message

log = logging.getLogger(__name__)


class KafkaBus:
    """One producer per service (events and dead letters), one consumer group per consumer."""

    def __init__(
        self, bootstrap_servers: str, *, client_id: str = "orderflow", topic_prefix: str = ""
    ) -> None:
        self._bootstrap = bootstrap_servers
        self._client_id = client_id
        # Lets several installations (or test runs) share one cluster without seeing each other.
        self._prefix = topic_prefix
        self._producer: AIOKafkaProducer | None = None
        self._lock = asyncio.Lock()

    def _new_producer(self) -> AIOKafkaProducer:
        return AIOKafkaProducer(
            bootstrap_servers=self._bootstrap,
            client_id=self._client_id,
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            request_timeout_ms=15000,
        )

    async def _started_producer(self) -> AIOKafkaProducer:
        async with self._lock:
            if self._producer is None:
                producer = self._new_producer()
                await producer.start()
                self._producer = producer
            return self._producer

    @contextlib.asynccontextmanager
    async def _producer_in_use(self) -> AsyncIterator[AIOKafkaProducer]:
        """The producer for one send; a send that fails replaces it, for it may be wedged.

        After a broker restart aiokafka's idempotent sender can die on
        OutOfOrderSequenceNumber, and every later send through that producer fails (a chaos
        run's relay was stuck so, with 640 events unsent). A new producer gets a new
        producer id; the relay resends what was not acknowledged, and the consumers'
        inboxes drop any copy that had been written after all.
        """
        producer = await self._started_producer()
        try:
            yield producer
        except Exception:
            async with self._lock:
                if self._producer is producer:
                    self._producer = None
            with contextlib.suppress(Exception):
                await producer.stop()
            raise

    def publisher(self) -> KafkaPublisher:
        return KafkaPublisher(self._producer_in_use, self._prefix)

    def dead_letter_sink(self, sessions: async_sessionmaker[AsyncSession]) -> DeadLetterSink:
        # The DLQ topic is the record of truth; the table lets operators see and retry (ops.py).
        return BothDeadLetters(
            KafkaDeadLetters(self._producer_in_use, self._prefix),
            TableDeadLetters(sessions),
        )

    async def subscribe(self, consumer: EventConsumer) -> KafkaSubscription:
        subscription = KafkaSubscription(self._bootstrap, consumer, self._prefix)
        await subscription.start()
        return subscription

    async def ready(self) -> tuple[bool, str]:
        admin = AIOKafkaAdminClient(bootstrap_servers=self._bootstrap, request_timeout_ms=2000)
        try:
            await admin.start()
            await admin.list_topics()
        except Exception as exc:
            return False, f"kafka unreachable: {type(exc).__name__}"
        finally:
            with contextlib.suppress(Exception):
                await admin.close()
        return True, "reachable"

    async def close(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None


ProducerInUse = Callable[[], contextlib.AbstractAsyncContextManager[AIOKafkaProducer]]


class KafkaPublisher:
    def __init__(self, producer: ProducerInUse, prefix: str) -> None:
        self._producer = producer
        self._prefix = prefix

    async def publish(self, messages: Sequence[Message]) -> None:
        async with self._producer() as producer:
            sends = [
                await producer.send(
                    self._prefix + m.topic,
                    m.value,
                    key=(m.key or "").encode(),
                    headers=list(m.headers),
                )
                for m in messages
            ]
            await asyncio.gather(*sends)  # each future resolves once the broker acked (acks=all)


class KafkaDeadLetters:
    """`orderflow.<consumer>.dlq` with the original bytes and headers plus the error."""

    def __init__(self, producer: ProducerInUse, prefix: str) -> None:
        self._producer = producer
        self._prefix = prefix

    async def dead_letter(self, message: Message, consumer: str, error: str) -> None:
        headers = [
            *message.headers,
            ("dlq.error", error.encode()[:4000]),
            ("dlq.consumer", consumer.encode()),
            ("dlq.original_topic", message.topic.encode()),
            ("dlq.original_partition", str(message.partition).encode()),
            ("dlq.original_offset", str(message.offset).encode()),
        ]
        key = message.key.encode() if message.key is not None else None
        async with self._producer() as producer:
            await producer.send_and_wait(
                self._prefix + registry.dlq_topic_for(consumer),
                message.value,
                key=key,
                headers=headers,
            )


class BothDeadLetters:
    def __init__(self, *sinks: DeadLetterSink) -> None:
        self._sinks = sinks

    async def dead_letter(self, message: Message, consumer: str, error: str) -> None:
        for sink in self._sinks:
            await sink.dead_letter(message, consumer, error)


class _WaitForBatch(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, batch_lock: asyncio.Lock) -> None:
        self._batch_lock = batch_lock

    async def on_partitions_revoked(self, revoked: object) -> None:
        async with self._batch_lock:  # the batch in flight finishes and commits first
            return

    async def on_partitions_assigned(self, assigned: object) -> None:
        return


class KafkaSubscription:
    """A consumer-group member: fetch, apply each message once (a transaction per chunk of a
    partition's records), commit the offsets per partition."""

    def __init__(
        self,
        bootstrap: str,
        consumer: EventConsumer,
        prefix: str = "",
        max_records: int = 200,
        chunk: int = 50,
    ) -> None:
        self._consumer = consumer
        self._chunk = chunk
        self._prefix = prefix
        self._bootstrap = bootstrap
        self._max_records = max_records
        self._batch_lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._kafka: AIOKafkaConsumer | None = None

    async def start(self) -> None:
        self._kafka = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap,
            group_id=self._prefix + self._consumer.name,
            client_id=self._consumer.name,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
            max_poll_records=self._max_records,
        )
        topics = [self._prefix + topic for topic in self._consumer.topics()]
        self._kafka.subscribe(topics, listener=_WaitForBatch(self._batch_lock))
        await self._kafka.start()
        self._task = asyncio.create_task(
            self._run(self._kafka), name=f"consume:{self._consumer.name}"
        )

    async def _run(self, kafka: AIOKafkaConsumer) -> None:
        failures = 0
        while True:
            batches = await kafka.getmany(timeout_ms=500, max_records=self._max_records)
            failed = False
            async with self._batch_lock:
                for partition, records in batches.items():
                    try:
                        await self._apply(kafka, partition, records)
                    except Exception:
                        # Not a bad message (those are dead-lettered): the bus or the database
                        # is down. Fetch the batch again later; the inbox drops what was done.
                        log.warning(
                            "%s: batch on %s failed", self._consumer.name, partition, exc_info=True
                        )
                        with contextlib.suppress(Exception):
                            kafka.seek(partition, records[0].offset)
                        failed = True
            failures = failures + 1 if failed else 0
            if failed:
                await asyncio.sleep(min(5.0, 0.1 * 2**failures))

    async def _apply(
        self, kafka: AIOKafkaConsumer, partition: TopicPartition, records: list[Any]
    ) -> None:
        messages = [
            Message(
                topic=record.topic,
                key=record.key.decode() if record.key is not None else None,
                value=record.value,
                headers=tuple(record.headers),
                partition=record.partition,
                offset=record.offset,
            )
            for record in records
        ]
        # One database transaction per chunk, not per message; chunks stay short so the
        # batch's row locks do not hold up the service's HTTP requests for long.
        for start in range(0, len(messages), self._chunk):
            await self._consumer.handle_batch(messages[start : start + self._chunk])
        await kafka.commit({partition: records[-1].offset + 1})

    async def stop(self) -> None:
        if self._task is not None:
            async with self._batch_lock:  # let the batch in flight finish and commit
                self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._kafka is not None:
            await self._kafka.stop()


async def ensure_topics(bootstrap: str, topics: Sequence[str], partitions: int = 3) -> None:
    """Create topics that do not exist yet (the broker does not auto-create them)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [NewTopic(t, partitions, 1) for t in topics if t not in existing]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(missing)
    finally:
        await admin.close()
