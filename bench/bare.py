"""The baseline: a bare FastAPI endpoint that inserts one row with asyncpg, nothing else.

`uvicorn bench.bare:app` with BENCH_BARE_DSN pointing at an empty database."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

DDL = "CREATE TABLE IF NOT EXISTS orders (id uuid PRIMARY KEY, body jsonb NOT NULL)"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    pool = await asyncpg.create_pool(os.environ["BENCH_BARE_DSN"], min_size=5, max_size=20)
    async with pool.acquire() as conn:
        await conn.execute(DDL)
    app.state.pool = pool
    yield
    await pool.close()


app = FastAPI(lifespan=lifespan)


@app.post("/orders", status_code=201)
async def create(request: Request) -> JSONResponse:
    body: dict[str, Any] = await request.json()
    order_id = uuid.uuid4()
    pool: asyncpg.Pool = request.app.state.pool
    await pool.execute("INSERT INTO orders (id, body) VALUES ($1, $2)", order_id, json.dumps(body))
    return JSONResponse({"id": str(order_id), **body}, status_code=201)


@app.get("/livez")
async def livez() -> dict[str, str]:
    return {"status": "ok"}
