"""Composition root of reporting: its definition and `create_app`."""

from pathlib import Path

from fastapi import FastAPI

from orderflow.reporting import api, handlers, models
from orderflow.reporting.settings import ReportingSettings
from orderflow.runtime.bus import Bus
from orderflow.runtime.clock import Clock
from orderflow.runtime.service import ServiceDefinition, build_app
from orderflow.runtime.settings import load_settings

DEFINITION = ServiceDefinition(
    name="reporting",
    title="OrderFlow reporting",
    description=(
        "The append-only archive of every event, the complete order file, KPIs and "
        "analytics (R-8.1, R-8.2, R-9). Scopes: `reporting:orders:read` (order files; a "
        "customer token sees its own), `reporting:kpis:read`, `reporting:analytics:read` and "
        "`reporting:dashboard:read` (staff only). KPI definitions: see `GET /v1/kpis`."
    ),
    migrations=Path(__file__).parent / "migrations" / "versions",
    routers=(api.router,),
    handlers=handlers.build,
    batch_handler=handlers.build_batch,
    metadata=models.metadata,
    # Customers and partners may use only these: their own order's file and timeline.
    external_scopes=frozenset(
        {
            "reporting:orders:read",
        }
    ),
)


def create_app(
    settings: ReportingSettings | None = None, bus: Bus | None = None, clock: Clock | None = None
) -> FastAPI:
    return build_app(DEFINITION, settings or load_settings(ReportingSettings), bus, clock)
