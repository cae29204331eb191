"""What every procurement route shares: pagination, the domain's refusals as problems."""

import base64
import binascii
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

from fastapi import Query, params
from pydantic import BaseModel

from orderflow.procurement.domain.errors import BusinessRuleError, IllegalTransitionError
from orderflow.procurement.domain.policy import Policy
from orderflow.procurement.events import Emit
from orderflow.procurement.settings import policy_of
from orderflow.runtime.service import ServiceState
from orderflow.runtime.web import Principal, ProblemError, etag_for, require_scopes

MAX_PAGE = 100
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="page size, at most 100")]
Cursor = Annotated[str | None, Query(max_length=200, description="next_cursor of the last page")]


def staff_with(*scopes: str) -> params.Depends:
    """The caller, if staff or a service holding `scopes`: suppliers, stock and purchasing
    are internal, so a customer's or partner's token is refused whatever it holds (R-8.4)."""

    # This module does not postpone annotations, so FastAPI sees the local dependency.
    async def internal(principal: Annotated[Principal, require_scopes(*scopes)]) -> Principal:
        if principal.kind in ("customer", "partner"):
            raise ProblemError(
                403, "staff-only", "Staff only", "procurement data is internal to the company"
            )
        return principal

    return params.Depends(internal)


def encode_cursor(last_key: str) -> str:
    return base64.urlsafe_b64encode(last_key.encode()).decode()


def decode_cursor(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        return base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise ProblemError(
            400, "invalid-cursor", "Invalid cursor", "pass next_cursor as given"
        ) from None


def next_cursor(keys: list[str], limit: int) -> str | None:
    """A cursor after the last key when the page is full (there may be more)."""
    return encode_cursor(keys[-1]) if len(keys) == limit else None


def emitter(now: datetime, principal: Principal) -> Emit:
    return Emit(now, actor=principal.subject)


def policy(state: ServiceState) -> Policy:
    return policy_of(state.settings)


def not_found(what: str, key: object) -> ProblemError:
    return ProblemError(404, "not-found", f"{what} not found", f"no {what.lower()} {key}")


@contextmanager
def domain_refusals() -> Iterator[None]:
    """An illegal transition answers 409; a broken business rule 422."""
    try:
        yield
    except IllegalTransitionError as exc:
        raise ProblemError(
            409,
            "illegal-transition",
            "Illegal transition",
            str(exc),
            current_status=exc.current_status,
        ) from None
    except BusinessRuleError as exc:
        raise ProblemError(422, exc.rule, "Business rule violated", exc.message) from None


def json_with_etag(model: BaseModel, version: int) -> tuple[bytes, dict[str, str]]:
    """A body and headers for `slot.store(...)`."""
    return model.model_dump_json().encode(), {"ETag": etag_for(version)}
