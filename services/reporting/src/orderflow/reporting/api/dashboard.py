"""The operations dashboard: KPIs, volume and revenue trends, order search, a timeline (R-9)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from orderflow.reporting import analytics, order_reads, queries
from orderflow.reporting.api.common import PeriodDep, staff_only
from orderflow.reporting.api.kpis import report
from orderflow.runtime.deps import SessionDep
from orderflow.runtime.web import Principal, problem_responses, require_scopes

router = APIRouter(tags=["dashboard"])
READ = "reporting:dashboard:read"
TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent.parent / "templates"),
    autoescape=select_autoescape(["html"]),
)


@router.get("/dashboard", response_class=HTMLResponse, responses=problem_responses(401, 403, 422))
async def dashboard(
    request: Request,
    session: SessionDep,
    period: PeriodDep,
    principal: Annotated[Principal, require_scopes(READ)],
    q: Annotated[str | None, Query(max_length=36)] = None,
    status: str | None = None,
    order: Annotated[str | None, Query(max_length=36)] = None,
) -> HTMLResponse:
    """For managers and supervisors: the same figures as the API, on one page."""
    staff_only(principal)
    kpi_report = await report(session, period)
    volume = analytics.volume_rows(await queries.daily(session, "orders", period), "day")
    orders = await order_reads.search(session, limit=50, text=q or None, status=status or None)
    selected = await order_reads.order(session, order) if order else None
    entries = await order_reads.entries(session, selected.order_id) if selected else []
    peak = max([float(str(r["revenue"])) for r in volume] + [1.0])
    html = TEMPLATES.get_template("dashboard.html").render(
        period=period,
        kpis=kpi_report.kpis,
        volume=volume,
        peak=peak,
        orders=orders,
        q=q or "",
        status=status or "",
        selected=selected,
        entries=entries,
    )
    return HTMLResponse(html)
