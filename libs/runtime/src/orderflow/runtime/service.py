"""Build one service's FastAPI app: the same wiring for every service, in both modes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from orderflow.runtime import migrations
from orderflow.runtime.bus import Bus, Subscription
from orderflow.runtime.bus.embedded import EmbeddedBus
from orderflow.runtime.bus.kafka import KafkaBus
from orderflow.runtime.clock import Clock, SystemClock
from orderflow.runtime.consumer import BatchHandler, EventConsumer, Handler
from orderflow.runtime.db import create_engine, session_factory
from orderflow.runtime.ops import ops_router
from orderflow.runtime.relay import OutboxRelay
from orderflow.runtime.scheduler import JobHandler, Scheduler
from orderflow.runtime.settings import ServiceSettings
from orderflow.runtime.web import auth, health, limits, logging, metrics, problems


@dataclass
class ServiceState:
    """What routes reach through `request.app.state.service`, and handler factories get."""

    settings: ServiceSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    relay: OutboxRelay
    bus: Bus
    metrics: metrics.ServiceMetrics
    clock: Clock
    consumer: EventConsumer | None = None
    scheduler: Scheduler | None = None


def _none(_: ServiceState) -> Mapping[str, Any]:
    return {}


@dataclass(frozen=True)
class ServiceDefinition:
    """What makes a service itself: its name, routes, inbound handlers, jobs and migrations.

    `handlers` and `jobs` are factories: the composition root gives them the running
    service's state (clock, sessions, settings) so the handlers need no globals. The
    optional `batch_handler` factory gives the consumer's batch fast path one call for all
    of a batch's fresh events; it must have the same effect as `handlers` one by one, which
    stay in use for the slow path (see `orderflow.runtime.consumer.BatchHandler`).
    """

    name: str
    title: str
    description: str
    migrations: Path
    routers: Sequence[APIRouter] = ()
    handlers: Callable[[ServiceState], Mapping[str, Handler]] = _none
    jobs: Callable[[ServiceState], Mapping[str, JobHandler]] = _none
    batch_handler: Callable[[ServiceState], BatchHandler] | None = None
    metadata: MetaData | None = None
    version: str = "0.1.0"
    # The scopes a customer or partner token may use here (their own orders, tickets, …);
    # every other scope is for staff and services only (`auth.refuse_outsiders`).
    external_scopes: frozenset[str] = frozenset()


def bus_from_settings(settings: ServiceSettings) -> Bus:
    if settings.bus == "kafka":
        return KafkaBus(settings.kafka_bootstrap_servers, topic_prefix=settings.kafka_topic_prefix)
    return EmbeddedBus()


def build_app(
    definition: ServiceDefinition,
    settings: ServiceSettings,
    bus: Bus | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """The service's app; a given `bus` is shared (embedded) and not closed by this app.

    Logging is configured by the entry point (`orderflow serve`/`up`), once per process.
    """
    state = _state(definition, settings, bus or bus_from_settings(settings), clock or SystemClock())
    app = FastAPI(
        title=definition.title,
        description=definition.description,
        version=definition.version,
        lifespan=_lifespan(definition, state, owns_bus=bus is None),
    )
    app.state.service = state
    app.state.auth = auth.AuthConfig.from_settings(settings)
    app.state.external_scopes = definition.external_scopes
    problems.install_problem_handlers(app)
    app.add_middleware(
        limits.LimitsMiddleware,
        max_body_bytes=settings.max_body_bytes,
        limiter=_rate_limiter(settings),
    )
    app.add_middleware(metrics.MetricsMiddleware, metrics=state.metrics)
    app.add_middleware(logging.CorrelationMiddleware, service=definition.name)  # outermost
    app.include_router(health.health_router(_readiness(state)))
    app.include_router(metrics.metrics_router(state.metrics, refresh=_outbox_age(state)))
    app.include_router(ops_router(definition.name))
    for router in definition.routers:
        app.include_router(router)
    return app


def _rate_limiter(settings: ServiceSettings) -> limits.RateLimiter | None:
    if settings.rate_limit_per_second == 0:
        return None
    return limits.RateLimiter(settings.rate_limit_per_second, settings.rate_limit_burst)


def _state(
    definition: ServiceDefinition, settings: ServiceSettings, bus: Bus, clock: Clock
) -> ServiceState:
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
    state = ServiceState(settings, engine, sessions, relay, bus, service_metrics, clock)
    handlers = definition.handlers(state)
    if handlers:
        state.consumer = EventConsumer(
            name=definition.name,
            sessions=sessions,
            handlers=handlers,
            dead_letters=bus.dead_letter_sink(sessions),
            max_attempts=settings.consumer_max_attempts,
            backoff_seconds=settings.consumer_backoff_seconds,
            observer=service_metrics,
            batch_handler=definition.batch_handler(state) if definition.batch_handler else None,
        )
    jobs = definition.jobs(state)
    if jobs:
        state.scheduler = Scheduler(
            engine, jobs, clock, poll_seconds=settings.scheduler_poll_seconds
        )
    return state


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
            tasks = [asyncio.create_task(state.relay.run(), name=f"relay:{definition.name}")]
            if state.scheduler is not None and state.settings.scheduler_enabled:
                tasks.append(asyncio.create_task(state.scheduler.run(), name="scheduler"))
        finally:
            logging.service_name.reset(named)
        try:
            yield
        finally:
            if subscription is not None:
                await subscription.stop()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
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
