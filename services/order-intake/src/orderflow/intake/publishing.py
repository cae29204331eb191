"""Publishing order events and moving the lifecycle: one event and one history entry each."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload, intake
from orderflow.contracts.intake import OrderStatus
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.intake import repository
from orderflow.intake.domain.lifecycle import IllegalTransitionError, Trigger, next_status
from orderflow.intake.partners import outbound
from orderflow.runtime import outbox
from orderflow.runtime.web import ProblemError


@dataclass(frozen=True)
class Actor:
    """Who caused a change: a token's subject, or the event that did (with its trace)."""

    subject: str | None
    causation: Envelope[EventPayload] | None = None


async def publish(
    session: AsyncSession, payload: EventPayload, order_id: str, actor: Actor, now: datetime
) -> None:
    event = Envelope.new(
        payload,
        order_id=UUID(order_id),
        actor=actor.subject,
        causation=actor.causation,
        occurred_at=now,
    )
    await outbox.add(session, event)
    if isinstance(payload, intake.OrderTransition | intake.OrderCreated):
        await outbound.enqueue(session, event, now)  # status changes reach subscribed partners


def snapshot_of(row: RowMapping) -> OrderSnapshot:
    return OrderSnapshot.model_validate(row["snapshot"])


def dump(snapshot: OrderSnapshot) -> dict[str, Any]:
    return json.loads(snapshot.model_dump_json())  # type: ignore[no-any-return]


MakeEvent = Callable[[OrderStatus, OrderStatus], intake.OrderTransition]


async def move(
    session: AsyncSession,
    row: RowMapping,
    trigger: Trigger,
    make_event: MakeEvent,
    *,
    actor: Actor,
    now: datetime,
    why: Any = None,
    values: dict[str, Any] | None = None,
) -> OrderStatus:
    """Apply one lifecycle transition: the new state, a history entry and its one event.

    Raises a 409 problem when the trigger does not apply in the order's state.
    """
    current = OrderStatus(row["status"])
    before = row["status_before_cancelling"]
    try:
        target = next_status(
            current, trigger, before_cancelling=OrderStatus(before) if before else None
        )
    except IllegalTransitionError as exc:
        raise ProblemError(
            409,
            "illegal-transition",
            "Illegal state transition",
            str(exc),
            current_status=current.value,
            trigger=trigger.value,
        ) from None
    event = make_event(current, target)
    changes = {
        "status": target.value,
        "row_version": row["row_version"] + 1,
        "updated_at": now,
        **(values or {}),
    }
    await repository.update_order(session, row["id"], changes, expected_version=row["row_version"])
    await repository.add_history(
        session,
        row["id"],
        transition=event.event_type,
        from_status=current,
        to_status=target,
        actor=actor.subject,
        at=now,
        why=why,
    )
    await publish(session, event, row["id"], actor, now)
    return target
