"""Every error is an RFC 9457 problem with the request's correlation id."""

import logging
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

pytestmark = pytest.mark.unit


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["instance"] == response.request.url.path
    assert body["correlation_id"] == response.headers["x-correlation-id"]
    return body


async def test_unknown_route_is_a_404_problem(client: httpx.AsyncClient) -> None:
    body = assert_problem(await client.get("/v1/nowhere"), 404)
    assert body["type"] == "about:blank"
    assert body["title"] == "Not Found"


async def test_a_service_problem_keeps_its_type_and_extension_members(
    client: httpx.AsyncClient,
) -> None:
    body = assert_problem(await client.get("/v1/orders/o-404"), 404)
    assert body["type"] == "https://orderflow.dev/problems/order-not-found"
    assert body["order_id"] == "o-404"


async def test_wrong_method_is_a_405_problem_that_keeps_allow(client: httpx.AsyncClient) -> None:
    response = await client.delete("/v1/orders/o-1")
    assert_problem(response, 405)
    assert "GET" in response.headers["allow"]


async def test_invalid_body_lists_dotted_field_paths_without_echoing_input(
    client: httpx.AsyncClient,
) -> None:
    sent = {"customer_id": "c-1", "lines": [{"sku": "A", "quantity": "many", "colour": "secret"}]}
    body = assert_problem(await client.post("/v1/orders", json=sent), 422)
    assert body["type"] == "https://orderflow.dev/problems/validation-error"
    fields = {e["field"]: e["type"] for e in body["errors"]}
    assert fields == {
        "body.lines.0.quantity": "int_parsing",
        "body.lines.0.colour": "extra_forbidden",
    }
    assert "many" not in repr(body)
    assert "secret" not in repr(body)


async def test_malformed_json_says_where(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/orders", content=b'{"lines": [', headers={"content-type": "application/json"}
    )
    body = assert_problem(response, 422)
    assert body["type"] == "https://orderflow.dev/problems/malformed-json"
    assert body["detail"].startswith("malformed JSON body at position 11")


async def test_a_crash_is_a_500_problem_without_stack_trace_but_logged(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        response = await client.get("/v1/orders/o-1/crash")
    body = assert_problem(response, 500)
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text
    assert "correlation_id" in body["detail"]
    logged = [r for r in caplog.records if r.exc_info and "crash" in r.getMessage()]
    assert logged
    assert isinstance(logged[0].exc_info, tuple)


async def test_the_callers_correlation_id_is_echoed(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/nowhere", headers={"X-Correlation-Id": "req-42"})
    assert response.headers["x-correlation-id"] == "req-42"
    assert response.json()["correlation_id"] == "req-42"


async def test_openapi_documents_problem_bodies(app: FastAPI) -> None:
    schema = app.openapi()
    response = schema["paths"]["/v1/orders/{order_id}"]["put"]["responses"]["412"]
    assert response["content"]["application/problem+json"]["schema"] == {
        "$ref": "#/components/schemas/Problem"
    }
    assert "Problem" in schema["components"]["schemas"]
