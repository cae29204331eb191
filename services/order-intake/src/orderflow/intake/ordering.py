"""Entering an order and its information check (R-2.1–2.4)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import intake
from orderflow.contracts.ids import uuid7
from orderflow.contracts.intake import OrderStatus
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.intake import repository
from orderflow.intake.crypto import PiiCipher
from orderflow.intake.domain import pricing
from orderflow.intake.domain.check import check_order
from orderflow.intake.domain.lifecycle import Trigger
from orderflow.intake.publishing import Actor, MakeEvent, dump, move, publish, snapshot_of

ADDRESS = "orders.delivery_address"


@dataclass(frozen=True)
class NewOrder:
    snapshot: OrderSnapshot
    address_lines: list[str]
    partner_id: str | None
    received_at: datetime
    recorded_by: str | None = None
    source_reference: str | None = None
    platform: str | None = None
    platform_order_id: str | None = None


def seal_address(cipher: PiiCipher, address_lines: list[str]) -> str:
    return cipher.encrypt(json.dumps(address_lines), ADDRESS)


async def enter(
    session: AsyncSession,
    cipher: PiiCipher,
    new: NewOrder,
    *,
    actor: Actor,
    now: datetime,
    window_days: int,
) -> str:
    """Store a new draft order, publish `order.created`, and run the information check."""
    order_id = str(uuid7())
    snap = new.snapshot
    special = snap.special
    await repository.insert_order(
        session,
        {
            "id": order_id,
            "customer_id": str(snap.customer_id),
            "partner_id": new.partner_id,
            "channel": snap.channel.value,
            "status": OrderStatus.DRAFT.value,
            "row_version": 1,
            "checked": False,
            "special": special.is_special,
            "urgent": special.urgent is not None,
            "snapshot": dump(snap),
            "lines_fingerprint": pricing.lines_fingerprint(snap.lines),
            "requested_delivery_date": snap.requested_delivery_date,
            "delivery_address_enc": seal_address(cipher, new.address_lines),
            "questions": [],
            "return_reasons": [],
            "received_at": new.received_at,
            "recorded_by": new.recorded_by,
            "source_reference": new.source_reference,
            "platform": new.platform,
            "platform_order_id": new.platform_order_id,
            "created_at": now,
            "updated_at": now,
        },
    )
    await repository.add_history(
        session,
        order_id,
        transition="order.created",
        from_status=None,
        to_status=OrderStatus.DRAFT,
        actor=actor.subject,
        at=now,
    )
    created = intake.OrderCreated(
        order=snap,
        received_at=new.received_at,
        recorded_by=new.recorded_by,
        platform=new.platform,
        platform_order_id=new.platform_order_id,
    )
    await publish(session, created, order_id, actor, now)
    await run_check(
        session, order_id, new.address_lines, actor=actor, now=now, window_days=window_days
    )
    return order_id


async def run_check(
    session: AsyncSession,
    order_id: str,
    address_lines: list[str],
    *,
    actor: Actor,
    now: datetime,
    window_days: int,
) -> None:
    """R-2.4: a passed check marks the draft checked; doubts move it to needs_clarification."""
    row = await _require(session, order_id)
    others = await repository.other_live_orders(
        session, row["customer_id"], order_id, row["lines_fingerprint"]
    )
    snap = snapshot_of(row)
    outcome = check_order(
        snap,
        address_lines,
        row["lines_fingerprint"],
        others,
        now=now,
        window=timedelta(days=window_days),
    )
    if outcome.passed:
        await repository.update_order(session, order_id, {"checked": True})
        await publish(session, intake.OrderChecked(revision=snap.revision), order_id, actor, now)
        return
    questions = [q.model_dump(mode="json") for q in outcome.questions]
    candidates = [str(c) for c in outcome.duplicate_candidates]
    await move(
        session,
        row,
        Trigger.FIND_QUESTIONS,
        lambda frm, to: intake.OrderClarificationRequested(
            from_status=frm,
            to_status=to,
            questions=outcome.questions,
            duplicate_candidates=outcome.duplicate_candidates,
        ),
        actor=actor,
        now=now,
        why={"questions": questions, "duplicate_candidates": candidates},
        values={"checked": False, "questions": questions},
    )


async def _require(session: AsyncSession, order_id: str) -> RowMapping:
    row = await repository.get_order(session, order_id, lock=True)
    if row is None:
        raise LookupError(order_id)
    return row


__all__ = [
    "ADDRESS",
    "Actor",
    "MakeEvent",
    "NewOrder",
    "dump",
    "enter",
    "move",
    "publish",
    "run_check",
    "seal_address",
    "snapshot_of",
]
