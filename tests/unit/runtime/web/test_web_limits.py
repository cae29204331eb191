"""Request limits (issue 10, OWASP API4): oversized bodies are a 413 and a caller past its
rate a 429 with Retry-After, both as problem+json, before any route code runs."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from orderflow.runtime.web import mint_token
from orderflow.runtime.web.limits import LimitsMiddleware, RateLimiter
from tests.unit.runtime.web.conftest import AUTH, build_app, client_for

pytestmark = pytest.mark.unit

ORDER = {"customer_id": "c-1", "lines": [{"sku": "CHAIR", "quantity": 1}]}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def limited_app(max_body_bytes: int = 200, limiter: RateLimiter | None = None) -> FastAPI:
    app = build_app()
    app.add_middleware(LimitsMiddleware, max_body_bytes=max_body_bytes, limiter=limiter)
    return app


@pytest.fixture
async def small_bodies() -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(limited_app(max_body_bytes=200)) as client:
        yield client


def bearer(subject: str) -> dict[str, str]:
    token = mint_token(AUTH, subject, ["review:finance:decide"], "staff")
    return {"Authorization": f"Bearer {token}"}


async def test_a_body_within_the_limit_reaches_the_route(small_bodies: httpx.AsyncClient) -> None:
    response = await small_bodies.post("/v1/orders", json=ORDER)
    assert response.status_code == 201, response.text


async def test_a_declared_oversized_body_is_a_413_problem(small_bodies: httpx.AsyncClient) -> None:
    big = {**ORDER, "lines": [{"sku": "X" * 300, "quantity": 1}]}
    response = await small_bodies.post("/v1/orders", json=big)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/body-too-large")
    assert problem["max_body_bytes"] == 200


async def test_a_chunked_body_is_refused_once_it_passes_the_limit(
    small_bodies: httpx.AsyncClient,
) -> None:
    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: sent chunked
        yield b'{"customer_id": "c-1", "lines": ['
        for _ in range(20):
            yield b'{"sku": "CHAIR", "quantity": 1},'
        yield b'{"sku": "CHAIR", "quantity": 1}]}'

    response = await small_bodies.post(
        "/v1/orders", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_caller_past_its_burst_gets_429_with_retry_after(clock: Clock) -> None:
    limiter = RateLimiter(rate=0.5, burst=2, clock=clock)
    async with client_for(limited_app(limiter=limiter)) as client:
        answers = [(await client.get("/v1/orders/o-1", headers=bearer("dora"))) for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 429]
        refused = answers[2]
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.headers["Retry-After"] == "2"  # one token at 0.5/s
        assert refused.json()["type"].endswith("/rate-limited")
        # Another caller has a bucket of its own; the first one passes again after the wait.
        assert (await client.get("/v1/orders/o-1", headers=bearer("emil"))).status_code == 200
        clock.now += 2
        assert (await client.get("/v1/orders/o-1", headers=bearer("dora"))).status_code == 200


async def test_probes_and_metrics_are_never_limited(clock: Clock) -> None:
    limiter = RateLimiter(rate=0.1, burst=1, clock=clock)
    async with client_for(limited_app(limiter=limiter)) as client:
        statuses = {(await client.get(path)).status_code for path in ["/livez", "/metrics"] * 5}
        assert statuses == {200}


async def test_anonymous_callers_are_limited_by_address(clock: Clock) -> None:
    limiter = RateLimiter(rate=1, burst=1, clock=clock)
    async with client_for(limited_app(limiter=limiter)) as client:
        first = await client.get("/v1/orders/o-1")
        forged = await client.get("/v1/orders/o-1", headers={"Authorization": "Bearer forged"})
        assert first.status_code == 200
        assert forged.status_code == 429  # an invalid token does not buy a fresh bucket


def test_forgotten_callers_keep_memory_bounded(clock: Clock) -> None:
    limiter = RateLimiter(rate=1, burst=1, clock=clock, max_callers=3)
    for caller in ("a", "b", "c", "d"):
        assert limiter.acquire(caller) == 0.0
    assert limiter.acquire("d") > 0  # still tracked
    assert limiter.acquire("a") == 0.0  # forgotten, starts full again


def test_a_limit_needs_a_positive_rate_and_burst() -> None:
    with pytest.raises(ValueError, match="rate > 0"):
        RateLimiter(rate=0, burst=1)
