"""What every procurement route shares: the event emitter, the policy, refusals as problems."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel

from orderflow.procurement.domain.errors import BusinessRuleError, IllegalTransitionError
from orderflow.procurement.domain.policy import Policy
from orderflow.procurement.events import Emit
from orderflow.procurement.settings import policy_of
from orderflow.runtime.service import ServiceState
from orderflow.runtime.web import Principal, ProblemError, decode_cursor, etag_for


def id_cursor(cursor: str | None) -> str | None:
    """The id a cursor of an id-ordered list points after; 400 if it is not one of ours."""
    after = decode_cursor(cursor)
    if after is not None:
        try:
            UUID(after)
        except ValueError:
            raise ProblemError(
                400, "invalid-cursor", "Invalid cursor", "pass next_cursor as given"
            ) from None
    return after


def emitter(now: datetime, principal: Principal) -> Emit:
    return Emit(now, actor=principal.subject)


def policy(state: ServiceState) -> Policy:
    return policy_of(state.settings)


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
