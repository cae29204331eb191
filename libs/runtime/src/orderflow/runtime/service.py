"""Build one service's FastAPI app: the same wiring for every service, in both modes."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping, Sequence
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
    """What routes reach through `request.app.state.service` while the app runs."""

    settings: ServiceSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    relay: OutboxRelay
    bus: Bus


def bus_from_settings(settings: ServiceSettings) -> Bus:
    if settings.bus == "kafka":
        return KafkaBus(
            settings.kafka_bootstrap_servers,
            client_id=f"orderflow-{settings.model_config.get('env_prefix', '')}".lower(),
            topic_prefix=settings.kafka_topic_prefix,
        )
    return EmbeddedBus()


def build_app(
    definition: ServiceDefinition, settings: ServiceSettings, bus: Bus | None = None
) -> FastAPI:
    """The service's app; a given `bus` is shared (embedded) and not closed by this app."""
    owns_bus = bus is None
    the_bus = bus or bus_from_settings(settings)
    service_metrics = metrics.ServiceMetrics(definition.name)
    logging.configure_logging(settings.log_level, service=definition.name)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url)
        if settings.migrate_on_start:
            await migrations.upgrade(engine, definition.migrations, definition.metadata)
        sessions = session_factory(engine)
        relay = OutboxRelay(
            engine,
            await the_bus.publisher(),
            batch_size=settings.relay_batch_size,
            poll_seconds=settings.relay_poll_seconds,
            on_published=service_metrics.outbox_published.inc,
        )
        app.state.service = ServiceState(settings, engine, sessions, relay, the_bus)
        subscription = await _subscribe(definition, settings, sessions, the_bus, service_metrics)
        relay_task = asyncio.create_task(relay.run(), name=f"relay:{definition.name}")
        try:
            yield
        finally:
            if subscription is not None:
                await subscription.stop()
            relay_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await relay_task
            if owns_bus:
                await the_bus.close()
            await engine.dispose()

    app = FastAPI(
        title=definition.title,
        description=definition.description,
        version=definition.version,
        lifespan=lifespan,
    )
    app.state.auth = auth.AuthConfig(
        secret=settings.jwt_secret.get_secret_value(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
    )
    problems.install_problem_handlers(app)
    metrics.install(app, service_metrics)
    app.add_middleware(logging.CorrelationMiddleware, service=definition.name)
    app.include_router(health.health_router(_readiness(app, settings, service_metrics)))
    for router in definition.routers:
        app.include_router(router)
    return app


async def _subscribe(
    definition: ServiceDefinition,
    settings: ServiceSettings,
    sessions: async_sessionmaker[AsyncSession],
    bus: Bus,
    service_metrics: metrics.ServiceMetrics,
) -> Subscription | None:
    if not definition.handlers:
        return None
    consumer = EventConsumer(
        name=definition.name,
        sessions=sessions,
        handlers=definition.handlers,
        dead_letters=bus.dead_letter_sink(sessions),
        max_attempts=settings.consumer_max_attempts,
        backoff_seconds=settings.consumer_backoff_seconds,
        observer=service_metrics,
    )
    return await bus.subscribe(consumer)


def _readiness(
    app: FastAPI, settings: ServiceSettings, service_metrics: metrics.ServiceMetrics
) -> list[health.Check]:
    async def database() -> tuple[bool, str]:
        return await health.database_ok(app.state.service.engine)

    async def bus() -> tuple[bool, str]:
        return await app.state.service.bus.ready()

    async def outbox() -> tuple[bool, str]:
        age = await app.state.service.relay.oldest_unsent_age()
        service_metrics.outbox_age.set(age or 0.0)
        if age is not None and age > settings.outbox_max_age_seconds:
            return False, f"oldest unsent event is {age:.1f}s old"
        return True, f"oldest unsent event age {age or 0.0:.1f}s"

    return [health.Check("database", database), health.Check("bus", bus), health.Check("outbox", outbox)]
