"""RFC 9457 `application/problem+json` bodies for every error a service answers."""

from __future__ import annotations

import functools
import logging
import re
import traceback
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from orderflow.runtime.web.logging import CORRELATION_HEADER, correlation_id
from orderflow.runtime.web.openapi import ABOUT_BLANK, PROBLEM_MEDIA_TYPE, document_problems

PROBLEM_BASE_URI = "https://orderflow.dev/problems/"
logger = logging.getLogger(__name__)


def problem_type(slug: str) -> str:
    """The `type` URI of one of our problems: `https://orderflow.dev/problems/<slug>`."""
    return PROBLEM_BASE_URI + slug


class ProblemError(Exception):
    """Raise from a route or a dependency to answer with a problem body."""

    def __init__(
        self,
        status: int,
        slug: str,
        title: str,
        detail: str | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.type = problem_type(slug)
        self.title = title
        self.detail = detail
        self.headers = dict(headers or {})
        self.extensions = extensions


def problem_response(
    request: Request,
    status: int,
    title: str | None = None,
    *,
    type_uri: str = ABOUT_BLANK,
    detail: str | None = None,
    headers: Mapping[str, str] | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> JSONResponse:
    cid = correlation_id.get()
    body: dict[str, Any] = {
        **(extensions or {}),
        "type": type_uri,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "instance": request.url.path,
        "correlation_id": cid,
    }
    if detail:
        body["detail"] = detail
    all_headers = dict(headers or {})
    if cid is not None:
        all_headers[CORRELATION_HEADER] = cid
    return JSONResponse(body, status, all_headers, media_type=PROBLEM_MEDIA_TYPE)


async def _on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProblemError)
    return problem_response(
        request,
        exc.status,
        exc.title,
        type_uri=exc.type,
        detail=exc.detail,
        headers=exc.headers,
        extensions=exc.extensions,
    )


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    phrase = HTTPStatus(exc.status_code).phrase
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != phrase else None
    if exc.status_code == HTTPStatus.NOT_FOUND and detail is None:
        detail = f"No resource at {request.url.path}"
    headers = dict(exc.headers or {})
    if exc.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
        headers["Allow"] = _allowed_methods(request, headers.get("Allow", ""))
    return problem_response(request, exc.status_code, detail=detail, headers=headers)


def _allowed_methods(request: Request, allow: str) -> str:
    """Every method of the resource, not only those of the first route that matched its
    path (Starlette answers a 405 from one route; a GET and a POST on one path are two)."""
    methods = {m.strip().upper() for m in allow.split(",") if m.strip()}
    path = request.scope["path"]
    root = request.scope.get("root_path", "")
    if root and path.startswith(root + "/"):
        path = path[len(root) :]
    openapi = getattr(request.app, "openapi", None)
    paths: Mapping[str, Mapping[str, Any]] = openapi().get("paths", {}) if openapi else {}
    for template, item in paths.items():
        if _template_regex(template).fullmatch(path):
            methods.update(m.upper() for m in item if m.upper() in _HTTP_METHODS)
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


_HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"})


@functools.lru_cache(maxsize=1024)
def _template_regex(template: str) -> re.Pattern[str]:
    """`/v1/orders/{order_id}` → a regex matching one path segment per parameter."""
    parts = re.split(r"(\{[^{}/]+\})", template)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    for error in errors:
        if error.get("type") == "json_invalid":
            position = error["loc"][-1]
            reason = error.get("ctx", {}).get("error", "invalid JSON")
            return problem_response(
                request,
                422,
                "Malformed JSON body",
                type_uri=problem_type("malformed-json"),
                detail=f"malformed JSON body at position {position}: {reason}",
            )
    # Input values are left out on purpose: they may carry personal data.
    fields = [
        {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"], "type": e["type"]}
        for e in errors
    ]
    return problem_response(
        request,
        422,
        "Request validation failed",
        type_uri=problem_type("validation-error"),
        detail=f"{len(fields)} field(s) failed validation",
        extensions={"errors": fields},
    )


def _unstorable(exc: Exception) -> bool:
    """A value the request carried that the database or arithmetic cannot hold: PostgreSQL's
    class 22 "data exception" (an integer past int32/int64, a numeric past its precision, a
    NUL byte in text, a date out of range) or Python's OverflowError (SQLite's 64-bit
    integers, `date + timedelta` past year 9999)."""
    if isinstance(exc, OverflowError):
        return True
    if isinstance(exc, DBAPIError):
        state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
        return isinstance(state, str) and state.startswith("22")
    return False


def _database_unavailable(exc: Exception) -> bool:
    """The database went away under the request (a restart, a lost connection), rather than
    refusing what the request asked: SQLAlchemy saw a disconnect, the driver reports a
    connection exception (SQLSTATE class 08) or an operator action (57P: shutting down,
    starting up), or the connection failed below the driver (refused, reset)."""
    if not isinstance(exc, DBAPIError):
        return False
    state = getattr(exc.orig, "sqlstate", None)
    if exc.connection_invalidated or isinstance(exc.orig, OSError):
        return True
    if isinstance(state, str):
        return state.startswith(("08", "57P"))
    return isinstance(exc, OperationalError | InterfaceError)


async def _on_database_error(request: Request, exc: Exception) -> Response:
    if _database_unavailable(exc):
        return _unavailable(request, exc)
    return await _on_unstorable(request, exc)


async def _on_connection_error(request: Request, exc: Exception) -> Response:
    # The driver re-raises a refused connection as the OSError itself (asyncpg's connect
    # while PostgreSQL restarts); a route's only such dependency is its database.
    return _unavailable(request, exc)


async def _on_pool_exhausted(request: Request, exc: Exception) -> Response:
    # Every pooled connection stayed busy for the pool's timeout: the service is overloaded
    # (the benchmark's 100 orders/s against one intake process), not broken.
    logger.warning("no database connection free on %s %s", request.method, request.url.path)
    return problem_response(
        request,
        503,
        "Service busy",
        type_uri=problem_type("busy"),
        detail="the service has more requests than database connections; retry shortly",
        headers={"Retry-After": "1"},
    )


def _unavailable(request: Request, exc: Exception) -> Response:
    # Nothing was committed (the transaction died with its connection): a retry, with the
    # same Idempotency-Key where the route takes one, is safe.
    logger.warning(
        "database unavailable on %s %s: %s",
        request.method,
        request.url.path,
        type(getattr(exc, "orig", None) or exc).__name__,
    )
    return problem_response(
        request,
        503,
        "Database unavailable",
        type_uri=problem_type("database-unavailable"),
        detail="the service lost its connection to its database; retry shortly",
        headers={"Retry-After": "1"},
    )


async def _on_unstorable(request: Request, exc: Exception) -> Response:
    if not _unstorable(exc):
        return await _on_unexpected(request, exc)
    # Logged where it happened but without the message, which may quote the values (PII),
    # so that a server-side computation that overflows is still seen.
    logger.warning(
        "refused an unstorable value on %s %s: %s at %s",
        request.method,
        request.url.path,
        type(getattr(exc, "orig", None) or exc).__name__,
        _where(exc),
    )
    return problem_response(
        request,
        422,
        "Value out of range",
        type_uri=problem_type("value-out-of-range"),
        detail="a value in the request is out of range, or holds a character (NUL) that "
        "this service cannot store",
    )


def _where(exc: BaseException) -> str:
    """`file:line` of the innermost frame of our own code in the traceback."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "orderflow" in f.filename]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"


async def _on_unexpected(request: Request, exc: Exception) -> Response:
    logger.error(
        "unhandled error on %s %s",
        request.method,
        request.url.path,
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    return problem_response(
        request,
        500,
        detail="An unexpected error occurred; quote the correlation_id when reporting it.",
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error, including 404/405/422 and crashes, with a problem body (and say so
    in the OpenAPI document)."""
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(OverflowError, _on_unstorable)
    app.add_exception_handler(DBAPIError, _on_database_error)
    app.add_exception_handler(ConnectionError, _on_connection_error)
    app.add_exception_handler(PoolTimeoutError, _on_pool_exhausted)
    app.add_exception_handler(Exception, _on_unexpected)
    document_problems(app)


def not_found(what: str, key: object) -> ProblemError:
    """The 404 for a missing object, or one the caller may not see (never a 403 for those)."""
    return ProblemError(404, "not-found", f"{what} not found", f"no {what.lower()} {key}")
