"""Composition root of procurement: its definition and `create_app`."""

from pathlib import Path

from fastapi import FastAPI

from orderflow.procurement import api, handlers, jobs, models
from orderflow.procurement.settings import ProcurementSettings
from orderflow.runtime.bus import Bus
from orderflow.runtime.clock import Clock
from orderflow.runtime.service import ServiceDefinition, build_app
from orderflow.runtime.settings import load_settings

DEFINITION = ServiceDefinition(
    name="procurement",
    title="OrderFlow procurement",
    description=(
        "Suppliers and their qualification, inventory, requisitions, purchase orders, "
        "receipts, supplier delays and quality issues (R-4.4–R-4.6)."
    ),
    migrations=Path(__file__).parent / "migrations" / "versions",
    routers=(api.router,),
    handlers=handlers.build,
    jobs=jobs.build,
    metadata=models.metadata,
)


def create_app(
    settings: ProcurementSettings | None = None, bus: Bus | None = None, clock: Clock | None = None
) -> FastAPI:
    return build_app(DEFINITION, settings or load_settings(ProcurementSettings), bus, clock)
