"""Composition root of logistics: its definition and `create_app`."""

from pathlib import Path

from fastapi import FastAPI

from orderflow.logistics import api, handlers
from orderflow.logistics.settings import LogisticsSettings
from orderflow.runtime.bus import Bus
from orderflow.runtime.clock import Clock
from orderflow.runtime.service import ServiceDefinition, build_app
from orderflow.runtime.settings import load_settings

DEFINITION = ServiceDefinition(
    name="logistics",
    title="OrderFlow logistics",
    description=(
        "Carriers and service areas, delivery assessments, shipments, tracking and "
        "exceptions, delivery notices and documents, proof of delivery, on-site service "
        "(R-4.7–R-4.9, R-5.1–R-5.4)."
    ),
    migrations=Path(__file__).parent / "migrations" / "versions",
    routers=(api.router,),
    handlers=handlers.build,
)


def create_app(
    settings: LogisticsSettings | None = None, bus: Bus | None = None, clock: Clock | None = None
) -> FastAPI:
    return build_app(DEFINITION, settings or load_settings(LogisticsSettings), bus, clock)
