"""Shared route helpers: staff-only access and opaque cursors."""

from __future__ import annotations

from typing import Annotated

import httpx
import pytest
from fastapi import FastAPI, Query

from orderflow.runtime.web import (
    AuthConfig,
    Cursor,
    Limit,
    Principal,
    decode_cursor,
    encode_cursor,
    install_problem_handlers,
    mint_token,
    next_cursor,
    require_staff,
)

pytestmark = pytest.mark.unit
CONFIG = AuthConfig(secret="s" * 32, issuer="orderflow", audience="orderflow")


def app() -> FastAPI:
    api = FastAPI()
    api.state.auth = CONFIG
    install_problem_handlers(api)

    @api.get("/stock")
    async def stock(
        principal: Annotated[Principal, require_staff("procurement:stock:read")],
        limit: Limit = 10,
        cursor: Cursor = None,
        echo: Annotated[str | None, Query()] = None,
    ) -> dict[str, object]:
        return {"who": principal.subject, "after": decode_cursor(cursor), "limit": limit}

    return api


async def get(path: str, **claims: str) -> httpx.Response:
    token = mint_token(CONFIG, subject="x", scopes=["procurement:stock:read"], **claims)  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.get(path, headers={"Authorization": f"Bearer {token}"})


async def test_staff_get_in_and_customers_are_refused_whatever_they_hold() -> None:
    assert (await get("/stock", kind="staff")).status_code == 200
    refused = await get("/stock", kind="customer", customer_id="C-1")
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("/staff-only")


async def test_a_cursor_round_trips_and_a_foreign_one_is_a_400() -> None:
    cursor = encode_cursor("2026-01-05|42")
    assert (await get(f"/stock?cursor={cursor}", kind="staff")).json()["after"] == "2026-01-05|42"
    assert (await get("/stock?cursor=%25%25", kind="staff")).status_code == 400
    assert (await get("/stock?limit=101", kind="staff")).status_code == 422


def test_next_cursor_only_when_the_page_is_full() -> None:
    assert next_cursor(["a", "b"], 2) == encode_cursor("b")
    assert next_cursor(["a"], 2) is None
    assert next_cursor([], 2) is None
