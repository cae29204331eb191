"""Calls to another service's REST API, for data a service needs but does not own.

DESIGN §1: a service asks the owner (e.g. logistics asks order-intake for a delivery
contact) with a short-lived service token; it never reads the owner's database.
"""

from __future__ import annotations

from collections.abc import Generator

import httpx

from orderflow.runtime.web import auth


class ServiceTokenAuth(httpx.Auth):
    """Mints a fresh short-lived `service` token for every request."""

    def __init__(self, config: auth.AuthConfig, caller: str, scopes: list[str]) -> None:
        self._config = config
        self._caller = caller
        self._scopes = scopes

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = auth.mint_token(
            self._config,
            subject=f"service:{self._caller}",
            scopes=self._scopes,
            kind="service",
            ttl_seconds=60,
        )
        request.headers["Authorization"] = f"Bearer {token}"
        yield request


def peer_client(
    base_url: str,
    config: auth.AuthConfig,
    caller: str,
    scopes: list[str],
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: float = 5.0,
) -> httpx.AsyncClient:
    """An HTTP client for one peer service; `transport` lets tests call an app in-process."""
    return httpx.AsyncClient(
        base_url=base_url,
        auth=ServiceTokenAuth(config, caller, scopes),
        transport=transport,
        timeout=timeout,
    )
