"""A consumer's batch (one transaction for several messages) keeps the one-by-one guarantees."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload
from orderflow.runtime.messages import Message
from tests.integration.runtime import harness
from tests.integration.runtime.conftest import Backend


def _messages(events: list[Envelope[EventPayload]]) -> list[Message]:
    return [Message(topic="t", key=e.key, value=e.to_bytes(), headers=()) for e in events]


async def test_a_failure_mid_batch_keeps_order_and_applies_each_once(backend: Backend) -> None:
    staged = await harness.stage(backend.producer_db, 6, keys=1)  # one key: order matters
    flaky = str(staged[2].event_id)
    failed: list[str] = []

    async def handler(event: Envelope[EventPayload], session: AsyncSession) -> None:
        await harness.record_effect(event, session)
        if str(event.event_id) == flaky and not failed:
            failed.append(flaky)  # fails once, after writing: the write must not survive
            raise RuntimeError("transient trouble")

    consumer = harness.probe_consumer(backend.consumer_db, backend.bus, handler=handler)
    await consumer.handle_batch(_messages(staged))
    await consumer.handle_batch(_messages(staged))  # a redelivery of the whole batch

    rows = await harness.effect_rows(backend.consumer_db)
    assert [r.event_id for r in rows] == [str(e.event_id) for e in staged]
    assert failed == [flaky]


async def test_a_poison_message_mid_batch_is_dead_lettered_and_the_rest_applied(
    backend: Backend,
) -> None:
    staged = await harness.stage(backend.producer_db, 5, keys=2)
    poison = str(staged[1].event_id)

    async def handler(event: Envelope[EventPayload], session: AsyncSession) -> None:
        if str(event.event_id) == poison:
            raise ValueError("never applies")
        await harness.record_effect(event, session)

    consumer = harness.probe_consumer(backend.consumer_db, backend.bus, handler=handler)
    await consumer.handle_batch(_messages(staged))

    rows = await harness.effect_rows(backend.consumer_db)
    assert [r.event_id for r in rows] == [
        str(e.event_id) for e in staged if str(e.event_id) != poison
    ]


async def test_an_event_twice_in_one_batch_is_applied_once(backend: Backend) -> None:
    staged = await harness.stage(backend.producer_db, 4, keys=1)
    consumer = harness.probe_consumer(backend.consumer_db, backend.bus)
    await consumer.handle_batch(_messages([*staged[:3], staged[1], staged[3]]))

    rows = await harness.effect_rows(backend.consumer_db)
    assert [r.event_id for r in rows] == [str(e.event_id) for e in staged]


class Recorder:
    """A per-event handler and its batch equivalent that say which of them ran, on what."""

    def __init__(self, fail_batches: int = 0) -> None:
        self.batches: list[list[str]] = []
        self.singles: list[str] = []
        self.fail_batches = fail_batches

    async def one(self, event: Envelope[EventPayload], session: AsyncSession) -> None:
        self.singles.append(str(event.event_id))
        await harness.record_effect(event, session)

    async def batch(self, events: Sequence[Envelope[EventPayload]], session: AsyncSession) -> None:
        self.batches.append([str(e.event_id) for e in events])
        for event in events:
            await harness.record_effect(event, session)
        if len(self.batches) <= self.fail_batches:  # after writing: the writes must not survive
            raise RuntimeError("batch trouble")


async def test_a_batch_handler_applies_each_fresh_event_once_in_one_call(backend: Backend) -> None:
    staged = await harness.stage(backend.producer_db, 6, keys=2)
    ids = [str(e.event_id) for e in staged]
    recorder = Recorder()
    consumer = harness.probe_consumer(
        backend.consumer_db, backend.bus, handler=recorder.one, batch_handler=recorder.batch
    )
    await consumer.handle_batch(_messages([*staged[:4], staged[1]]))  # a copy in the batch
    await consumer.handle_batch(_messages(staged))  # four of them redelivered

    rows = await harness.effect_rows(backend.consumer_db)
    assert [r.event_id for r in rows] == ids
    assert recorder.batches == [ids[:4], ids[4:]]  # fresh ones only, in order, once a batch
    assert recorder.singles == []


async def test_a_failing_batch_handler_falls_back_to_the_per_event_handler(
    backend: Backend,
) -> None:
    staged = await harness.stage(backend.producer_db, 6, keys=1)  # one key: order matters
    ids = [str(e.event_id) for e in staged]
    recorder = Recorder(fail_batches=1)
    consumer = harness.probe_consumer(
        backend.consumer_db, backend.bus, handler=recorder.one, batch_handler=recorder.batch
    )
    await consumer.handle_batch(_messages(staged))
    await consumer.handle_batch(_messages(staged))  # a redelivery of the whole batch

    rows = await harness.effect_rows(backend.consumer_db)
    assert [r.event_id for r in rows] == ids
    assert recorder.batches == [ids]  # the redelivery found nothing fresh: no call
    assert recorder.singles == ids
