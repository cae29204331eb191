"""One real service app for the fuzzer: SQLite under a temp dir, the embedded bus, a token
holding every scope the service checks (the fuzzer must reach the handlers, not the 403)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from orderflow.cli.catalog import SERVICES
from orderflow.runtime.bus.embedded import EmbeddedBus
from orderflow.runtime.settings import load_settings, sqlite_url
from orderflow.runtime.web import auth

_SCOPE = re.compile(r"^[a-z-]+(:[a-z{}.-]+)+$")


def build(name: str, data_dir: Path) -> tuple[FastAPI, EmbeddedBus]:
    """The service's own app (`create_app`), migrating on start; the caller runs its lifespan."""
    entry = SERVICES[name]
    settings = load_settings(
        entry.settings,
        database_url=sqlite_url(data_dir, name),
        migrate_on_start=True,
        scheduler_enabled=False,
        # One token sends hundreds of requests a second here: the 429 is not under test.
        rate_limit_per_second=0,
    )
    bus = EmbeddedBus()
    return entry.app(settings, bus), bus


def all_scopes(app: FastAPI, service: str) -> list[str]:
    """Every scope a route of `app` asks for (read from the `require_scopes` closures), plus
    the per-department scopes checked in handlers and the operator scope."""
    found: set[str] = {f"{service}:ops"}
    for route in _api_routes(app.routes):
        found.update(_scopes_of(route.dependant))
    # Scopes a handler checks itself (`review:<department>:decide`, intake's record scope).
    for department in ("sales", "finance", "production", "procurement", "logistics"):
        found.update(
            {
                f"review:{department}:decide",
                f"review:{department}:rules:read",
                f"review:{department}:rules:write",
            }
        )
    found.update({"intake:orders:record", "intake:subscriptions:write"})
    return sorted(s for s in found if s.startswith(f"{service}:"))


def _api_routes(routes: Iterable[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)  # FastAPI's nested include
        if included is not None:
            yield from _api_routes(included.routes)


def _scopes_of(dependant: Dependant) -> Iterator[str]:
    call: Any = dependant.call
    for cell in getattr(call, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if isinstance(value, frozenset):
            yield from (v for v in value if isinstance(v, str) and _SCOPE.match(v))
    for sub in dependant.dependencies:
        yield from _scopes_of(sub)


def bearer(app: FastAPI, service: str) -> str:
    config: auth.AuthConfig = app.state.auth
    return auth.mint_token(config, subject="fuzzer", scopes=all_scopes(app, service), kind="staff")
