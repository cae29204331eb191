"""Aftersales' acceptance inspections: opened with a deadline, then passed, failed or lapsed."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from orderflow.contracts.base import AftersalesEvent
from orderflow.contracts.types import ContractModel, Text, UtcDatetime


class ChecklistItem(ContractModel):
    item_no: int = Field(ge=1)
    line_no: int | None = Field(default=None, ge=1)
    criterion: Text


class FailedItem(ContractModel):
    item_no: int = Field(ge=1)
    line_no: int | None = Field(default=None, ge=1)
    finding: Text


class AcceptanceEvent(AftersalesEvent):
    """An event about one delivered order's acceptance inspection."""

    acceptance_id: UUID


class AcceptanceOpened(AcceptanceEvent):
    """A delivered order's acceptance opened with its standard and deadline (R-5.5, R-5.6)."""

    event_type = "acceptance.opened"
    deadline: UtcDatetime
    checklist: tuple[ChecklistItem, ...] = Field(min_length=1)


class AcceptancePassed(AcceptanceEvent):
    """The customer or customer service recorded that every item passed (R-5.6)."""

    event_type = "acceptance.passed"
    recorded_by_customer: bool


class AcceptanceFailed(AcceptanceEvent):
    """The inspection found problems; a claim follows (R-5.6)."""

    event_type = "acceptance.failed"
    failed_items: tuple[FailedItem, ...] = Field(min_length=1)
    recorded_by_customer: bool


class AcceptanceAutoAccepted(AcceptanceEvent):
    """The deadline passed with no report, so the order counts as accepted (R-5.6)."""

    event_type = "acceptance.auto_accepted"
    deadline: UtcDatetime
