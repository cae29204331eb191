"""Event-bus adapters: Kafka for the distributed mode, in-process for the embedded one."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from orderflow.runtime.consumer import DeadLetterSink, EventConsumer
from orderflow.runtime.relay import Publisher


class Subscription(Protocol):
    """A running consumer; `stop` returns once nothing of it is in flight."""

    async def stop(self) -> None: ...


class Bus(Protocol):
    """What a service needs of a bus: a publisher, a dead-letter sink, subscriptions."""

    def publisher(self) -> Publisher: ...

    def dead_letter_sink(self, sessions: async_sessionmaker[AsyncSession]) -> DeadLetterSink: ...

    async def subscribe(self, consumer: EventConsumer) -> Subscription: ...

    async def ready(self) -> tuple[bool, str]: ...

    async def close(self) -> None: ...
