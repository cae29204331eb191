"""Composition root of review: its definition and `create_app`."""

from pathlib import Path

from fastapi import FastAPI

from orderflow.review import api, handlers, jobs, models
from orderflow.review.settings import ReviewSettings
from orderflow.runtime.bus import Bus
from orderflow.runtime.clock import Clock
from orderflow.runtime.service import ServiceDefinition, build_app
from orderflow.runtime.settings import load_settings

DEFINITION = ServiceDefinition(
    name="review",
    title="OrderFlow review",
    description=(
        "The four-department review and the assessment rounds for changes and "
        "cancellations, with the sales and finance rules as data (R-3, R-6.2)."
    ),
    migrations=Path(__file__).parent / "migrations" / "versions",
    routers=(api.router,),
    handlers=handlers.build,
    jobs=jobs.build,
    metadata=models.metadata,
    # Customers and partners may use only these: the rounds of their own orders.
    external_scopes=frozenset(
        {
            "review:rounds:read",
        }
    ),
)


def create_app(
    settings: ReviewSettings | None = None, bus: Bus | None = None, clock: Clock | None = None
) -> FastAPI:
    return build_app(DEFINITION, settings or load_settings(ReviewSettings), bus, clock)
