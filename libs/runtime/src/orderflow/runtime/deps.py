"""FastAPI dependencies every service's routes use (`Annotated` aliases, as in STYLE.md)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.runtime.service import ServiceState


def service_state(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.service
    return state


ServiceStateDep = Annotated[ServiceState, Depends(service_state)]


async def session(state: ServiceStateDep) -> AsyncIterator[AsyncSession]:
    """A session with no transaction begun: the route opens one (`async with s.begin()`),
    after `idempotent(...)` has claimed its key where the route takes an Idempotency-Key."""
    async with state.sessions() as db_session:
        yield db_session


SessionDep = Annotated[AsyncSession, Depends(session)]


def now(state: ServiceStateDep) -> datetime:
    """The service clock's current time (a manual clock in tests)."""
    return state.clock.now()


NowDep = Annotated[datetime, Depends(now)]
