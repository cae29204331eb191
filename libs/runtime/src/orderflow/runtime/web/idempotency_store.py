"""The `idempotency_keys` rows behind `idempotent()`: claim, take over, release.

The unique (principal, route, key) constraint decides every race, on SQLite and PostgreSQL
alike: whoever inserts the row holds the key; an IntegrityError means someone else does.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from starlette.responses import Response

from orderflow.runtime.tables import idempotency_keys as keys
from orderflow.runtime.web.problems import ProblemError

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"


@dataclass(frozen=True)
class Claim:
    id: int
    at: datetime  # when it was taken: tells a live claim from one taken over after its lease

    def still_ours(self) -> tuple[ColumnElement[bool], ...]:
        c = keys.c
        return (c.id == self.id, c.status_code.is_(None), c.created_at == self.at)


async def claim_key(
    engine: AsyncEngine, ident: tuple[str, str, str], digest: str, lease_seconds: float
) -> tuple[Claim, Response | None]:
    """Claim (principal, route, key), or find the stored response to replay; 409/422 else."""
    principal, route, key = ident
    same_key = (keys.c.principal == principal, keys.c.route == route, keys.c.key == key)
    for _ in range(3):  # a claim released between our insert and our read: try again
        now = datetime.now(UTC)
        try:
            async with engine.begin() as conn:
                row = {"principal": principal, "route": route, "key": key}
                values = {**row, "request_hash": digest, "created_at": now}
                result = await conn.execute(insert(keys).values(values).returning(keys.c.id))
                return Claim(int(result.scalar_one()), now), None
        except IntegrityError:
            pass
        async with engine.begin() as conn:
            found = (await conn.execute(select(keys).where(*same_key))).one_or_none()
            if found is None:
                continue
            if found.request_hash != digest:
                raise reused(key)
            if found.status_code is not None:
                headers = {**found.response_headers, REPLAYED_HEADER: "true"}
                replay = Response(found.response_body, found.status_code, headers)
                return Claim(found.id, found.created_at), replay
            if await _take_over(conn, found.id, now - timedelta(seconds=lease_seconds), now):
                return Claim(found.id, now), None
        break
    raise in_progress()


async def _take_over(conn: AsyncConnection, claim_id: int, cutoff: datetime, now: datetime) -> bool:
    """Take a claim whose request died holding it (older than the lease); False if it lives."""
    result = await conn.execute(
        update(keys)
        .where(keys.c.id == claim_id, keys.c.status_code.is_(None), keys.c.created_at < cutoff)
        .values(created_at=now)
    )
    return result.rowcount == 1


async def release(engine: AsyncEngine, claim: Claim) -> None:
    """Give the key back after a failed request, unless someone took it over meanwhile."""
    async with engine.begin() as conn:
        await conn.execute(delete(keys).where(*claim.still_ours()))


def in_progress() -> ProblemError:
    detail = f"a request with this {HEADER} is still being processed; retry shortly"
    return ProblemError(
        409,
        "idempotency-key-in-progress",
        "Request in progress",
        detail,
        headers={"Retry-After": "1"},
    )


def reused(key: str) -> ProblemError:
    detail = f"{HEADER} {key!r} was already used with a different request body"
    return ProblemError(422, "idempotency-key-reused", f"{HEADER} reused", detail)
