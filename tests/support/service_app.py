"""Run one real service in-process for a test: SQLite, embedded bus, a manual clock.

    async with running_service("review", tmp_path) as svc:
        svc.client                       # httpx client on the service's API
        svc.token("review:finance:decide", kind="staff")   # a bearer token
        await svc.deliver(event)         # hand an inbound event to its consumer (inbox + handler)
        await svc.published()            # events it staged in its outbox, decoded
        svc.clock.advance(...); await svc.run_due_jobs()    # drive deadlines

Everything is the service's own code path (`create_app`), only the bus and clock are local.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from orderflow.cli.catalog import SERVICES
from orderflow.contracts import PRODUCERS, Envelope, EventPayload, decode
from orderflow.contracts.registry import dlq_topic_for, topic_for
from orderflow.runtime.bus import Bus
from orderflow.runtime.bus.embedded import EmbeddedBus
from orderflow.runtime.bus.kafka import KafkaBus, ensure_topics
from orderflow.runtime.clock import ManualClock
from orderflow.runtime.consumer import Outcome
from orderflow.runtime.messages import Message
from orderflow.runtime.outbox import message_headers
from orderflow.runtime.service import ServiceState
from orderflow.runtime.settings import load_settings, sqlite_url
from orderflow.runtime.tables import outbox
from orderflow.runtime.web import auth
from orderflow.runtime.web.auth import Kind


@dataclass
class RunningService:
    name: str
    app: FastAPI
    client: httpx.AsyncClient
    clock: ManualClock

    @property
    def state(self) -> ServiceState:
        state: ServiceState = self.app.state.service
        return state

    def token(
        self,
        *scopes: str,
        kind: Kind = "staff",
        subject: str = "tester",
        customer_id: str | None = None,
        partner_id: str | None = None,
    ) -> str:
        return auth.mint_token(
            self.app.state.auth,
            subject=subject,
            scopes=list(scopes),
            kind=kind,
            customer_id=customer_id,
            partner_id=partner_id,
        )

    def auth(self, *scopes: str, **claims: str) -> dict[str, str]:
        """Headers with a bearer token holding `scopes`."""
        return {"Authorization": f"Bearer {self.token(*scopes, **claims)}"}  # type: ignore[arg-type]

    async def deliver(self, event: Envelope[EventPayload]) -> Outcome:
        """Hand an event to the service's consumer exactly as a bus would."""
        consumer = self.state.consumer
        assert consumer is not None, f"{self.name} consumes no events"
        headers = tuple((k, v.encode()) for k, v in message_headers(event).items())
        message = Message(
            topic=f"orderflow.{event.producer}.events",
            key=event.key,
            value=event.to_bytes(),
            headers=headers,
        )
        return await consumer.handle(message)

    async def published(self, event_type: str | None = None) -> Sequence[Envelope[EventPayload]]:
        """Events the service staged in its outbox (sent or not), oldest first."""
        query = select(outbox.c.value).order_by(outbox.c.id)
        if event_type is not None:
            query = query.where(outbox.c.event_type == event_type)
        async with self.state.engine.connect() as conn:
            return [decode(value) for value in (await conn.execute(query)).scalars()]

    async def run_due_jobs(self) -> int:
        scheduler = self.state.scheduler
        assert scheduler is not None, f"{self.name} has no scheduled jobs"
        return await scheduler.run_due()


@asynccontextmanager
async def running_service(
    name: str,
    tmp_path: Path,
    clock: ManualClock | None = None,
    *,
    database_url: str | None = None,
    kafka_bootstrap: str | None = None,
    **settings: object,
) -> AsyncIterator[RunningService]:
    """The service `name`, migrated and started: its own SQLite file under `tmp_path` and
    the embedded bus, or PostgreSQL (`database_url`) and Kafka (`kafka_bootstrap`, topics
    under a fresh prefix) for the integration tests on real parts."""
    entry = SERVICES[name]
    the_clock = clock or ManualClock()
    config = load_settings(
        entry.settings,
        database_url=database_url or sqlite_url(tmp_path, name),
        migrate_on_start=True,
        bus="kafka" if kafka_bootstrap else "embedded",
        scheduler_enabled=False,  # tests run jobs with run_due_jobs(), never in the background
        **settings,
    )
    bus: Bus
    if kafka_bootstrap:
        prefix = f"t{uuid.uuid4().hex[:12]}."
        topics = [topic_for(p) for p in PRODUCERS] + [dlq_topic_for(name)]
        await ensure_topics(kafka_bootstrap, [prefix + t for t in topics])
        bus = KafkaBus(kafka_bootstrap, topic_prefix=prefix)
    else:
        bus = EmbeddedBus()
    app = entry.app(config, bus, the_clock)
    async with app.router.lifespan_context(app):
        if isinstance(bus, EmbeddedBus):
            bus.open()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield RunningService(name, app, client, the_clock)
    await bus.close()
