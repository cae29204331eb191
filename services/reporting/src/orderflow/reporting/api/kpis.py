"""The regulation's KPIs per period, department and person (R-9.3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.reporting import kpis, queries
from orderflow.reporting.api.common import PeriodDep, staff_only
from orderflow.reporting.queries import Period
from orderflow.reporting.schemas import KpiPublic, KpiReport, KpiValue
from orderflow.runtime.deps import SessionDep
from orderflow.runtime.web import Principal, problem_responses, require_scopes

router = APIRouter(tags=["kpis"])
READ = "reporting:kpis:read"


async def report(
    session: AsyncSession, period: Period, department: str | None = None, person: str | None = None
) -> KpiReport:
    """Every KPI: company-wide (or for the chosen department/person) with both breakdowns."""
    data = {m: await queries.sums(session, m, period, kpis.DIMENSIONS) for m in kpis.MEASURES}
    focus = (
        ("person", person)
        if person
        else ("department", department)
        if department
        else ("all", "all")
    )
    items = [
        KpiPublic(
            name=k.name,
            title=k.title,
            unit=k.unit,
            definition=k.definition,
            company=KpiValue.model_validate(kpis.value(k, data, *focus)),
            by_department={
                key: KpiValue.model_validate(kpis.value(k, data, "department", key))
                for key in kpis.keys(k, data, "department")
            },
            by_person={
                key: KpiValue.model_validate(kpis.value(k, data, "person", key))
                for key in kpis.keys(k, data, "person")
            },
        )
        for k in kpis.KPIS
    ]
    return KpiReport(
        period_from=period.start,
        period_to=period.end,
        department=department,
        person=person,
        kpis=items,
    )


@router.get(
    "/kpis",
    response_model=KpiReport,
    responses=problem_responses(401, 403, 422),
    description="The KPIs of R-9.3 over the period, computed from events:\n\n"
    + kpis.documentation(),
)
async def get_kpis(
    session: SessionDep,
    period: PeriodDep,
    principal: Annotated[Principal, require_scopes(READ)],
    department: str | None = None,
    person: str | None = None,
) -> KpiReport:
    """KPIs for the period; `department` or `person` narrows the headline figure."""
    staff_only(principal)
    return await report(session, period, department, person)
