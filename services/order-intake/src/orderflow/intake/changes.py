"""Change requests, intake side (R-6.1, R-6.2): validated, published, decided by review."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import intake
from orderflow.contracts.base import IntakeEvent
from orderflow.contracts.ids import uuid7
from orderflow.contracts.intake import ChangeKind, OrderStatus
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.contracts.types import Impact
from orderflow.intake import ordering, repository
from orderflow.intake.models import change_requests
from orderflow.runtime.web import ProblemError

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
# A change is assessed only once the order is with the departments (before, it is edited).
CHANGEABLE = frozenset(
    {
        OrderStatus.UNDER_REVIEW,
        OrderStatus.APPROVED,
        OrderStatus.IN_PRODUCTION,
        OrderStatus.READY_TO_SHIP,
    }
)


async def request_change(
    session: AsyncSession,
    row: RowMapping,
    kinds: tuple[ChangeKind, ...],
    reason: str,
    proposed: OrderSnapshot,
    *,
    actor: ordering.Actor,
    now: datetime,
) -> str:
    """Validate and publish a change request; the order's state does not change (R-6.1)."""
    status = OrderStatus(row["status"])
    if status not in CHANGEABLE:
        raise ProblemError(
            409,
            "not-changeable",
            "Order cannot be changed now",
            f"an order in {status} takes edits or no changes, not change requests",
            current_status=status.value,
        )
    pending = await session.execute(
        select(change_requests.c.id).where(
            change_requests.c.order_id == row["id"], change_requests.c.status == PENDING
        )
    )
    if pending.first() is not None:
        raise ProblemError(
            409,
            "change-pending",
            "A change request is pending",
            "wait for the pending change request's outcome",
        )
    current = ordering.snapshot_of(row)
    request_id = str(uuid7())
    await session.execute(
        insert(change_requests).values(
            id=request_id,
            order_id=row["id"],
            kinds=[k.value for k in kinds],
            reason=reason,
            proposed=ordering.dump(proposed),
            status=PENDING,
            outcome_reasons=[],
            requested_by=actor.subject or "unknown",
            created_at=now,
        )
    )
    event = intake.OrderChangeRequested(
        change_request_id=UUID(request_id),
        kinds=kinds,
        reason=reason,
        current_version=current.version,
        proposed=proposed,
    )
    await ordering.publish(session, event, row["id"], actor, now)
    await repository.add_history(
        session,
        row["id"],
        transition=event.event_type,
        from_status=status,
        to_status=status,
        actor=actor.subject,
        at=now,
        why={"change_request_id": request_id, "reason": reason},
    )
    return request_id


async def decide_change(
    session: AsyncSession,
    request_id: UUID,
    *,
    approved: bool,
    impact: Impact | None,
    reasons: list[dict[str, Any]],
    actor: ordering.Actor,
    now: datetime,
) -> bool:
    """An approved change becomes the order's next version; a rejection records why (R-6.2)."""
    req = (
        (
            await session.execute(
                select(change_requests).where(change_requests.c.id == str(request_id))
            )
        )
        .mappings()
        .first()
    )
    if req is None or req["status"] != PENDING:
        return False
    row = await repository.get_order(session, req["order_id"], lock=True)
    if row is None:
        return False
    status = row["status"]
    await session.execute(
        update(change_requests)
        .where(change_requests.c.id == req["id"])
        .values(status=APPROVED if approved else REJECTED, outcome_reasons=reasons, decided_at=now)
    )
    if approved:
        current = ordering.snapshot_of(row)
        proposed = OrderSnapshot.model_validate(req["proposed"])
        new = proposed.model_copy(update={"version": current.version + 1})
        await repository.update_order(
            session,
            row["id"],
            {
                "snapshot": ordering.dump(new),
                "row_version": row["row_version"] + 1,
                "updated_at": now,
            },
            expected_version=row["row_version"],
        )
        event: IntakeEvent = intake.OrderChanged(
            change_request_id=request_id, order=new, impact=impact
        )
    else:
        event = intake.OrderChangeRejected(
            change_request_id=request_id,
            reasons=tuple(reasons),  # type: ignore[arg-type]
        )
    await ordering.publish(session, event, row["id"], actor, now)
    await repository.add_history(
        session,
        row["id"],
        transition=event.event_type,
        from_status=status,
        to_status=status,
        actor=actor.subject,
        at=now,
        why={"change_request_id": str(request_id), "reasons": reasons},
    )
    return True
