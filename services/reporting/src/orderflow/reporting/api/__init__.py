"""reporting REST API under /v1: order files, KPIs, analytics and the operations dashboard."""

from fastapi import APIRouter

from orderflow.reporting.api import analytics as analytics
from orderflow.reporting.api import dashboard as dashboard
from orderflow.reporting.api import kpis as kpis
from orderflow.reporting.api import orders as orders

router = APIRouter(prefix="/v1")
for part in (orders, kpis, analytics, dashboard):
    router.include_router(part.router)
