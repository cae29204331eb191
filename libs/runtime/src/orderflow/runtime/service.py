"""Build one service's FastAPI app: the same wiring for every service, in both modes."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import APIRouter, FastAPI
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from orderflow.runtime import migrations
from orderflow.runtime.bus import Bus, Subscription
from orderflow.runtime.bus.embedded import EmbeddedBus
from orderflow.runtime.bus.kafka import KafkaBus
from orderflow.runtime.consumer import EventConsumer, Handler
from orderflow.runtime.db import create_engine, session_factory
from orderflow.runtime.ops import ops_router
from orderflow.runtime.relay import OutboxRelay
from orderflow.runtime.settings import ServiceSettings
from orderflow.runtime.web import auth, health, logging, metrics, problems


@dataclass(frozen=True)
class ServiceDefinition:
    """What makes a service itself: its name, routes, inbound handlers and migrations."""

    name: str
    title: str
    description: str
    migrations: Path
    routers: Sequence[APIRouter] = ()
    handlers: Mapping[str, Handler] = field(default_factory=dict)
    metadata: MetaData | None = None
    version: str = "0.1.0"


@dataclass
class ServiceState:
    """What routes and handlers reach through `request.app.state.service`."""

    settings: ServiceSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    relay: OutboxRelay
    bus: Bus
    metrics: metrics.ServiceMetrics
    consumer: EventConsumer | None


def bus_from_settings(settings: ServiceSettings) -> Bus:
    if settings.bus == "kafka":
        return KafkaBus(settings.kafka_bootstrap_servers, topic_prefix=settings.kafka_topic_prefix)
    return EmbeddedBus()


def build_app(
    definition: ServiceDefinition, settings: ServiceSettings, bus: Bus | None = None
) -> FastAPI:
    """The service's app; a given `bus` is shared (embedded) and not closed by this app.

    Logging is configured by the entry point (`orderflow serve`/`up`), once per process.
    """
    state = _state(definition, settings, bus or bus_from_settings(settings))
    app = FastAPI(
        title=definition.title,
        description=definition.description,
        version=definition.version,
        lifespan=_lifespan(definition, state, owns_bus=bus is None),
    )
    app.state.service = state
    app.state.auth = auth.AuthConfig.from_settings(settings)
    problems.install_problem_handlers(app)
    app.add_middleware(metrics.MetricsMiddleware, metrics=state.metrics)
    app.add_middleware(logging.CorrelationMiddleware, service=definition.name)  # outermost
    app.include_router(health.health_router(_readiness(state)))
    app.include_router(metrics.metrics_router(state.metrics, refresh=_outbox_age(state)))
    app.include_router(ops_router(definition.name))
    for router in definition.routers:
        app.include_router(router)
    return app


def _state(definition: ServiceDefinition, settings: ServiceSettings, bus: Bus) -> ServiceState:
    engine = create_engine(settings.database_url)  # connects lazily, inside the running loop
    sessions = session_factory(engine)
    service_metrics = metrics.ServiceMetrics(definition.name)
    relay = OutboxRelay(
        engine,
        bus.publisher(),
        batch_size=settings.relay_batch_size,
        poll_seconds=settings.relay_poll_seconds,
        on_published=service_metrics.outbox_event_published,
    )
    consumer = None
    if definition.handlers:
        consumer = EventConsumer(
            name=definition.name,
            sessions=sessions,
            handlers=definition.handlers,
            dead_letters=bus.dead_letter_sink(sessions),
            max_attempts=settings.consumer_max_attempts,
            backoff_seconds=settings.consumer_backoff_seconds,
            observer=service_metrics,
        )
    return ServiceState(settings, engine, sessions, relay, bus, service_metrics, consumer)


def _lifespan(definition: ServiceDefinition, state: ServiceState, *, owns_bus: bool):  # type: ignore[no-untyped-def]
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Start-up logs and the background tasks (which copy the context) name this service.
        named = logging.service_name.set(definition.name)
        try:
            if state.settings.migrate_on_start:
                await migrations.upgrade(state.engine, definition.migrations, definition.metadata)
            subscription: Subscription | None = None
            if state.consumer is not None:
                subscription = await state.bus.subscribe(state.consumer)
            relay_task = asyncio.create_task(state.relay.run(), name=f"relay:{definition.name}")
        finally:
            logging.service_name.reset(named)
        try:
            yield
        finally:
            if subscription is not None:
                await subscription.stop()
            relay_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await relay_task
            if owns_bus:
                await state.bus.close()
            await state.engine.dispose()

    return lifespan


def _outbox_age(state: ServiceState) -> Callable[[], Awaitable[float | None]]:
    async def oldest_unsent_age() -> float | None:
        age = await state.relay.oldest_unsent_age()
        state.metrics.set_outbox_oldest_age(age)
        return age

    return oldest_unsent_age


def _readiness(state: ServiceState) -> dict[str, health.Check]:
    return {
        "database": health.database_check(state.engine),
        "bus": state.bus.ready,
        "outbox": health.outbox_age_check(
            _outbox_age(state), state.settings.outbox_max_age_seconds
        ),
    }
