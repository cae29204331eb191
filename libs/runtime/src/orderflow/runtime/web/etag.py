"""`ETag` from a row's version on reads; `If-Match` required on updates and transitions."""

import re

from fastapi import Request, Response

from orderflow.runtime.web.problems import ProblemError

_ENTITY_TAG = re.compile(r'\s*(W/)?"([\x21\x23-\x7e]*)"\s*')


def etag_for(version: int) -> str:
    """The strong entity tag of a resource at `version`: `"7"`."""
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag_for(version)


def parse_if_match(value: str) -> list[str]:
    """The opaque tags of an `If-Match` list, weak or strong; ValueError if malformed."""
    tags: list[str] = []
    for member in value.split(","):
        match = _ENTITY_TAG.fullmatch(member)
        if match is None:
            raise ValueError(member)
        tags.append(match[2])
    return tags


def check_if_match(request: Request, current_version: int) -> None:
    """428 without a concrete `If-Match`, 400 if malformed, 412 if it names another version.

    `*` is not accepted: a client must show which version it read. A weak tag (`W/"7"`) is
    compared by its opaque value: proxies that compress responses weaken ETags, and ours
    name the row version, not the bytes.
    """
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        raise ProblemError(
            428,
            "if-match-required",
            "If-Match header required",
            "send If-Match with the ETag of the version you read",
        )
    try:
        tags = parse_if_match(header)
    except ValueError:
        raise ProblemError(
            400, "malformed-if-match", "Malformed If-Match", "If-Match must list quoted ETags"
        ) from None
    if str(current_version) not in tags:
        raise ProblemError(
            412,
            "precondition-failed",
            "Precondition failed",
            "the resource changed since you read it; read it again and retry",
            current_etag=etag_for(current_version),
        )
