"""An order submitted before review learnt its customer (R-3.1; DESIGN §3 delivery).

Intake publishes `customer.registered` keyed by the customer and `order.submitted` keyed by
the order, so the two travel on different partitions: a brand-new customer's first order,
or any order after a consumer catches up unevenly, can reach review first. Opened then,
the round would fail the sales check "customer.known" for a customer intake knows well.
Instead the submission waits in a persisted job and the round opens once the customer is
in. A customer that never arrives (its event lost to a dead letter) is not waited for
forever: after `MAX_TRIES` the round opens and fails "customer.known", visibly.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, intake
from orderflow.contracts.types import RoundKind
from orderflow.review import repository, workflow
from orderflow.runtime import scheduler

WAIT_JOB = "review_round.await_customer"
# 0.5 s doubling to 30 s (scheduler.retry_event): about five minutes in all before the
# round opens regardless.
MAX_TRIES = 15


async def open_or_wait(
    session: AsyncSession,
    event: Envelope[intake.OrderSubmitted],
    *,
    now: datetime,
    tries: int = 0,
) -> None:
    """Open the review round of a (re)submission, or wait for its customer first (R-3.3)."""
    assert event.order_id is not None, "order.submitted is keyed by its order"
    order = event.payload.order
    if tries == 0:  # a retry holds the same content, remembered the first time
        await repository.remember_order(session, event.order_id, order)
    if tries < MAX_TRIES and await repository.customer(session, order.customer_id) is None:
        await scheduler.retry_event(
            session, WAIT_JOB, event, tries=tries, now=now, key_prefix=f"{event.order_id}:"
        )
        return
    await workflow.open_round(
        session, RoundKind.REVIEW, event.order_id, order, now=now, cause=event
    )


async def forget(session: AsyncSession, order_id: UUID, *, now: datetime) -> None:
    """The order is being cancelled: a submission still waiting never opens its round."""
    await scheduler.cancel_all(session, WAIT_JOB, f"{order_id}:", now=now)
