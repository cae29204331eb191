"""A Kafka producer whose send failed is replaced, not reused (DESIGN §3: nothing lost).

aiokafka's idempotent sender can die on OutOfOrderSequenceNumber after a broker restart;
from then on every send through that producer fails. The 10 000-order chaos run left a
relay stuck so until the bus learnt to start a new producer after a failed publish."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiokafka.errors import OutOfOrderSequenceNumber

from orderflow.runtime.bus.kafka import KafkaBus
from orderflow.runtime.messages import Message

pytestmark = pytest.mark.unit


class _Producer:
    """Stands in for AIOKafkaProducer: accepts sends, or fails each like a dead sender."""

    def __init__(self, *, wedged: bool) -> None:
        self.wedged = wedged
        self.sent: list[bytes] = []
        self.stopped = False

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        self.stopped = True

    async def send(self, topic: str, value: bytes, **_: Any) -> asyncio.Future[None]:
        acked: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if self.wedged:
            acked.set_exception(OutOfOrderSequenceNumber())
        else:
            self.sent.append(value)
            acked.set_result(None)
        return acked

    async def send_and_wait(self, topic: str, value: bytes, **kwargs: Any) -> None:
        await (await self.send(topic, value, **kwargs))


class _Bus(KafkaBus):
    def __init__(self) -> None:
        super().__init__("kafka.invalid:9092")
        self.made = [_Producer(wedged=True), _Producer(wedged=False)]
        self.handed_out: list[_Producer] = []

    def _new_producer(self) -> Any:
        producer = self.made[len(self.handed_out)]
        self.handed_out.append(producer)
        return producer


MESSAGE = Message(topic="orderflow.intake.events", key="k", value=b"event", headers=())


async def test_a_publish_after_a_wedged_producer_goes_through_a_new_one() -> None:
    bus = _Bus()
    publisher = bus.publisher()
    with pytest.raises(OutOfOrderSequenceNumber):
        await publisher.publish([MESSAGE])

    await publisher.publish([MESSAGE])  # the relay's retry

    wedged, fresh = bus.made
    assert wedged.stopped
    assert fresh.sent == [b"event"]
    assert bus.handed_out == [wedged, fresh]


async def test_a_dead_letter_after_a_wedged_producer_goes_through_a_new_one() -> None:
    bus = _Bus()
    letters = bus.dead_letter_sink(sessions=None)  # type: ignore[arg-type]  # Kafka side only
    kafka_side = letters._sinks[0]  # type: ignore[attr-defined]
    with pytest.raises(OutOfOrderSequenceNumber):
        await kafka_side.dead_letter(MESSAGE, "probe", "boom")

    await kafka_side.dead_letter(MESSAGE, "probe", "boom")

    assert bus.made[0].stopped
    assert bus.made[1].sent == [b"event"]
