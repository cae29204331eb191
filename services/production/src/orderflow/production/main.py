"""Composition root of production: its definition and `create_app`."""

from pathlib import Path

from fastapi import FastAPI

from orderflow.production import api, handlers, jobs, models
from orderflow.production.settings import ProductionSettings
from orderflow.runtime.bus import Bus
from orderflow.runtime.clock import Clock
from orderflow.runtime.service import ServiceDefinition, build_app
from orderflow.runtime.settings import load_settings

DEFINITION = ServiceDefinition(
    name="production",
    title="OrderFlow production",
    description=(
        "Work centers and capacity, bills of materials, capacity and material "
        "assessments, production plans, tasks with responsible people, progress and QC "
        "(R-3.1, R-4.1–R-4.3)."
    ),
    migrations=Path(__file__).parent / "migrations" / "versions",
    routers=(api.router,),
    handlers=handlers.build,
    jobs=jobs.build,
    metadata=models.metadata,
    # Customers and partners may use only these: the plan of their own order.
    external_scopes=frozenset(
        {
            "production:plans:read",
        }
    ),
)


def create_app(
    settings: ProductionSettings | None = None, bus: Bus | None = None, clock: Clock | None = None
) -> FastAPI:
    return build_app(DEFINITION, settings or load_settings(ProductionSettings), bus, clock)
