"""The seven services, by the name used in path prefixes, settings and topics."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import FastAPI

from orderflow.aftersales import main as aftersales
from orderflow.aftersales.settings import AftersalesSettings
from orderflow.intake import main as intake
from orderflow.intake.settings import IntakeSettings
from orderflow.logistics import main as logistics
from orderflow.logistics.settings import LogisticsSettings
from orderflow.procurement import main as procurement
from orderflow.procurement.settings import ProcurementSettings
from orderflow.production import main as production
from orderflow.production.settings import ProductionSettings
from orderflow.reporting import main as reporting
from orderflow.reporting.settings import ReportingSettings
from orderflow.review import main as review
from orderflow.review.settings import ReviewSettings
from orderflow.runtime.bus import Bus
from orderflow.runtime.clock import Clock
from orderflow.runtime.service import ServiceDefinition
from orderflow.runtime.settings import ServiceSettings


@dataclass(frozen=True)
class ServiceEntry:
    definition: ServiceDefinition
    settings: type[ServiceSettings]
    create_app: Callable[..., FastAPI]

    @property
    def name(self) -> str:
        return self.definition.name

    def app(
        self, settings: ServiceSettings, bus: Bus | None = None, clock: Clock | None = None
    ) -> FastAPI:
        return self.create_app(settings, bus, clock)


SERVICES: dict[str, ServiceEntry] = {
    entry.name: entry
    for entry in (
        ServiceEntry(intake.DEFINITION, IntakeSettings, intake.create_app),
        ServiceEntry(review.DEFINITION, ReviewSettings, review.create_app),
        ServiceEntry(production.DEFINITION, ProductionSettings, production.create_app),
        ServiceEntry(procurement.DEFINITION, ProcurementSettings, procurement.create_app),
        ServiceEntry(logistics.DEFINITION, LogisticsSettings, logistics.create_app),
        ServiceEntry(aftersales.DEFINITION, AftersalesSettings, aftersales.create_app),
        ServiceEntry(reporting.DEFINITION, ReportingSettings, reporting.create_app),
    )
}
