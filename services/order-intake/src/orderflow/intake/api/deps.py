"""Route dependencies of order-intake: its settings, the PII cipher, visibility checks."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request
from sqlalchemy import RowMapping

from orderflow.intake.crypto import PiiCipher
from orderflow.intake.settings import IntakeSettings
from orderflow.runtime.deps import ServiceStateDep
from orderflow.runtime.web import Principal, ProblemError


def intake_settings(state: ServiceStateDep) -> IntakeSettings:
    return cast(IntakeSettings, state.settings)


def pii_cipher(request: Request) -> PiiCipher:
    cipher: PiiCipher = request.app.state.pii_cipher
    return cipher


SettingsDep = Annotated[IntakeSettings, Depends(intake_settings)]
CipherDep = Annotated[PiiCipher, Depends(pii_cipher)]


def not_found(what: str, ident: object) -> ProblemError:
    return ProblemError(404, "not-found", f"{what.capitalize()} not found", f"no {what} {ident}")


def visible_order(principal: Principal, row: RowMapping | None, order_id: object) -> RowMapping:
    """The order if the caller may see it; 404 alike for a missing and for another's order."""
    if row is None or not principal.may_see(
        customer_id=row["customer_id"], partner_id=row["partner_id"]
    ):
        raise not_found("order", order_id)
    return row


def visible_customer(
    principal: Principal, row: RowMapping | None, customer_id: object
) -> RowMapping:
    """A customer token sees itself; a partner the customers its system registered."""
    if row is None or not principal.may_see(customer_id=row["id"], partner_id=row["partner_id"]):
        raise not_found("customer", customer_id)
    return row


def missing_scope(*scopes: str) -> ProblemError:
    return ProblemError(
        403,
        "insufficient-scope",
        "Insufficient scope",
        f"this action needs the scope(s): {', '.join(scopes)}",
        missing_scopes=list(scopes),
    )
