"""The initial information check right after entry (R-2.4): doubts become open questions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from orderflow.contracts.intake import ClarificationQuestion, QuestionKind
from orderflow.contracts.snapshot import OrderSnapshot


@dataclass(frozen=True)
class OtherOrder:
    """Another live order of the same customer, as the duplicate check sees it."""

    order_id: UUID
    lines_fingerprint: str
    requested_delivery_date: date
    created_at: datetime


@dataclass(frozen=True)
class CheckOutcome:
    questions: tuple[ClarificationQuestion, ...]
    duplicate_candidates: tuple[UUID, ...]

    @property
    def passed(self) -> bool:
        return not self.questions


def _question(
    question_id: str, kind: QuestionKind, field: str | None, text: str
) -> ClarificationQuestion:
    return ClarificationQuestion(question_id=question_id, kind=kind, field=field, question=text)


def _content_doubts(
    order: OrderSnapshot, address_lines: Sequence[str], now: datetime
) -> list[ClarificationQuestion]:
    doubts = []
    place = order.delivery_place
    if not address_lines and place.site_ref is None:
        doubts.append(
            _question(
                "delivery-address",
                QuestionKind.INCOMPLETE,
                "delivery_place.address_lines",
                "The delivery place has no street address or site; where exactly to deliver?",
            )
        )
    if order.requested_delivery_date < now.date():
        doubts.append(
            _question(
                "delivery-date-past",
                QuestionKind.AMBIGUOUS,
                "requested_delivery_date",
                "The requested delivery date has passed; which date does the customer want?",
            )
        )
    urgent = order.special.urgent
    if urgent is not None and urgent.required_by > order.requested_delivery_date:
        doubts.append(
            _question(
                "urgent-date",
                QuestionKind.AMBIGUOUS,
                "special.urgent.required_by",
                "The order is urgent but required later than the delivery date; which holds?",
            )
        )
    custom = order.special.custom_product
    known = {line.line_no for line in order.lines}
    if custom is not None and not set(custom.line_nos) <= known:
        doubts.append(
            _question(
                "custom-lines",
                QuestionKind.AMBIGUOUS,
                "special.custom_product.line_nos",
                "The custom specification names lines the order does not have.",
            )
        )
    if order.total == 0:
        doubts.append(
            _question("zero-total", QuestionKind.AMBIGUOUS, "total", "The order total is zero.")
        )
    return doubts


def duplicates_of(
    fingerprint: str,
    requested_delivery_date: date,
    now: datetime,
    others: Sequence[OtherOrder],
    window: timedelta,
) -> tuple[UUID, ...]:
    """Orders with the same lines entered or due close to this one, from any channel."""
    return tuple(
        other.order_id
        for other in others
        if other.lines_fingerprint == fingerprint
        and (
            abs(other.requested_delivery_date - requested_delivery_date) <= window
            or abs(now - other.created_at) <= window
        )
    )


def check_order(
    order: OrderSnapshot,
    address_lines: Sequence[str],
    fingerprint: str,
    others: Sequence[OtherOrder],
    *,
    now: datetime,
    window: timedelta,
) -> CheckOutcome:
    """Open questions for incomplete or ambiguous data and suspected duplicates (R-2.4)."""
    questions = _content_doubts(order, address_lines, now)
    candidates = duplicates_of(fingerprint, order.requested_delivery_date, now, others, window)
    if candidates:
        questions.append(
            _question(
                "duplicate",
                QuestionKind.SUSPECTED_DUPLICATE,
                None,
                f"{len(candidates)} order(s) of this customer have the same lines at a close "
                "date; is this a new order?",
            )
        )
    return CheckOutcome(tuple(questions), candidates)
