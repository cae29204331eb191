"""The payload base every event derives from, one base per producing service, shared shapes."""

from __future__ import annotations

from typing import ClassVar, Literal, get_args
from uuid import UUID

from pydantic import Field

from orderflow.contracts.types import CheckResult, ContractModel, Impact, RoundKind

Producer = Literal[
    "intake", "review", "production", "procurement", "logistics", "aftersales", "reporting"
]
PRODUCERS: tuple[Producer, ...] = get_args(Producer)


class EventPayload(ContractModel):
    """A past-tense fact one service records; subclasses name, version and attribute it."""

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1
    producer: ClassVar[Producer]
    # None: the event is about one order, keyed by order_id; else the kind of its subject key.
    subject_kind: ClassVar[str | None] = None


class IntakeEvent(EventPayload):
    """Published by order-intake on orderflow.intake.events."""

    producer = "intake"


class ReviewEvent(EventPayload):
    """Published by review on orderflow.review.events."""

    producer = "review"


class ProductionEvent(EventPayload):
    """Published by production on orderflow.production.events."""

    producer = "production"


class ProcurementEvent(EventPayload):
    """Published by procurement on orderflow.procurement.events."""

    producer = "procurement"


class LogisticsEvent(EventPayload):
    """Published by logistics on orderflow.logistics.events."""

    producer = "logistics"


class AftersalesEvent(EventPayload):
    """Published by aftersales on orderflow.aftersales.events."""

    producer = "aftersales"


class AssessmentAnswer(EventPayload):
    """The fields every department's answer to an assessment request shares (DESIGN §5)."""

    round_id: UUID
    round_kind: RoundKind
    order_version: int = Field(ge=1)
    result: CheckResult
    # Change and cancellation rounds only: dates, cost and work already done.
    impact: Impact | None = None
