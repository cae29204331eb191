"""Ticket deadlines per kind and priority, kept as data staff can change (R-7.3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from orderflow.aftersales import models
from orderflow.aftersales.actions import tickets
from orderflow.aftersales.schemas.tickets import ServiceLevelIn, ServiceLevelPublic
from orderflow.contracts.aftersales import Priority, TicketKind
from orderflow.runtime.deps import SessionDep
from orderflow.runtime.web import Principal, require_scopes

router = APIRouter(tags=["service-levels"])
Reader = Annotated[Principal, require_scopes("aftersales:tickets:read")]
Writer = Annotated[Principal, require_scopes("aftersales:service-levels:write")]


@router.get("/service-levels", response_model=list[ServiceLevelPublic])
async def list_service_levels(session: SessionDep, principal: Reader) -> list[ServiceLevelPublic]:
    levels = []
    for kind in TicketKind:
        for priority in Priority:
            level = await tickets.service_level(session, kind.value, priority.value)
            levels.append(
                ServiceLevelPublic(
                    kind=kind,
                    priority=priority,
                    first_response_minutes=int(level.first_response.total_seconds() // 60),
                    resolution_minutes=int(level.resolution.total_seconds() // 60),
                )
            )
    return levels


@router.put("/service-levels/{kind}/{priority}", response_model=ServiceLevelPublic)
async def set_service_level(
    kind: TicketKind,
    priority: Priority,
    body: ServiceLevelIn,
    session: SessionDep,
    principal: Writer,
) -> ServiceLevelPublic:
    """New tickets of this kind and priority get these windows; open ones keep theirs."""
    table = models.sla_policies
    async with session.begin():
        await session.execute(
            table.delete().where(table.c.kind == kind.value, table.c.priority == priority.value)
        )
        await session.execute(
            table.insert().values(kind=kind.value, priority=priority.value, **body.model_dump())
        )
    return ServiceLevelPublic(kind=kind, priority=priority, **body.model_dump())
