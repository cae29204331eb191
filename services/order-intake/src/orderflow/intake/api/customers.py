"""Customer routes: register, read, update (contact data encrypted at rest, R-8.4)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request, Response

from orderflow.intake import customers
from orderflow.intake.api.deps import CipherDep, visible_customer
from orderflow.intake.schemas.customers import (
    CustomerCreate,
    CustomerCreated,
    CustomerPublic,
    CustomerUpdate,
)
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import (
    Principal,
    check_if_match,
    idempotency_key_parameter,
    idempotent,
    problem_responses,
    require_scopes,
    set_etag,
)

router = APIRouter(prefix="/v1", tags=["customers"])


@router.post(
    "/customers",
    status_code=201,
    response_model=CustomerCreated,
    responses=problem_responses(400, 409, 422),
    openapi_extra=idempotency_key_parameter(),
)
async def register_customer(
    body: CustomerCreate,
    request: Request,
    session: SessionDep,
    cipher: CipherDep,
    now: NowDep,
    principal: Annotated[Principal, require_scopes("intake:customers:write")],
) -> Response:
    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay is not None:
            return slot.replay
        customer_id = await customers.register(
            session,
            cipher,
            body,
            partner_id=principal.partner_id,
            actor=principal.subject,
            now=now,
        )
        row = await customers.get(session, customer_id)
        assert row is not None
        # The idempotency store keeps this body in the clear: it must hold no contact data.
        created = CustomerCreated.model_validate(dict(row))
        headers = {"ETag": f'"{row["version"]}"', "Location": f"/v1/customers/{row['id']}"}
        return await slot.store(201, created.model_dump_json().encode(), headers)


@router.get(
    "/customers/{customer_id}", response_model=CustomerPublic, responses=problem_responses(404)
)
async def read_customer(
    customer_id: UUID,
    response: Response,
    session: SessionDep,
    cipher: CipherDep,
    principal: Annotated[Principal, require_scopes("intake:customers:read")],
) -> CustomerPublic:
    row = visible_customer(principal, await customers.get(session, customer_id), customer_id)
    set_etag(response, row["version"])
    return customers.public(cipher, row)


@router.patch(
    "/customers/{customer_id}",
    response_model=CustomerPublic,
    responses=problem_responses(404, 412, 422, 428),
)
async def update_customer(
    customer_id: UUID,
    body: CustomerUpdate,
    request: Request,
    response: Response,
    session: SessionDep,
    cipher: CipherDep,
    now: NowDep,
    principal: Annotated[Principal, require_scopes("intake:customers:write")],
) -> CustomerPublic:
    async with session.begin():
        row = visible_customer(principal, await customers.get(session, customer_id), customer_id)
        check_if_match(request, row["version"])
        await customers.change(session, cipher, row, body, actor=principal.subject, now=now)
        fresh = await customers.get(session, customer_id)
    assert fresh is not None
    set_etag(response, fresh["version"])
    return customers.public(cipher, fresh)
