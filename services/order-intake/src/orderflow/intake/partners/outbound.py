"""Order status changes delivered to subscribed partners, signed (Standard Webhooks)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload
from orderflow.contracts.ids import uuid7
from orderflow.intake.crypto import PiiCipher
from orderflow.intake.domain.retry import gives_up, next_attempt_at
from orderflow.intake.models import orders, partner_deliveries, partner_delivery_attempts
from orderflow.intake.models import partner_subscriptions as subscriptions
from orderflow.intake.settings import IntakeSettings
from orderflow.intake.webhooks.signatures import sign_standard
from orderflow.runtime import scheduler

DELIVER_JOB = "partner_webhook.deliver"
SECRET = "partner_subscriptions.secret"  # noqa: S105 - a column name, not a secret
PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


async def enqueue(session: AsyncSession, event: Envelope[EventPayload], now: datetime) -> int:
    """One delivery per subscription of the order's partner that wants this event type."""
    if event.order_id is None:
        return 0
    partner = await session.scalar(
        select(orders.c.partner_id).where(orders.c.id == str(event.order_id))
    )
    if partner is None:
        return 0
    rows = await session.execute(
        select(subscriptions.c.id, subscriptions.c.event_types).where(
            subscriptions.c.partner_id == partner, subscriptions.c.active.is_(True)
        )
    )
    body = json.dumps(
        {
            "type": event.event_type,
            "timestamp": event.occurred_at.isoformat(),
            "data": {
                "order_id": str(event.order_id),
                "event_id": str(event.event_id),
                **event.payload.model_dump(mode="json"),
            },
        }
    )
    count = 0
    for sub_id, wanted in rows.all():
        if event.event_type not in wanted:
            continue
        delivery_id = str(uuid7())
        await session.execute(
            insert(partner_deliveries).values(
                id=delivery_id,
                subscription_id=sub_id,
                event_id=str(event.event_id),
                event_type=event.event_type,
                order_id=str(event.order_id),
                body=body,
                status=PENDING,
                attempts=0,
                created_at=now,
            )
        )
        await schedule_attempt(session, delivery_id, 1, now, now=now)
        count += 1
    return count


async def schedule_attempt(
    session: AsyncSession, delivery_id: str, attempt: int, due_at: datetime, *, now: datetime
) -> None:
    # One job per attempt: a job re-armed from inside its own run would be marked done.
    key = f"{delivery_id}:{attempt}"
    await scheduler.schedule(
        session, DELIVER_JOB, key, due_at, {"delivery_id": delivery_id}, now=now
    )


async def attempt(
    session: AsyncSession,
    cipher: PiiCipher,
    settings: IntakeSettings,
    delivery_id: str,
    *,
    now: datetime,
) -> None:
    """POST the delivery once, log the attempt, then done, retry later, or give up."""
    row = (
        (
            await session.execute(
                select(partner_deliveries).where(partner_deliveries.c.id == delivery_id)
            )
        )
        .mappings()
        .first()
    )
    if row is None or row["status"] != PENDING:
        return
    sub = (
        (
            await session.execute(
                select(subscriptions).where(subscriptions.c.id == row["subscription_id"])
            )
        )
        .mappings()
        .first()
    )
    if sub is None or not sub["active"]:
        return
    number = row["attempts"] + 1
    status_code, error, millis = await _post(cipher, settings, sub, row, now)
    await session.execute(
        insert(partner_delivery_attempts).values(
            delivery_id=delivery_id,
            attempt=number,
            at=now,
            status_code=status_code,
            error=error,
            duration_ms=millis,
        )
    )
    values: dict[str, Any] = {"attempts": number}
    if status_code is not None and 200 <= status_code < 300:
        values.update(status=DELIVERED, delivered_at=now)
    elif gives_up(number, settings.partner_webhook_max_attempts):
        values.update(status=FAILED)
    else:
        due = next_attempt_at(now, number, settings.partner_webhook_backoff_seconds)
        await schedule_attempt(session, delivery_id, number + 1, due, now=now)
    await session.execute(
        update(partner_deliveries).where(partner_deliveries.c.id == delivery_id).values(values)
    )


async def _post(
    cipher: PiiCipher,
    settings: IntakeSettings,
    sub: Any,
    row: Any,
    now: datetime,
) -> tuple[int | None, str | None, int]:
    timestamp = int(now.astimezone(UTC).timestamp())
    body = row["body"].encode()
    secret = cipher.decrypt(sub["secret_enc"], SECRET)
    headers = {
        "content-type": "application/json",
        "webhook-id": row["id"],
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign_standard(secret, row["id"], timestamp, body),
    }
    started = time.monotonic()
    try:
        async with httpx.AsyncClient(timeout=settings.partner_webhook_timeout_seconds) as client:
            response = await client.post(sub["url"], content=body, headers=headers)
        error = None if response.is_success else f"HTTP {response.status_code}"
        return response.status_code, error, _ms(started)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500], _ms(started)


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


async def redeliver(session: AsyncSession, delivery_id: str, *, now: datetime) -> None:
    """Send a delivery again now, whatever became of it; earlier attempts stay in the log."""
    await session.execute(
        update(partner_deliveries)
        .where(partner_deliveries.c.id == delivery_id)
        .values(status=PENDING, delivered_at=None)
    )
    attempts = await session.scalar(
        select(partner_deliveries.c.attempts).where(partner_deliveries.c.id == delivery_id)
    )
    await schedule_attempt(session, delivery_id, int(attempts or 0) + 1, now, now=now)
