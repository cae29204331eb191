"""An assessment round as data: its checks, status and history (R-3, R-6; DESIGN §5)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import TypedDict
from uuid import UUID

from orderflow.contracts.review import CheckSource
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.contracts.types import Department, Impact, Reason, RoundKind, Verdict

D = Department


class RoundIds(TypedDict):
    round_id: UUID
    kind: RoundKind


class Requests(TypedDict):
    change_request_id: UUID | None
    cancellation_request_id: UUID | None


DEPARTMENTS: dict[RoundKind, tuple[Department, ...]] = {
    RoundKind.REVIEW: (D.SALES, D.FINANCE, D.PRODUCTION, D.PROCUREMENT, D.LOGISTICS),
    RoundKind.CHANGE: (D.SALES, D.FINANCE, D.PRODUCTION, D.PROCUREMENT, D.LOGISTICS),
    RoundKind.CANCELLATION: (D.PRODUCTION, D.PROCUREMENT, D.LOGISTICS),
}
# Departments that answer the assessment request by event; review itself checks the others.
ANSWERING = (D.PRODUCTION, D.PROCUREMENT, D.LOGISTICS)


class RoundStatus(StrEnum):
    OPEN = "open"
    ESCALATED = "escalated"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


CLOSED = frozenset({RoundStatus.APPROVED, RoundStatus.REJECTED, RoundStatus.WITHDRAWN})


class IllegalDecisionError(Exception):
    """A person's decision the round cannot take now (answered with a 409)."""


@dataclass(frozen=True)
class Check:
    """One department's part of a round; no verdict yet while its answer is awaited."""

    department: Department
    verdict: Verdict | None = None
    reasons: tuple[Reason, ...] = ()
    source: CheckSource | None = None
    rule_version: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    impact: Impact | None = None

    @property
    def settled(self) -> bool:
        return self.verdict in (Verdict.PASS, Verdict.FAIL)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    what: str
    department: Department | None = None
    by: str | None = None
    verdict: Verdict | None = None


@dataclass(frozen=True)
class Round:
    round_id: UUID
    order_id: UUID
    kind: RoundKind
    order: OrderSnapshot
    opened_at: datetime
    deadline: datetime
    rule_version: str
    checks: tuple[Check, ...]
    proposed: OrderSnapshot | None = None
    change_request_id: UUID | None = None
    cancellation_request_id: UUID | None = None
    status: RoundStatus = RoundStatus.OPEN
    escalation_level: int = 0
    closed_at: datetime | None = None
    history: tuple[HistoryEntry, ...] = field(default_factory=tuple)

    @property
    def customer_id(self) -> UUID:
        return self.order.customer_id

    @property
    def revision(self) -> int:
        return self.order.revision

    @property
    def departments(self) -> tuple[Department, ...]:
        return tuple(check.department for check in self.checks)

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    def check(self, department: Department) -> Check | None:
        return next((c for c in self.checks if c.department is department), None)

    def awaiting_person(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.verdict is Verdict.NEEDS_PERSON)

    def missing(self) -> tuple[Department, ...]:
        return tuple(c.department for c in self.checks if not c.settled)

    def _ids(self) -> RoundIds:
        return {"round_id": self.round_id, "kind": self.kind}

    def _requests(self) -> Requests:
        return {
            "change_request_id": self.change_request_id,
            "cancellation_request_id": self.cancellation_request_id,
        }

    def _with_check(self, check: Check, entry: HistoryEntry) -> Round:
        checks = tuple(check if c.department is check.department else c for c in self.checks)
        return replace(self, checks=checks, history=(*self.history, entry))
