"""Staff and customer moves before review: edit, clarify, submit, resubmit (R-2.4, R-3.3)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import intake
from orderflow.contracts.intake import OrderStatus
from orderflow.intake import drafting, ordering, repository
from orderflow.intake.crypto import PiiCipher
from orderflow.intake.domain import pricing
from orderflow.intake.domain.lifecycle import EDITABLE, Trigger
from orderflow.intake.schemas.orders import Clarification, OrderContent
from orderflow.runtime.web import ProblemError


async def edit(
    session: AsyncSession,
    cipher: PiiCipher,
    row: RowMapping,
    content: OrderContent,
    *,
    actor: ordering.Actor,
    now: datetime,
    window_days: int,
) -> None:
    """Replace the content; a draft is checked again, questions stay open until answered."""
    status = OrderStatus(row["status"])
    if status not in EDITABLE:
        raise ProblemError(
            409,
            "not-editable",
            "Order cannot be edited",
            f"an order in {status} cannot be edited",
            current_status=status.value,
        )
    old = ordering.snapshot_of(row)
    snap = drafting.build_snapshot(
        content, old.customer_id, old.channel, version=old.version, revision=old.revision
    )
    lines = content.delivery_place.address_lines
    await repository.update_order(
        session,
        row["id"],
        {
            "snapshot": ordering.dump(snap),
            "lines_fingerprint": pricing.lines_fingerprint(snap.lines),
            "requested_delivery_date": snap.requested_delivery_date,
            "special": snap.special.is_special,
            "urgent": snap.special.urgent is not None,
            "delivery_address_enc": ordering.seal_address(cipher, lines),
            "checked": status is OrderStatus.RETURNED,
            "row_version": row["row_version"] + 1,
            "updated_at": now,
        },
        expected_version=row["row_version"],
    )
    await ordering.publish(session, intake.OrderRevised(order=snap), row["id"], actor, now)
    if status is OrderStatus.DRAFT:
        await ordering.run_check(
            session, row["id"], lines, actor=actor, now=now, window_days=window_days
        )


async def clarify(
    session: AsyncSession,
    row: RowMapping,
    body: Clarification,
    *,
    actor: ordering.Actor,
    now: datetime,
) -> None:
    """Record the answers to every open question; the order is a checked draft again."""
    questions = [dict(q) for q in row["questions"]]
    answers = {a.question_id: a.answer for a in body.answers}
    open_ids = {q["question_id"] for q in questions if q.get("answer") is None}
    unknown = sorted(set(answers) - {q["question_id"] for q in questions})
    missing = sorted(open_ids - set(answers))
    if row["status"] == OrderStatus.NEEDS_CLARIFICATION and (unknown or missing):
        raise ProblemError(
            422,
            "answers-incomplete",
            "Every open question needs an answer",
            "answer each open question, and only those",
            missing=missing,
            unknown=unknown,
        )
    for question in questions:
        if question["question_id"] in answers:
            question.update(answer=answers[question["question_id"]], answered_by=actor.subject)
    answered = tuple(sorted(answers))
    await ordering.move(
        session,
        row,
        Trigger.CLARIFY,
        lambda frm, to: intake.OrderClarified(
            from_status=frm, to_status=to, answered_question_ids=answered
        ),
        actor=actor,
        now=now,
        why={"answers": answered},
        values={"questions": questions, "checked": True},
    )
    revision = ordering.snapshot_of(row).revision
    await ordering.publish(session, intake.OrderChecked(revision=revision), row["id"], actor, now)


async def submit(
    session: AsyncSession,
    row: RowMapping,
    *,
    actor: ordering.Actor,
    now: datetime,
    resubmit: bool | None = None,
) -> None:
    """A checked draft goes to review; a returned order is resubmitted as the next revision."""
    status = OrderStatus(row["status"])
    snap = ordering.snapshot_of(row)
    if status is OrderStatus.DRAFT and not row["checked"]:
        raise ProblemError(
            409,
            "not-checked",
            "Order not checked",
            "only an order that passed the information check can be submitted (R-2.4)",
            current_status=status.value,
        )
    if resubmit is None:  # the one submission endpoint: whichever applies
        resubmit = status is OrderStatus.RETURNED
    trigger = Trigger.RESUBMIT if resubmit else Trigger.SUBMIT
    if trigger is Trigger.RESUBMIT:
        snap = snap.model_copy(update={"revision": snap.revision + 1})
    sent = snap
    await ordering.move(
        session,
        row,
        trigger,
        lambda frm, to: intake.OrderSubmitted(from_status=frm, to_status=to, order=sent),
        actor=actor,
        now=now,
        values={"snapshot": ordering.dump(sent)},
    )


def order_uuid(row: RowMapping) -> UUID:
    return UUID(row["id"])
