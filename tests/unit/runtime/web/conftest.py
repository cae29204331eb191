"""A tiny service app wired with the runtime's HTTP basics, driven in-process with httpx."""

from collections.abc import AsyncIterator
from typing import Annotated

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Request, Response
from pydantic import BaseModel, ConfigDict

from orderflow.runtime.web import (
    AuthConfig,
    CorrelationMiddleware,
    MetricsMiddleware,
    Principal,
    ProblemError,
    ServiceMetrics,
    check_if_match,
    health_router,
    install_problem_handlers,
    metrics_router,
    problem_responses,
    require_scopes,
    set_etag,
)

SECRET = "unit-test-secret-that-is-long-enough-for-hs256-and-hs512-0123456789abcdef"
AUTH = AuthConfig(secret=SECRET, issuer="orderflow-test", audience="orderflow")
SERVICE = "testsvc"


class LineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sku: str
    quantity: int


class OrderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    customer_id: str
    lines: list[LineIn]


def _orders_router() -> APIRouter:
    router = APIRouter(prefix="/orders")
    versions = {"o-1": 3}

    @router.get("/{order_id}", responses=problem_responses(404))
    async def read_order(order_id: str, response: Response) -> dict[str, str]:
        if order_id not in versions:
            raise ProblemError(404, "order-not-found", "Order not found", order_id=order_id)
        set_etag(response, versions[order_id])
        return {"id": order_id}

    @router.post("", status_code=201, responses=problem_responses(422))
    async def place_order(order: OrderIn) -> dict[str, int]:
        return {"lines": len(order.lines)}

    @router.put("/{order_id}", responses=problem_responses(412, 428))
    async def update_order(order_id: str, request: Request) -> dict[str, int]:
        check_if_match(request, versions[order_id])
        versions[order_id] += 1
        return {"version": versions[order_id]}

    @router.post("/{order_id}/decisions")
    async def decide(
        order_id: str,
        principal: Annotated[Principal, require_scopes("review:finance:decide")],
    ) -> dict[str, str]:
        return {"order_id": order_id, "decided_by": principal.subject, "kind": principal.kind}

    @router.get("/{order_id}/crash")
    async def crash(order_id: str) -> dict[str, str]:
        raise RuntimeError(f"database password is hunter2 for {order_id}")

    return router


def build_app(metrics: ServiceMetrics | None = None) -> FastAPI:
    app = FastAPI()
    app.state.auth = AUTH
    install_problem_handlers(app)
    metrics = metrics or ServiceMetrics(SERVICE)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(CorrelationMiddleware, service=SERVICE)
    app.include_router(_orders_router(), prefix="/v1")
    app.include_router(health_router())
    app.include_router(metrics_router(metrics))
    return app


def client_for(app: FastAPI) -> httpx.AsyncClient:
    # raise_app_exceptions=False: Starlette re-raises after answering a 500, as servers expect.
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://testsvc")


@pytest.fixture
def auth() -> AuthConfig:
    return AUTH


@pytest.fixture
def metrics() -> ServiceMetrics:
    return ServiceMetrics(SERVICE)


@pytest.fixture
def app(metrics: ServiceMetrics) -> FastAPI:
    return build_app(metrics)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as client:
        yield client
