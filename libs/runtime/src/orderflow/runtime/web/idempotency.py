"""`Idempotency-Key` on creating POSTs, stored in the service's database with the effect.

    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay:
            return slot.replay
        order = await place_order(session, body)
        return await slot.store(201, OrderPublic.from_row(order))

The key is claimed first in its own short, committed transaction (`idempotency_store`), so a
concurrent request with the same key sees it and gets a 409. The block is then the unit of
work: the effect and `slot.store(...)` commit together when it ends; if it raises, the session
is rolled back and the claim released, so the client may retry. A claim whose request crashed
is taken over after `lease_seconds`. Enter the block before the session does anything (the
session must not have begun a transaction; on SQLite it would hold the write lock we need).
"""

import hashlib
import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from starlette.responses import Response

from orderflow.runtime.tables import idempotency_keys as keys
from orderflow.runtime.web.idempotency_store import (
    HEADER,
    Claim,
    claim_key,
    in_progress,
    release,
)
from orderflow.runtime.web.problems import ProblemError


def idempotency_key(request: Request) -> str:
    """The request's key (bare or as a quoted structured-field string); 400 if absent or bad."""
    raw = request.headers.get(HEADER)
    if raw is None:
        # 400 as draft-ietf-httpapi-idempotency-key-header says; 428 is for conditional requests.
        detail = f"this request creates something; send a unique {HEADER} header"
        raise ProblemError(400, "idempotency-key-required", f"{HEADER} header required", detail)
    key = raw.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not 1 <= len(key) <= 200 or not key.isprintable():
        detail = f"{HEADER} must be 1 to 200 printable characters"
        raise ProblemError(400, "idempotency-key-invalid", f"Invalid {HEADER}", detail)
    return key


def idempotency_key_parameter() -> dict[str, Any]:
    """`openapi_extra=` documenting the header on a creating POST."""
    schema = {"type": "string", "minLength": 1, "maxLength": 200}
    parameter = {"name": HEADER, "in": "header", "required": True, "schema": schema}
    return {"parameters": [parameter]}


class IdempotencySlot:
    """One claimed key: either a stored response to replay, or the right to store one."""

    def __init__(self, session: AsyncSession, claim: Claim, replay: Response | None) -> None:
        self.replay = replay
        self.stored = False
        self._session = session
        self._claim = claim

    async def store(
        self, status: int, body: Any, headers: Mapping[str, str] | None = None
    ) -> Response:
        """Save the response in the session's transaction and return it (JSON unless bytes)."""
        if self.replay is not None:
            raise RuntimeError("this key was already used: return slot.replay instead")
        content = body if isinstance(body, bytes) else _json(body)
        stored = {
            "content-type": "application/json",
            **{k.lower(): v for k, v in (headers or {}).items()},
        }
        connection = await self._session.connection()  # the session's transaction
        result = await connection.execute(
            update(keys)
            .where(*self._claim.still_ours())
            .values(status_code=status, response_body=content, response_headers=stored)
        )
        if result.rowcount != 1:  # our lease ran out and another request took the key over
            raise in_progress()
        self.stored = True
        return Response(content, status, stored)


@asynccontextmanager
async def idempotent(
    session: AsyncSession, request: Request, principal: str, *, lease_seconds: float = 60.0
) -> AsyncIterator[IdempotencySlot]:
    """Claim the request's key for `principal`; see the module docstring for the protocol."""
    if session.in_transaction():
        raise RuntimeError("enter idempotent() before the session starts a transaction")
    key = idempotency_key(request)
    route = f"{request.method} {request.url.path}"[:300]
    digest = hashlib.sha256(await request.body()).hexdigest()
    engine = _engine_of(session)
    claim, replay = await claim_key(engine, (principal, route, key), digest, lease_seconds)
    slot = IdempotencySlot(session, claim, replay)
    if replay is not None:
        yield slot
        return
    try:
        yield slot
        if not slot.stored:
            raise RuntimeError("an idempotent block must end with `return await slot.store(...)`")
        await session.commit()
    except BaseException:
        try:
            await session.rollback()
        finally:
            await release(engine, claim)
        raise


def _json(body: Any) -> bytes:
    # The same bytes FastAPI's JSONResponse would send.
    encoded = jsonable_encoder(body)
    return json.dumps(encoded, ensure_ascii=False, separators=(",", ":")).encode()


def _engine_of(session: AsyncSession) -> AsyncEngine:
    bind = session.bind
    if isinstance(bind, AsyncConnection):
        return bind.engine
    if bind is None:
        raise RuntimeError("idempotent() needs a session bound to an engine")
    return bind
