"""OpenAPI for problem bodies: the `Problem` schema under `application/problem+json`."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict

PROBLEM_MEDIA_TYPE = "application/problem+json"
ABOUT_BLANK = "about:blank"
_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


class ProblemFieldError(BaseModel):
    field: str
    message: str
    type: str


class Problem(BaseModel):
    """An RFC 9457 problem body; a service may add extension members."""

    model_config = ConfigDict(extra="allow")

    type: str = ABOUT_BLANK
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    correlation_id: str | None = None
    errors: list[ProblemFieldError] | None = None


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` entries for a route: a problem body for each status."""
    return {
        status: {
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_MEDIA_TYPE: {"schema": dict(_PROBLEM_REF)}},
        }
        for status in statuses
    }


# Paths the request limits (`limits.LimitsMiddleware`) never refuse: no 429 or 413 there.
UNLIMITED_PATHS = ("/livez", "/readyz", "/metrics")
_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def document_problems(app: FastAPI) -> None:
    """Make the app's OpenAPI show problem bodies, FastAPI's default 422 included, and the
    problems every route may answer by construction (`generic_problem_statuses`)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            for path, method, operation in _operations(schema):
                responses = operation.setdefault("responses", {})
                for status in generic_problem_statuses(path, method, operation):
                    responses.setdefault(str(status), problem_responses(status)[status])
                for status, response in responses.items():
                    if status == "422" or PROBLEM_MEDIA_TYPE in response.get("content", {}):
                        response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": dict(_PROBLEM_REF)}}
            _add_problem_schemas(schema.setdefault("components", {}).setdefault("schemas", {}))
            _pattern_decimal_strings(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented extension point


def generic_problem_statuses(path: str, method: str, operation: dict[str, Any]) -> list[int]:
    """The problems an operation can answer whatever its handler does, read off its shape:

    - 401/403 where it needs a bearer token (missing or bad token; missing scope);
    - 404 where the path names an object; 422 where anything is validated;
    - 400 for a body that cannot be read as text, a bad `cursor`, a missing or bad
      `Idempotency-Key` (which also gives 409 while the first request runs and 422 when
      reused with another body);
    - 413 for a body over the limit, 429 over the rate limit (not on probes and metrics).

    A handler's own answers (409 illegal transition, 412/428 for `If-Match`, …) the route
    documents with `responses=problem_responses(...)`.
    """
    statuses: set[int] = set()
    parameters = [p for p in operation.get("parameters", []) if isinstance(p, dict)]
    names = {(p.get("in"), str(p.get("name", "")).lower()) for p in parameters}
    if operation.get("security"):
        statuses |= {401, 403}
    if "{" in path:
        statuses.add(404)
    if parameters or "requestBody" in operation:
        statuses.add(422)
    if "requestBody" in operation:
        statuses.add(400)
    if ("query", "cursor") in names:
        statuses.add(400)
    if ("header", "idempotency-key") in names:
        statuses |= {400, 409, 422}
    if not path.endswith(UNLIMITED_PATHS):
        statuses.add(429)
        if "requestBody" in operation or method in ("post", "put", "patch"):
            statuses.add(413)
    return sorted(statuses)


# What pydantic parses as a Decimal from a JSON string (`"12.50"`, `"-3"`, `"1e3"`), and the
# same without a minus sign for a decimal that may not be negative.
DECIMAL_PATTERN = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$"
UNSIGNED_DECIMAL_PATTERN = r"^\s*\+?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$"


def _pattern_decimal_strings(node: Any) -> None:
    """Give the string form of every decimal (`anyOf: [number, string]`, as pydantic writes
    a `Decimal` input) the pattern the server parses, so that clients and fuzzers know that
    `"12.50"` is a decimal and `"twelve"` is not."""
    if isinstance(node, dict):
        variants = node.get("anyOf")
        if isinstance(variants, list) and len(variants) == 2:
            kinds = [v.get("type") if isinstance(v, dict) else None for v in variants]
            if sorted(map(str, kinds)) == ["number", "string"]:
                number, text = variants[kinds.index("number")], variants[kinds.index("string")]
                if not {"pattern", "format", "enum", "const"} & set(text):
                    low = number.get("minimum", number.get("exclusiveMinimum"))
                    unsigned = isinstance(low, int | float) and low >= 0
                    text["pattern"] = UNSIGNED_DECIMAL_PATTERN if unsigned else DECIMAL_PATTERN
        for value in node.values():
            _pattern_decimal_strings(value)
    elif isinstance(node, list):
        for value in node:
            _pattern_decimal_strings(value)


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in schema.get("paths", {}).items()
        for method, operation in item.items()
        if method in _METHODS and isinstance(operation, dict)
    ]


def _add_problem_schemas(schemas: dict[str, Any]) -> None:
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem.pop("$defs", {}))
    schemas["Problem"] = problem
