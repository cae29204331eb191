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


def document_problems(app: FastAPI) -> None:
    """Make the app's OpenAPI show problem bodies, FastAPI's default 422 included."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            for operation in _operations(schema):
                for status, response in operation.get("responses", {}).items():
                    if status == "422" or PROBLEM_MEDIA_TYPE in response.get("content", {}):
                        response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": dict(_PROBLEM_REF)}}
            _add_problem_schemas(schema.setdefault("components", {}).setdefault("schemas", {}))
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented extension point


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [op for path in schema.get("paths", {}).values() for op in path.values()]


def _add_problem_schemas(schemas: dict[str, Any]) -> None:
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem.pop("$defs", {}))
    schemas["Problem"] = problem
