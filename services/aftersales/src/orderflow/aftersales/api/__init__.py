"""aftersales REST API: acceptances, claims, tickets, follow-ups, surveys (thin routes)."""

from fastapi import APIRouter

from orderflow.aftersales.api import (
    acceptances,
    care,
    claims,
    service_levels,
    ticket_work,
    tickets,
)

router = APIRouter(prefix="/v1")
for module in (acceptances, claims, tickets, ticket_work, service_levels, care):
    router.include_router(module.router)
