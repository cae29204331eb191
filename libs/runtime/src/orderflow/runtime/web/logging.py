"""Structured JSON logs with the service and correlation id on every line, and the access log.

`CorrelationMiddleware` is pure ASGI: it takes `X-Correlation-Id` (or the trace id of a W3C
`traceparent`) or makes a new UUID, puts it in the `correlation_id` context variable, echoes it
on the response and writes one access line per request. Bodies and headers are never logged.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
service_name: ContextVar[str | None] = ContextVar("service_name", default=None)
# The W3C trace context of the current request, for the outbox to carry into Kafka headers.
traceparent: ContextVar[str | None] = ContextVar("traceparent", default=None)

CORRELATION_HEADER = "X-Correlation-Id"
_SAFE_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")
_TRACEPARENT = re.compile(r"00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})")
# Standard LogRecord attributes, and uvicorn's ANSI-coloured copy of the message.
_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "color_message",
}
access_log = logging.getLogger("orderflow.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, service, correlation id, extras."""

    def __init__(self, default_service: str | None = None) -> None:
        super().__init__()
        self.default_service = default_service

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "service": getattr(record, "service", None)
            or service_name.get()
            or self.default_service,
            "correlation_id": getattr(record, "correlation_id", None) or correlation_id.get(),
        }
        line.update((k, v) for k, v in vars(record).items() if k not in _RECORD_FIELDS)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


def configure_logging(level: str | int = "INFO", *, service: str | None = None) -> None:
    """Send every record to stderr as a JSON line; `service` names lines outside requests."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(default_service=service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # Our own access line replaces uvicorn's, which would log the query string.
    logging.getLogger("uvicorn.access").disabled = True


def new_correlation_id() -> str:
    return str(uuid.uuid4())


def incoming_correlation_id(headers: Headers) -> tuple[str, str]:
    """The correlation id and traceparent for a request: taken from its headers or made anew."""
    parent = _valid_traceparent(headers.get("traceparent"))
    given = headers.get(CORRELATION_HEADER)
    if given is not None and _SAFE_ID.fullmatch(given):
        cid = given
    elif parent is not None:
        cid = parent[3:35]
    else:
        cid = new_correlation_id()
    return cid, parent or _new_traceparent(cid)


def _valid_traceparent(value: str | None) -> str | None:
    match = _TRACEPARENT.fullmatch(value.strip().lower()) if value else None
    if match is None or set(match[1]) == {"0"} or set(match[2]) == {"0"}:
        return None
    return match[0]


def _new_traceparent(cid: str) -> str:
    trace_id = cid.replace("-", "").lower()
    if not re.fullmatch(r"[0-9a-f]{32}", trace_id) or set(trace_id) == {"0"}:
        trace_id = secrets.token_hex(16)
    return f"00-{trace_id}-{secrets.token_hex(8)}-01"


class CorrelationMiddleware:
    """Pure ASGI middleware: correlation id in, correlation id out, one access log line."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cid, parent = incoming_correlation_id(Headers(scope=scope))
        # Not reset afterwards: the 500 handler runs outside this frame and still needs them.
        correlation_id.set(cid)
        traceparent.set(parent)
        service_name.set(self.service)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers[CORRELATION_HEADER] = cid
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            access_log.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
