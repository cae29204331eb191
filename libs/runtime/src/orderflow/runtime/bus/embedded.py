"""The in-process bus of the embedded mode: the outbox is its log (DESIGN §2).

A relay's publish returns only after every subscribed group's member has committed the
message (or dead-lettered it), so the outbox row is marked sent only then: a crash before
that means redelivery on restart, and the inbox turns the redelivery into a no-op. Order
per key holds because each producer's relay publishes its rows one by one in id order.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from orderflow.runtime.consumer import DeadLetterSink, EventConsumer
from orderflow.runtime.dead_letters import TableDeadLetters
from orderflow.runtime.messages import Message
from orderflow.runtime.relay import PublishDeferredError, Publisher

# Messages per consumer transaction: short enough that the SQLite write lock of the
# consumer's file is not held long while its HTTP requests wait.
CHUNK = 50


class BusNotReadyError(PublishDeferredError):
    """Raised to the relay, which retries later, while a message has nobody to take it."""


class _Member:
    def __init__(self, consumer: EventConsumer) -> None:
        self.consumer = consumer
        self.idle = asyncio.Event()
        self.idle.set()
        self.in_flight = 0

    async def handle(self, messages: Sequence[Message]) -> None:
        self.in_flight += 1
        self.idle.clear()
        try:
            await self.consumer.handle_batch(messages)
        finally:
            self.in_flight -= 1
            if self.in_flight == 0:
                self.idle.set()


class _Subscription:
    def __init__(self, bus: EmbeddedBus, member: _Member) -> None:
        self._bus = bus
        self._member = member

    async def stop(self) -> None:
        self._bus.leave(self._member)
        await self._member.idle.wait()


class EmbeddedBus(Publisher):
    """Topics → consumer groups → live members; a key always goes to the same member."""

    def __init__(self) -> None:
        self._groups: dict[str, dict[str, list[_Member]]] = {}
        self._open = False

    def open(self) -> None:
        """Start delivering; called once every service has subscribed, so none misses a message."""
        self._open = True

    def publisher(self) -> Publisher:
        return self

    def dead_letter_sink(self, sessions: async_sessionmaker[AsyncSession]) -> DeadLetterSink:
        return TableDeadLetters(sessions)

    async def subscribe(self, consumer: EventConsumer) -> _Subscription:
        member = _Member(consumer)
        for topic in consumer.topics():
            self._groups.setdefault(topic, {}).setdefault(consumer.name, []).append(member)
        return _Subscription(self, member)

    def leave(self, member: _Member) -> None:
        for groups in self._groups.values():
            members = groups.get(member.consumer.name, [])
            if member in members:
                members.remove(member)

    async def publish(self, messages: Sequence[Message]) -> None:
        if not self._open:
            raise BusNotReadyError("the embedded bus is not open yet")
        # Per member, its messages in id order: one transaction per chunk instead of one per
        # message. Members run one after the other, so no two SQLite writers wait on each other.
        shares: dict[int, tuple[_Member, list[Message]]] = {}
        for message in messages:
            for group, members in self._groups.get(message.topic, {}).items():
                if not members:  # the group exists but nobody is up: keep the row unsent
                    raise BusNotReadyError(f"consumer group {group} has no live member")
                member = members[zlib.crc32((message.key or "").encode()) % len(members)]
                shares.setdefault(id(member), (member, []))[1].append(message)
        for member, share in shares.values():
            for start in range(0, len(share), CHUNK):
                await member.handle(share[start : start + CHUNK])

    async def ready(self) -> tuple[bool, str]:
        return (True, "open") if self._open else (False, "not open yet")

    async def close(self) -> None:
        self._open = False
