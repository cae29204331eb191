"""The delivery contact for logistics: the only way contact data leaves intake (R-8.4)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter

from orderflow.intake import customers, presenters, repository
from orderflow.intake.api.deps import CipherDep, not_found, visible_order
from orderflow.intake.schemas.customers import DeliveryContact
from orderflow.runtime.deps import SessionDep
from orderflow.runtime.web import Principal, problem_responses, require_scopes

router = APIRouter(prefix="/v1", tags=["contacts"])


@router.get(
    "/orders/{order_id}/delivery-contact",
    response_model=DeliveryContact,
    responses=problem_responses(403, 404),
)
async def delivery_contact(
    order_id: UUID,
    session: SessionDep,
    cipher: CipherDep,
    principal: Annotated[Principal, require_scopes("intake:contacts:read")],
) -> DeliveryContact:
    """Consignee name, phone, e-mail and the order's street address (customer's if none)."""
    order = visible_order(principal, await repository.get_order(session, order_id), order_id)
    customer = await customers.get(session, order["customer_id"])
    if customer is None:
        raise not_found("order", order_id)
    person = customers.public(cipher, customer)
    lines = presenters.address_lines(cipher, order) or person.address_lines
    return DeliveryContact(
        order_id=order["id"],
        customer_id=customer["id"],
        name=person.name,
        email=person.email,
        phone=person.phone,
        address_lines=lines,
    )
