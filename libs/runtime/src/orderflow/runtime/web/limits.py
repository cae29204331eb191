"""Request limits every service applies before a route runs: body size (413) and rate (429).

`LimitsMiddleware` is pure ASGI, inside the correlation middleware so its problems carry the
correlation id, outside the metrics so refusals are counted.

- **Body size**: a declared `Content-Length` above `max_body_bytes` is refused before a byte
  of the body is read; a chunked body is counted while the route reads it and refused the
  moment it passes the limit. Nothing of an oversized body reaches a handler.
- **Rate**: a token bucket per caller and service instance — the verified token's subject
  (`staff:dora`), else the client address for anonymous callers (webhooks). A caller past its
  burst gets `429` with `Retry-After` (whole seconds until a request would pass again).
  Probes and metrics are never limited. This guards one instance; a gateway in front of the
  fleet is where a global quota belongs.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import HTTPException
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from orderflow.runtime.web.openapi import UNLIMITED_PATHS
from orderflow.runtime.web.problems import ProblemError, problem_response, problem_type
from orderflow.runtime.web.tokens import AuthConfig, decode_token

MAX_TRACKED_CALLERS = 10_000


@dataclass
class Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Token buckets, one per caller key, refilled at `rate` per second up to `burst`.

    The least recently seen callers are forgotten past `max_callers` (a forgotten caller
    starts again with a full bucket), so memory stays bounded whatever the callers send.
    """

    def __init__(
        self,
        rate: float,
        burst: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_callers: int = MAX_TRACKED_CALLERS,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("a rate limit needs rate > 0 and burst >= 1")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._max_callers = max_callers
        self._buckets: OrderedDict[str, Bucket] = OrderedDict()

    def acquire(self, key: str) -> float:
        """Take one token for `key`: 0.0 when the request may pass, else seconds to wait."""
        now = self._clock()
        bucket = self._buckets.pop(key, None) or Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        self._buckets[key] = bucket  # most recently seen last
        if len(self._buckets) > self._max_callers:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.rate


class LimitsMiddleware:
    """Refuses oversized bodies (413) and callers over their rate (429) with problem bodies."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        limiter: RateLimiter | None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].endswith(UNLIMITED_PATHS):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if self.limiter is not None:
            wait = self.limiter.acquire(_caller(scope))
            if wait > 0:
                await _too_many(request, wait)(scope, receive, send)
                return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await _too_large(request, self.max_body_bytes)(scope, receive, send)
            return
        await self.app(scope, self._counted(receive), send)

    def _counted(self, receive: Receive) -> Receive:
        """`receive` that refuses a (chunked) body once it has passed the limit."""
        seen = 0
        limit = self.max_body_bytes

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # Raised inside the route's body read; FastAPI re-raises HTTPException
                    # and the problem handlers answer it as a 413 problem.
                    raise HTTPException(413, _too_large_detail(limit))
            return message

        return counted


def _caller(scope: Scope) -> str:
    """The rate-limit key: the verified token's subject, else the client's address."""
    authorization = Headers(scope=scope).get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    config = getattr(getattr(scope.get("app"), "state", None), "auth", None)
    if scheme.lower() == "bearer" and token and isinstance(config, AuthConfig):
        # An invalid token is limited by address; the route answers it with a 401.
        with contextlib.suppress(ProblemError):
            principal = decode_token(config, token.strip())
            return f"{principal.kind}:{principal.subject}"
    client = scope.get("client")
    return f"address:{client[0] if client else 'unknown'}"


def _too_many(request: Request, wait: float) -> ASGIApp:
    retry_after = max(1, math.ceil(wait))
    return problem_response(
        request,
        429,
        "Too many requests",
        type_uri=problem_type("rate-limited"),
        detail=f"this caller is over its request rate; retry after {retry_after} s",
        headers={"Retry-After": str(retry_after)},
    )


def _too_large_detail(limit: int) -> str:
    return f"the request body is larger than {limit} bytes"


def _too_large(request: Request, limit: int) -> ASGIApp:
    return problem_response(
        request,
        413,
        "Request body too large",
        type_uri=problem_type("body-too-large"),
        detail=_too_large_detail(limit),
        extensions={"max_body_bytes": limit},
    )
