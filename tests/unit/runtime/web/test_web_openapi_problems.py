"""The OpenAPI documents the problems every route can answer; what the fuzzer found stays fixed."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any

import pytest
from fastapi import FastAPI, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from orderflow.runtime.web import Principal, install_problem_handlers, require_scopes
from orderflow.runtime.web.openapi import DECIMAL_PATTERN, UNSIGNED_DECIMAL_PATTERN
from orderflow.runtime.web.params import IsoDate
from tests.unit.runtime.web.conftest import AUTH, client_for

pytestmark = pytest.mark.unit


class Line(BaseModel):
    model_config = ConfigDict(extra="forbid")
    quantity: Annotated[Decimal, Field(gt=0)]
    delta: Decimal


def _app() -> FastAPI:
    app = FastAPI()
    app.state.auth = AUTH
    install_problem_handlers(app)

    @app.get("/v1/lines/{line_id}")
    async def read_line(
        line_id: str, principal: Annotated[Principal, require_scopes("x:read")]
    ) -> dict[str, str]:
        return {"id": line_id}

    @app.post("/v1/lines", status_code=201)
    async def add_line(line: Line) -> dict[str, str]:
        return {"quantity": str(line.quantity)}

    @app.get("/v1/lines")
    async def list_lines(
        since: Annotated[IsoDate | None, Query()] = None, cursor: str | None = None
    ) -> dict[str, str | None]:
        return {"since": since.isoformat() if since else None}

    @app.get("/v1/overflow/{days}")
    async def overflow(days: int) -> dict[str, str]:
        return {"day": (date.today() + timedelta(days=days)).isoformat()}

    return app


def _responses(schema: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    responses: dict[str, Any] = schema["paths"][path][method]["responses"]
    return responses


def test_every_route_documents_the_problems_it_can_answer_by_construction() -> None:
    schema = _app().openapi()
    read = _responses(schema, "/v1/lines/{line_id}", "get")
    assert {"401", "403", "404", "422", "429"} <= set(read)
    assert read["401"]["content"]["application/problem+json"]["schema"] == {
        "$ref": "#/components/schemas/Problem"
    }
    assert {"400", "413", "422", "429"} <= set(_responses(schema, "/v1/lines", "post"))
    listing = _responses(schema, "/v1/lines", "get")
    assert "400" in listing  # a bad cursor
    assert "401" not in listing  # no token needed


def test_decimal_strings_carry_the_pattern_the_server_parses() -> None:
    line = _app().openapi()["components"]["schemas"]["Line"]["properties"]
    assert line["quantity"]["anyOf"][1]["pattern"] == UNSIGNED_DECIMAL_PATTERN
    assert line["delta"]["anyOf"][1]["pattern"] == DECIMAL_PATTERN


async def test_a_405_lists_every_method_of_the_path() -> None:
    async with client_for(_app()) as client:
        response = await client.delete("/v1/lines")
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["allow"] == "GET, HEAD, POST"


async def test_a_number_is_not_a_date() -> None:
    async with client_for(_app()) as client:
        refused = await client.get("/v1/lines", params={"since": "0"})
        accepted = await client.get("/v1/lines", params={"since": "2026-01-02"})
    assert refused.status_code == 422
    assert accepted.json() == {"since": "2026-01-02"}


async def test_a_value_out_of_range_is_a_422_problem_not_a_crash() -> None:
    async with client_for(_app()) as client:
        response = await client.get(f"/v1/overflow/{10**9}")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "https://orderflow.dev/problems/value-out-of-range"


class _DriverError(Exception):
    """What a database driver raises, with the SQLSTATE it reports (None: none at all)."""

    def __init__(self, sqlstate: str | None) -> None:
        super().__init__("driver error")
        self.sqlstate = sqlstate


def _database_error_app(error: Exception) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/v1/fails")
    async def fails() -> None:
        raise error

    return app


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("SELECT 1", {}, _DriverError(None)),  # connection refused: no SQLSTATE
        OperationalError("SELECT 1", {}, _DriverError("57P01")),  # admin shutdown (a restart)
        InterfaceError("SELECT 1", {}, _DriverError("08003"), connection_invalidated=True),
        DBAPIError("connect", {}, _DriverError("57P03")),  # "the database system is starting up"
        ConnectionRefusedError(111, "Connection refused"),  # asyncpg's connect, re-raised bare
    ],
)
async def test_a_lost_database_is_a_503_to_retry_not_a_500(error: Exception) -> None:
    async with client_for(_database_error_app(error)) as client:
        response = await client.get("/v1/fails")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.json()["type"] == "https://orderflow.dev/problems/database-unavailable"


async def test_a_database_error_that_is_not_an_outage_stays_a_500() -> None:
    error = OperationalError("SELECT 1", {}, _DriverError("40P01"))  # a deadlock: a bug to see
    async with client_for(_database_error_app(error)) as client:
        response = await client.get("/v1/fails")
    assert response.status_code == 500


async def test_no_free_database_connection_is_a_503_busy_not_a_500() -> None:
    error = PoolTimeoutError("QueuePool limit of size 5 overflow 10 reached")
    async with client_for(_database_error_app(error)) as client:
        response = await client.get("/v1/fails")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.json()["type"] == "https://orderflow.dev/problems/busy"
