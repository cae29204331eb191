"""JSON log lines with service and correlation id; one access line per request."""

import json
import logging
from typing import Any

import httpx
import pytest
from starlette.datastructures import Headers

from orderflow.runtime.web.logging import (
    JsonFormatter,
    configure_logging,
    correlation_id,
    incoming_correlation_id,
)

pytestmark = pytest.mark.unit

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"


def access_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "orderflow.access"]


async def test_one_access_line_per_request_without_headers_or_query(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="orderflow.access"):
        response = await client.get(
            "/v1/orders/o-1?token=s3cret", headers={"Authorization": "Bearer s3cret-token"}
        )
    [line] = access_lines(caplog)
    assert line["method"] == "GET"
    assert line["path"] == "/v1/orders/o-1"
    assert line["status"] == 200
    assert line["service"] == "testsvc"
    assert line["correlation_id"] == response.headers["x-correlation-id"]
    assert isinstance(line["duration_ms"], float)
    assert "s3cret" not in json.dumps(line)


async def test_a_traceparent_trace_id_becomes_the_correlation_id(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/v1/orders/o-1", headers={"traceparent": TRACEPARENT})
    assert response.headers["x-correlation-id"] == TRACE_ID


@pytest.mark.parametrize("given", ["a" * 129, "evil\x1b[31mid", "has space"])
def test_an_unsafe_correlation_id_is_replaced(given: str) -> None:
    cid, parent = incoming_correlation_id(Headers({"X-Correlation-Id": given}))
    assert cid != given
    assert parent.split("-")[1] == cid.replace("-", "")


def test_the_callers_traceparent_is_kept_for_the_outbox() -> None:
    cid, parent = incoming_correlation_id(
        Headers({"X-Correlation-Id": "req-1", "traceparent": TRACEPARENT})
    )
    assert (cid, parent) == ("req-1", TRACEPARENT)


def test_the_formatter_writes_one_json_object_with_context_and_extras() -> None:
    token = correlation_id.set("cid-9")
    try:
        record = logging.makeLogRecord(
            {
                "name": "orderflow.intake",
                "levelname": "WARNING",
                "msg": "order %s late",
                "args": ("o-1",),
                "order_id": "o-1",
            }
        )
        line = json.loads(JsonFormatter(default_service="intake").format(record))
    finally:
        correlation_id.reset(token)
    assert line["message"] == "order o-1 late"
    assert line["service"] == "intake"
    assert line["correlation_id"] == "cid-9"
    assert line["order_id"] == "o-1"
    assert line["level"] == "WARNING"


def test_configure_logging_installs_the_json_formatter() -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        configure_logging("DEBUG", service="intake")
        assert root.level == logging.DEBUG
        [handler] = root.handlers
        assert isinstance(handler.formatter, JsonFormatter)
    finally:
        root.handlers[:], root.level = saved[0], saved[1]
