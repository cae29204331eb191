"""The public API as the chaos load uses it: staff tokens, and requests that ride out faults.

Every POST that creates something carries an Idempotency-Key, so a retry after a lost
answer (a killed process, a restarted database) replays instead of creating twice."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Mapping
from typing import Any

import httpx

from orderflow.runtime.web.auth import AuthConfig, mint_token

# The services' development secret (ServiceSettings.jwt_secret), as tests/e2e/flow.py uses.
AUTH = AuthConfig(
    secret="dev-only-change-me-0123456789abcdef",  # noqa: S106
    issuer="orderflow",
    audience="orderflow",
)
SCOPES: Mapping[str, tuple[str, ...]] = {
    "sales": (
        "intake:orders:read",
        "intake:orders:write",
        "intake:orders:submit",
        "intake:customers:read",
        "intake:customers:write",
    ),
    "review": tuple(
        f"review:{d}:rules:{a}" for d in ("sales", "finance") for a in ("read", "write")
    ),
    "production": ("production:catalog:read", "production:catalog:write"),
    "procurement": (
        "procurement:suppliers:read",
        "procurement:suppliers:write",
        "procurement:inventory:read",
        "procurement:inventory:write",
    ),
    "logistics": ("logistics:carriers:read", "logistics:carriers:write"),
}
# Answers that mean "the service or its database is away for a moment": try again.
RETRY = frozenset({429, 500, 502, 503, 504})


class ApiError(RuntimeError):
    """A request that failed for good (a 4xx, or still failing at its deadline)."""


def headers(role: str) -> dict[str, str]:
    """A bearer token for one department (valid long enough for a 10 000-order run)."""
    jwt = mint_token(
        AUTH, subject=f"chaos-{role}", scopes=SCOPES[role], kind="staff", ttl_seconds=6 * 3600
    )
    return {"Authorization": f"Bearer {jwt}"}


def idempotency() -> dict[str, str]:
    return {"Idempotency-Key": uuid.uuid4().hex}


class Api:
    """One HTTP client on the proxy; `call` retries transport errors and 5xx until a deadline."""

    def __init__(self, http: httpx.AsyncClient, patience: float = 300) -> None:
        self.http = http
        self.patience = patience
        self.retries = 0
        self.tokens = {role: headers(role) for role in SCOPES}

    async def call(
        self,
        method: str,
        path: str,
        role: str,
        expect: tuple[int, ...],
        retry: frozenset[int] = RETRY,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send until an answer in `expect` (returned) or another 4xx (ApiError)."""
        extra = kwargs.pop("headers", {})
        deadline = time.monotonic() + self.patience
        delay = 0.2
        while True:
            try:
                answer = await self.http.request(
                    method, path, headers={**self.tokens[role], **extra}, **kwargs
                )
            except httpx.TransportError as exc:
                failure = f"{type(exc).__name__}"
            else:
                if answer.status_code in expect:
                    return answer
                if answer.status_code not in retry:
                    raise ApiError(f"{method} {path}: {answer.status_code} {answer.text[:300]}")
                failure = str(answer.status_code)
                after = answer.headers.get("Retry-After", "")
                delay = max(delay, float(after)) if after.isdigit() else delay
            if time.monotonic() + delay > deadline:
                raise ApiError(f"{method} {path}: still failing after {self.patience}s ({failure})")
            self.retries += 1
            await asyncio.sleep(delay)  # back off while the fault lasts
            delay = min(delay * 2, 3.0)

    async def create(self, path: str, role: str, body: Any) -> Any:
        """POST with one Idempotency-Key for every attempt: created once, replayed after."""
        # 409: the same key is still in flight (an attempt that timed out on our side).
        answer = await self.call(
            "POST", path, role, (200, 201), RETRY | {409}, json=body, headers=idempotency()
        )
        return answer.json()
