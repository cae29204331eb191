"""A delivery backend per test: Kafka + PostgreSQL, or the embedded bus + SQLite."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from orderflow.contracts import registry
from orderflow.runtime.bus import Bus
from orderflow.runtime.bus.embedded import EmbeddedBus
from orderflow.runtime.bus.kafka import KafkaBus, ensure_topics
from tests.integration.runtime.harness import prepare
from tests.support.databases import fresh_database
from tests.support.events import PRODUCER

PARTITIONS = 4


@dataclass
class Backend:
    kind: str
    producer_db: AsyncEngine
    consumer_db: AsyncEngine
    bus: Bus
    bootstrap: str = ""
    prefix: str = ""

    def new_bus(self) -> Bus:
        """Another connection to the same bus (a second process would have its own)."""
        if isinstance(self.bus, KafkaBus):
            return KafkaBus(self.bootstrap, topic_prefix=self.prefix)
        return self.bus


@pytest.fixture(params=["kafka", "embedded"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    async with AsyncExitStack() as stack:
        if request.param == "kafka":
            backend = await _kafka_backend(request, stack)
        else:
            embedded = EmbeddedBus()
            embedded.open()
            backend = Backend(
                "embedded",
                await prepare(f"sqlite+aiosqlite:///{tmp_path / 'producer.sqlite3'}"),
                await prepare(f"sqlite+aiosqlite:///{tmp_path / 'consumer.sqlite3'}"),
                embedded,
            )
        yield backend
        await backend.bus.close()
        await backend.producer_db.dispose()
        await backend.consumer_db.dispose()


async def _kafka_backend(request: pytest.FixtureRequest, stack: AsyncExitStack) -> Backend:
    """Two fresh PostgreSQL databases (producer's, consumer's) and topics of their own."""
    bootstrap: str = request.getfixturevalue("kafka_bootstrap")
    admin_url: str = request.getfixturevalue("postgres_admin_url")
    producer_url = await stack.enter_async_context(fresh_database(admin_url))
    consumer_url = await stack.enter_async_context(fresh_database(admin_url))
    prefix = f"t{uuid.uuid4().hex[:12]}."
    topics = [registry.topic_for(PRODUCER), registry.dlq_topic_for("probe")]
    await ensure_topics(bootstrap, [prefix + t for t in topics], partitions=PARTITIONS)
    return Backend(
        "kafka",
        await prepare(producer_url),
        await prepare(consumer_url),
        KafkaBus(bootstrap, topic_prefix=prefix),
        bootstrap,
        prefix,
    )


@pytest.fixture
async def kafka_backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    """Only Kafka + PostgreSQL: for what only a shared database with several relays shows."""
    async with AsyncExitStack() as stack:
        backend = await _kafka_backend(request, stack)
        yield backend
        await backend.bus.close()
        await backend.producer_db.dispose()
        await backend.consumer_db.dispose()
