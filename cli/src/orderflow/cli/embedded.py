"""All seven services in one process: one port, path prefixes, SQLite files, the embedded bus."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from orderflow.cli.catalog import SERVICES
from orderflow.runtime.bus.embedded import EmbeddedBus
from orderflow.runtime.clock import Clock
from orderflow.runtime.settings import load_settings, sqlite_url
from orderflow.runtime.web.problems import install_problem_handlers


def create_embedded_app(
    data_dir: Path, base_url: str = "http://127.0.0.1:8000", clock: Clock | None = None
) -> FastAPI:
    """Every service mounted at `/<name>`; the bus opens once all have subscribed."""
    data_dir.mkdir(parents=True, exist_ok=True)
    bus = EmbeddedBus()
    peers = {name: f"{base_url}/{name}" for name in SERVICES}
    apps = {
        name: entry.app(
            load_settings(
                entry.settings,
                database_url=sqlite_url(data_dir, name),
                bus="embedded",
                migrate_on_start=True,
                peer_urls=peers,
            ),
            bus,
            clock,
        )
        for name, entry in SERVICES.items()
    }

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            for app in apps.values():
                await stack.enter_async_context(app.router.lifespan_context(app))
            bus.open()
            stack.push_async_callback(bus.close)  # stop deliveries before services stop
            yield

    root = FastAPI(title="OrderFlow (embedded)", lifespan=lifespan, docs_url=None, redoc_url=None)
    install_problem_handlers(root)  # a path outside every service is a problem body too

    @root.get("/", include_in_schema=False)
    async def index() -> dict[str, object]:
        return {
            "name": "OrderFlow",
            "mode": "embedded",
            "services": {
                name: {"base": f"/{name}/v1", "docs": f"/{name}/docs", "ready": f"/{name}/readyz"}
                for name in apps
            },
        }

    @root.get("/livez", include_in_schema=False)
    async def livez() -> dict[str, str]:
        return {"status": "ok"}

    for name, app in apps.items():
        root.mount(f"/{name}", app)
    return root
