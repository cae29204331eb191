"""Prometheus metrics: one registry per service app, so seven services can share a process."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Awaitable, Callable

from fastapi import APIRouter
from fastapi.routing import iter_route_contexts
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

Outcome = str  # processed | duplicate | dead_lettered (orderflow.runtime.consumer.Outcome)
UNMATCHED_ROUTE = "<unmatched>"


class ServiceMetrics:
    """The standard OrderFlow metrics of one service, in that service's own registry."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.http_requests = Counter(
            "orderflow_http_requests",
            "HTTP requests answered.",
            ["service", "method", "route", "status"],
            registry=r,
        )
        self.http_duration = Histogram(
            "orderflow_http_request_duration_seconds",
            "Time to answer an HTTP request.",
            ["service", "method", "route"],
            registry=r,
        )
        self.outbox_oldest_age = Gauge(
            "orderflow_outbox_oldest_unsent_age_seconds",
            "Age of the oldest unsent outbox row.",
            ["service"],
            registry=r,
        )
        self.outbox_published = Counter(
            "orderflow_outbox_published",
            "Outbox events published to the bus.",
            ["service", "event_type"],
            registry=r,
        )
        self.events_consumed = Counter(
            "orderflow_events_consumed",
            "Events a consumer finished with, by outcome.",
            ["service", "consumer", "event_type", "outcome"],
            registry=r,
        )
        self.consumer_retries = Counter(
            "orderflow_consumer_retries",
            "Handler attempts that failed and were retried.",
            ["service", "consumer", "event_type"],
            registry=r,
        )
        self.dead_letters = Counter(
            "orderflow_dead_letters",
            "Messages a consumer gave up on.",
            ["service", "consumer", "event_type"],
            registry=r,
        )

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.http_requests.labels(self.service, method, route, str(status)).inc()
        self.http_duration.labels(self.service, method, route).observe(seconds)

    def set_outbox_oldest_age(self, seconds: float | None) -> None:
        self.outbox_oldest_age.labels(self.service).set(seconds or 0.0)

    def outbox_event_published(self, event_type: str, count: int = 1) -> None:
        self.outbox_published.labels(self.service, event_type).inc(count)

    def event_consumed(self, consumer: str, event_type: str, outcome: Outcome) -> None:
        self.events_consumed.labels(self.service, consumer, event_type, outcome).inc()

    def consumer_retried(self, consumer: str, event_type: str) -> None:
        self.consumer_retries.labels(self.service, consumer, event_type).inc()

    def dead_lettered(self, consumer: str, event_type: str) -> None:
        self.dead_letters.labels(self.service, consumer, event_type).inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def route_template(app: object, route: BaseRoute | None, route_path: str) -> str:
    """The full path template (`/v1/orders/{order_id}`) of the route a request matched."""
    if route is None:
        return UNMATCHED_ROUTE
    # Included routers are lazy since FastAPI 0.137: `scope["route"]` is the route as declared
    # in its router, without the prefixes; the app's route contexts carry the full template.
    contexts = [
        c for c in iter_route_contexts(getattr(app, "routes", [])) if c.original_route is route
    ]
    if len(contexts) > 1:  # one router included under several prefixes
        contexts = [c for c in contexts if c.path_regex.match(route_path)]
    if contexts and contexts[0].path_format:
        return contexts[0].path_format
    return getattr(route, "path_format", None) or UNMATCHED_ROUTE


class MetricsMiddleware:
    """Pure ASGI middleware counting and timing requests by route template, never raw path."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        service_app = scope.get("app")
        status = 500
        started = time.perf_counter()

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route_path = scope["path"].removeprefix(scope.get("root_path", ""))
            route = route_template(service_app, scope.get("route"), route_path)
            seconds = time.perf_counter() - started
            self.metrics.observe_request(scope["method"], route, status, seconds)


def metrics_router(
    metrics: ServiceMetrics, refresh: Callable[[], Awaitable[object]] | None = None
) -> APIRouter:
    """`GET /metrics` in the Prometheus text format; `refresh` updates gauges read at scrape."""
    router = APIRouter(tags=["ops"])

    @router.get("/metrics", include_in_schema=False)
    async def prometheus_metrics() -> Response:
        if refresh is not None:
            with contextlib.suppress(Exception):  # a scrape must answer even when the db is down
                await refresh()
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    return router
