"""Nothing lost, nothing applied twice: the outbox → bus → inbox path on both buses (DESIGN §3)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import func, select

from orderflow.runtime import outbox
from orderflow.runtime.db import session_factory
from orderflow.runtime.messages import Message
from orderflow.runtime.relay import OutboxRelay, Publisher
from tests.integration.runtime import harness
from tests.integration.runtime.conftest import Backend
from tests.support.events import sample_event
from tests.support.kafka import committed_lag, dead_letters

pytestmark = pytest.mark.integration


async def test_a_failure_before_commit_leaves_neither_state_nor_event(backend: Backend) -> None:
    sessions = session_factory(backend.producer_db)
    event = sample_event()

    async def change_state_then_fail() -> None:
        async with sessions() as session, session.begin():
            await session.execute(harness.state.insert().values(order_id=str(event.order_id)))
            await outbox.add(session, event)
            raise RuntimeError("failure after the insert, before commit")

    with pytest.raises(RuntimeError, match="after the insert"):
        await change_state_then_fail()
    async with backend.producer_db.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(harness.state)) == 0
    assert await harness.unsent(backend.producer_db) == 0


async def test_thousand_events_over_fifty_keys_arrive_once_in_order(backend: Backend) -> None:
    staged = await harness.stage(backend.producer_db, 1000, keys=50)
    subscription = await backend.bus.subscribe(
        harness.probe_consumer(backend.consumer_db, backend.bus)
    )
    relay = harness.RelayRunner(OutboxRelay(backend.producer_db, backend.bus.publisher()))
    relay.start()
    try:
        await harness.wait_for(
            lambda: _effects_at_least(backend, 1000), timeout=120, what="1000 effects"
        )
    finally:
        await relay.stop()
        await subscription.stop()
    rows = await harness.effect_rows(backend.consumer_db)
    assert len(rows) == 1000
    assert {r.event_id for r in rows} == {str(e.event_id) for e in staged}
    harness.assert_order_per_key(staged, rows)
    assert await harness.unsent(backend.producer_db) == 0


async def test_a_poison_message_goes_to_the_dlq_and_the_rest_flows(backend: Backend) -> None:
    staged = await harness.stage(backend.producer_db, 1000, keys=50)
    poison = str(staged[500].event_id)

    async def handler(event, session):  # type: ignore[no-untyped-def]
        if str(event.event_id) == poison:
            raise ValueError("this event cannot be applied")
        await harness.record_effect(event, session)

    consumer = harness.probe_consumer(backend.consumer_db, backend.bus, handler=handler)
    subscription = await backend.bus.subscribe(consumer)
    relay = harness.RelayRunner(OutboxRelay(backend.producer_db, backend.bus.publisher()))
    relay.start()
    try:
        await harness.wait_for(lambda: _effects_at_least(backend, 999), timeout=120, what="999")
        letters = await dead_letters(backend, "probe", expected=1)
        if backend.kind == "kafka":
            await harness.wait_for(
                lambda: _lag_is_zero(backend), timeout=60, what="consumer lag back to 0"
            )
    finally:
        await relay.stop()
        await subscription.stop()
    rows = await harness.effect_rows(backend.consumer_db)
    assert len(rows) == 999
    assert poison not in {r.event_id for r in rows}
    assert len(letters) == 1
    assert letters[0].value == staged[500].to_bytes()
    assert "cannot be applied" in letters[0].error


async def test_relay_killed_between_send_and_mark_sent_redelivers_and_applies_once(
    backend: Backend,
) -> None:
    staged = await harness.stage(backend.producer_db, 20, keys=5)
    await _relay_process_killed_after_send(backend)
    assert await harness.unsent(backend.producer_db) == 20, "marked sent before the kill?"
    subscription = await backend.bus.subscribe(
        harness.probe_consumer(backend.consumer_db, backend.bus)
    )
    relay = harness.RelayRunner(OutboxRelay(backend.producer_db, backend.bus.publisher()))
    relay.start()
    try:
        await harness.wait_for(lambda: _all_sent(backend), what="redelivery")
        if backend.kind == "kafka":  # both copies consumed, not just the first
            await harness.wait_for(lambda: _lag_is_zero(backend), what="lag back to 0")
    finally:
        await relay.stop()
        await subscription.stop()
    rows = await harness.effect_rows(backend.consumer_db)
    # Every event reached the consumer twice (before the kill and after); applied once each.
    assert sorted(r.event_id for r in rows) == sorted(str(e.event_id) for e in staged)


async def test_a_consumer_stopped_mid_stream_loses_and_duplicates_nothing(backend: Backend) -> None:
    staged = await harness.stage(backend.producer_db, 1000, keys=50)
    first = await backend.bus.subscribe(harness.probe_consumer(backend.consumer_db, backend.bus))
    second_bus = backend.new_bus()
    second = await second_bus.subscribe(harness.probe_consumer(backend.consumer_db, second_bus))
    relay = harness.RelayRunner(OutboxRelay(backend.producer_db, backend.bus.publisher()))
    relay.start()
    try:
        await harness.wait_for(lambda: _effects_at_least(backend, 300), timeout=120, what="300")
        await second.stop()
        await harness.wait_for(lambda: _effects_at_least(backend, 1000), timeout=120, what="all")
    finally:
        await relay.stop()
        await first.stop()
        if second_bus is not backend.bus:
            await second_bus.close()
    rows = await harness.effect_rows(backend.consumer_db)
    assert len(rows) == 1000
    assert {r.event_id for r in rows} == {str(e.event_id) for e in staged}


async def _effects_at_least(backend: Backend, count: int) -> bool:
    return len(await harness.effect_rows(backend.consumer_db)) >= count


async def _all_sent(backend: Backend) -> bool:
    return await harness.unsent(backend.producer_db) == 0


async def _lag_is_zero(backend: Backend) -> bool:
    return await committed_lag(backend) == 0


async def _relay_process_killed_after_send(backend: Backend) -> None:
    """Run a relay in a child process that SIGKILLs itself right after the send succeeded."""
    root = Path(__file__).parents[3]
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        str(Path(__file__).parent / "relay_killed_after_send.py"),
        backend.kind,
        backend.producer_db.url.render_as_string(hide_password=False),
        backend.consumer_db.url.render_as_string(hide_password=False),
        backend.bootstrap,
        backend.prefix,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert await asyncio.wait_for(proc.wait(), 60) == -signal.SIGKILL


async def test_two_relays_on_one_database_keep_order_per_key(kafka_backend: Backend) -> None:
    """SKIP LOCKED lets relays share an outbox; neither sends a key's later event first.

    The first relay to claim a batch is held back until the other has published, so the
    other really works on later rows while earlier rows of the same keys are locked.
    """
    backend = kafka_backend
    staged = await harness.stage(backend.producer_db, 1000, keys=50)
    subscription = await backend.bus.subscribe(
        harness.probe_consumer(backend.consumer_db, backend.bus)
    )
    gate = FirstWaitsForSecond(backend.bus.publisher())
    relays = [
        harness.RelayRunner(OutboxRelay(backend.producer_db, gate, batch_size=batch))
        for batch in (37, 53)
    ]
    for relay in relays:
        relay.start()
    try:
        await harness.wait_for(
            lambda: _effects_at_least(backend, 1000), timeout=120, what="1000 effects"
        )
    finally:
        for relay in relays:
            await relay.stop()
        await subscription.stop()
    assert gate.overtaken.is_set(), "the relays never worked side by side"
    rows = await harness.effect_rows(backend.consumer_db)
    assert len(rows) == 1000
    harness.assert_order_per_key(staged, rows)


class FirstWaitsForSecond:
    """A publisher whose first call waits until a later call (another relay's) went through."""

    def __init__(self, real: Publisher) -> None:
        self._real = real
        self._calls = 0
        self.overtaken = asyncio.Event()

    async def publish(self, messages: Sequence[Message]) -> None:
        self._calls += 1
        if self._calls == 1:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(10):
                    await self.overtaken.wait()
            await self._real.publish(messages)
        else:
            await self._real.publish(messages)
            self.overtaken.set()
