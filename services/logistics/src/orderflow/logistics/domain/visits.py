"""On-site service: only what the order asks for, scheduled once, completed once (R-5.4)."""

from __future__ import annotations

from datetime import datetime

from orderflow.contracts.types import SiteServiceKind


class VisitRefusedError(ValueError):
    """The visit cannot be scheduled or completed as asked (answered as 409/422)."""

    def __init__(self, status: int, rule: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.rule = rule


def check_schedule(
    asked: tuple[SiteServiceKind, ...],
    services: list[SiteServiceKind],
    starts_at: datetime,
    ends_at: datetime,
) -> None:
    extra = sorted(set(services) - set(asked))
    if extra:
        message = f"the order does not ask for {', '.join(extra)}"
        raise VisitRefusedError(409, "service-not-ordered", message)
    if ends_at <= starts_at:
        raise VisitRefusedError(422, "visit-ends-before-start", "a visit must end after it starts")


def check_completion(status: str, starts_at: datetime, completed_at: datetime) -> None:
    if status != "scheduled":
        raise VisitRefusedError(409, "illegal-transition", f"a {status} visit cannot be completed")
    if completed_at < starts_at:
        raise VisitRefusedError(
            422, "completed-before-start", "a visit cannot complete before it starts"
        )
